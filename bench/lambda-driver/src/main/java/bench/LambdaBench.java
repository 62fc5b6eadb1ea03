package bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures a Lambda build of the service through Quarkus's mock Lambda event server, which plays both API Gateway
 * (plain HTTP "front door") and the Lambda Runtime API ({@code /_lambda_/2018-06-01/runtime/...}).
 *
 * <pre>
 * java -cp ... bench.LambdaBench cold  http|rest RUNS        OUT.json -- CMD...   spawn -> first answer, RSS
 * java -cp ... bench.LambdaBench warm  http|rest WARMUP RUNS OUT.json -- CMD...   per-invocation latency
 * java -cp ... bench.LambdaBench mock  http|rest WARMUP RUNS OUT.json             same with a no-op runtime
 * java -cp ... bench.LambdaBench train http|rest RUNS                  -- CMD...   drive a training run, then SIGTERM
 * </pre>
 *
 * CMD is the Lambda process; it gets {@code AWS_LAMBDA_RUNTIME_API=127.0.0.1:PORT/_lambda_} and is started in the current
 * directory. The "mock" mode answers every event from a trivial in-process runtime client, so its latency is the mock
 * server's and HTTP's own cost; subtracting it from "warm" leaves what the Lambda process adds per invocation.
 */
public final class LambdaBench {

    private static final String GET_PATH = "/hello?name=x";
    private static final String GET_BODY = "{\"message\":\"[GET]hello, x!\"}";
    private static final String POST_PATH = "/hello_post";
    private static final String POST_BODY = "{\"message\":\"[POST]hello, x!\"}";
    private static final String RUNTIME = "/_lambda_/2018-06-01/runtime/invocation/";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    public static void main(String[] args) throws Exception {
        int dash = Arrays.asList(args).indexOf("--");
        List<String> opts = Arrays.asList(dash < 0 ? args : Arrays.copyOfRange(args, 0, dash));
        List<String> cmd = dash < 0 ? List.of() : Arrays.asList(Arrays.copyOfRange(args, dash + 1, args.length));
        LambdaBench bench = new LambdaBench();
        String kind = opts.get(1);
        switch (opts.get(0)) {
            case "cold" -> bench.cold(kind, Integer.parseInt(opts.get(2)), Path.of(opts.get(3)), cmd);
            case "warm" -> bench.warm(kind, Integer.parseInt(opts.get(2)), Integer.parseInt(opts.get(3)),
                    Path.of(opts.get(4)), cmd);
            case "mock" -> bench.warm(kind, Integer.parseInt(opts.get(2)), Integer.parseInt(opts.get(3)),
                    Path.of(opts.get(4)), List.of());
            case "train" -> bench.train(kind, Integer.parseInt(opts.get(2)), cmd);
            default -> throw new IllegalArgumentException("unknown mode " + opts.get(0));
        }
        System.exit(0);
    }

    /** Fresh mock server and fresh process per spawn, so no stale long-poll can swallow the next event. */
    private void cold(String kind, int runs, Path out, List<String> cmd) throws Exception {
        List<Double> startMs = new ArrayList<>();
        List<Double> rssMib = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            int port = freePort();
            AutoCloseable server = startServer(kind, port);
            try {
                long t0 = System.nanoTime();
                Process process = spawn(cmd, port);
                try {
                    expect(get(port), GET_BODY);
                    startMs.add((System.nanoTime() - t0) / 1e6);
                    rssMib.add(rssMib(process.pid()));
                } finally {
                    stop(process);
                }
            } finally {
                server.close();
            }
        }
        Files.writeString(out, "{\"start_ms\":" + startMs + ",\"rss_mib\":" + rssMib + "}\n");
    }

    /** One process, sequential invocations (Lambda gives one event at a time to an execution environment). */
    private void warm(String kind, int warmup, int runs, Path out, List<String> cmd) throws Exception {
        int port = freePort();
        AutoCloseable server = startServer(kind, port);
        Process process = null;
        Thread noop = null;
        try {
            if (cmd.isEmpty()) {
                noop = new Thread(() -> noopRuntime(port), "noop-runtime");
                noop.setDaemon(true);
                noop.start();
            } else {
                process = spawn(cmd, port);
            }
            for (int i = 0; i < warmup; i++) {
                expect(get(port), GET_BODY);
                expect(post(port), POST_BODY);
            }
            long[] getNs = new long[runs];
            long[] postNs = new long[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                expect(get(port), GET_BODY);
                long t1 = System.nanoTime();
                expect(post(port), POST_BODY);
                getNs[i] = t1 - t0;
                postNs[i] = System.nanoTime() - t1;
            }
            String rss = process == null ? "null" : fmt(rssMib(process.pid()));
            Files.writeString(out, "{\"get\":" + stats(getNs) + ",\"post\":" + stats(postNs) + ",\"rss_mib\":" + rss
                    + "}\n");
        } finally {
            if (process != null) {
                stop(process);
            }
            server.close();
        }
    }

    /** Drives a training run (AppCDS / AOT cache recording), then lets the JVM exit normally on SIGTERM. */
    private void train(String kind, int runs, List<String> cmd) throws Exception {
        int port = freePort();
        AutoCloseable server = startServer(kind, port);
        try {
            Process process = spawn(cmd, port);
            for (int i = 0; i < runs; i++) {
                expect(get(port), GET_BODY);
                expect(post(port), POST_BODY);
            }
            process.destroy();
            if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("training process did not exit");
            }
        } finally {
            server.close();
        }
    }

    /** A runtime client that does nothing: next invocation, canned answer, repeat. */
    private void noopRuntime(int port) {
        String base = "http://127.0.0.1:" + port + RUNTIME;
        try {
            for (;;) {
                HttpResponse<String> next = client.send(HttpRequest.newBuilder(URI.create(base + "next"))
                        .timeout(Duration.ofDays(1)).GET().build(), HttpResponse.BodyHandlers.ofString());
                String id = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
                String body = next.body().contains("hello_post") ? POST_BODY : GET_BODY;
                String answer = "{\"statusCode\":200,\"headers\":{\"Content-Type\":\"application/json\"},\"body\":"
                        + quote(body) + "}";
                client.send(HttpRequest.newBuilder(URI.create(base + id + "/response"))
                        .POST(HttpRequest.BodyPublishers.ofString(answer)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        } catch (Exception e) {
            System.err.println("noop runtime stopped: " + e);
        }
    }

    private static AutoCloseable startServer(String kind, int port) throws Exception {
        String name = "http".equals(kind) ? "io.quarkus.amazon.lambda.runtime.MockHttpEventServer"
                : "io.quarkus.amazon.lambda.runtime.MockRestEventServer";
        Object server = Class.forName(name).getConstructor().newInstance();
        server.getClass().getMethod("start", int.class).invoke(server, port);
        return () -> server.getClass().getMethod("close").invoke(server);
    }

    private static Process spawn(List<String> cmd, int port) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(System.getProperty("bench.log",
                        "/dev/null"))));
        // The runtime client appends /2018-06-01/runtime/...; the mock server serves it under /_lambda_.
        pb.environment().put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + port + "/_lambda_");
        return pb.start();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private HttpResponse<String> get(int port) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + GET_PATH)).timeout(TIMEOUT)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + POST_PATH)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, String body) {
        if (response.statusCode() != 200 || !body.equals(response.body())) {
            throw new IllegalStateException("unexpected answer " + response.statusCode() + " " + response.body());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double rssMib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static String stats(long[] ns) {
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        return "{\"n\":" + sorted.length + ",\"p50_ms\":" + fmt(percentile(sorted, 50) / 1e6) + ",\"p99_ms\":"
                + fmt(percentile(sorted, 99) / 1e6) + ",\"max_ms\":" + fmt(sorted[sorted.length - 1] / 1e6) + "}";
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
