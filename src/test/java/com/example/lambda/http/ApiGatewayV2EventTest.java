package com.example.lambda.http;

import static com.example.lambda.LambdaEvents.body;
import static com.example.lambda.LambdaEvents.headers;
import static com.example.lambda.LambdaEvents.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * API Gateway HTTP API (payload 2.0) events, shaped like AWS's documented samples, through the real handler.
 */
@QuarkusTest
class ApiGatewayV2EventTest {

    @Test
    void shouldKeepRepeatedQueryKeys() {
        JsonPath response = invoke("apigw-v2-get-repeated-query.json");
        assertThat(response.getInt("statusCode")).isEqualTo(200);
        assertThat(body(response).getList("query.name")).containsExactly("a", "b");
        assertThat(body(response).getList("query.tag")).containsExactly("x");
    }

    @Test
    void shouldDecodeEncodedQueryOnce() {
        JsonPath response = invoke("apigw-v2-get-encoded-query.json");
        assertThat(response.getInt("statusCode")).isEqualTo(200);
        assertThat(body(response).getString("message")).isEqualTo("[GET]hello, 太 a+b c%&!");
    }

    @Test
    void shouldDecodeEncodedPathOnce() {
        JsonPath response = invoke("apigw-v2-get-encoded-path.json");
        assertThat(body(response).getString("path")).isEqualTo("/_test/echo/a b+c");
    }

    @Test
    void shouldKeepHeaderValuesThatContainCommas() {
        JsonPath response = invoke("apigw-v2-comma-headers.json");
        JsonPath seen = body(response);
        assertThat(seen.getList("headers.user-agent")).containsExactly("Mozilla/5.0 (X11, Linux x86_64)");
        assertThat(seen.getList("headers.date")).containsExactly("Wed, 21 Oct 2015 07:28:00 GMT");
        assertThat(headers(response).get("date")).containsExactly("Wed, 21 Oct 2015 07:28:00 GMT");
    }

    @Test
    void shouldPassCookiesInAndReturnEachSetCookieSeparately() {
        JsonPath response = invoke("apigw-v2-cookies.json");
        assertThat(body(response).getMap("cookies")).isEqualTo(Map.of("session", "abc", "theme", "dark"));
        List<String> cookies = response.getList("cookies");
        assertThat(cookies).hasSize(2);
        assertThat(cookies.get(0)).startsWith("session=abc");
        assertThat(cookies.get(1)).startsWith("theme=dark");
        assertThat(headers(response)).doesNotContainKey("set-cookie");
    }

    @Test
    void shouldDecodeBase64Body() {
        JsonPath response = invoke("apigw-v2-base64-body.json");
        assertThat(response.getInt("statusCode")).isEqualTo(200);
        assertThat(response.getBoolean("isBase64Encoded")).isFalse();
        assertThat(headers(response).get("content-type").get(0)).startsWith("application/json");
        assertThat(body(response).getString("message")).isEqualTo("[POST]hello, 太郎!");
    }

    @Test
    void shouldAnswerCorsPreflight() {
        JsonPath response = invoke("apigw-v2-cors-preflight.json");
        assertThat(response.getInt("statusCode")).isEqualTo(200);
        Map<String, List<String>> headers = headers(response);
        assertThat(headers.get("access-control-allow-origin")).containsExactly("https://example.com");
        assertThat(String.join(",", headers.get("access-control-allow-methods")).split(","))
                .contains("GET", "POST");
        assertThat(String.join(",", headers.get("access-control-allow-headers")).toLowerCase().split(","))
                .contains("content-type", "authorization");
    }

    @Test
    void shouldRouteNamedStagePathWithoutTheStage() {
        JsonPath response = invoke("apigw-v2-named-stage.json");
        assertThat(response.getInt("statusCode")).isEqualTo(200);
        assertThat(body(response).getString("message")).isEqualTo("[GET]hello, X!");
    }
}
