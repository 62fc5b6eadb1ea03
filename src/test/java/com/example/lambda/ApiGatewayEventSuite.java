package com.example.lambda;

import static com.example.lambda.LambdaEvents.body;
import static com.example.lambda.LambdaEvents.headers;
import static com.example.lambda.LambdaEvents.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/**
 * Raw API Gateway events, shaped like AWS's documented samples, through the real Lambda handler of the build under
 * test. The cases are the same for both payload versions; subclasses name the version and read the parts of the
 * response whose shape differs.
 */
public abstract class ApiGatewayEventSuite {

    /** {@code v1} or {@code v2}: fixtures are {@code events/apigw-<version>-<case>.json}. */
    protected abstract String version();

    /** The Set-Cookie values of a response: v2 has a {@code cookies} list, v1 repeats the header. */
    protected abstract List<String> setCookies(JsonPath response);

    protected JsonPath invokeCase(String name) {
        return invoke("apigw-" + version() + "-" + name + ".json");
    }

    @Test
    void shouldKeepRepeatedQueryKeys() {
        JsonPath response = invokeCase("get-repeated-query");
        assertThat(response.getInt("statusCode")).isEqualTo(200);
        assertThat(body(response).getList("query.name")).containsExactly("a", "b");
        assertThat(body(response).getList("query.tag")).containsExactly("x");
    }

    @Test
    void shouldDecodeEncodedQueryOnce() {
        JsonPath response = invokeCase("get-encoded-query");
        assertThat(response.getInt("statusCode")).isEqualTo(200);
        assertThat(body(response).getString("message")).isEqualTo("[GET]hello, 太 a+b c%&!");
    }

    @Test
    void shouldKeepHeaderValuesThatContainCommas() {
        JsonPath response = invokeCase("comma-headers");
        JsonPath seen = body(response);
        assertThat(seen.getList("headers.user-agent")).containsExactly("Mozilla/5.0 (X11, Linux x86_64)");
        assertThat(seen.getList("headers.date")).containsExactly("Wed, 21 Oct 2015 07:28:00 GMT");
        assertThat(headers(response).get("date")).containsExactly("Wed, 21 Oct 2015 07:28:00 GMT");
    }

    @Test
    void shouldPassCookiesInAndReturnEachSetCookieSeparately() {
        JsonPath response = invokeCase("cookies");
        assertThat(body(response).getMap("cookies")).isEqualTo(Map.of("session", "abc", "theme", "dark"));
        List<String> cookies = setCookies(response);
        assertThat(cookies).hasSize(2);
        assertThat(cookies.get(0)).startsWith("session=abc");
        assertThat(cookies.get(1)).startsWith("theme=dark");
    }

    @Test
    void shouldDecodeBase64Body() {
        JsonPath response = invokeCase("base64-body");
        assertThat(response.getInt("statusCode")).isEqualTo(200);
        assertThat(response.getBoolean("isBase64Encoded")).isFalse();
        assertThat(headers(response).get("content-type").get(0)).startsWith("application/json");
        assertThat(body(response).getString("message")).isEqualTo("[POST]hello, 太郎!");
    }

    @Test
    void shouldAnswerCorsPreflight() {
        JsonPath response = invokeCase("cors-preflight");
        assertThat(response.getInt("statusCode")).isEqualTo(200);
        Map<String, List<String>> headers = headers(response);
        assertThat(headers.get("access-control-allow-origin")).containsExactly("https://example.com");
        assertThat(String.join(",", headers.get("access-control-allow-methods")).split(","))
                .contains("GET", "POST");
        assertThat(String.join(",", headers.get("access-control-allow-headers")).toLowerCase().split(","))
                .contains("content-type", "authorization");
    }
}
