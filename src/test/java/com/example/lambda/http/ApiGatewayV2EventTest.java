package com.example.lambda.http;

import static com.example.lambda.LambdaEvents.body;
import static com.example.lambda.LambdaEvents.headers;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.example.lambda.ApiGatewayEventSuite;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * API Gateway HTTP API (payload 2.0) events through the {@code quarkus-amazon-lambda-http} handler.
 */
@QuarkusTest
class ApiGatewayV2EventTest extends ApiGatewayEventSuite {

    @Override
    protected String version() {
        return "v2";
    }

    @Override
    protected List<String> setCookies(JsonPath response) {
        assertThat(headers(response)).doesNotContainKey("set-cookie");
        return response.getList("cookies");
    }

    @Test
    void shouldDecodeEncodedPathOnce() {
        JsonPath response = invokeCase("get-encoded-path");
        assertThat(body(response).getString("path")).isEqualTo("/_test/echo/a b+c");
    }

    @Test
    void shouldRouteNamedStagePathWithoutTheStage() {
        JsonPath response = invokeCase("named-stage");
        assertThat(response.getInt("statusCode")).isEqualTo(200);
        assertThat(body(response).getString("message")).isEqualTo("[GET]hello, X!");
    }
}
