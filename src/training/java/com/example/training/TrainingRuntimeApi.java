package com.example.training;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Lambda Runtime API for the training run of docker/startup-archive.sh, so the Lambda image's startup archive
 * covers invocations, not only the boot. On the JDK's own HTTP server (jdk.httpserver, in every JRE image); built by
 * the lambda Maven profile into target/training-runtime-api.jar, which only the training stage of
 * docker/Dockerfile.lambda copies.
 *
 * <pre>
 * java -jar training-runtime-api.jar PORT EVENTS-DIRECTORY ROUNDS
 * </pre>
 *
 * Prints "listening" once it accepts connections. Then hands out ROUNDS rounds of the events in EVENTS-DIRECTORY
 * (every *.json file: the project's own fixtures from src/test/resources/events/, every front door, good and bad
 * input) with the headers the real Runtime API sends (request id, deadline, function ARN, X-Ray trace header), prints
 * "done" once all are answered, and holds any further next-invocation call until it is killed. Exits 1 if the function
 * reports an error or answers with a 5xx or without a statusCode.
 */
public final class TrainingRuntimeApi {

    private static final String NEXT = "/2018-06-01/runtime/invocation/next";
    private static final Pattern REPORT = Pattern.compile("/2018-06-01/runtime/invocation/(\\d+)/(response|error)");
    private static final Pattern STATUS_CODE = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");
    private static final long DEADLINE_MILLIS = 300_000;

    private final List<Path> files;
    private final List<byte[]> events;
    private final int total;
    private final AtomicInteger handed = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();

    private TrainingRuntimeApi(List<Path> files, int rounds) throws IOException {
        this.files = files;
        this.events = new ArrayList<>();
        for (Path file : files) {
            events.add(Files.readAllBytes(file));
        }
        this.total = rounds * files.size();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !Files.isDirectory(Path.of(args[1])) || !args[2].matches("[1-9]\\d*")) {
            fail("usage: java -jar training-runtime-api.jar PORT EVENTS-DIRECTORY ROUNDS");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(Path.of(args[1]))) {
            files = listing.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        if (files.isEmpty()) {
            fail("no *.json events in " + args[1]);
        }
        TrainingRuntimeApi api = new TrainingRuntimeApi(files, Integer.parseInt(args[2]));
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 16);
        server.createContext("/", api::handle);
        // A thread per call: a next-invocation call after the last event is held, and must not hold up the others.
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        System.out.println("listening");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Matcher report = REPORT.matcher(path);
            if (exchange.getRequestMethod().equals("GET") && path.equals(NEXT)) {
                nextInvocation(exchange);
            } else if (exchange.getRequestMethod().equals("POST") && report.matches()) {
                String event = files.get(Integer.parseInt(report.group(1)) % files.size()).getFileName().toString();
                String answer = new String(body, StandardCharsets.UTF_8);
                if (report.group(2).equals("error")) {
                    fail("the function reported an error for " + event + ": " + answer);
                }
                Matcher status = STATUS_CODE.matcher(answer);
                if (!status.find() || Integer.parseInt(status.group(1)) >= 500) {
                    fail(event + " answered " + (status.find(0) ? status.group(1) : "without a statusCode"));
                }
                respond(exchange, 202, "{\"status\":\"OK\"}");
                if (answered.incrementAndGet() == total) {
                    System.out.println("done");
                }
            } else {
                respond(exchange, 404, "{\"errorMessage\":\"not a Runtime API call\"}");
            }
        } finally {
            exchange.close();
        }
    }

    private void nextInvocation(HttpExchange exchange) throws IOException {
        int id = handed.getAndIncrement();
        if (id >= total) {
            // Training is over: the call waits until the JVM is stopped.
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", String.valueOf(id));
        exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms",
                String.valueOf(System.currentTimeMillis() + DEADLINE_MILLIS));
        exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:123456789012:function:training");
        exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id",
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");
        respond(exchange, 200, events.get(id % events.size()));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        respond(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void fail(String why) {
        System.err.println("training-runtime-api: " + why);
        System.out.flush();
        Runtime.getRuntime().halt(1);
    }
}
