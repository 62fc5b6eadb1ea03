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
 * What a client may make the service log: at most one short access line per request, never a WARN, an ERROR or a stack
 * trace, whatever it sends or however it leaves.
 */
public interface LogHygieneCases extends HostileClients {

    /**
     * Requests pipelined behind a refusal that closes the connection, the last of them malformed: none is answered,
     * and the service logs nothing about them (Vert.x failed on the malformed one with a NullPointerException, a
     * WARN with a stack trace, and left a request in flight that held up a graceful shutdown).
     */
    @Test
    default void shouldStayQuietAboutRequestsPipelinedBehindAClosingRefusal() throws Exception {
        int before = log().length();
        for (byte[] requests : refusalsWithRequestsBehind()) {
            try (RawHttp http = new RawHttp(port())) {
                http.trySend(requests);
                expectProblem(http.read(), 400);
                assertThat(http.closedWithin(5000)).isTrue();
            }
        }
        Thread.sleep(500);
        assertThat(log().substring(before)).doesNotContain("WARN", "ERROR", "Exception");
    }

    /**
     * A client that leaves halfway through a request head is not answered, and not logged as a refusal. Its request id
     * arrives before the cut, so any line written for it, the access line above all, would carry the id.
     */
    @Test
    default void shouldNotAnswerARequestHeadCutOffByTheClient() throws Exception {
        String id = "cut-off-" + UUID.randomUUID();
        try (RawHttp http = new RawHttp(port())) {
            http.send(ascii("GET /hello?name=x HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: " + id
                    + "\r\nAccept: */*\r\nX-Cut: "));
            Thread.sleep(200);
        }
        Thread.sleep(500);
        assertThat(log()).doesNotContain(id);
    }

    /** Item 1 of the issue: a client must not be able to fill the log. */
    @Test
    default void shouldKeepTheLogQuietForEveryBadInput() throws Exception {
        int before = log().length();
        for (int round = 0; round < 3; round++) {
            for (BadInput input : badInputs().toList()) {
                try (RawHttp http = new RawHttp(port())) {
                    http.trySend(input.request());
                    http.read();
                } catch (IOException closedEarly) {
                    // only the answer's absence matters here, and the per-input test checks it
                }
            }
        }
        String added = log().substring(before);
        long requests = 3 * badInputs().count();
        // The access log writes one short line per request the application sees, by design; nothing else may grow.
        List<String> accessLines = added.lines().filter(line -> line.contains(ACCESS_LOG)).toList();
        String rest = added.lines().filter(line -> !line.contains(ACCESS_LOG)).collect(Collectors.joining("\n"));
        assertThat(added).doesNotContain("ERROR", "WARN", "Exception", "\tat ");
        assertThat(accessLines).as("at most one access line per request").hasSizeLessThanOrEqualTo((int) requests)
                .allSatisfy(line -> assertThat(line.length()).isLessThan(MAX_ACCESS_LINE_BYTES));
        assertThat(rest.length()).as("log bytes besides the access lines added by %d bad requests:%n%s", requests,
                rest).isLessThan(QUIET_LOG_BYTES);
    }
}
