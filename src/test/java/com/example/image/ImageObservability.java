package com.example.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.support.Command.Result;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.response.Response;

/**
 * What an operator gets from a running image: its log (read with {@code docker logs}, as a log collector reads it) and,
 * on the container target, its Prometheus metrics. Kept apart from the image test classes, which only call it.
 */
final class ImageObservability {

    static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** The mock event server takes the invocation's AWS request id from this header of the request it turns into an event. */
    static final String AWS_REQUEST_ID_HEADER = "Lambda-Runtime-Aws-Request-Id";
    static final String ACCESS_LOGGER = "com.example.platform.observability.AccessLog";
    static final Pattern ACCESS_LINE = Pattern
            .compile("method=(\\S+) status=(\\d{3}) durationMs=\\d+\\.\\d{3} bytes=(\\d+) path=(.*)");
    /** Strict: a line with anything after its JSON object, as a forged line would have, fails. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ImageObservability() {
    }

    /**
     * Container image: every log line is a JSON object; a request's lines carry the caller's id, which the response
     * echoes and the problem body repeats; a forged CR LF in the path stays inside one line; and nothing a client sent
     * so far (this class runs the whole contract suite) made the service log an ERROR.
     */
    static void assertContainerLogs(String container) throws InterruptedException {
        String id = "it-" + UUID.randomUUID();
        Response answer = given().header(REQUEST_ID_HEADER, id).queryParam("name", "logs").when().get("/hello");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.header(REQUEST_ID_HEADER)).isEqualTo(id);
        assertAccessLine(accessLine(container, id), "GET", 200, answer.body().asByteArray().length, "/hello");

        String forgedId = "it-" + UUID.randomUUID();
        Response problem = given().urlEncodingEnabled(false).header(REQUEST_ID_HEADER, forgedId)
                .when().get("/hello%0D%0A%7B%22level%22:%22ERROR%22%7D");
        assertThat(problem.statusCode()).isEqualTo(404);
        assertThat(problem.jsonPath().getString("requestId")).isEqualTo(forgedId);
        assertThat(accessLine(container, forgedId).get("message").asText())
                .endsWith("path=/hello%0D%0A%7B%22level%22:%22ERROR%22%7D");
        assertThat(jsonLines(container)).noneMatch(line -> line.path("level").asText().equals("ERROR"));
    }

    /**
     * Lambda image: a request's lines carry the invocation's AWS request id and X-Ray trace header. A raw event with a
     * CR LF in its path (only a direct invocation can send one; HTTP cannot carry it) is refused by Quarkus's handler
     * with a 500 and an ERROR line that quotes the path: the forged text stays inside that one JSON line.
     */
    static void assertLambdaLogs(String container) throws InterruptedException, JsonProcessingException {
        String awsRequestId = UUID.randomUUID().toString();
        Response answer = given().header(AWS_REQUEST_ID_HEADER, awsRequestId).header(REQUEST_ID_HEADER, "ignored")
                .queryParam("name", "logs").when().get("/hello");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.header(REQUEST_ID_HEADER)).isEqualTo(awsRequestId);
        JsonNode access = accessLine(container, awsRequestId);
        assertAccessLine(access, "GET", 200, answer.body().asByteArray().length, "/hello");
        assertThat(access.at("/mdc/traceId").asText()).as("X-Ray trace header").matches("[A-Za-z0-9=;:._-]+");

        String forgedPath = "/hello\r\n{\"level\":\"FATAL\",\"message\":\"forged\"}";
        Map<String, String> headers = Map.of("x-forged", "a\r\nforged");
        Map<String, Object> event = Map.of("version", "2.0", "routeKey", "$default", "rawPath", forgedPath,
                "rawQueryString", "", "headers", headers,
                "requestContext", Map.of("http", Map.of("method", "GET", "path", forgedPath, "protocol", "HTTP/1.1",
                        "sourceIp", "203.0.113.10"), "requestId", "r", "stage", "$default"),
                "isBase64Encoded", false);
        given().contentType("application/json").body(JSON.writeValueAsString(event))
                .when().post("/_lambda_").then().statusCode(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (jsonLines(container).stream().noneMatch(line -> line.toString().contains("forged"))) {
            assertThat(System.nanoTime()).as("a log line quoting the forged path").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(jsonLines(container)).noneMatch(line -> line.path("level").asText().equals("FATAL"));
    }

    /** Container image: /q/metrics counts the requests this method makes, with a latency histogram. */
    static void assertContainerMetrics(int managementPort) {
        String series = "http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/hello\"}";
        long before = sample(scrape(managementPort), series);
        for (int i = 0; i < 5; i++) {
            given().queryParam("name", "metrics").when().get("/hello").then().statusCode(200);
        }
        String after = scrape(managementPort);
        assertThat(sample(after, series) - before).isEqualTo(5);
        assertThat(after).contains(
                "http_server_requests_seconds_bucket{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/hello\",le=\"0.005\"}",
                "jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads ");
    }

    /** Every line the container wrote, each of which must be one JSON log record. */
    static List<JsonNode> jsonLines(String container) {
        Result logs = Docker.docker("logs", container);
        assertThat(logs.ok()).as("docker logs: %s", logs.output()).isTrue();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : logs.output().split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new AssertionError("a log line that is not JSON: " + line);
            }
            assertThat(record.isObject()).as(line).isTrue();
            // The fields Quarkus's lines and the Lambda runtime client's own JSON lines have in common.
            assertThat(record.has("timestamp") && record.has("level") && record.has("message"))
                    .as("log record fields in %s", line).isTrue();
            lines.add(record);
        }
        return lines;
    }

    /** The one access line of a request, waiting for it: it is written after the response has gone out. */
    private static JsonNode accessLine(String container, String requestId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonNode> found = List.of();
        while (System.nanoTime() < deadline) {
            found = jsonLines(container).stream()
                    .filter(line -> line.at("/mdc/requestId").asText().equals(requestId))
                    .filter(line -> line.path("loggerName").asText().equals(ACCESS_LOGGER))
                    .toList();
            if (!found.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(found).as("access log lines with requestId %s", requestId).hasSize(1);
        return found.get(0);
    }

    private static void assertAccessLine(JsonNode line, String method, int status, int bytes, String path) {
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        Matcher fields = ACCESS_LINE.matcher(line.path("message").asText());
        assertThat(fields.matches()).as(line.toString()).isTrue();
        assertThat(List.of(fields.group(1), fields.group(2), fields.group(3), fields.group(4)))
                .containsExactly(method, String.valueOf(status), String.valueOf(bytes), path);
    }

    private static String scrape(int managementPort) {
        return given().port(managementPort).accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString()
                .replace(",}", "}");
    }

    private static long sample(String exposition, String series) {
        Matcher sample = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(exposition);
        return sample.find() ? (long) Double.parseDouble(sample.group(1)) : 0;
    }

}
