package com.example.platform.lambda;

import jakarta.inject.Singleton;

import com.amazonaws.services.lambda.runtime.Context;
import com.example.platform.observability.InvocationIds;

import io.quarkus.vertx.http.runtime.QuarkusHttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/** The invocation's AWS request id and X-Ray trace header, from the Lambda {@link Context} the handler hands on. */
@Singleton
public class LambdaInvocationIds implements InvocationIds {

    /**
     * Where the AWS runtimes put the trace header of the current invocation when the {@link Context} does not carry
     * it (Quarkus's own runtime loop, which the Lambda build's tests use); the Runtime Interface Client sets both.
     */
    private static final String XRAY_TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";

    @Override
    public Invocation of(HttpServerRequest request) {
        if (!(request.headers() instanceof QuarkusHttpHeaders headers)) {
            return null;
        }
        Context lambda = headers.getContextObject(Context.class);
        if (lambda == null) {
            return null;
        }
        String trace = lambda.getXrayTraceId();
        return new Invocation(lambda.getAwsRequestId(), trace != null ? trace : System.getProperty(XRAY_TRACE_PROPERTY));
    }
}
