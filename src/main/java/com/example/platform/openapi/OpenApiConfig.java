package com.example.platform.openapi;

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
}
