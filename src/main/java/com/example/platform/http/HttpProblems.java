package com.example.platform.http;

import static com.example.platform.observability.LogText.escape;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.netty.handler.codec.http.ContentLengthNotAllowedException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import com.example.platform.observability.RequestLogFilter;
import com.example.platform.problem.Problem;

/**
 * Problem answers for what goes wrong below the REST layer, in Vert.x routing: requests the guards in
 * {@code com.example.platform.http} refuse, requests the HTTP decoder failed ({@code StrictRequestDecoder}: too long,
 * malformed, slow), and failures Vert.x Web itself raises (an HTTP/1.1 request without Host). Its
 * failure handler comes before Quarkus's default one, which would log an ERROR with a stack trace and answer an internal
 * error id. Those requests also get their id and access line here, the headers {@code quarkus.http.header} puts
 * on every answer (all of them apply to every path here), and for a listed origin the CORS headers.
 */
@Singleton
public class HttpProblems {

    /** What a 503 tells the client to wait before it tries again. */
    public static final String RETRY_AFTER_SECONDS = "1";
    /** How long a refused request's remaining bytes are read and dropped, so the client can read the answer. */
    static final long LINGER_MILLIS = 2000;

    private final RequestLogFilter requestLog;
    private final Cors cors;
    private final Map<String, String> configuredHeaders = new LinkedHashMap<>();

    public HttpProblems(RequestLogFilter requestLog, Cors cors, VertxHttpConfig httpConfig) {
        this.requestLog = requestLog;
        this.cors = cors;
        httpConfig.header().forEach((name, header) -> configuredHeaders.put(name, header.value()));
    }

    /** The headers {@code quarkus.http.header} puts on every answer, for answers written outside the router. */
    public Map<String, String> configuredHeaders() {
        return Collections.unmodifiableMap(configuredHeaders);
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answerFailure);
    }

    public static void send(RoutingContext context, int status, String detail, boolean closeConnection) {
        send(context, Problem.of(status, detail, context.request().path()), closeConnection);
    }

    public static void send(RoutingContext context, Problem problem, boolean closeConnection) {
        HttpServerResponse response = context.response();
        if (response.headWritten()) {
            response.close();
            return;
        }
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (closeConnection) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            ClosingConnections.closeAfterThisRequest(context);
        }
        response.end(Json.encode(problem));
        if (closeConnection) {
            closeAfterRequest(context);
        }
    }

    public static void send(RoutingContext context, int status, boolean closeConnection) {
        send(context, status, Problem.describe(status), closeConnection);
    }

    /**
     * Closes the connection once the rest of the refused request has arrived, or after {@link #LINGER_MILLIS}. Its
     * bytes are dropped unread meanwhile, so nothing after the refusal is taken as a request, and the client is not
     * reset before it could read the answer. Closing is what makes a refusal final for a request whose framing is
     * doubtful (RFC 9112 6.3).
     */
    private static void closeAfterRequest(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpConnection connection = request.connection();
        if (connection == null) {
            return;
        }
        if (request.isEnded()) {
            connection.close();
            return;
        }
        long linger = context.vertx().setTimer(LINGER_MILLIS, id -> connection.close());
        request.handler(dropped -> {
        });
        request.endHandler(ended -> {
            context.vertx().cancelTimer(linger);
            connection.close();
        });
        request.exceptionHandler(closed -> context.vertx().cancelTimer(linger));
        request.resume();
    }

    /**
     * What a request the HTTP decoder could not read is told (Vert.x would answer with an empty body). The decoder's
     * message may quote the request, so the detail is fixed per kind. It reads nothing more on the connection, which
     * is closed. No instance is named: for a line it could not read the decoder stands in {@code /bad-request}.
     */
    private static Problem undecoded(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return Problem.of(414, null);
        } else if (cause instanceof TooLongHttpHeaderException) {
            return Problem.of(431, null);
        } else if (cause instanceof ContentLengthNotAllowedException) { // Netty's refusal of a smuggling shape
            return Problem.of(400, "A request has Content-Length or Transfer-Encoding, not both.", null);
        } else if (cause instanceof HttpException refusal) { // from StrictRequestDecoder
            return Problem.of(refusal.getStatusCode(), refusal.getPayload(), null);
        }
        return Problem.of(400, "The request line or a header is malformed (Content-Length, header syntax).", null);
    }

    private void answerFailure(RoutingContext context) {
        // The router refuses some requests (no Host, an authority-form target) before any filter has run.
        requestLog.identifyOnce(context);
        cors.decorate(context);
        configuredHeaders.forEach((name, value) -> {
            if (!context.response().headers().contains(name)) {
                context.response().putHeader(name, value);
            }
        });
        Throwable failure = context.failure();
        if (context.request().decoderResult().isFailure()) {
            if (context.request().getHeader(HttpHeaders.ORIGIN) == null) {
                cors.decorateUnread(context);
            }
            Problem problem = undecoded(context.request().decoderResult().cause());
            if (problem.status() == 503) {
                context.response().putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            }
            Log.debugf("Refused a request the HTTP decoder could not read: %d %s", problem.status(), problem.detail());
            send(context, problem, true);
            return;
        }
        int status = failure instanceof HttpException http ? http.getStatusCode() : context.statusCode();
        if (failure instanceof HttpClosedException || context.response().closed()) {
            Log.debugf("Client closed the connection during %s %s", context.request().method(),
                    escape(context.request().path()));
        } else if (status >= 400 && status < 500) {
            Log.debugf("Refused %s %s: %d %s", context.request().method(), escape(context.request().path()), status,
                    failure == null ? "" : escape(failure.getMessage()));
            send(context, status, true);
        } else {
            Log.errorf(failure, "Request to %s failed", escape(context.request().path()));
            send(context, status >= 500 ? status : 500, false);
        }
    }
}
