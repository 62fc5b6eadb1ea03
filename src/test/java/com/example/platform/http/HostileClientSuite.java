package com.example.platform.http;

import static com.example.hello.HelloContract.MAX_BODY_BYTES;
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
 * What a hostile or broken client can send, over raw HTTP/1.1 sockets: every request gets a bounded answer (problem
 * JSON wherever the application sees the request), framing that could smuggle a request ends the connection, slow or
 * huge uploads cannot starve or exhaust the service, and none of it makes the service log an error. Subclasses say
 * where the service runs and how to read its log; the service must run with the limits in {@link #LIMITS}.
 */
public abstract class HostileClientSuite {

    /**
     * The settings this suite expects, shorter than the defaults so it runs quickly: {@code %test} in
     * application.properties, and the environment of the image under test.
     */
    public static final List<String> LIMITS = List.of("HELLO_HTTP_BODY_READ_TIMEOUT=2s",
            "HELLO_HTTP_REQUEST_HEAD_TIMEOUT=2s", "HELLO_HTTP_MAX_BUFFERED_BODIES=1M");
    static final int MAX_BUFFERED_BYTES = 1024 * 1024;
    static final int BODY_READ_TIMEOUT_MILLIS = 2000;
    static final int REQUEST_HEAD_TIMEOUT_MILLIS = 2000;
    /** Far more answers than socket buffers hold, so the service's own outbound buffer fills. */
    static final int UNREAD_PIPELINED_REQUESTS = 60_000;
    static final String PROBLEM_JSON = "application/problem+json";
    /** Log growth allowed while every bad input is sent: a line or two of start-up noise at most, no per-request lines. */
    static final int QUIET_LOG_BYTES = 2048;
    /** The access log's category, whose lines carry method, status, duration, size and the escaped path. */
    static final String ACCESS_LOG = "com.example.platform.observability.AccessLog";
    static final int MAX_ACCESS_LINE_BYTES = 1024;

    protected abstract int port();

    /** Everything the service has logged so far. */
    protected abstract String log();

    /** How one bad request must be answered: with problem JSON, and whether the connection is closed after it. */
    record BadInput(String name, byte[] request, int status, boolean closes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static BadInput problem(String name, int status, boolean closes, byte[] request) {
        return new BadInput(name, request, status, closes);
    }

    public static byte[] get(String target, String... headers) {
        return ascii("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + lines(headers) + "\r\n");
    }

    static byte[] getRawTarget(byte[] target) {
        return concat(ascii("GET "), target, ascii(" HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    }

    public static byte[] postJson(byte[] body, String... headers) {
        return concat(ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n" + lines(headers) + "\r\n"), body);
    }

    /** A POST to /hello_post with this Content-Type header line (or none, for {@code null}). */
    static byte[] postAs(String contentType, String body) {
        return ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
    }

    public static byte[] postJson(String body, String... headers) {
        return postJson(body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** A JSON body in one chunk, without Content-Length, as the Lambda handlers forward event bodies. */
    static byte[] postChunked(byte[] body) {
        return concat(ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length) + "\r\n"), body,
                ascii("\r\n0\r\n\r\n"));
    }

    /** A chunked POST whose body, framing included, is exactly this. */
    static byte[] chunkedBody(String framedBody) {
        return ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + framedBody);
    }

    static byte[] jsonName(byte[] rawValue) {
        return concat(ascii("{\"name\":\""), rawValue, ascii("\"}"));
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static String lines(String... headers) {
        return Arrays.stream(headers).map(header -> header + "\r\n").reduce("", String::concat);
    }

    /** A name string long enough that the body overruns the limit inside it. */
    static byte[] overLimitName() {
        byte[] name = new byte[MAX_BODY_BYTES + 1024];
        Arrays.fill(name, (byte) 'a');
        return jsonName(name);
    }

    static byte[] overLimitWhitespace() {
        byte[] body = new byte[MAX_BODY_BYTES + 1024];
        Arrays.fill(body, (byte) ' ');
        return body;
    }

    static Stream<BadInput> badInputs() {
        return Stream.of(
                // 1. Headers the REST layer could not parse
                problem("Content-Type x", 400, false, get("/hello?name=x", "Content-Type: x")),
                problem("Content-Type @@@", 400, false, get("/hello?name=x", "Content-Type: @@@")),
                problem("Content-Type application", 400, false, get("/hello?name=x", "Content-Type: application")),
                problem("Content-Type ;", 400, false, get("/hello?name=x", "Content-Type: ;")),
                problem("POST with Content-Type a/b/c", 400, false, postAs("a/b/c", "{\"name\":\"x\"}")),
                problem("Content-Type */*", 400, false, postAs("*/*", "{\"name\":\"x\"}")),
                problem("Content-Type application/*", 400, false, postAs("application/*", "{\"name\":\"x\"}")),
                problem("two Content-Type headers", 400, false,
                        postJson("{\"name\":\"x\"}", "Content-Type: application/json; charset=UTF-8")),
                problem("Accept @@@", 400, false, get("/hello?name=x", "Accept: @@@")),
                // 2. Duplicate keys
                problem("duplicate key", 400, false, postJson("{\"name\":\"a\",\"name\":\"b\"}")),
                problem("duplicate key after null", 400, false, postJson("{\"name\":null,\"name\":\"b\"}")),
                // 3. Chunked bodies over the limit, wherever the overrun lands
                problem("chunked, overrun inside a string", 413, true, postChunked(overLimitName())),
                problem("chunked, overrun in whitespace", 413, true, postChunked(overLimitWhitespace())),
                problem("Content-Length over the limit", 413, true, postJson(overLimitName())),
                problem("Content-Length over Vert.x's own limit", 413, true,
                        ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 20000000\r\n\r\n{\"name\":")),
                // 4. Not UTF-8 text
                problem("overlong C0 AF", 400, false, postJson(jsonName(bytes(0xC0, 0xAF)))),
                problem("overlong E0 80 AF", 400, false, postJson(jsonName(bytes(0xE0, 0x80, 0xAF)))),
                problem("encoded surrogate ED A0 80", 400, false, postJson(jsonName(bytes(0xED, 0xA0, 0x80)))),
                problem("invalid bytes FF FE", 400, false, postJson(jsonName(bytes(0xFF, 0xFE)))),
                problem("escaped lone high surrogate", 400, false, postJson("{\"name\":\"\\ud800\"}")),
                problem("escaped lone low surrogate", 400, false, postJson("{\"name\":\"x\\udc00y\"}")),
                problem("query %ED%A0%80", 400, false, get("/hello?name=%ED%A0%80")),
                // 5. Raw bytes in the query that are not UTF-8
                problem("raw byte E9 in the query", 400, false, getRawTarget(concat(ascii("/hello?name="), bytes(0xE9)))),
                // 6. Refusals from the HTTP layer, Netty's decoder included
                problem("request target over 4 KiB", 414, true, get("/hello?name=" + "a".repeat(5000))),
                problem("64 KiB header", 431, true, get("/hello", "X-Big: " + "a".repeat(64 * 1024))),
                problem("bad percent-escape", 400, false, get("/hello?name=%zz")),
                problem("lone percent sign", 400, false, get("/hello?name=%")),
                problem("bad percent-escape in the path", 400, true, get("/hello%zz")),
                problem("lone percent sign in the path", 400, true, get("/a%2")),
                problem("%u escape in a health path", 400, true, get("/q/health%u0041")),
                problem("raw brace in the query", 400, false, get("/hello?name={")),
                problem("fragment in the target", 400, false, get("/hello#frag")),
                problem("Content-Length not a number", 400, true,
                        ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n")),
                problem("CONNECT", 404, true, ascii("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com\r\n\r\n")),
                problem("CONNECT to a path", 405, true, ascii("CONNECT /hello HTTP/1.1\r\nHost: localhost\r\n\r\n")),
                problem("HTTP/1.1 without Host", 400, true, ascii("GET /hello HTTP/1.1\r\n\r\n")),
                // 7. Framing that could smuggle a request
                problem("conflicting Content-Length", 400, true,
                        postJson("{\"name\":\"x\"}", "Content-Length: 13")),
                problem("repeated Content-Length", 400, true, postJson("{\"name\":\"x\"}", "Content-Length: 12")),
                problem("Content-Length beside chunked", 400, true,
                        ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 17\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "c\r\n{\"name\":\"x\"}\r\n0\r\n\r\n")),
                problem("Content-Length beside chunked, HTTP/1.0", 400, true,
                        ascii("POST /hello_post HTTP/1.0\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 17\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "c\r\n{\"name\":\"x\"}\r\n0\r\n\r\n")),
                problem("header line without a colon", 400, true,
                        ascii("GET /hello HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n")),
                problem("chunk size not hex", 400, true, chunkedBody("zz\r\n{}\r\n0\r\n\r\n")),
                problem("chunk size over 64 bits", 400, true,
                        chunkedBody("1ffffffffffffffff\r\n{}\r\n0\r\n\r\n")),
                problem("chunk without its CRLF", 400, true, chunkedBody("2\r\n{}XX0\r\n\r\n")),
                problem("chunk size of 2^32, which an int reads as 0", 400, true,
                        chunkedBody("100000000\r\n\r\nGET /hello?name=SMUGGLED HTTP/1.1\r\nHost: localhost\r\n\r\n")),
                problem("chunk size 2^32 + 12", 400, true, chunkedBody("10000000c\r\n{\"name\":\"x\"}\r\n0\r\n\r\n")),
                problem("space before the chunk size", 400, true, chunkedBody(" c\r\n{\"name\":\"x\"}\r\n0\r\n\r\n")),
                problem("space after the chunk size", 400, true, chunkedBody("c \r\n{\"name\":\"x\"}\r\n0\r\n\r\n")),
                problem("word after the chunk size", 400, true, chunkedBody("c x\r\n{\"name\":\"x\"}\r\n0\r\n\r\n")),
                problem("bare CR in a chunk extension", 400, true,
                        chunkedBody("c;e=\rx\r\n{\"name\":\"x\"}\r\n0\r\n\r\n")),
                problem("unclosed quote in a chunk extension", 400, true,
                        chunkedBody("c;e=\"abc\r\n{\"name\":\"x\"}\r\n0\r\n\r\n")),
                problem("chunk extension without a name", 400, true,
                        chunkedBody("c;=v\r\n{\"name\":\"x\"}\r\n0\r\n\r\n")),
                problem("space before the last chunk", 400, true, chunkedBody("c\r\n{\"name\":\"x\"}\r\n 0\r\n\r\n")),
                problem("unknown transfer coding", 400, true,
                        ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + "Transfer-Encoding: foo\r\n\r\n0\r\n\r\n")),
                problem("gzip before chunked", 400, true,
                        ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")),
                // Found by a probe outside the suite
                problem("UTF-16LE body without a byte order mark", 400, false,
                        postJson("{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_16LE))),
                problem("raw NUL in a JSON string", 400, false, postJson(jsonName(bytes(0x61, 0x00, 0x62)))),
                problem("two Host headers", 400, true,
                        ascii("GET /hello?name=x HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n")),
                problem("Content-Encoding gzip", 415, false, postJson("{\"name\":\"x\"}", "Content-Encoding: gzip")),
                // The README's error table
                problem("missing name", 400, false, postJson("{}")),
                problem("null name", 400, false, postJson("{\"name\":null}")),
                problem("number name", 400, false, postJson("{\"name\":42}")),
                problem("malformed JSON", 400, false, postJson("{\"name\":")),
                problem("trailing garbage", 400, false, postJson("{\"name\":\"x\"} x")),
                problem("array body", 400, false, postJson("[]")),
                problem("empty body", 400, false, postJson("")),
                problem("text/plain", 415, false, postAs("text/plain", "{\"name\":\"x\"}")),
                problem("POST without Content-Type", 415, false, postAs(null, "{\"name\":\"x\"}")),
                problem("unknown path", 404, false, get("/no/such/path")),
                problem("wrong method", 405, false, ascii("DELETE /hello HTTP/1.1\r\nHost: localhost\r\n\r\n")),
                problem("protocol FOO/1.1", 400, true, ascii("GET /hello?name=x FOO/1.1\r\nHost: localhost\r\n\r\n")),
                problem("lower-case http/1.1", 400, true, ascii("GET /hello?name=x http/1.1\r\nHost: localhost\r\n\r\n")),
                problem("no protocol", 400, true, ascii("GET /hello?name=x\r\nHost: localhost\r\n\r\n")),
                problem("a header without a name", 400, false,
                        ascii("GET /hello?name=x HTTP/1.1\r\nHost: localhost\r\n: v\r\n\r\n")),
                problem("HTTP/2.0 in an HTTP/1 request line", 505, true,
                        ascii("GET /hello?name=x HTTP/2.0\r\nHost: localhost\r\n\r\n")),
                // Health and the API documents live on the management interface, not on the application's port.
                problem("a health endpoint on the application port", 404, false, get("/q/health/ready")),
                problem("the OpenAPI document on the application port", 404, false, get("/q/openapi")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void shouldAnswerBadInputAsDocumented(BadInput input) throws IOException {
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
    void shouldAnswerAnH2cUpgradeAsHttp11() throws IOException {
        Answer answer = RawHttp.exchange(port(), postJson("{\"name\":\"x\"}", "Connection: Upgrade, HTTP2-Settings",
                "Upgrade: h2c", "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(new JsonPath(answer.body()).getString("message")).isEqualTo("[POST]hello, x!");
    }

    /** An HTTP/1.0 client cannot take an interim answer, so its 100-continue expectation is ignored (RFC 9110 10.1.1). */
    @Test
    void shouldNotSend100ContinueToHttp10() throws IOException {
        byte[] request = ascii("POST /hello_post HTTP/1.0\r\nContent-Type: application/json\r\n"
                + "Expect: 100-continue\r\nContent-Length: 12\r\n\r\n{\"name\":\"x\"}");
        assertThat(RawHttp.exchange(port(), request).status()).isEqualTo(200);
    }

    @Test
    void shouldNameTheDuplicateKey() throws IOException {
        Answer answer = RawHttp.exchange(port(), postJson("{\"name\":\"a\",\"name\":\"b\"}"));
        assertThat(new JsonPath(answer.body()).getList("violations.field")).containsExactly("name");
    }

    @Test
    void shouldReadRawUtf8InTheQueryAsUtf8() throws IOException {
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
    void shouldRefuseChunkedBodyWithContentLengthAndNotAnswerTheSmuggledRequest() throws IOException {
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
    void shouldAnswer100ContinueOnlyForBodiesWithinTheLimit() throws IOException {
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
    void shouldCloseAfterRefusingTheTargetOfAChunkedRequest() throws IOException {
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
    void shouldNotRunRequestsPipelinedAfterOneThatClosesTheConnection() throws Exception {
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
    void shouldRefuseBrokenChunkFraming() throws Exception {
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

    private String awaitLogLine(String text) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            var line = log().lines().filter(l -> l.contains(text)).reduce((first, second) -> second);
            if (line.isPresent()) {
                return line.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no log line with " + text);
    }

    /** A 405 says which methods the path does answer (RFC 9110 15.5.6). */
    @Test
    void shouldListTheAllowedMethodsOnA405() throws IOException {
        Answer delete = RawHttp.exchange(port(), ascii("DELETE /hello HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        expectProblem(delete, 405);
        assertThat(delete.header("allow")).isEqualTo("GET, HEAD, OPTIONS, POST");
        Answer get = RawHttp.exchange(port(), get("/hello_post"));
        expectProblem(get, 405);
        assertThat(get.header("allow")).isEqualTo("OPTIONS, POST");
    }

    /** A raw {@code ;} in the query is a character of the value, as browsers send it, not a parameter separator. */
    @Test
    void shouldReadARawSemicolonInTheQueryAsACharacter() throws IOException {
        Answer answer = RawHttp.exchange(port(), get("/hello?name=a;b"));
        assertThat(new JsonPath(answer.body()).getString("message")).isEqualTo("[GET]hello, a;b!");
        answer = RawHttp.exchange(port(), get("/hello?x=1;name=evil&name=good"));
        assertThat(new JsonPath(answer.body()).getString("message")).isEqualTo("[GET]hello, good!");
    }

    /** A comma inside a quoted parameter value does not split the Accept list (RFC 9110 5.6.4). */
    @Test
    void shouldReadAQuotedCommaInAnAcceptParameter() throws IOException {
        Answer answer = RawHttp.exchange(port(), get("/hello?name=x", "Accept: application/json; x=\"a,b\""));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /** RFC 9110 8.3.1 and 12.5.1: optional whitespace around the {@code ;} before a media type parameter. */
    @Test
    void shouldAcceptWhitespaceAroundMediaTypeParameters() throws IOException {
        Answer post = RawHttp.exchange(port(), postAs("application/json ; charset=UTF-8", "{\"name\":\"x\"}"));
        assertThat(post.status()).as(post.body()).isEqualTo(200);
        Answer get = RawHttp.exchange(port(), get("/hello?name=x", "Accept: application/json ;q=0.9, */* ; q=0.1"));
        assertThat(get.status()).as(get.body()).isEqualTo(200);
        assertThat(new JsonPath(get.body()).getString("message")).isEqualTo("[GET]hello, x!");
    }

    /** The close option may come in a list of connection options (RFC 9112 9.6). */
    @Test
    void shouldCloseWhenTheConnectionOptionsIncludeClose() throws IOException {
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
    void shouldReadChunkExtensionsAndLeadingZeros() throws IOException {
        Answer answer = RawHttp.exchange(port(), chunkedBody("0004;a=b; c=\"x;y\\\"z\" ;e\r\n{\"na\r\n"
                + "8;d\r\nme\":\"q\"}\r\n000\r\nX-Trailer: t\r\n\r\n"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(new JsonPath(answer.body()).getString("message")).isEqualTo("[POST]hello, q!");
    }

    @Test
    void shouldKeepConnectionAfterOrdinaryRequests() throws IOException {
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
    void shouldMarkApiAnswersNosniffAndNoStore() throws IOException {
        for (byte[] request : List.of(get("/hello?name=x"), postJson("{}"), get("/no/such/path"),
                get("/hello", "Content-Type: x"))) {
            Answer answer = RawHttp.exchange(port(), request);
            assertThat(answer.header("x-content-type-options")).isEqualTo("nosniff");
            assertThat(answer.header("cache-control")).isEqualTo("no-store");
        }
    }

    @Test
    void shouldAnswer408WhenBodyStopsArriving() throws IOException {
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
    void shouldAnswer408WhenTheRequestHeadTrickles() throws Exception {
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

    /**
     * Requests pipelined behind a refusal that closes the connection, the last of them malformed: none is answered,
     * and the service logs nothing about them (Vert.x failed on the malformed one with a NullPointerException, a
     * WARN with a stack trace, and left a request in flight that held up a graceful shutdown).
     */
    @Test
    void shouldStayQuietAboutRequestsPipelinedBehindAClosingRefusal() throws Exception {
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

    /** A request refused for its framing, which closes the connection, with a good and a malformed one behind it. */
    public static List<byte[]> refusalsWithRequestsBehind() {
        return Stream.of("Transfer-Encoding: x\r\n\r\n",
                "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n")
                .map(framing -> ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\n" + framing
                        + "GET /hello?name=a HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        + "GET /a b c HTTP/1.1\r\nHost: localhost\r\n\r\n"))
                .toList();
    }

    /**
     * A client that leaves halfway through a request head is not answered, and not logged as a refusal. Its request id
     * arrives before the cut, so any line written for it, the access line above all, would carry the id.
     */
    @Test
    void shouldNotAnswerARequestHeadCutOffByTheClient() throws Exception {
        String id = "cut-off-" + UUID.randomUUID();
        try (RawHttp http = new RawHttp(port())) {
            http.send(ascii("GET /hello?name=x HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: " + id
                    + "\r\nAccept: */*\r\nX-Cut: "));
            Thread.sleep(200);
        }
        Thread.sleep(500);
        assertThat(log()).doesNotContain(id);
    }

    /** A connection that sends nothing is timed like a request head that stops arriving. */
    @Test
    void shouldAnswer408ToAConnectionThatSendsNothing() throws Exception {
        try (RawHttp http = new RawHttp(port())) {
            expectTimeout(http, System.nanoTime(), REQUEST_HEAD_TIMEOUT_MILLIS);
        }
    }

    /** RFC 9112 2.3: a later HTTP/1 minor version is answered as the highest this server speaks. */
    @Test
    void shouldAnswerALaterHttp1MinorVersionAsHttp11() throws IOException {
        Answer answer = RawHttp.exchange(port(), ascii("GET /hello?name=x HTTP/1.2\r\nHost: localhost\r\n\r\n"));
        assertThat(answer.protocol()).isEqualTo("HTTP/1.1");
        assertThat(new JsonPath(answer.body()).getString("message")).isEqualTo("[GET]hello, x!");
    }

    /**
     * A client pipelining requests without reading the answers: once the unread answers pass the outbound buffer's
     * mark, the next request gets 503 and the connection is closed, instead of every request running and its answer
     * being held in memory (400,000 such requests took the process to 680 MB).
     */
    @Test
    void shouldStopServingAClientThatDoesNotReadItsAnswers() throws Exception {
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
    void shouldKeepAnIdleConnectionPastTheRequestHeadTimeout() throws Exception {
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
    void shouldAnswerNormalRequestsWhileSlowUploadsTrickle() throws Exception {
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
    void shouldAnswer503PastTheBufferedBytesBudget() throws Exception {
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

    /** Item 1 of the issue: a client must not be able to fill the log. */
    @Test
    void shouldKeepTheLogQuietForEveryBadInput() throws Exception {
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

    /** The 408 problem a timeout answers, about that long after {@code started}, and the connection closed. */
    private static Answer expectTimeout(RawHttp http, long started, long timeoutMillis) throws IOException {
        Answer answer = http.read();
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        expectProblem(answer, 408);
        assertThat(waitedMillis).isBetween(timeoutMillis - 500L, timeoutMillis + 5000L);
        assertThat(http.closedWithin(5000)).isTrue();
        return answer;
    }

    static void expectProblem(Answer answer, int status) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.protocol()).as("the status line's protocol, never the client's").isIn("HTTP/1.1", "HTTP/1.0");
        assertThat(answer.header("content-type")).startsWith(PROBLEM_JSON);
        JsonPath problem = new JsonPath(answer.body());
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getString("type")).isNotBlank();
        assertThat(problem.getString("detail")).isNotBlank();
        assertThat(answer.body()).doesNotContain("Exception", "java.", "Error id", "stack");
        // Refusals from the router itself (no Host) too: the id the log lines carry, and the API answers' headers.
        assertThat(problem.getString("requestId")).isNotBlank().isEqualTo(answer.header("x-request-id"));
        assertThat(answer.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(answer.header("cache-control")).isEqualTo("no-store");
    }
}
