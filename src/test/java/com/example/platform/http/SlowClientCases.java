package com.example.platform.http;

import static com.example.hello.HelloContract.MAX_BODY_BYTES;
import static com.example.platform.http.HostileClients.*;
import static com.example.platform.http.RawHttp.ascii;
import static com.example.platform.http.RawHttp.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.example.platform.http.RawHttp.Answer;
import com.example.platform.observability.RequestLogFilter;

import io.restassured.path.json.JsonPath;

/**
 * Clients that are slow or hold on: trickled heads and bodies get 408 within their timeouts, a client that does not read
 * its answers is cut off, and the body bytes held across all requests stay within their budget (503 beyond it), while
 * ordinary requests are still answered.
 */
public interface SlowClientCases extends HostileClients {

    @Test
    default void shouldAnswer408WhenBodyStopsArriving() throws IOException {
        try (RawHttp http = new RawHttp(port())) {
            long started = System.nanoTime();
            http.send(ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"name\":"));
            expectTimeout(http, started, BODY_READ_TIMEOUT_MILLIS);
        }
    }

    /**
     * A request line and headers trickling in (a byte now and then keeps the idle timeout from firing) get 408 once
     * the request head timeout has passed since their first byte, and the connection is closed.
     */
    @Test
    default void shouldAnswer408WhenTheRequestHeadTrickles() throws Exception {
        try (RawHttp http = new RawHttp(port())) {
            long started = System.nanoTime();
            http.send(ascii("GET /hello?name=slow HTTP/1.1\r\nHost: localhost\r\n"));
            while ((System.nanoTime() - started) / 1_000_000 < REQUEST_HEAD_TIMEOUT_MILLIS + 1000L
                    && http.trySend(ascii("X-Slow: 1\r\n"))) {
                Thread.sleep(200);
            }
            Answer answer = expectTimeout(http, started, REQUEST_HEAD_TIMEOUT_MILLIS);
            assertThat(new JsonPath(answer.body()).getString("detail")).contains("headers");
        }
    }

    /** A connection that sends nothing is timed like a request head that stops arriving. */
    @Test
    default void shouldAnswer408ToAConnectionThatSendsNothing() throws Exception {
        try (RawHttp http = new RawHttp(port())) {
            expectTimeout(http, System.nanoTime(), REQUEST_HEAD_TIMEOUT_MILLIS);
        }
    }

    /**
     * A client pipelining requests without reading the answers: once the unread answers pass the outbound buffer's
     * mark, the next request gets 503 and the connection is closed, instead of every request running and its answer
     * being held in memory (400,000 such requests took the process to 680 MB).
     */
    @Test
    default void shouldStopServingAClientThatDoesNotReadItsAnswers() throws Exception {
        byte[] one = get("/hello?name=" + "p".repeat(200));
        byte[] many = new byte[one.length * UNREAD_PIPELINED_REQUESTS];
        for (int i = 0; i < UNREAD_PIPELINED_REQUESTS; i++) {
            System.arraycopy(one, 0, many, i * one.length, one.length);
        }
        try (RawHttp http = new RawHttp(port())) {
            ExecutorService writer = Executors.newSingleThreadExecutor();
            writer.submit(() -> http.trySend(many));
            Thread.sleep(3000);
            int answered = 0;
            Answer answer = http.read();
            while (answer.status() == 200) {
                answered++;
                answer = http.read();
            }
            writer.shutdownNow();
            System.out.printf("[pipelining] %d requests sent unread: %d answered 200, then %d%n",
                    UNREAD_PIPELINED_REQUESTS, answered, answer.status());
            expectProblem(answer, 503);
            assertThat(answer.header("retry-after")).isNotBlank();
            assertThat(answered).isLessThan(UNREAD_PIPELINED_REQUESTS);
            assertThat(http.closedWithin(5000)).isTrue();
        }
    }

    /** The head timeout counts from a request's first byte: an idle keep-alive connection is not cut by it. */
    @Test
    default void shouldKeepAnIdleConnectionPastTheRequestHeadTimeout() throws Exception {
        try (RawHttp http = new RawHttp(port())) {
            http.send(get("/hello?name=a"));
            assertThat(http.read().status()).isEqualTo(200);
            Thread.sleep(REQUEST_HEAD_TIMEOUT_MILLIS + 1000L);
            http.send(get("/hello?name=b"));
            assertThat(new JsonPath(http.read().body()).getString("message")).isEqualTo("[GET]hello, b!");
        }
    }

    /** Slow uploads hold no worker thread: while many trickle, normal requests are answered at once. */
    @Test
    default void shouldAnswerNormalRequestsWhileSlowUploadsTrickle() throws Exception {
        List<RawHttp> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 250; i++) {
                RawHttp http = new RawHttp(port());
                http.send(ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 60000\r\n\r\n{"));
                slow.add(http);
            }
            for (int i = 0; i < 20; i++) {
                Answer answer = RawHttp.exchange(port(), postJson("{\"name\":\"n" + i + "\"}"));
                assertThat(answer.status()).isEqualTo(200);
                assertThat(new JsonPath(answer.body()).getString("message")).isEqualTo("[POST]hello, n" + i + "!");
            }
        } finally {
            for (RawHttp http : slow) {
                http.close();
            }
        }
    }

    /** More body bytes at once than the service holds: the excess gets 503 with Retry-After, never an error. */
    @Test
    default void shouldAnswer503PastTheBufferedBytesBudget() throws Exception {
        int uploads = 2 * MAX_BUFFERED_BYTES / MAX_BODY_BYTES;
        byte[] body = jsonName("a".repeat(MAX_BODY_BYTES - 16).getBytes(StandardCharsets.US_ASCII));
        List<RawHttp> held = new ArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(8);
        try {
            // Every body but its last byte, so all of them are held in memory at once.
            for (int i = 0; i < uploads; i++) {
                RawHttp http = new RawHttp(port());
                byte[] request = postJson(body);
                http.trySend(Arrays.copyOf(request, request.length - 1));
                held.add(http);
            }
            Thread.sleep(500);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (RawHttp http : held) {
                http.trySend(new byte[] { body[body.length - 1] });
                statuses.add(readers.submit(() -> readStatusAndCheck(http)));
            }
            int ok = 0;
            int busy = 0;
            for (Future<Integer> status : statuses) {
                int code = status.get();
                assertThat(code).isIn(200, 503);
                ok += code == 200 ? 1 : 0;
                busy += code == 503 ? 1 : 0;
            }
            System.out.printf("[budget] %d uploads of %d bytes held at once: %d answered 200, %d answered 503%n",
                    uploads, body.length, ok, busy);
            assertThat(busy).isPositive();
            assertThat(ok).isPositive();
        } finally {
            readers.shutdownNow();
            for (RawHttp http : held) {
                http.close();
            }
        }
    }

    private static int readStatusAndCheck(RawHttp http) throws IOException {
        Answer answer = http.read();
        assertThat(answer.status()).as(answer.body()).isIn(200, 503);
        if (answer.status() == 503) {
            expectProblem(answer, 503);
            assertThat(answer.header("retry-after")).isNotBlank();
        }
        return answer.status();
    }

    /** The 408 problem a timeout answers, about that long after {@code started}, and the connection closed. */
    private static Answer expectTimeout(RawHttp http, long started, long timeoutMillis) throws IOException {
        Answer answer = http.read();
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        expectProblem(answer, 408);
        assertThat(waitedMillis).isBetween(timeoutMillis - 500L, timeoutMillis + 5000L);
        assertThat(http.closedWithin(5000)).isTrue();
        return answer;
    }
}
