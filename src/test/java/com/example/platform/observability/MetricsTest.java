package com.example.platform.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.example.support.Management;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Prometheus metrics at /q/metrics: present in the container build, absent from the Lambda build (the lambda
 * profile builds without Micrometer).
 */
@QuarkusTest
class MetricsTest {

    static final boolean METRICS = Boolean.parseBoolean(System.getProperty("quarkus.micrometer.enabled", "true"));
    static final String HELLO_200 = "http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/hello\"}";
    static final String REFUSED_400 = "http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\","
            + "status=\"400\",uri=\"/UNMATCHED\"}";
    static final String UNKNOWN_405 = "http_server_requests_seconds_count{method=\"UNKNOWN\",outcome=\"CLIENT_ERROR\","
            + "status=\"405\",uri=\"/hello\"}";
    static final String HELLO_400 = "http_server_requests_seconds_count{method=\"POST\",outcome=\"CLIENT_ERROR\",status=\"400\",uri=\"/hello\"}";

    /** Metrics are served on the management interface, where the build has one. */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void metrics_countTheRequestsThisTestMade() {
        Assumptions.assumeTrue(METRICS, "this build has no metrics");
        String before = scrape();
        for (int i = 0; i < 3; i++) {
            given().queryParam("name", "n" + i).when().get("/hello").then().statusCode(200);
        }
        given().contentType("application/json").body("{}").when().post("/hello").then().statusCode(400);
        String after = scrape();

        assertThat(count(after, HELLO_200) - count(before, HELLO_200)).isEqualTo(3);
        assertThat(count(after, HELLO_400) - count(before, HELLO_400)).isEqualTo(1);
    }

    @Test
    void metrics_includeLatencyHistogramsAndTheJvm() {
        Assumptions.assumeTrue(METRICS, "this build has no metrics");
        given().when().get("/hello").then().statusCode(200);

        assertThat(scrape())
                .contains("http_server_requests_seconds_bucket{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/hello\",le=\"0.001\"}")
                .contains("http_server_requests_seconds_bucket{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/hello\",le=\"+Inf\"}")
                .contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads ")
                // Health probes and the scrape itself stay out of the request metrics.
                .doesNotContain("uri=\"/q/");
    }

    /** A request refused before any route is counted under one tag, not its path: a client cannot add series. */
    @Test
    void metrics_tagRefusalsBeforeAnyRouteAsUnmatched() {
        String path = "/refused-" + UUID.randomUUID();
        expectCountedUnder(REFUSED_400, path,
                () -> given().header("Content-Type", "@@@").when().get(path).then().statusCode(400));
    }

    /** A method the service does not know is counted as UNKNOWN, not as sent: a client cannot add series. */
    @Test
    void metrics_tagUnknownMethodsAsUnknown() {
        String method = "M" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
        expectCountedUnder(UNKNOWN_405, method, () -> given().when().request(method, "/hello").then().statusCode(405));
    }

    /** The request adds one to {@code series}, and what made it unique appears in no series. */
    private void expectCountedUnder(String series, String unique, Runnable request) {
        Assumptions.assumeTrue(METRICS, "this build has no metrics");
        String before = scrape();
        request.run();
        String after = scrape();

        assertThat(after).doesNotContain(unique);
        assertThat(count(after, series) - count(before, series)).isEqualTo(1);
    }

    @Test
    void lambdaBuild_hasNoMetricsEndpoint() {
        Assumptions.assumeFalse(METRICS, "this build has metrics");
        Management.given(management).when().get("/q/metrics").then().statusCode(404);
    }

    /** The Prometheus text exposition, without the optional comma that ends a label set ({@code ,}}). */
    private String scrape() {
        return Management.given(management).accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString()
                .replace(",}", "}");
    }

    /** The value of one sample, 0 if it is not there yet. */
    private static long count(String exposition, String series) {
        Matcher sample = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        return sample.find() ? (long) Double.parseDouble(sample.group(1)) : 0;
    }
}
