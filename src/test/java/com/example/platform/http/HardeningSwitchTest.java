package com.example.platform.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The documented way out when an upgrade moves the Vert.x internals the hardening needs: with
 * {@code hello.http.hardening-enabled=false} the service starts on Vert.x's own decoder and serves.
 */
@Tag("container")
@QuarkusTest
@TestProfile(HardeningSwitchTest.HardeningOff.class)
class HardeningSwitchTest {

    public static class HardeningOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hello.http.hardening-enabled", "false");
        }
    }

    @Test
    void shouldServeOnVertxsOwnDecoderWhenSwitchedOff() {
        given().queryParam("name", "x").when().get("/hello").then().statusCode(200)
                .body("message", equalTo("[GET]hello, x!"));
    }
}
