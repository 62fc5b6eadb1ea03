package com.example.openapi;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The SmallRye OpenAPI extension's keys that still matter at run time, read by {@link OpenApiDocumentRoute} now that
 * the extension's runtime is not shipped (its build-time keys, such as the document's title, are read by the
 * {@code openapi} Maven profile's build). Without the extension Quarkus does not know them: setting
 * {@code quarkus.smallrye-openapi.enabled} logs a WARN at start that it is ignored, although this mapping applies it.
 */
@ConfigMapping(prefix = "quarkus.smallrye-openapi")
public interface OpenApiConfig {

    /**
     * Whether the document is served (default {@code true}); {@code false} at run time answers 404. No default value in
     * the mapping, which would count as a key set and so log the WARN at every start.
     */
    Optional<Boolean> enabled();

    /** Where the document is served, the path Swagger UI points at (set in application.properties). */
    String path();
}
