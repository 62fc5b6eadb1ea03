package com.example.platform.http;

import static com.example.platform.observability.LogText.escape;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import com.example.platform.FilterPriorities;
import com.example.platform.problem.Problem;

/**
 * Reads every request body on the event loop, where its bytes arrive, before the REST layer sees the request, which
 * then takes the buffered body instead of reading it with a blocking stream on a worker thread. So a client that
 * sends its body slowly holds no thread, only its few received bytes. Each body is bounded three ways, on every
 * target:
 * <ul>
 * <li>{@link HttpConfig#maxBodySize()}: refused with 413 up front from Content-Length, or as soon as a chunked body
 * passes it, whatever JSON token the overrun lands in;</li>
 * <li>{@link HttpConfig#maxBufferedBodies()}: the bytes held across all requests at once; past it 503 with
 * Retry-After, so no number of concurrent uploads can exhaust the heap;</li>
 * <li>{@link HttpConfig#bodyReadTimeout()}: a body that has not fully arrived in time gets 408.</li>
 * </ul>
 * A JSON body must be UTF-8 (RFC 8259) and is checked strictly here: Jackson's decoder accepts overlong forms such as
 * {@code C0 AF} for "/".
 */
public class RequestBodyReader {

    /** A Content-Length that fits a long: at most 18 digits. */
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,18}");

    private final Vertx vertx;
    private final long maxBodyBytes;
    private final long maxBufferedBytes;
    private final long readTimeoutMillis;
    private final AtomicLong bufferedBytes = new AtomicLong();

    public RequestBodyReader(HttpConfig config, Vertx vertx) {
        this.vertx = vertx;
        this.maxBodyBytes = config.maxBodySize().asLongValue();
        this.maxBufferedBytes = config.maxBufferedBodies().asLongValue();
        this.readTimeoutMillis = config.bodyReadTimeout().toMillis();
    }

    void register(@Observes Filters filters) {
        filters.register(this::read, FilterPriorities.REQUEST_BODY);
    }

    /**
     * Hands the buffered body to the REST layer. Without this, its input handler would wait for body events that have
     * already been consumed here.
     */
    @ServerRequestFilter(preMatching = true)
    public void useBufferedBody(ContainerRequestContext request, RoutingContext routing) {
        Buffer body = routing.body().buffer();
        if (body != null) {
            request.setEntityStream(new ByteArrayInputStream(body.getBytes()));
        }
    }

    private void read(RoutingContext context) {
        HttpServerRequest request = context.request();
        boolean chunked = request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        List<String> lengths = request.headers().getAll(HttpHeaders.CONTENT_LENGTH);
        if (lengths.size() > 1 || lengths.size() == 1 && !DECIMAL.matcher(lengths.get(0).strip()).matches()) {
            // Over a socket Netty has refused these already; a Lambda event's headers never pass through it.
            refuse(context, 400, "Content-Length is not one decimal number.");
            return;
        }
        long declaredLength = lengths.isEmpty() ? -1 : Long.parseLong(lengths.get(0).strip());
        if (context.body().buffer() != null || (!chunked && declaredLength <= 0)) {
            context.next();
            return;
        }
        if (declaredLength > maxBodyBytes) {
            refuse(context, 413);
            return;
        }
        // Only now that the body is wanted: a client waiting for 100 Continue gets the 413 above instead. An HTTP/1.0
        // client cannot take an interim answer, so its expectation is ignored (RFC 9110 10.1.1).
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))
                && request.version() != HttpVersion.HTTP_1_0) {
            context.response().writeContinue();
        }
        new Body(context).start();
    }

    private static void refuse(RoutingContext context, int status) {
        refuse(context, Problem.of(status, context.request().path()));
    }

    private static void refuse(RoutingContext context, int status, String detail) {
        refuse(context, Problem.of(status, detail, context.request().path()));
    }

    private static void refuse(RoutingContext context, Problem problem) {
        Log.debugf("Refused %s %s: %d", context.request().method(), escape(context.request().path()), problem.status());
        if (problem.status() == 503) {
            context.response().putHeader(HttpHeaders.RETRY_AFTER, HttpProblems.RETRY_AFTER_SECONDS);
        }
        HttpProblems.send(context, problem, true);
    }

    /** One body being read; every callback runs on the request's event loop. */
    private final class Body {
        private final RoutingContext context;
        private final Buffer bytes = Buffer.buffer();
        private long timer;
        private boolean done;

        Body(RoutingContext context) {
            this.context = context;
        }

        void start() {
            HttpServerRequest request = context.request();
            timer = vertx.setTimer(readTimeoutMillis, fired -> refuseOnce(408));
            request.handler(this::append);
            request.endHandler(ended -> end());
            request.exceptionHandler(this::abort);
            request.resume();
        }

        private void append(Buffer chunk) {
            if (done) {
                return;
            }
            if (bytes.length() + chunk.length() > maxBodyBytes) {
                refuseOnce(413);
            } else if (bufferedBytes.addAndGet(chunk.length()) > maxBufferedBytes) {
                bufferedBytes.addAndGet(-chunk.length());
                refuseOnce(503);
            } else {
                bytes.appendBuffer(chunk);
            }
        }

        private void end() {
            if (done) {
                return;
            }
            stop();
            if (context.request().decoderResult().isFailure()) {
                release();
                context.fail(context.request().decoderResult().cause()); // its framing broke: HttpProblems answers
                return;
            }
            // The body stays counted until the answer is written.
            long held = bytes.length();
            context.addEndHandler(ended -> bufferedBytes.addAndGet(-held));
            if (isJson(context.request().getHeader(HttpHeaders.CONTENT_TYPE)) && !isUtf8Json(bytes.getBytes())) {
                Log.debugf("Refused %s %s: body is not UTF-8", context.request().method(),
                        escape(context.request().path()));
                HttpProblems.send(context, Problem.malformedBody(context.request().path()), false);
                return;
            }
            context.setBody(bytes);
            context.next();
        }

        /** The body could not be read: the client went away (the access log writes status 0). */
        private void abort(Throwable failure) {
            if (!done) {
                stop();
                release();
                Log.debugf("Request body of %s %s not completed: %s", context.request().method(),
                        escape(context.request().path()), escape(failure.getMessage()));
            }
        }

        private void refuseOnce(int status) {
            if (!done) {
                stop();
                release();
                refuse(context, status);
            }
        }

        private void stop() {
            done = true;
            vertx.cancelTimer(timer);
        }

        private void release() {
            bufferedBytes.addAndGet(-bytes.length());
        }
    }

    /**
     * Strict UTF-8, and no raw NUL byte, which JSON never allows: a UTF-16 body without a byte order mark is half NUL
     * bytes, valid UTF-8 byte by byte, and Jackson would detect and accept it.
     */
    private static boolean isUtf8Json(byte[] body) {
        for (byte b : body) {
            if (b == 0) {
                return false;
            }
        }
        return Utf8.isValid(body);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase();
        return type.equals("application/json") || type.endsWith("+json");
    }
}
