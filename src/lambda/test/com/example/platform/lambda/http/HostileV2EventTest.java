package com.example.platform.lambda.http;

import static com.example.hello.HelloContract.MAX_BODY_BYTES;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.example.platform.observability.LogCapture;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The hostile inputs that can arrive through an API Gateway HTTP API event, through the real Lambda handler: its
 * body is forwarded chunked (events carry no Content-Length), so the size limit must hold whatever JSON token the
 * overrun lands in; bytes that are not UTF-8 text; raw non-ASCII query text; duplicate keys; a malformed
 * Content-Type. The event is {@code events/apigw-v2-hostile-template.json} with the body or query of each case.
 */
@QuarkusTest
class HostileV2EventTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldAnswer413WhenTheOverrunLandsInsideAString() throws IOException {
        byte[] body = ("{\"name\":\"" + "a".repeat(MAX_BODY_BYTES + 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        expectProblem(invoke(post(body)), 413);
    }

    @Test
    void shouldAnswer413WhenTheOverrunLandsInWhitespace() throws IOException {
        byte[] body = new byte[MAX_BODY_BYTES + 1024];
        Arrays.fill(body, (byte) ' ');
        expectProblem(invoke(post(body)), 413);
    }

    @Test
    void shouldRejectOverlongUtf8() throws IOException {
        expectProblem(invoke(post(new byte[] { '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF,
                '"', '}' })), 400);
        expectProblem(invoke(post(new byte[] { '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xE0, (byte) 0x80,
                (byte) 0xAF, '"', '}' })), 400);
    }

    @Test
    void shouldRejectEscapedLoneSurrogate() throws IOException {
        expectProblem(invoke(post("{\"name\":\"\\ud800\"}".getBytes(StandardCharsets.UTF_8))), 400);
    }

    @Test
    void shouldRejectDuplicateKeyNamingIt() throws IOException {
        JsonPath answer = invoke(post("{\"name\":\"a\",\"name\":\"b\"}".getBytes(StandardCharsets.UTF_8)));
        expectProblem(answer, 400);
        assertThat(body(answer).getList("violations.field")).containsExactly("name");
    }

    @Test
    void shouldRejectMalformedContentType() throws IOException {
        ObjectNode event = post("{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8));
        ((ObjectNode) event.get("headers")).put("content-type", "@@@");
        expectProblem(invoke(event), 400);
    }

    /**
     * Header values that Netty refuses over a socket reach the application from an event without passing through it:
     * each gets a 4xx problem and no warning or error in the log.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "content-length | abc", "content-length | 99999999999999999999", "content-length | 1, 2",
            "content-length | -1", "content-length | ' '", "transfer-encoding | gzip",
            "transfer-encoding | chunked, chunked", "content-type | application/json/x",
            "content-type | ' '", "host | a b", "host | [::1" })
    void shouldRefuseMalformedHeaderWithAProblem(String name, String value) throws IOException {
        ObjectNode event = post("{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8));
        ((ObjectNode) event.get("headers")).put(name, value);
        try (LogCapture logs = LogCapture.start()) {
            JsonPath answer = invoke(event);
            assertThat(answer.getInt("statusCode")).as(answer.prettify()).isBetween(400, 499);
            expectProblem(answer, answer.getInt("statusCode"));
            assertThat(logs.warningsAndErrors()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "name=%zz", "name=%", "name={x}", "name=a%2" })
    void shouldRefuseAQueryThatIsNotAUri(String rawQuery) throws IOException {
        expectProblem(invoke(getWithRawQuery(rawQuery)), 400);
    }

    @Test
    void shouldReadRawNonAsciiQueryAsText() throws IOException {
        for (String name : new String[] { "é", "太郎", "€" }) {
            JsonPath answer = invoke(getWithRawQuery("name=" + name));
            assertThat(answer.getInt("statusCode")).isEqualTo(200);
            assertThat(body(answer).getString("message")).isEqualTo("[GET]hello, " + name + "!");
        }
    }

    private static ObjectNode post(byte[] body) throws IOException {
        ObjectNode event = template();
        event.put("body", Base64.getEncoder().encodeToString(body));
        event.put("isBase64Encoded", true);
        return event;
    }

    private static ObjectNode getWithRawQuery(String rawQuery) throws IOException {
        ObjectNode event = template();
        event.put("rawPath", "/hello");
        event.put("rawQueryString", rawQuery);
        ((ObjectNode) event.get("requestContext").get("http")).put("method", "GET").put("path", "/hello");
        ((ObjectNode) event.get("headers")).remove("content-type");
        event.remove("body");
        event.put("isBase64Encoded", false);
        return event;
    }

    private static ObjectNode template() throws IOException {
        try (InputStream in = HostileV2EventTest.class.getResourceAsStream("/events/apigw-v2-hostile-template.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    private static JsonPath invoke(ObjectNode event) throws IOException {
        return given().contentType("application/json").body(JSON.writeValueAsString(event))
                .when().post("/_lambda_")
                .then().statusCode(200)
                .extract().jsonPath();
    }

    private static JsonPath body(JsonPath response) {
        String body = response.getString("body");
        if (response.getBoolean("isBase64Encoded")) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return new JsonPath(body);
    }

    private static void expectProblem(JsonPath response, int status) {
        assertThat(response.getInt("statusCode")).isEqualTo(status);
        Map<String, String> headers = response.getMap("headers");
        assertThat(headers.entrySet()).anySatisfy(header -> {
            assertThat(header.getKey()).isEqualToIgnoringCase("content-type");
            assertThat(header.getValue()).startsWith("application/problem+json");
        });
        assertThat(body(response).getInt("status")).isEqualTo(status);
    }
}
