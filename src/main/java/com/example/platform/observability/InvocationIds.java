package com.example.platform.observability;

import io.vertx.core.http.HttpServerRequest;

/**
 * Where a request's id comes from when the runtime, not the caller, names it: a Lambda invocation's AWS request id and
 * X-Ray trace header. The Lambda build provides the one implementation (src/lambda); the container build has none,
 * and takes the caller's id instead.
 */
public interface InvocationIds {

    /** The invocation's id and trace header (either may be null), or null for a request no invocation carried. */
    Invocation of(HttpServerRequest request);

    record Invocation(String requestId, String traceHeader) {
    }
}
