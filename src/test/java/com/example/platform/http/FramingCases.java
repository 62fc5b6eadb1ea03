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
 * Framing, protocol and header inputs over raw HTTP/1.1 sockets: every request gets a bounded answer (problem JSON
 * wherever the application sees the request), and framing that could smuggle a request ends the connection, with
 * nothing sent after it run.
 */
public interface FramingCases extends HostileClients {

    @ParameterizedTest(name = "{0}")
    @MethodSource("com.example.platform.http.HostileClients#badInputs")
    default void shouldAnswerBadInputAsDocumented(BadInput input) throws IOException {
        try (RawHttp http = new RawHttp(port())) {
            http.trySend(input.request());
            Answer answer = http.read();
            assertThat(answer.status()).as(input.name()).isEqualTo(input.status());
            expectProblem(answer, input.status());
            if (input.closes()) {
                assertThat(http.closedWithin(5000)).as("connection closed after " + input.name()).isTrue();
            }
        }
    }

    /**
     * A cleartext HTTP/2 upgrade ({@code h2c}, what java.net.http sends by default) is declined: the request is
     * answered as the HTTP/1.1 request it also is. Accepting it made the body reader fail with a 500 and an ERROR.
     */
    @Test
    default void shouldAnswerAnH2cUpgradeAsHttp11() throws IOException {
        Answer answer = RawHttp.exchange(port(), postJson("{\"name\":\"x\"}", "Connection: Upgrade, HTTP2-Settings",
                "Upgrade: h2c", "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(new JsonPath(answer.body()).getString("message")).isEqualTo("[POST]hello, x!");
    }

    /** An HTTP/1.0 client cannot take an interim answer, so its 100-continue expectation is ignored (RFC 9110 10.1.1). */
    @Test
    default void shouldNotSend100ContinueToHttp10() throws IOException {
        byte[] request = ascii("POST /hello_post HTTP/1.0\r\nContent-Type: application/json\r\n"
                + "Expect: 100-continue\r\nContent-Length: 12\r\n\r\n{\"name\":\"x\"}");
        assertThat(RawHttp.exchange(port(), request).status()).isEqualTo(200);
    }

    @Test
    default void shouldNameTheDuplicateKey() throws IOException {
        Answer answer = RawHttp.exchange(port(), postJson("{\"name\":\"a\",\"name\":\"b\"}"));
        assertThat(new JsonPath(answer.body()).getList("violations.field")).containsExactly("name");
    }

    @Test
    default void shouldReadRawUtf8InTheQueryAsUtf8() throws IOException {
        Answer answer = RawHttp.exchange(port(),
                getRawTarget(("/hello?name=é太郎").getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.status()).isEqualTo(200);
        // 郎 is E9 83 8E: a byte that, read as ISO-8859-1, is a C1 control, which java.net.URI refuses
        assertThat(new JsonPath(answer.body()).getString("message")).isEqualTo("[GET]hello, é太郎!");
    }

    /**
     * RFC 9112 6.3: Content-Length beside chunked is the request-smuggling shape (a proxy reading the Content-Length
     * sees one request, a server reading the chunks two). Refused, whatever the body, and the connection closed.
     */
    @Test
    default void shouldRefuseChunkedBodyWithContentLengthAndNotAnswerTheSmuggledRequest() throws IOException {
        try (RawHttp http = new RawHttp(port())) {
            http.send(ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 17\r\nTransfer-Encoding: chunked\r\n\r\nc\r\n{\"name\":\"x\"}\r\n0\r\n\r\n"
                    + "GET /hello?name=smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            Answer answer = http.read();
            expectProblem(answer, 400);
            assertThat(new JsonPath(answer.body()).getString("detail")).contains("Content-Length", "not both");
            assertThat(answer.header("connection")).isEqualToIgnoringCase("close");
            assertThat(http.closedWithin(5000)).as("no answer to the smuggled request").isTrue();
        }
    }

    @Test
    default void shouldAnswer100ContinueOnlyForBodiesWithinTheLimit() throws IOException {
        try (RawHttp http = new RawHttp(port())) {
            http.send(ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 12\r\n\r\n"));
            assertThat(http.read().status()).isEqualTo(100);
            http.send(ascii("{\"name\":\"c\"}"));
            assertThat(http.read().status()).isEqualTo(200);
        }
        expectProblem(RawHttp.exchange(port(), ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 1000000\r\n\r\n")), 413);
    }

    /**
     * A target refused before the application sees it, in a chunked request with a request hidden in its body (and a
     * Content-Length a proxy would trust instead): the refusal ends the connection, the hidden request is not answered.
     */
    @Test
    default void shouldCloseAfterRefusingTheTargetOfAChunkedRequest() throws IOException {
        for (String target : List.of("/hello_post?x=%zz", "/hello_post?x=%", "/hello_post?x={")) {
            try (RawHttp http = new RawHttp(port())) {
                http.send(ascii("POST " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 48\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0\r\n\r\nGET /hello?name=SMUGGLED HTTP/1.1\r\nHost: localhost\r\n\r\n"));
                expectProblem(http.read(), 400);
                assertThat(http.closedWithin(5000)).as("closed, the hidden request unanswered: " + target).isTrue();
            }
        }
    }

    /** Requests pipelined behind one that closes the connection are neither answered nor run. */
    @Test
    default void shouldNotRunRequestsPipelinedAfterOneThatClosesTheConnection() throws Exception {
        String smuggledId = "pipelined-" + UUID.randomUUID();
        int before = log().length();
        try (RawHttp http = new RawHttp(port())) {
            http.send(concat(postJson("{}", "Connection: close"), postJson("{\"name\":\"SMUGGLED\"}",
                    RequestLogFilter.REQUEST_ID_HEADER + ": " + smuggledId)));
            expectProblem(http.read(), 400);
            assertThat(http.closedWithin(5000)).isTrue();
        }
        Thread.sleep(500);
        assertThat(log().substring(before)).as("nothing of the pipelined request ran").doesNotContain(smuggledId);
    }

    /**
     * A body whose chunk framing breaks is refused with a problem (Vert.x closed the connection without a word), the
     * access line says 400, and nothing sent after it runs.
     */
    @Test
    default void shouldRefuseBrokenChunkFraming() throws Exception {
        String id = "broken-chunks-" + UUID.randomUUID();
        String smuggledId = "after-broken-chunks-" + UUID.randomUUID();
        try (RawHttp http = new RawHttp(port())) {
            http.trySend(ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + RequestLogFilter.REQUEST_ID_HEADER + ": " + id + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\n{\"n\r\nzz\r\n{\"name\":\"y\"}\r\n0\r\n\r\n"
                    + "GET /hello?name=x HTTP/1.1\r\nHost: localhost\r\n" + RequestLogFilter.REQUEST_ID_HEADER + ": "
                    + smuggledId + "\r\n\r\n"));
            Answer answer = http.read();
            expectProblem(answer, 400);
            assertThat(new JsonPath(answer.body()).getString("detail")).contains("chunked");
            assertThat(answer.header("x-request-id")).isEqualTo(id);
            assertThat(http.closedWithin(5000)).isTrue();
        }
        assertThat(awaitLogLine(id)).contains(ACCESS_LOG.substring(ACCESS_LOG.lastIndexOf('.') + 1))
                .contains("status=400 ");
        assertThat(log()).doesNotContain(smuggledId);
    }

    /** A 405 says which methods the path does answer (RFC 9110 15.5.6). */
    @Test
    default void shouldListTheAllowedMethodsOnA405() throws IOException {
        Answer delete = RawHttp.exchange(port(), ascii("DELETE /hello HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        expectProblem(delete, 405);
        assertThat(delete.header("allow")).isEqualTo("GET, HEAD, OPTIONS, POST");
        Answer get = RawHttp.exchange(port(), get("/hello_post"));
        expectProblem(get, 405);
        assertThat(get.header("allow")).isEqualTo("OPTIONS, POST");
    }

    /** A raw {@code ;} in the query is a character of the value, as browsers send it, not a parameter separator. */
    @Test
    default void shouldReadARawSemicolonInTheQueryAsACharacter() throws IOException {
        Answer answer = RawHttp.exchange(port(), get("/hello?name=a;b"));
        assertThat(new JsonPath(answer.body()).getString("message")).isEqualTo("[GET]hello, a;b!");
        answer = RawHttp.exchange(port(), get("/hello?x=1;name=evil&name=good"));
        assertThat(new JsonPath(answer.body()).getString("message")).isEqualTo("[GET]hello, good!");
    }

    /** A comma inside a quoted parameter value does not split the Accept list (RFC 9110 5.6.4). */
    @Test
    default void shouldReadAQuotedCommaInAnAcceptParameter() throws IOException {
        Answer answer = RawHttp.exchange(port(), get("/hello?name=x", "Accept: application/json; x=\"a,b\""));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /** RFC 9110 8.3.1 and 12.5.1: optional whitespace around the {@code ;} before a media type parameter. */
    @Test
    default void shouldAcceptWhitespaceAroundMediaTypeParameters() throws IOException {
        Answer post = RawHttp.exchange(port(), postAs("application/json ; charset=UTF-8", "{\"name\":\"x\"}"));
        assertThat(post.status()).as(post.body()).isEqualTo(200);
        Answer get = RawHttp.exchange(port(), get("/hello?name=x", "Accept: application/json ;q=0.9, */* ; q=0.1"));
        assertThat(get.status()).as(get.body()).isEqualTo(200);
        assertThat(new JsonPath(get.body()).getString("message")).isEqualTo("[GET]hello, x!");
    }

    /** The close option may come in a list of connection options (RFC 9112 9.6). */
    @Test
    default void shouldCloseWhenTheConnectionOptionsIncludeClose() throws IOException {
        try (RawHttp http = new RawHttp(port())) {
            http.send(get("/hello?name=x", "Connection: keep-alive, close"));
            Answer answer = http.read();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("connection")).isEqualToIgnoringCase("close");
            assertThat(http.closedWithin(5000)).isTrue();
        }
    }

    /**
     * Chunk sizes with leading zeros and extensions, as RFC 9112 7.1 allows them, in more than one chunk. Netty (since
     * 4.1.133) refuses whitespace after a token extension value, which the RFC's BWS allows; that refusal is safe.
     */
    @Test
    default void shouldReadChunkExtensionsAndLeadingZeros() throws IOException {
        Answer answer = RawHttp.exchange(port(), chunkedBody("0004;a=b; c=\"x;y\\\"z\" ;e\r\n{\"na\r\n"
                + "8;d\r\nme\":\"q\"}\r\n000\r\nX-Trailer: t\r\n\r\n"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(new JsonPath(answer.body()).getString("message")).isEqualTo("[POST]hello, q!");
    }

    @Test
    default void shouldKeepConnectionAfterOrdinaryRequests() throws IOException {
        try (RawHttp http = new RawHttp(port())) {
            http.send(postJson("{\"name\":\"a\"}"));
            assertThat(http.read().status()).isEqualTo(200);
            http.send(postChunked(ascii("{\"name\":\"c\"}")));
            assertThat(new JsonPath(http.read().body()).getString("message")).isEqualTo("[POST]hello, c!");
            http.send(get("/hello?name=b"));
            assertThat(new JsonPath(http.read().body()).getString("message")).isEqualTo("[GET]hello, b!");
        }
    }

    @Test
    default void shouldMarkApiAnswersNosniffAndNoStore() throws IOException {
        for (byte[] request : List.of(get("/hello?name=x"), postJson("{}"), get("/no/such/path"),
                get("/hello", "Content-Type: x"))) {
            Answer answer = RawHttp.exchange(port(), request);
            assertThat(answer.header("x-content-type-options")).isEqualTo("nosniff");
            assertThat(answer.header("cache-control")).isEqualTo("no-store");
        }
    }

    /** RFC 9112 2.3: a later HTTP/1 minor version is answered as the highest this server speaks. */
    @Test
    default void shouldAnswerALaterHttp1MinorVersionAsHttp11() throws IOException {
        Answer answer = RawHttp.exchange(port(), ascii("GET /hello?name=x HTTP/1.2\r\nHost: localhost\r\n\r\n"));
        assertThat(answer.protocol()).isEqualTo("HTTP/1.1");
        assertThat(new JsonPath(answer.body()).getString("message")).isEqualTo("[GET]hello, x!");
    }
}
