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
 * What the hostile-client suites share: where the service runs and its log (each runner says), the limits it must run
 * with ({@link #LIMITS}), and the requests and checks the suites build on. The suites are split by concern:
 * {@link FramingCases} (what a request may look like), {@link SlowClientCases} (time and memory a client may hold) and
 * {@link LogHygieneCases} (what a client may make the service log).
 */
public interface HostileClients {

    /**
     * The settings this suite expects, shorter than the defaults so it runs quickly: {@code %test} in
     * application.properties, and the environment of the image under test.
     */
    List<String> LIMITS = List.of("HELLO_HTTP_BODY_READ_TIMEOUT=2s",
            "HELLO_HTTP_REQUEST_HEAD_TIMEOUT=2s", "HELLO_HTTP_MAX_BUFFERED_BODIES=1M");
    int MAX_BUFFERED_BYTES = 1024 * 1024;
    int BODY_READ_TIMEOUT_MILLIS = 2000;
    int REQUEST_HEAD_TIMEOUT_MILLIS = 2000;
    /** Far more answers than socket buffers hold, so the service's own outbound buffer fills. */
    int UNREAD_PIPELINED_REQUESTS = 60_000;
    String PROBLEM_JSON = "application/problem+json";
    /** Log growth allowed while every bad input is sent: a line or two of start-up noise at most, no per-request lines. */
    int QUIET_LOG_BYTES = 2048;
    /** The access log's category, whose lines carry method, status, duration, size and the escaped path. */
    String ACCESS_LOG = "com.example.platform.observability.AccessLog";
    int MAX_ACCESS_LINE_BYTES = 1024;

    int port();

    /** Everything the service has logged so far. */
    String log();

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

    static byte[] get(String target, String... headers) {
        return ascii("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + lines(headers) + "\r\n");
    }

    static byte[] getRawTarget(byte[] target) {
        return concat(ascii("GET "), target, ascii(" HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    }

    static byte[] postJson(byte[] body, String... headers) {
        return concat(ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n" + lines(headers) + "\r\n"), body);
    }

    /** A POST to /hello_post with this Content-Type header line (or none, for {@code null}). */
    static byte[] postAs(String contentType, String body) {
        return ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
    }

    static byte[] postJson(String body, String... headers) {
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

    static String lines(String... headers) {
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

    default String awaitLogLine(String text) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            var line = log().lines().filter(l -> l.contains(text)).reduce((first, second) -> second);
            if (line.isPresent()) {
                return line.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no log line with " + text);
    }

    /** A request refused for its framing, which closes the connection, with a good and a malformed one behind it. */
    static List<byte[]> refusalsWithRequestsBehind() {
        return Stream.of("Transfer-Encoding: x\r\n\r\n",
                "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n")
                .map(framing -> ascii("POST /hello_post HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\n" + framing
                        + "GET /hello?name=a HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        + "GET /a b c HTTP/1.1\r\nHost: localhost\r\n\r\n"))
                .toList();
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
