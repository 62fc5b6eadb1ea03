package com.example.platform;

import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;

/**
 * The order of every filter the platform puts on the router (Vert.x runs a higher priority first), in one place so
 * that no two share a priority and their order is a decision, not CDI's; read top to bottom, the list is the path of a
 * request (FilterPrioritiesTest).
 */
public final class FilterPriorities {

    private FilterPriorities() {
    }

    /** First: a request pipelined behind one whose answer closes the connection is neither answered nor run. */
    public static final int CLOSING_CONNECTIONS = 3000;
    /** The request id, MDC and access line, so every answer after this one has them, refusals included. */
    public static final int REQUEST_LOG = 2900;
    /** Prometheus's JVM gauges, bound on the first scrape rather than at start. */
    public static final int JVM_METRICS = 2800;
    /** A refused origin first (403 problem); every later answer to a listed origin gets its CORS headers. */
    public static final int CORS = 2500;
    /** Framing and headers the layers behind would misread. */
    public static final int REQUEST_GUARD = 2000;
    /** Removes configured base paths (an API Gateway stage, an ingress prefix) and repairs gateway header splitting. */
    public static final int GATEWAY_NORMALIZER = 1000;
    /** Quarkus's own CORS filter, which answers preflights and sets the headers for listed origins. */
    public static final int QUARKUS_CORS = SecurityHandlerPriorities.CORS;
    /** OPTIONS outside a preflight: an Allow answer or 404. */
    public static final int OPTIONS_REQUESTS = 200;
    /** Last: the body, read on the event loop within its limits, once the request is known to be served. */
    public static final int REQUEST_BODY = 10;
}
