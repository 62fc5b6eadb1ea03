package com.example.platform.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.crac.Core;
import org.crac.Resource;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.amazon.lambda.runtime.AmazonLambdaRecorder;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Primes the function for AWS Lambda SnapStart. Lambda snapshots a SnapStart function once its INIT is done and
 * restores every new instance from that snapshot; Quarkus's SnapStart support (on by default with the Lambda
 * extensions) starts the application and preloads its classes within INIT, but no request has run yet, so a restored
 * instance would still load, link and compile the request path on its first request. So before the snapshot this
 * answers the project's own front-door event fixtures (every door; shipped in function.zip under
 * {@value #EVENTS}/, see pom.xml) through the function's handler as an invocation runs it, and the first request
 * after a restore finds that path warm.
 * <p>
 * The AWS Runtime Interface Client calls {@link #beforeCheckpoint} only when it initialises for a snapshot
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}), through the {@code org.crac} API, which the managed Java runtimes
 * point at their own implementation; the Lambda image never gets the call. An event answered with an error (an
 * exception, a 5xx) fails the snapshot, and so the deployment, rather than shipping a snapshot primed on errors.
 */
@Singleton
public class SnapStartPriming implements Resource {

    /** Where the fixtures are on the class path. */
    static final String EVENTS = "snapstart-priming";

    private final ObjectMapper json;
    private final int rounds;

    public SnapStartPriming(SnapStartPrimingConfig config, ObjectMapper json) {
        this.rounds = config.primingRounds();
        this.json = json;
    }

    /**
     * CRaC keeps resources by weak reference; this bean, which the container holds, is the resource. Registered at
     * startup, which Quarkus's SnapStart full warm-up runs within the handler's construction, before the runtime
     * client asks for the snapshot.
     */
    void register(@Observes StartupEvent started) {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        Report report = prime();
        Log.infof("SnapStart priming: answered %d events (%d fixtures, %d rounds) in %d ms; statuses %s",
                report.events(), report.fixtures(), rounds, report.took().toMillis(), report.statuses());
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: the function holds no connections, credentials or per-instance ids from before the snapshot.
    }

    /** What a priming run answered: how many events, of how many fixtures, by status code, and how long it took. */
    public record Report(int events, int fixtures, SortedMap<Integer, Integer> statuses, Duration took) {
    }

    /**
     * Answers every fixture {@code primingRounds} times, as an invocation of the function does.
     *
     * @throws IllegalStateException when an event is answered with an error, naming the fixture
     */
    public Report prime() {
        long started = System.nanoTime();
        Map<String, byte[]> fixtures = fixtures();
        SortedMap<Integer, Integer> statuses = new TreeMap<>();
        int events = 0;
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, byte[]> fixture : fixtures.entrySet()) {
                int status = answer(fixture.getKey(), fixture.getValue(), ++events);
                statuses.merge(status, 1, Integer::sum);
            }
        }
        return new Report(events, fixtures.size(), statuses, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * One invocation: what the Quarkus handler the runtime calls ({@code QuarkusStreamHandler}) does once the
     * application has started (verified on Quarkus 3.34: {@code Quarkus.manualStart()}, a no-op by now, then
     * {@link AmazonLambdaRecorder#handle}). Returns the answer's status code.
     */
    int answer(String fixture, byte[] event, int invocation) {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        JsonNode status;
        try {
            AmazonLambdaRecorder.handle(new ByteArrayInputStream(event), answer,
                    new PrimingInvocation("snapstart-priming-" + invocation));
            status = json.readTree(answer.toByteArray()).path("statusCode");
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("SnapStart priming: " + fixture + " failed: " + e, e);
        }
        if (!status.isInt() || status.asInt() >= 500) {
            throw new IllegalStateException("SnapStart priming: " + fixture + " was answered " + status);
        }
        return status.asInt();
    }

    /** The shipped fixtures by name, in name order; from a directory (function.zip unpacked, tests) or a jar. */
    static Map<String, byte[]> fixtures() {
        URL location = SnapStartPriming.class.getClassLoader().getResource(EVENTS);
        if (location == null) {
            throw new IllegalStateException("SnapStart priming: no " + EVENTS + "/ on the class path");
        }
        try {
            URI uri = location.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return read(jar.getPath(EVENTS));
                }
            }
            return read(Path.of(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, byte[]> read(Path directory) throws IOException {
        Map<String, byte[]> fixtures = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = new ArrayList<>(listing.filter(file -> file.toString().endsWith(".json")).toList());
        }
        for (Path file : files) {
            fixtures.put(file.getFileName().toString(), Files.readAllBytes(file));
        }
        if (fixtures.isEmpty()) {
            throw new IllegalStateException("SnapStart priming: no events in " + directory.toUri());
        }
        return fixtures;
    }

    /** The Lambda context of a priming invocation: its own request id, and the function's environment. */
    private static final class PrimingInvocation implements Context {

        private final String requestId;

        PrimingInvocation(String requestId) {
            this.requestId = requestId;
        }

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return System.getenv("AWS_LAMBDA_LOG_GROUP_NAME");
        }

        @Override
        public String getLogStreamName() {
            return System.getenv("AWS_LAMBDA_LOG_STREAM_NAME");
        }

        @Override
        public String getFunctionName() {
            return System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        }

        @Override
        public String getFunctionVersion() {
            return System.getenv("AWS_LAMBDA_FUNCTION_VERSION");
        }

        @Override
        public String getInvokedFunctionArn() {
            return null;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return Integer.MAX_VALUE;
        }

        @Override
        public int getMemoryLimitInMB() {
            String memory = System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
            return memory == null ? 0 : Integer.parseInt(memory);
        }

        @Override
        public LambdaLogger getLogger() {
            return LambdaRuntime.getLogger();
        }
    }
}
