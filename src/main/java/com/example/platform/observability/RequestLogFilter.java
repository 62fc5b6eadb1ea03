package com.example.platform.observability;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.MDC;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

import com.example.platform.FilterPriorities;

/**
 * Gives every request an id, which every log line written while serving it carries (MDC {@code requestId}), the
 * {@code X-Request-Id} response header echoes and problem bodies repeat; and writes the access log line once the
 * response is sent.
 * <ul>
 * <li>On Lambda the id is the invocation's AWS request id, and the lines also carry its X-Ray trace header (MDC
 * {@code traceId}), as the Lambda build's {@link InvocationIds} reads them.</li>
 * <li>Elsewhere it is the caller's {@code X-Request-Id}, else the trace id of a W3C {@code traceparent}, when it is
 * short and plain enough to log; otherwise a new random UUID.</li>
 * </ul>
 * Quarkus keeps the MDC on the request's Vert.x duplicated context, so it follows the request to worker threads.
 */
public class RequestLogFilter {

    public static final String REQUEST_ID = "requestId";
    public static final String TRACE_ID = "traceId";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    /** What a caller's id may look like: UUIDs, hex, base64 and most tracing ids, but no spaces, quotes or commas. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._~:+/=-]{1,128}");
    /** W3C Trace Context: version-traceid-parentid-flags; version ff is invalid. */
    private static final Pattern TRACEPARENT = Pattern.compile("(?!ff)[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String NO_TRACE = "00000000000000000000000000000000";
    /** An X-Ray trace header: {@code Root=1-...;Parent=...;Sampled=1}. */
    private static final Pattern SAFE_TRACE = Pattern.compile("[A-Za-z0-9=;:._-]{1,256}");
    private final boolean accessLog;
    private final Duration flushDelay;
    /** The Lambda build's; none in the container build. */
    private final Optional<InvocationIds> invocations;

    public RequestLogFilter(AccessLogConfig config, Instance<InvocationIds> invocations) {
        this.accessLog = config.enabled();
        this.flushDelay = config.flushDelay();
        this.invocations = invocations.isResolvable() ? Optional.of(invocations.get()) : Optional.empty();
    }

    void register(@Observes Filters filters) {
        filters.register(this::identify, FilterPriorities.REQUEST_LOG);
    }

    void formatAccessLinesFast(@Observes StartupEvent started) {
        if (accessLog) {
            AccessLineFormatter.install(flushDelay);
        }
    }

    /** The id of the request being served on this thread, or {@code null} outside a request. */
    public static String currentRequestId() {
        Object id = MDC.get(REQUEST_ID);
        return id == null ? null : id.toString();
    }

    private void identify(RoutingContext context) {
        identifyOnce(context);
        context.next();
    }

    /**
     * Gives the request its id (the same one on every pass: a reroute, such as GatewayRequestNormalizer removing a
     * base path, runs the filters again and clears the response headers and headers-end handlers, not the end
     * handlers) and, once, its access line. Also called for answers the router gives before any filter ran.
     */
    public void identifyOnce(RoutingContext context) {
        Arrival arrival = context.get(Arrival.KEY);
        if (arrival == null) {
            Arrival request = arrive(context);
            context.put(Arrival.KEY, request);
            if (accessLog) {
                context.addEndHandler(ended -> AccessLog.write(request.method(), request.path(),
                        ended.succeeded() ? context.response().getStatusCode() : AccessLog.NO_ANSWER,
                        System.nanoTime() - request.nanoTime(), context.response().bytesWritten()));
            }
            arrival = request;
        }
        String requestId = arrival.requestId();
        context.addHeadersEndHandler(ignored -> context.response().headers().set(REQUEST_ID_HEADER, requestId));
    }

    /** Takes the request's id and puts it, and on Lambda the trace header, in the MDC. */
    private Arrival arrive(RoutingContext context) {
        long started = System.nanoTime();
        InvocationIds.Invocation invocation = invocations.map(ids -> ids.of(context.request())).orElse(null);
        String requestId = invocation != null ? safeIdOrNew(invocation.requestId())
                : callerIdOrNew(context.request().headers());
        MDC.put(REQUEST_ID, requestId);
        String trace = invocation != null ? safeTraceOrNull(invocation.traceHeader()) : null;
        if (trace != null) {
            MDC.put(TRACE_ID, trace);
        } else {
            MDC.remove(TRACE_ID);
        }
        return new Arrival(requestId, started, context.request().method().name(), context.request().path());
    }

    /** The request as it arrived, before any reroute: its id, when, and what the access log names. */
    private record Arrival(String requestId, long nanoTime, String method, String path) {
        static final String KEY = Arrival.class.getName();
    }

    private static String callerIdOrNew(MultiMap headers) {
        String requestId = headers.get(REQUEST_ID_HEADER);
        if (requestId != null && SAFE_ID.matcher(requestId).matches()) {
            return requestId;
        }
        String traceparent = headers.get("traceparent");
        if (traceparent != null) {
            Matcher trace = TRACEPARENT.matcher(traceparent);
            if (trace.matches() && !trace.group(1).equals(NO_TRACE)) {
                return trace.group(1);
            }
        }
        return newId();
    }

    /** The id if it is short and plain enough to log and echo, else a new one. */
    public static String safeIdOrNew(String id) {
        return id != null && SAFE_ID.matcher(id).matches() ? id : newId();
    }

    /**
     * A random (version 4) UUID. The id only has to be unique, not unguessable, so it comes from ThreadLocalRandom:
     * UUID.randomUUID() would seed a SecureRandom on the first request, which showed in the image's start to first
     * answer.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    private static String safeTraceOrNull(String trace) {
        return trace != null && SAFE_TRACE.matcher(trace).matches() ? trace : null;
    }
}
