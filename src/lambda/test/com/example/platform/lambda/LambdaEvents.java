package com.example.platform.lambda;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Sends a Lambda event to the function through the mock event server's raw-event path and returns the function's raw
 * answer (statusCode, headers, cookies, isBase64Encoded, body), untouched by any HTTP translation on the way back.
 * RestAssured's base URI and port say where the event server is: in process, or the Runtime API the image polls.
 */
public final class LambdaEvents {

    /** The mock event server's raw-event path; see AmazonLambdaApi.API_BASE_PATH_TEST. */
    public static final String RAW_EVENT_PATH = "/_lambda_";

    private LambdaEvents() {
    }

    /** Posts an event; a function that answers has the event server answer 200, one that fails 500. */
    public static Response post(String event) {
        return given().contentType("application/json").accept("application/json")
                .body(event.getBytes(StandardCharsets.UTF_8))
                .when().post(RAW_EVENT_PATH);
    }

    /** A checked-in event from {@code src/test/resources/events/}. */
    public static String fixture(String name) {
        try (InputStream in = LambdaEvents.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No event fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of the Lambda answer, decoded if the handler base64-encoded it. */
    public static byte[] bodyBytes(JsonPath answer) {
        String body = answer.getString("body");
        return answer.getBoolean("isBase64Encoded") ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
    }

    /** The body of the Lambda answer, parsed as JSON. */
    public static JsonPath body(JsonPath answer) {
        return new JsonPath(new String(bodyBytes(answer), StandardCharsets.UTF_8));
    }

    /** Answer headers by name, any case, from {@code headers} and {@code multiValueHeaders}. */
    public static Map<String, List<String>> headers(JsonPath answer) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, String> single = answer.getMap("headers");
        if (single != null) {
            single.forEach((name, value) -> headers.merge(name, List.of(value), LambdaEvents::concat));
        }
        Map<String, List<String>> multi = answer.getMap("multiValueHeaders");
        if (multi != null) {
            multi.forEach((name, values) -> headers.merge(name, values, LambdaEvents::concat));
        }
        return headers;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
