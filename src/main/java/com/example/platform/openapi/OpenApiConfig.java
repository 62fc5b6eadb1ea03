package com.example.platform.openapi;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Whether {@link OpenApiDocumentRoute} serves the document. The application's own key: the SmallRye OpenAPI
 * extension, whose {@code quarkus.smallrye-openapi.enabled} this replaces, is not shipped, so Quarkus would report
 * that key as unknown and ignored.
 */
@ConfigMapping(prefix = "hello.openapi")
public interface OpenApiConfig {

    /** {@code false} (HELLO_OPENAPI_ENABLED=false) answers 404 at the document's path. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The API's URL, which the document names as its server so that Swagger UI's "Try it out" calls it: Swagger UI is
     * on the management interface, another port, whose origin must then be in {@code quarkus.http.cors.origins}. No
     * default (in dev mode {@code http://localhost:8080}): without it the document names no server.
     */
    Optional<String> serverUrl();
}
