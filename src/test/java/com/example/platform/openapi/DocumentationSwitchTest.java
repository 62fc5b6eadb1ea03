package com.example.platform.openapi;

import static io.restassured.RestAssured.given;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.example.support.Management;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The README's switch for production: Swagger UI and the OpenAPI document can be turned off at run time.
 */
@Tag("container")
@QuarkusTest
@TestProfile(DocumentationSwitchTest.DocumentationOff.class)
class DocumentationSwitchTest {

    public static class DocumentationOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.swagger-ui.enabled", "false", "hello.openapi.enabled", "false");
        }
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void shouldNotServeSwaggerUiOrOpenApiWhenSwitchedOff() {
        Management.given(management).when().get("/q/swagger-ui/").then().statusCode(404);
        Management.given(management).when().get("/q/openapi").then().statusCode(404);
        Management.given(management).when().get("/q/health/ready").then().statusCode(200);
        given().queryParam("name", "x").when().get("/hello").then().statusCode(200);
    }
}
