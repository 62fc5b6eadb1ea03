package com.example.hello;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.equalToIgnoringCase;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.Headers;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import com.example.platform.http.RawHttp;

/**
 * The HTTP contract of the service. Every target runs exactly these tests: the container build over real HTTP, the
 * Lambda builds through the mock event server (so through real API Gateway event translation), and the built images.
 * Subclasses only decide where the service runs.
 */
public abstract class HelloContract {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String ALLOWED_ORIGIN = "https://example.com";
    static final String UNKNOWN_ORIGIN = "https://evil.example.org";
    public static final int MAX_BODY_BYTES = 64 * 1024;

    @BeforeAll
    static void configureRestAssured() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        // Send bodies exactly as given: no charset appended to Content-Type, no re-encoding.
        // A hung request fails its test instead of the whole build.
        RestAssured.config = RestAssured.config()
                .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false))
                .httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.connection.timeout", 10_000)
                        .setParam("http.socket.timeout", 60_000));
    }

    /**
     * Where this target serves health and the API documents: the same door as the API unless the subclass runs a
     * build with a management interface (application.properties, Management).
     */
    protected RequestSpecification management() {
        return given();
    }

    static Stream<String> names() {
        return Stream.of("X", "太郎", "John Smith", "a+b", "100%", "Tom & Jerry", "\"quoted\" and 'single'",
                "emoji 😀🚀", "a=b?c#d/e", "comma, semicolon; done", "tab\tand\\backslash");
    }

    @Test
    void shouldGreetByQueryParameter() {
        given().queryParam("name", "X")
                .when().get("/hello")
                .then().statusCode(200)
                .contentType("application/json")
                .body("message", equalTo("[GET]hello, X!"));
    }

    @Test
    void shouldGreetVisitorWhenNameIsAbsent() {
        given().when().get("/hello")
                .then().statusCode(200)
                .body("message", equalTo("[GET]hello, visitor!"));
    }

    @Test
    void shouldGreetVisitorWhenNameIsEmpty() {
        given().queryParam("name", "")
                .when().get("/hello")
                .then().statusCode(200)
                .body("message", equalTo("[GET]hello, visitor!"));
    }

    @ParameterizedTest
    @MethodSource("names")
    void shouldEchoQueryNameExactly(String name) {
        given().queryParam("name", name)
                .when().get("/hello")
                .then().statusCode(200)
                .body("message", equalTo("[GET]hello, " + name + "!"));
    }

    @Test
    void shouldRejectQueryNameThatIsNotUtf8() {
        expectProblem(given().urlEncodingEnabled(false).when().get("/hello?name=%FF%FE").then(), 400)
                .body("violations.field", hasItem("name"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/hello_post", "/hello" })
    void shouldGreetByJsonBody(String path) {
        postJson(path, "{\"name\":\"X\"}")
                .statusCode(200)
                .contentType("application/json")
                .body("message", equalTo("[POST]hello, X!"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/hello_post", "/hello" })
    void shouldGreetVisitorWhenBodyNameIsEmpty(String path) {
        postJson(path, "{\"name\":\"\"}")
                .statusCode(200)
                .body("message", equalTo("[POST]hello, visitor!"));
    }

    @ParameterizedTest
    @MethodSource("names")
    void shouldEchoBodyNameExactly(String name) {
        String json = "{\"name\":\"" + name.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t") + "\"}";
        postJson("/hello_post", json)
                .statusCode(200)
                .body("message", equalTo("[POST]hello, " + name + "!"));
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                Arguments.of("{}", "missing"),
                Arguments.of("{\"name\":null}", "null"),
                Arguments.of("{\"name\":42}", "number"),
                Arguments.of("{\"name\":4.2}", "decimal"),
                Arguments.of("{\"name\":true}", "boolean"),
                Arguments.of("{\"name\":{\"first\":\"X\"}}", "object"),
                Arguments.of("{\"name\":[\"X\"]}", "array"),
                Arguments.of("{\"nam\":\"X\"}", "misspelled"));
    }

    @ParameterizedTest(name = "{1} name")
    @MethodSource("invalidNames")
    void shouldRejectInvalidNameNamingTheField(String json, String kind) {
        expectProblem(postJson("/hello_post", json), 400)
                .body("violations.field", hasItem("name"));
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("{\"name\":".getBytes(StandardCharsets.UTF_8), "truncated JSON"),
                Arguments.of("not json".getBytes(StandardCharsets.UTF_8), "plain text"),
                Arguments.of("{\"name\":\"X\"} trailing".getBytes(StandardCharsets.UTF_8), "trailing garbage"),
                Arguments.of("[]".getBytes(StandardCharsets.UTF_8), "array body"),
                Arguments.of("\"X\"".getBytes(StandardCharsets.UTF_8), "string body"),
                Arguments.of("null".getBytes(StandardCharsets.UTF_8), "JSON null"),
                Arguments.of(new byte[0], "empty body"),
                Arguments.of(new byte[] { '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}' },
                        "invalid UTF-8"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformedBodies")
    void shouldRejectMalformedBody(byte[] body, String kind) {
        expectProblem(given().contentType("application/json").body(body).when().post("/hello_post").then(), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = { "text/plain", "application/octet-stream", "application/xml" })
    void shouldRejectWrongContentType(String contentType) {
        expectProblem(given().contentType(contentType).body("{\"name\":\"X\"}".getBytes(StandardCharsets.UTF_8))
                .when().post("/hello_post").then(), 415);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/hello_post", "/hello" })
    void shouldRejectBodyWithoutContentType(String path) throws Exception {
        // java.net.http sends no Content-Type unless told to; RestAssured would add one.
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"X\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith(PROBLEM_JSON));
        assertThat(response.body()).contains("\"status\":415");
    }

    @Test
    void shouldReturn404ForUnknownPath() {
        expectProblem(given().when().get("/no/such/path").then(), 404);
    }

    @Test
    void shouldReturn405ForWrongMethod() {
        expectProblem(given().contentType("application/json").body("{\"name\":\"X\"}").when().put("/hello").then(), 405);
        expectProblem(given().when().delete("/hello_post").then(), 405);
    }

    @Test
    void shouldReturn413ForBodyOverTheLimit() {
        byte[] body = new byte[MAX_BODY_BYTES + 1024];
        Arrays.fill(body, (byte) 'a');
        byte[] prefix = "{\"name\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        expectProblem(given().contentType("application/json").body(body).when().post("/hello_post").then(), 413);
    }

    @Test
    void shouldReturn413ForChunkedBodyOverTheLimit() {
        byte[] body = new byte[MAX_BODY_BYTES + 1024];
        Arrays.fill(body, (byte) ' ');
        // An InputStream body has no known length, so it is sent chunked, without Content-Length.
        expectProblem(given().contentType("application/json").body(new ByteArrayInputStream(body))
                .when().post("/hello_post").then(), 413);
    }

    @Test
    void shouldAcceptBodyJustUnderTheLimit() {
        String name = "a".repeat(MAX_BODY_BYTES - 64);
        postJson("/hello_post", "{\"name\":\"" + name + "\"}")
                .statusCode(200)
                .body("message", equalTo("[POST]hello, " + name + "!"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/health/live", "/q/health/ready", "/q/health/started" })
    void shouldReportHealthy(String path) {
        management().when().get(path)
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void shouldDocumentBothEndpointsInOpenApi() {
        management().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/hello"))
                .body("paths", hasKey("/hello_post"))
                .body("paths.'/hello_post'.post.responses", hasKey("400"))
                .body("paths.'/hello_post'.post.responses", hasKey("415"))
                .body("components.schemas", hasKey("HelloRequest"))
                .body("components.schemas", hasKey("Problem"));
    }

    /** The committed document, byte for byte, with the SmallRye OpenAPI extension's content negotiation. */
    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "-, -, openapi.yaml, application/yaml;charset=UTF-8",
            "application/json, -, openapi.json, application/json;charset=UTF-8",
            "-, json, openapi.json, application/json;charset=UTF-8" })
    void shouldServeTheCommittedOpenApiDocument(String accept, String format, String document, String contentType)
            throws IOException {
        RequestSpecification request = management();
        if (accept != null) {
            request.accept(accept);
        }
        if (format != null) {
            request.queryParam("format", format);
        }
        byte[] served = request.when().get("/q/openapi")
                .then().statusCode(200)
                .header("Content-Type", contentType)
                .extract().asByteArray();
        try (InputStream committed = HelloContract.class.getResourceAsStream("/openapi/" + document)) {
            assertThat(served).isEqualTo(committed.readAllBytes());
        }
    }

    @Test
    void shouldServeSwaggerUi() {
        management().when().get("/q/swagger-ui/")
                .then().statusCode(200)
                .body(containsString("swagger"))
                .body(containsString("url: '/q/openapi'"));
    }

    @Test
    void shouldAnswerCorsPreflightForAllowedOrigin() {
        Headers headers = given().header("Origin", ALLOWED_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Content-Type")
                .when().options("/hello_post")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", ALLOWED_ORIGIN)
                .extract().headers();
        assertThat(listHeader(headers, "Access-Control-Allow-Methods")).contains("GET", "POST");
    }

    @Test
    void shouldAllowCorsOnSimpleRequestFromAllowedOrigin() {
        given().header("Origin", ALLOWED_ORIGIN).queryParam("name", "X")
                .when().get("/hello")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", ALLOWED_ORIGIN);
    }

    @Test
    void shouldNotGrantCorsToUnknownOrigin() {
        preflight(UNKNOWN_ORIGIN).then().header("Access-Control-Allow-Origin", nullValue());
    }

    /** OPTIONS names the path's own methods (RFC 9110 9.3.7); a path no resource answers is not found. */
    @Test
    void shouldAnswerOptionsWithThePathsMethods() {
        assertThat(listHeader(given().when().options("/hello").then().statusCode(200), "Allow"))
                .containsExactly("GET", "HEAD", "OPTIONS", "POST");
        assertThat(listHeader(given().when().options("/hello_post").then().statusCode(200), "Allow"))
                .containsExactly("OPTIONS", "POST");
        expectProblem(given().when().options("/no/such/path").then(), 404);
    }

    /** What CORS refuses is a problem too, not Quarkus's empty 403. */
    @Test
    void shouldRefuseCorsWithAProblem() {
        expectProblem(preflight(UNKNOWN_ORIGIN).then(), 403).header("Access-Control-Allow-Origin", nullValue());
        expectProblem(given().header("Origin", UNKNOWN_ORIGIN).queryParam("name", "X").when().get("/hello").then(),
                403).body("detail", containsString("Origin"));
        expectProblem(given().header("Origin", ALLOWED_ORIGIN).when().delete("/hello").then(), 403)
                .body("detail", containsString("method"));
    }

    /**
     * An origin on the API's own host with another port (a front end served locally) is another origin (RFC 6454): it
     * is refused as a problem, like any unlisted origin, not with Quarkus's empty 403.
     */
    @Test
    void shouldRefuseTheApiHostOnAnotherPortWithAProblem() {
        String sameHostOtherPort = RestAssured.baseURI + ":" + (RestAssured.port == 65535 ? 1 : RestAssured.port + 1);
        expectProblem(given().header("Origin", sameHostOtherPort).queryParam("name", "X").when().get("/hello")
                .then(), 403).header("Access-Control-Allow-Origin", nullValue());
        expectProblem(preflight(sameHostOtherPort).then(), 403);
    }

    /**
     * A page on a listed origin can read every error, whoever answers it (the request decoder, the request guards, the
     * router), with its problem body and its request id. Sent over a socket as written: HTTP clients refuse to send
     * such targets.
     */
    @ParameterizedTest
    @ValueSource(strings = { "/hello?name=%zz", "/hello?name={x}", "/hello?name=%", "/no/such/path" })
    void shouldLetAListedOriginReadEveryError(String target) throws IOException {
        expectReadableFromListedOrigin(RawHttp.exchange(RestAssured.port, RawHttp.ascii("GET " + target
                + " HTTP/1.1\r\nHost: localhost\r\nOrigin: " + ALLOWED_ORIGIN + "\r\nConnection: close\r\n\r\n")));
    }

    /**
     * Request lines only a socket delivers (on Lambda the front door answers them, or encodes the path): a path with a
     * broken escape; a line over the limit, refused before its headers are read, so with its Origin unknown any page
     * may read that refusal.
     */
    @ParameterizedTest
    @ValueSource(strings = { "/hello%zz", "/hello?name=LONG" })
    @Tag("container")
    void shouldLetAListedOriginReadARequestLineRefusal(String target) throws IOException {
        expectReadableFromListedOrigin(RawHttp.exchange(RestAssured.port, RawHttp.ascii("GET "
                + target.replace("LONG", "n".repeat(5000)) + " HTTP/1.1\r\nHost: localhost\r\nOrigin: "
                + ALLOWED_ORIGIN + "\r\n\r\n")));
    }

    private static void expectReadableFromListedOrigin(RawHttp.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
        assertThat(answer.header("content-type")).startsWith(PROBLEM_JSON);
        assertThat(answer.header("access-control-allow-origin")).isIn(ALLOWED_ORIGIN, "*");
        assertThat(answer.header("x-request-id")).isNotBlank()
                .isEqualTo(new JsonPath(answer.body()).getString("requestId"));
        assertThat(answer.header("access-control-expose-headers")).containsIgnoringCase("X-Request-Id");
    }

    @Test
    void shouldLetAListedOriginReadABodyRefusal() {
        byte[] tooLarge = ("{\"name\":\"" + "a".repeat(MAX_BODY_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        expectProblem(given().header("Origin", ALLOWED_ORIGIN).contentType("application/json").body(tooLarge)
                .when().post("/hello_post").then(), 413)
                .header("Access-Control-Allow-Origin", ALLOWED_ORIGIN);
    }

    /** Requests whose answers depend on Origin, and the status each gets. */
    enum OriginDependentAnswer {
        GET_WITHOUT_ORIGIN(200) {
            @Override
            Response send() {
                return given().queryParam("name", "X").when().get("/hello");
            }
        },
        GET_FROM_ALLOWED_ORIGIN(200) {
            @Override
            Response send() {
                return given().header("Origin", ALLOWED_ORIGIN).queryParam("name", "X").when().get("/hello");
            }
        },
        PREFLIGHT_FROM_ALLOWED_ORIGIN(200) {
            @Override
            Response send() {
                return preflight(ALLOWED_ORIGIN);
            }
        },
        PREFLIGHT_FROM_UNKNOWN_ORIGIN(403) {
            @Override
            Response send() {
                return preflight(UNKNOWN_ORIGIN);
            }
        },
        ERROR_FOR_ALLOWED_ORIGIN(404) {
            @Override
            Response send() {
                return given().header("Origin", ALLOWED_ORIGIN).when().get("/no/such/path");
            }
        };

        final int status;

        OriginDependentAnswer(int status) {
            this.status = status;
        }

        abstract Response send();
    }

    /**
     * Access-Control-Allow-Origin echoes the request's origin and an unknown origin is refused, so every answer
     * depends on Origin, including one to a request without it; a shared cache that is not told could replay one
     * origin's answer to another.
     */
    @ParameterizedTest
    @EnumSource(OriginDependentAnswer.class)
    void shouldSayEveryAnswerVariesByOrigin(OriginDependentAnswer answer) {
        Headers headers = answer.send().then().statusCode(answer.status).extract().headers();
        assertThat(listHeader(headers, "Vary")).as("Vary of %s", answer).anyMatch("Origin"::equalsIgnoreCase);
    }

    @Test
    void shouldNotAllowCredentialsAcrossOrigins() {
        // Only the exact value "true" lets a browser send cookies or HTTP authentication cross-origin (Fetch standard).
        preflight(ALLOWED_ORIGIN).then().statusCode(200)
                .header("Access-Control-Allow-Origin", ALLOWED_ORIGIN)
                .header("Access-Control-Allow-Credentials", not(equalToIgnoringCase("true")));
        given().header("Origin", ALLOWED_ORIGIN).queryParam("name", "X")
                .when().get("/hello")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", ALLOWED_ORIGIN)
                .header("Access-Control-Allow-Credentials", not(equalToIgnoringCase("true")));
    }

    /** A list header may arrive as one comma-separated line or as several lines; both mean the same (RFC 9110 5.3). */
    static List<String> listHeader(Headers headers, String name) {
        return Arrays.stream(String.join(",", headers.getValues(name)).split(",")).map(String::strip).toList();
    }

    static List<String> listHeader(ValidatableResponse response, String name) {
        return listHeader(response.extract().headers(), name);
    }

    static Response preflight(String origin) {
        return given().header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Content-Type")
                .when().options("/hello_post");
    }

    ValidatableResponse postJson(String path, String json) {
        return given().contentType("application/json").body(json.getBytes(StandardCharsets.UTF_8))
                .when().post(path)
                .then();
    }

    /** Every error on every target: problem+json with a consistent status and nothing from the JVM's insides. */
    static ValidatableResponse expectProblem(ValidatableResponse response, int status) {
        response.statusCode(status)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(status))
                .body("title", not(nullValue()))
                .body("type", not(nullValue()))
                .body("detail", not(nullValue()));
        String body = response.extract().asString();
        assertThat(body).doesNotContain("Exception", "java.", "\tat ", "com.example", "jakarta.");
        return response;
    }
}
