package com.example.lambda.rest;

import static com.example.lambda.LambdaEvents.body;
import static com.example.lambda.LambdaEvents.headers;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.example.lambda.ApiGatewayEventSuite;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * API Gateway REST API (payload 1.0, lambda-proxy) events through the {@code quarkus-amazon-lambda-rest} handler.
 */
@QuarkusTest
class ApiGatewayV1EventTest extends ApiGatewayEventSuite {

    @Override
    protected String version() {
        return "v1";
    }

    @Override
    protected List<String> setCookies(JsonPath response) {
        return headers(response).get("set-cookie");
    }

    @Test
    void shouldRouteCustomDomainBasePathWithoutTheBasePath() {
        JsonPath response = invokeCase("custom-domain-base-path");
        assertThat(response.getInt("statusCode")).isEqualTo(200);
        assertThat(body(response).getString("message")).isEqualTo("[GET]hello, X!");
    }
}
