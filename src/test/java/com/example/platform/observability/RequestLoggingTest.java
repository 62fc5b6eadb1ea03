package com.example.platform.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The request id and the access log, read from the log records a request produced, on the build of the current Maven
 * profile: real HTTP for the container build, the Lambda handler behind the mock event server for the Lambda builds.
 */
@QuarkusTest
class RequestLoggingTest {

    static final boolean LAMBDA = System.getProperty("app.target", "container").startsWith("lambda");
    /** The mock event server takes the invocation's AWS request id from this header of the request it turns into an event. */
    static final String AWS_REQUEST_ID = "Lambda-Runtime-Aws-Request-Id";
    static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    static final String ACCESS_LINE = "method=GET status=(\\d{3}) durationMs=\\d+\\.\\d{3} bytes=(\\d+) path=(.*)";

    LogCapture logs;

    @BeforeEach
    void captureLogs() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        logs = LogCapture.start();
    }

    @AfterEach
    void stopCapture() {
        logs.close();
    }

    @Test
    void accessLine_describesTheRequest_andCarriesItsId() throws InterruptedException {
        Ids ids = Ids.fresh();
        Response response = ids.send().queryParam("name", "x").when().get("/hello");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header(RequestLogFilter.REQUEST_ID_HEADER)).isEqualTo(ids.expected());
        ExtLogRecord access = logs.accessLine(ids.expected());
        assertThat(access.getLevel()).isEqualTo(Level.INFO);
        assertThat(access.getFormattedMessage()).matches(ACCESS_LINE)
                .contains("status=200", "bytes=" + response.body().asByteArray().length, "path=/hello")
                .doesNotContain("name=x");
        if (LAMBDA) {
            assertThat(access.getMdc(RequestLogFilter.TRACE_ID)).as("X-Ray trace header").isNotBlank();
        } else {
            assertThat(access.getMdc(RequestLogFilter.TRACE_ID)).isNull();
        }
    }

    @Test
    void basePathReroute_keepsOneIdAndOneAccessLine() throws InterruptedException {
        Ids ids = Ids.fresh();
        Response response = ids.send().queryParam("name", "x").when().get("/prod/hello");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header(RequestLogFilter.REQUEST_ID_HEADER)).isEqualTo(ids.expected());
        assertThat(logs.accessLine(ids.expected()).getFormattedMessage()).endsWith("path=/prod/hello");
        Thread.sleep(200);
        assertThat(logs.ofRequest(ids.expected())).as("lines of the rerouted request").hasSize(1);
    }

    @Test
    void problemBody_namesTheRequestId_andTheRejectionIsLoggedUnderIt() throws InterruptedException {
        Ids ids = Ids.fresh();
        Response response = ids.send().contentType("application/json").body("{\"name\": 42}").when().post("/hello");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.header(RequestLogFilter.REQUEST_ID_HEADER)).isEqualTo(ids.expected());
        assertThat(response.jsonPath().getString("requestId")).isEqualTo(ids.expected());
        logs.accessLine(ids.expected());
        // Written by ProblemMappers on a worker thread: the id followed the request there.
        assertThat(logs.ofRequest(ids.expected())).extracting(ExtLogRecord::getFormattedMessage)
                .anyMatch(message -> message.startsWith("Rejected request to /hello: mismatched name"));
    }

    @Test
    void unknownPath_problemBody_namesTheRequestId() {
        Ids ids = Ids.fresh();
        Response response = ids.send().when().get("/no-such-path");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.jsonPath().getString("requestId")).isEqualTo(ids.expected())
                .isEqualTo(response.header(RequestLogFilter.REQUEST_ID_HEADER));
    }

    @Test
    void requestWithoutId_getsAFreshOne() throws InterruptedException {
        Response first = given().when().get("/hello");
        Response second = given().when().get("/hello");

        String id = first.header(RequestLogFilter.REQUEST_ID_HEADER);
        assertThat(id).matches(UUID_PATTERN).isNotEqualTo(second.header(RequestLogFilter.REQUEST_ID_HEADER));
        logs.accessLine(id);
    }

    @ParameterizedTest
    @ValueSource(strings = { "has space", "quote\"", "comma,separated", "semi;colon", "<script>", "é" })
    void unsafeCallerId_isReplaced(String unsafe) {
        Assumptions.assumeFalse(LAMBDA, "on Lambda the id is always the AWS request id");
        String id = given().header(RequestLogFilter.REQUEST_ID_HEADER, unsafe).when().get("/hello")
                .header(RequestLogFilter.REQUEST_ID_HEADER);
        assertThat(id).matches(UUID_PATTERN);
    }

    @Test
    void overlongCallerId_isReplaced() {
        Assumptions.assumeFalse(LAMBDA, "on Lambda the id is always the AWS request id");
        String longest = "a".repeat(128);
        assertThat(given().header(RequestLogFilter.REQUEST_ID_HEADER, longest).when().get("/hello")
                .header(RequestLogFilter.REQUEST_ID_HEADER)).isEqualTo(longest);
        assertThat(given().header(RequestLogFilter.REQUEST_ID_HEADER, longest + "a").when().get("/hello")
                .header(RequestLogFilter.REQUEST_ID_HEADER)).matches(UUID_PATTERN);
    }

    @Test
    void traceparent_givesTheIdWhenNoRequestIdIsSent() {
        Assumptions.assumeFalse(LAMBDA, "on Lambda the id is always the AWS request id");
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        assertThat(given().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").when().get("/hello")
                .header(RequestLogFilter.REQUEST_ID_HEADER)).isEqualTo(traceId);
        assertThat(given().header("traceparent", "00-" + traceId.toUpperCase() + "-00f067aa0ba902b7-01").when()
                .get("/hello").header(RequestLogFilter.REQUEST_ID_HEADER)).matches(UUID_PATTERN);
        assertThat(given().header("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01").when()
                .get("/hello").header(RequestLogFilter.REQUEST_ID_HEADER)).matches(UUID_PATTERN);
        assertThat(given().header("traceparent", "ff-" + traceId + "-00f067aa0ba902b7-01").when()
                .get("/hello").header(RequestLogFilter.REQUEST_ID_HEADER)).as("version ff is invalid")
                .matches(UUID_PATTERN);
    }

    @Test
    void forgedNewlineInPath_cannotStartALogLine() throws InterruptedException {
        Ids ids = Ids.fresh();
        Response response = ids.send().urlEncodingEnabled(false)
                .when().get("/_test/reject/a%0D%0A12:00:00,000%20INFO%20forged");

        assertThat(response.statusCode()).isEqualTo(400);
        logs.accessLine(ids.expected());
        List<String> lines = logs.ofRequest(ids.expected()).stream().map(ExtLogRecord::getFormattedMessage).toList();
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain("\n", "\r"))
                .anyMatch(line -> line.startsWith("Rejected request to /_test/reject/a\\r\\n12:00:00,000 INFO forged"));
    }

    /** An id for the caller to send, and the id the service should answer with on this target. */
    record Ids(String caller, String aws) {

        static Ids fresh() {
            return new Ids("caller-" + UUID.randomUUID(), UUID.randomUUID().toString());
        }

        RequestSpecification send() {
            return given().header(RequestLogFilter.REQUEST_ID_HEADER, caller).header(AWS_REQUEST_ID, aws);
        }

        String expected() {
            return LAMBDA ? aws : caller;
        }
    }
}
