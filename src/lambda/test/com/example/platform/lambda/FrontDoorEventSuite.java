package com.example.platform.lambda;

import static com.example.hello.HelloContract.MAX_BODY_BYTES;
import static com.example.platform.lambda.LambdaEvents.body;
import static com.example.platform.lambda.LambdaEvents.bodyBytes;
import static com.example.platform.lambda.LambdaEvents.fixture;
import static com.example.platform.lambda.LambdaEvents.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Every AWS front door's events, from the checked-in fixtures ({@code src/test/resources/events/<door>-<case>.json},
 * written from AWS's documented formats), through the function's real handler; each answer must also have the shape
 * its door reads. Runs in process ({@link FrontDoorEventTest}) and against the Lambda image ({@code LambdaImageIT}).
 */
public abstract class FrontDoorEventSuite {

    static final String NAME = "太郎 😀 a+b & c=d 100%";
    static final ObjectMapper JSON = new ObjectMapper();

    /** The fixture prefix and answer shape of each front door. */
    public enum Door {
        REST_API("rest-api"),
        HTTP_API("http-api"),
        FUNCTION_URL("function-url"),
        ALB("alb"),
        ALB_MULTI_VALUE("alb-multi-value");

        final String prefix;

        Door(String prefix) {
            this.prefix = prefix;
        }

        boolean isAlb() {
            return this == ALB || this == ALB_MULTI_VALUE;
        }

        boolean hasMultiValueHeaders() {
            return this == REST_API || this == ALB_MULTI_VALUE;
        }
    }

    /** The test-only echo endpoint is compiled with the tests, so only the in-process function has it. */
    protected abstract boolean hasEchoEndpoint();

    /** Sends {@code <door>-<case>.json} and checks the answer has the door's shape. */
    static JsonPath invoke(Door door, String testCase) {
        return invokeEvent(door, fixture(door.prefix + "-" + testCase + ".json"));
    }

    static JsonPath invokeEvent(Door door, String event) {
        Response response = LambdaEvents.post(event);
        assertThat(response.statusCode()).as("the function answered: %s", response.asString()).isEqualTo(200);
        JsonPath answer = response.jsonPath();
        assertDoorShape(door, answer);
        return answer;
    }

    static void assertDoorShape(Door door, JsonPath answer) {
        int status = answer.getInt("statusCode");
        Map<String, Object> json = answer.getMap("");
        if (door.isAlb()) {
            assertThat(answer.getString("statusDescription")).as("ALB status line")
                    .isEqualTo(status + " " + io.netty.handler.codec.http.HttpResponseStatus.valueOf(status)
                            .reasonPhrase());
        } else {
            assertThat(json).doesNotContainKey("statusDescription");
        }
        if (door.hasMultiValueHeaders()) {
            assertThat(json).containsKey("multiValueHeaders").doesNotContainKeys("headers", "cookies");
        } else {
            assertThat(json).containsKey("headers").doesNotContainKey("multiValueHeaders");
        }
        if (door.isAlb() || door == Door.REST_API) {
            assertThat(json).doesNotContainKey("cookies");
        }
        Map<String, List<String>> headers = headers(answer);
        assertThat(headers).doesNotContainKeys("transfer-encoding", "connection");
        String contentType = headers.getOrDefault("content-type", List.of("")).get(0).toLowerCase();
        boolean text = contentType.startsWith("text/") || contentType.contains("json") || contentType.contains("yaml");
        if (text) {
            assertThat(answer.getBoolean("isBase64Encoded")).as("text answers are never base64 (%s)", contentType)
                    .isFalse();
        }
    }

    static void assertGreeting(JsonPath answer, String message) {
        assertThat(answer.getInt("statusCode")).as(answer.prettify()).isEqualTo(200);
        assertThat(headers(answer).get("content-type").get(0)).startsWith("application/json");
        assertThat(body(answer).getString("message")).isEqualTo(message);
    }

    static void assertProblem(JsonPath answer, int status) {
        assertThat(answer.getInt("statusCode")).as(answer.prettify()).isEqualTo(status);
        assertThat(headers(answer).get("content-type").get(0)).startsWith("application/problem+json");
        assertThat(body(answer).getInt("status")).isEqualTo(status);
        assertThat(answer.getString("body")).doesNotContain("Exception", "java.", "\tat ");
    }

    /** Set-Cookie values, wherever the door carries them. */
    static List<String> setCookies(JsonPath answer) {
        List<String> cookies = new ArrayList<>(headers(answer).getOrDefault("set-cookie", List.of()));
        if (answer.getList("cookies") != null) {
            cookies.addAll(answer.getList("cookies"));
        }
        return cookies;
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldGreetByQuery(Door door) {
        assertGreeting(invoke(door, "get-hello"), "[GET]hello, X!");
    }

    @ParameterizedTest
    @EnumSource(value = Door.class, names = { "REST_API", "HTTP_API", "FUNCTION_URL" })
    void shouldServeRequestsThatCarryAnAuthorizersContext(Door door) {
        assertGreeting(invoke(door, "get-hello-authorized"), "[GET]hello, X!");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldDecodeAQueryThatNeedsEncodingOnce(Door door) {
        assertGreeting(invoke(door, "get-encoded-query"), "[GET]hello, " + NAME + "!");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldKeepRepeatedQueryParameters(Door door) {
        // An ALB in single-value mode passes on only the last value of a repeated parameter.
        assertGreeting(invoke(door, "get-repeated-query"), door == Door.ALB ? "[GET]hello, b!" : "[GET]hello, a!");
        if (hasEchoEndpoint()) {
            JsonPath seen = body(invoke(door, "get-repeated-query-echo"));
            assertThat(seen.getList("query.name")).isEqualTo(door == Door.ALB ? List.of("b") : List.of("a", "b"));
            assertThat(seen.getList("query.tag")).containsExactly("x");
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldDecodeAnEncodedPathOnce(Door door) {
        assumeTrue(hasEchoEndpoint(), "needs the test-only echo endpoint");
        assertThat(body(invoke(door, "encoded-path-echo")).getString("path")).isEqualTo("/_test/echo/a b+c");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldGreetByJsonBody(Door door) {
        assertGreeting(invoke(door, "post-json"), "[POST]hello, " + NAME + "!");
        assertGreeting(invoke(door, "post-alias"), "[POST]hello, X!");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldDecodeABase64Body(Door door) {
        assertGreeting(invoke(door, "post-base64"), "[POST]hello, 太郎!");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldAcceptJsonWithACharset(Door door) {
        assertGreeting(invoke(door, "post-charset"), "[POST]hello, 太郎!");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldRejectABodyWithoutContentTypeWith415(Door door) {
        assertProblem(invoke(door, "post-no-content-type"), 415);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldRejectMalformedJsonWith400(Door door) {
        assertProblem(invoke(door, "post-malformed-json"), 400);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldPassCookiesInAndEachSetCookieOut(Door door) {
        assumeTrue(hasEchoEndpoint(), "needs the test-only echo endpoint");
        JsonPath answer = invoke(door, "cookies-echo");
        assertThat(body(answer).getMap("cookies")).isEqualTo(Map.of("session", "abc", "theme", "dark"));
        assertThat(setCookies(answer)).hasSize(2)
                .anySatisfy(cookie -> assertThat(cookie).startsWith("session=abc"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("theme=dark"));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldKeepHeaderValuesThatContainCommas(Door door) {
        assumeTrue(hasEchoEndpoint(), "needs the test-only echo endpoint");
        JsonPath answer = invoke(door, "comma-headers-echo");
        JsonPath seen = body(answer);
        assertThat(seen.getList("headers.user-agent")).containsExactly("Mozilla/5.0 (X11, Linux x86_64)");
        assertThat(seen.getList("headers.date")).containsExactly("Wed, 21 Oct 2015 07:28:00 GMT");
        assertThat(headers(answer).get("date")).containsExactly("Wed, 21 Oct 2015 07:28:00 GMT");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldAnswerCorsPreflightFromAnAllowedOrigin(Door door) {
        JsonPath answer = invoke(door, "cors-preflight");
        assertThat(answer.getInt("statusCode")).isEqualTo(200);
        Map<String, List<String>> headers = headers(answer);
        assertThat(headers.get("access-control-allow-origin")).containsExactly("https://example.com");
        assertThat(String.join(",", headers.get("access-control-allow-methods")).split(",")).contains("GET", "POST");
        assertThat(headers(invoke(door, "cors-simple")).get("access-control-allow-origin"))
                .containsExactly("https://example.com");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldNotGrantCorsToARefusedOrigin(Door door) {
        assertThat(headers(invoke(door, "cors-preflight-refused"))).doesNotContainKey("access-control-allow-origin");
    }

    @ParameterizedTest
    @EnumSource(value = Door.class, names = { "REST_API", "HTTP_API" })
    void shouldRouteBehindANamedStageAndACustomDomainBasePath(Door door) {
        assertGreeting(invoke(door, "named-stage"), "[GET]hello, X!");
        assertGreeting(invoke(door, "custom-domain-base-path"), "[GET]hello, X!");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldServeHealthOpenApiAndSwaggerUiAsText(Door door) {
        JsonPath health = invoke(door, "health");
        assertThat(health.getInt("statusCode")).isEqualTo(200);
        assertThat(health.getBoolean("isBase64Encoded")).isFalse();
        assertThat(body(health).getString("status")).isEqualTo("UP");

        JsonPath openApi = invoke(door, "openapi");
        assertThat(openApi.getInt("statusCode")).isEqualTo(200);
        assertThat(openApi.getBoolean("isBase64Encoded")).isFalse();
        assertThat(openApi.getString("body")).contains("/hello_post");

        JsonPath swaggerUi = invoke(door, "swagger-ui");
        assertThat(swaggerUi.getInt("statusCode")).isEqualTo(200);
        assertThat(swaggerUi.getBoolean("isBase64Encoded")).isFalse();
        assertThat(swaggerUi.getString("body")).containsIgnoringCase("swagger");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldSendBinaryAnswersBase64Encoded(Door door) {
        JsonPath favicon = invoke(door, "binary-logo");
        assertThat(favicon.getInt("statusCode")).isEqualTo(200);
        assertThat(headers(favicon).get("content-type").get(0)).startsWith("image/png");
        assertThat(favicon.getBoolean("isBase64Encoded")).isTrue();
        assertThat(bodyBytes(favicon)).startsWith(0x89, 'P', 'N', 'G');
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldAnswerUnknownPathAndWrongMethodWithProblems(Door door) {
        assertProblem(invoke(door, "unknown-path"), 404);
        JsonPath wrongMethod = invoke(door, "wrong-method");
        assertProblem(wrongMethod, 405);
        assertThat(headers(wrongMethod).get("allow")).containsExactly("GET, HEAD, OPTIONS, POST");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldRejectAnOversizedBodyWith413(Door door) throws Exception {
        assertProblem(invokeEvent(door, oversized(door, true)), 413);
        assertGreeting(invoke(door, "get-hello"), "[GET]hello, X!");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldRejectAnOversizedBodyWithoutContentLengthWith413(Door door) throws Exception {
        assertProblem(invokeEvent(door, oversized(door, false)), 413);
        assertGreeting(invoke(door, "get-hello"), "[GET]hello, X!");
    }

    /** The door's JSON POST with a body just over the limit, and a Content-Length header that says so or none. */
    static String oversized(Door door, boolean withContentLength) throws Exception {
        String body = "{\"name\":\"" + "a".repeat(MAX_BODY_BYTES) + "\"}";
        ObjectNode event = (ObjectNode) JSON.readTree(fixture(door.prefix + "-post-json.json"));
        event.put("body", body);
        setHeader(event, "content-length", withContentLength ? String.valueOf(body.length()) : null);
        return JSON.writeValueAsString(event);
    }

    /** Replaces the header's value in whichever header fields the event has, or removes it ({@code null}). */
    static void setHeader(ObjectNode event, String name, String value) {
        for (String field : List.of("headers", "multiValueHeaders")) {
            if (!event.path(field).isObject()) {
                continue;
            }
            ObjectNode headers = (ObjectNode) event.get(field);
            boolean multiValue = field.equals("multiValueHeaders");
            for (Iterator<String> names = headers.fieldNames(); names.hasNext();) {
                if (names.next().equalsIgnoreCase(name)) {
                    names.remove();
                }
            }
            if (value != null && multiValue) {
                headers.set(name, JSON.createArrayNode().add(value));
            } else if (value != null) {
                headers.put(name, value);
            }
        }
    }

    /** Optional whitespace before a media type parameter (RFC 9110 5.6.6) is read as over a socket. */
    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldReadAContentTypeWithWhitespaceBeforeItsParameter(Door door) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(fixture(door.prefix + "-post-json.json"));
        setHeader(event, "content-type", "application/json ; charset=UTF-8");
        assertGreeting(invokeEvent(door, JSON.writeValueAsString(event)), "[POST]hello, " + NAME + "!");
    }

    /**
     * A path with a stray {@code %}: from a door that decodes paths it is a literal {@code %}, from one that passes
     * them raw a broken escape; either way a problem, never the router's own failure (an ERROR with a stack trace).
     */
    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldAnswerAPathWithAStrayPercentSignWithAProblem(Door door) throws Exception {
        for (String path : List.of("/hello%zz", "/hello%", "/a%2")) {
            ObjectNode event = (ObjectNode) JSON.readTree(fixture(door.prefix + "-unknown-path.json"));
            if (event.has("rawPath") || event.path("requestContext").path("http").has("path")) {
                event.put("rawPath", path);
                ((ObjectNode) event.path("requestContext").path("http")).put("path", path);
            } else {
                event.put("path", path);
            }
            JsonPath answer = invokeEvent(door, JSON.writeValueAsString(event));
            assertThat(answer.getInt("statusCode")).as(path).isIn(400, 404);
            assertProblem(answer, answer.getInt("statusCode"));
        }
        assertGreeting(invoke(door, "get-hello"), "[GET]hello, X!");
    }

    /** Quarkus's own endpoints answer reads only, as over a socket. */
    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldRefuseAPostToAHealthEndpoint(Door door) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(fixture(door.prefix + "-health.json"));
        if (event.has("httpMethod")) {
            event.put("httpMethod", "POST");
        } else {
            ((ObjectNode) event.path("requestContext").path("http")).put("method", "POST");
        }
        assertProblem(invokeEvent(door, JSON.writeValueAsString(event)), 405);
    }

    static Stream<String> malformedEvents() {
        return Stream.of("malformed-empty-object.json", "malformed-sqs-message.json",
                "malformed-http-api-without-method.json", "malformed-rest-api-without-path.json",
                "malformed-alb-bad-method.json", "malformed-http-api-bad-base64.json",
                "malformed-rest-api-object-body.json");
    }

    @ParameterizedTest
    @MethodSource("malformedEvents")
    void shouldRejectAnEventNoFrontDoorSendsAndKeepServing(String malformed) {
        Response response = LambdaEvents.post(fixture(malformed));
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonPath answer = response.jsonPath();
        assertProblem(answer, 400);
        // Like every answer the application gives: the invocation's id, and the configured headers.
        assertThat(body(answer).getString("requestId")).isNotBlank()
                .isEqualTo(headers(answer).get("x-request-id").get(0));
        assertThat(headers(answer).get("x-content-type-options")).containsExactly("nosniff");
        for (Door door : Door.values()) {
            assertGreeting(invoke(door, "get-hello"), "[GET]hello, X!");
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shouldFailAnEventThatIsNotJsonAndKeepServing(Door door) {
        assertThat(LambdaEvents.post(fixture("malformed-not-json.txt")).statusCode())
                .as("the invocation fails: no front door sends such an event").isEqualTo(500);
        assertGreeting(invoke(door, "get-hello"), "[GET]hello, X!");
    }
}
