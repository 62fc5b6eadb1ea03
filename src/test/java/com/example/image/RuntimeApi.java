package com.example.image;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;

/**
 * A Lambda Runtime API for the Lambda image to poll: Quarkus's own mock event server, whose front door turns plain
 * HTTP requests into HTTP API events and whose raw-event path ({@link #BASE_PATH}) takes any event as it is.
 * <p>
 * The mock server differs from the real Runtime API where the AWS Runtime Interface Client notices: it omits
 * next-invocation headers (without a trace id the RIC's native client crashes the JVM), and it acknowledges results
 * and errors with 204 instead of 202. So every next-invocation response gets the deadline, function ARN and trace id
 * headers, and every report is acknowledged with 202, as on AWS. It has no SnapStart restore call, which a runtime
 * client initialising for a snapshot makes once its CRaC hooks have run; that is answered at once, as on AWS the
 * restore does, and counted ({@link #restores()}). Loaded reflectively because only the Lambda build has the event
 * server on its test classpath.
 */
final class RuntimeApi implements AutoCloseable {

    static final String FUNCTION_ARN = "arn:aws:lambda:ap-northeast-1:123456789012:function:hello-anywhere";
    static final String MOCK_SERVER_PACKAGE = "io.quarkus.amazon.lambda.runtime.";
    /** Where the mock server serves the Runtime API: AWS_LAMBDA_RUNTIME_API is host:port plus this prefix. */
    static final String BASE_PATH = "/_lambda_";
    static final long INVOCATION_TIMEOUT_MILLIS = 30_000;

    private final Object server;
    private final AtomicInteger restores;

    private RuntimeApi(Object server, AtomicInteger restores) {
        this.server = server;
        this.restores = restores;
    }

    /** Starts on a free port; see {@link #port()}. */
    static RuntimeApi start() throws ReflectiveOperationException {
        Object server = Class.forName(MOCK_SERVER_PACKAGE + "MockHttpEventServer").getConstructor().newInstance();
        server.getClass().getMethod("start", int.class).invoke(server, 0);
        Field routerField = Class.forName(MOCK_SERVER_PACKAGE + "MockEventServer").getDeclaredField("router");
        routerField.setAccessible(true);
        Router router = (Router) routerField.get(server);
        router.route(BASE_PATH + "/2018-06-01/runtime/invocation/next").order(-1).handler(context -> {
            context.addHeadersEndHandler(ignored -> addRealRuntimeHeaders(context.response().headers()));
            context.next();
        });
        // The real API accepts a result or an error with 202; the RIC treats the mock's 204 as a failed report and
        // its runtime loop dies.
        router.routeWithRegex(BASE_PATH + "/2018-06-01/runtime/invocation/[^/]+/(response|error)").order(-1)
                .handler(context -> {
                    context.addHeadersEndHandler(ignored -> context.response().setStatusCode(202));
                    context.next();
                });
        AtomicInteger restores = new AtomicInteger();
        router.get(BASE_PATH + "/2018-06-01/runtime/restore/next").order(-1).handler(context -> {
            restores.incrementAndGet();
            context.response().setStatusCode(200).end();
        });
        return new RuntimeApi(server, restores);
    }

    private static void addRealRuntimeHeaders(MultiMap headers) {
        headers.set("Lambda-Runtime-Deadline-Ms",
                String.valueOf(System.currentTimeMillis() + INVOCATION_TIMEOUT_MILLIS));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        if (!headers.contains("Lambda-Runtime-Trace-Id")) {
            headers.set("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0");
        }
    }

    /** How many times a runtime client asked for its SnapStart restore. */
    int restores() {
        return restores.get();
    }

    int port() throws ReflectiveOperationException {
        return (int) server.getClass().getMethod("getPort").invoke(server);
    }

    @Override
    public void close() throws ReflectiveOperationException {
        server.getClass().getMethod("close").invoke(server);
    }
}
