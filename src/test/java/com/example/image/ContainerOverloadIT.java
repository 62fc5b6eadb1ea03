package com.example.image;

import static com.example.hello.HelloContract.MAX_BODY_BYTES;
import static com.example.platform.http.HostileClients.get;
import static com.example.platform.http.HostileClients.postJson;
import static com.example.platform.http.RawHttp.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.example.platform.http.RawHttp;
import com.example.platform.http.RawHttp.Answer;

/**
 * Overload against the container image as Kubernetes runs it: its own JVM flags, a 512 MiB memory limit, default
 * limits. Slow uploads must not stop normal requests, concurrent maximum-size uploads must not take the process down,
 * and every answer is 2xx, 4xx or 503. Each phase has a fixed duration; the figures are printed for the README.
 */
@Tag("container")
class ContainerOverloadIT {

    static final int SLOW_CLIENTS = 300;
    static final int SLOW_PHASE_SECONDS = 15;
    static final int SLOW_HEAD_PHASE_SECONDS = 25;
    static final int UPLOADERS = 200;
    static final int UPLOAD_PHASE_SECONDS = 15;
    static final int NORMAL_ANSWER_MILLIS = 2000;

    static int port;
    static String container;

    @BeforeAll
    static void startImage() throws Exception {
        Docker.requireEngine();
        port = Docker.freePort();
        container = Docker.startReady(List.of("--memory", "512m"), port,
                Docker.requireStartupArchive(Docker.image("container")));
    }

    @AfterAll
    static void stopImage() {
        Docker.removeAfterCheckingItServes(container, port);
    }

    /** Bodies one byte a second: each holds a connection, no thread, until the 10 s body read timeout. */
    @Test
    void shouldKeepAnsweringWhileSlowUploadsTrickle() throws Exception {
        keepAnsweringWhileTrickling("slow uploads", "POST /hello_post HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n{", " ", SLOW_PHASE_SECONDS);
    }

    /** Request heads one header line a second, which the idle timeout never ends: the 20 s head timeout does. */
    @Test
    void shouldKeepAnsweringWhileRequestHeadsTrickle() throws Exception {
        keepAnsweringWhileTrickling("slow request heads", "GET /hello?name=slow HTTP/1.1\r\nHost: localhost\r\n",
                "X-Slow: 1\r\n", SLOW_HEAD_PHASE_SECONDS);
    }

    private static void keepAnsweringWhileTrickling(String kind, String opening, String trickled, int seconds)
            throws Exception {
        List<RawHttp> slow = new ArrayList<>();
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            RawHttp http = new RawHttp(port);
            http.send(ascii(opening));
            slow.add(http);
        }
        ExecutorService trickle = Executors.newSingleThreadExecutor();
        trickle.submit(() -> {
            for (int second = 0; second < seconds; second++) {
                for (RawHttp http : slow) {
                    http.trySend(ascii(trickled));
                }
                Thread.sleep(1000);
            }
            return null;
        });
        int answered = 0;
        long slowest = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            long sent = System.nanoTime();
            Answer answer = RawHttp.exchange(port, postJson("{\"name\":\"n" + answered + "\"}"));
            slowest = Math.max(slowest, (System.nanoTime() - sent) / 1_000_000);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).contains("[POST]hello, n" + answered + "!");
            answered++;
        }
        trickle.shutdownNow();
        Map<Integer, Integer> slowAnswers = new ConcurrentHashMap<>();
        for (RawHttp http : slow) {
            try (http) {
                slowAnswers.merge(http.read().status(), 1, Integer::sum);
            } catch (IOException closed) {
                slowAnswers.merge(0, 1, Integer::sum);
            }
        }
        System.out.printf("[overload] %d %s held for %d s: %d normal POSTs answered 200, slowest %d ms;"
                + " the slow ones answered %s (0 = closed without answer); %s%n", SLOW_CLIENTS, kind, seconds,
                answered, slowest, slowAnswers, memory());
        assertThat(slowest).isLessThan(NORMAL_ANSWER_MILLIS);
        assertThat(slowAnswers).containsKey(408);
        assertThat(slowAnswers.keySet()).allMatch(status -> status == 408 || status == 0);
        assertSurvived();
    }

    @Test
    void shouldSurviveConcurrentMaximumSizeUploads() throws Exception {
        byte[] body = ("{\"name\":\"" + "a".repeat(MAX_BODY_BYTES - 16) + "\"}").getBytes();
        byte[] tooLarge = ("{\"name\":\"" + "a".repeat(900 * 1024) + "\"}").getBytes();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicLong failures = new AtomicLong();
        ExecutorService uploaders = Executors.newFixedThreadPool(UPLOADERS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(UPLOAD_PHASE_SECONDS);
        for (int i = 0; i < UPLOADERS; i++) {
            byte[] request = postJson(i % 4 == 0 ? tooLarge : body);
            uploaders.submit(() -> {
                while (System.nanoTime() < end) {
                    try (RawHttp http = new RawHttp(port)) {
                        http.trySend(request);
                        statuses.computeIfAbsent(http.read().status(), status -> new AtomicInteger()).incrementAndGet();
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    }
                }
            });
        }
        uploaders.shutdown();
        assertThat(uploaders.awaitTermination(UPLOAD_PHASE_SECONDS + 60, TimeUnit.SECONDS)).isTrue();
        System.out.printf("[overload] %d concurrent uploaders (3 of 4 at the 64 KiB limit, 1 of 4 at 900 KiB) for %d s:"
                + " answers %s, connections failed without an answer %d; %s%n", UPLOADERS, UPLOAD_PHASE_SECONDS,
                statuses, failures.get(), memory());
        assertThat(statuses.keySet()).allMatch(status -> status == 200 || status == 413 || status == 503);
        assertThat(statuses.get(200)).isNotNull();
        assertSurvived();
    }

    private static void assertSurvived() throws IOException {
        String state = Docker.docker("inspect", "--format", "{{.State.Running}} {{.State.OOMKilled}}", container)
                .output().strip();
        assertThat(state).isEqualTo("true false");
        assertThat(RawHttp.exchange(Docker.managementPort(container), get("/q/health/ready")).status()).isEqualTo(200);
        String log = Docker.docker("logs", container).output();
        assertThat(log).doesNotContain("ERROR", "OutOfMemoryError", "\tat ");
    }

    /** Resident memory of the JVM (PID 1 in the container): now and its peak. */
    private static String memory() {
        String status = Docker.docker("exec", container, "cat", "/proc/1/status").output();
        return status.lines().filter(line -> line.startsWith("VmRSS") || line.startsWith("VmHWM"))
                .map(line -> line.replaceAll("\\s+", " ")).reduce((a, b) -> a + ", " + b).orElse("no /proc/1/status");
    }
}
