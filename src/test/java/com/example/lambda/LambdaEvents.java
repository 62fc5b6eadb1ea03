package com.example.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.restassured.path.json.JsonPath;

/**
 * Sends a checked-in API Gateway event to the Lambda handler through the mock event server's raw endpoint and
 * returns the handler's raw response (statusCode, headers, cookies, isBase64Encoded, body), untouched by any HTTP
 * translation on the way back.
 */
public final class LambdaEvents {

    /** The mock event server's raw-event path; see AmazonLambdaApi.API_BASE_PATH_TEST. */
    static final String RAW_EVENT_PATH = "/_lambda_";

    private LambdaEvents() {
    }

    public static JsonPath invoke(String fixture) {
        JsonPath response = given().contentType("application/json").accept("application/json")
                .body(load(fixture))
                .when().post(RAW_EVENT_PATH)
                .then().statusCode(200)
                .extract().jsonPath();
        // Hop-by-hop framing must never leak into a gateway response.
        assertThat(headers(response)).doesNotContainKey("transfer-encoding");
        return response;
    }

    /** The body of the Lambda response, decoded if the handler base64-encoded it, parsed as JSON. */
    public static JsonPath body(JsonPath response) {
        String body = response.getString("body");
        if (response.getBoolean("isBase64Encoded")) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return new JsonPath(body);
    }

    /** Response headers by lower-case name, from {@code headers} (v2) or {@code multiValueHeaders} (v1). */
    public static Map<String, List<String>> headers(JsonPath response) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, String> single = response.getMap("headers");
        if (single != null) {
            single.forEach((name, value) -> headers.put(name.toLowerCase(), List.of(value)));
        }
        Map<String, List<String>> multi = response.getMap("multiValueHeaders");
        if (multi != null) {
            multi.forEach((name, values) -> headers.put(name.toLowerCase(), values));
        }
        return headers;
    }

    private static String load(String fixture) {
        try (InputStream in = LambdaEvents.class.getResourceAsStream("/events/" + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("No event fixture " + fixture);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
