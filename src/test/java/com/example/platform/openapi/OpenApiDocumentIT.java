package com.example.platform.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The committed OpenAPI document, which {@link OpenApiDocumentRoute} serves, is byte for byte what the SmallRye OpenAPI
 * extension serves for the annotations as they are now. Runs only in {@code ./mvnw -Popenapi verify}, whose build has
 * the extension instead of that route. On a difference it leaves the extension's document in target/openapi/.
 */
@Tag("openapi")
@QuarkusIntegrationTest
class OpenApiDocumentIT {

    private static final Path COMMITTED = Path.of("src/main/resources/openapi");
    private static final Path SERVED = Path.of("target/openapi");

    @ParameterizedTest
    @CsvSource({ "openapi.yaml, yaml", "openapi.json, json" })
    void shouldServeTheCommittedDocument(String name, String format) throws IOException {
        byte[] served = given().queryParam("format", format).when().get("/q/openapi")
                .then().statusCode(200)
                .extract().asByteArray();
        Files.createDirectories(SERVED);
        Files.write(SERVED.resolve(name), served);
        assertThat(COMMITTED.resolve(name))
                .as("the committed %s differs from the document the annotations give; if the change is meant: cp %s %s/",
                        COMMITTED.resolve(name), SERVED.resolve(name), COMMITTED)
                .hasBinaryContent(served);
    }
}
