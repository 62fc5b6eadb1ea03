package com.example.platform.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves the OpenAPI document the way the SmallRye OpenAPI extension does (YAML by default; JSON for a path ending in
 * {@code .json}, an {@code Accept} naming {@code application/json} or {@code ?format=json}), from a committed copy
 * of what the extension serves (src/main/resources/openapi/; the {@code openapi} Maven profile checks it against the
 * annotations). The extension's runtime would parse its build-time document, run its filters and serialize it again
 * at every start. The path is the extension's key, which Swagger UI points at too.
 */
public class OpenApiDocumentRoute {

    private static final String DOCUMENT = "openapi/openapi";
    private static final String YAML_TYPE = "application/yaml;charset=UTF-8";
    private static final String JSON_TYPE = "application/json;charset=UTF-8";

    private final String path;
    private final boolean enabled;
    private final Optional<String> serverUrl;
    private final boolean onManagementInterface;

    public OpenApiDocumentRoute(OpenApiConfig config,
            @ConfigProperty(name = "quarkus.smallrye-openapi.path") String path,
            @ConfigProperty(name = "quarkus.management.enabled") boolean onManagementInterface) {
        this.path = path;
        this.enabled = config.enabled();
        this.serverUrl = config.serverUrl();
        this.onManagementInterface = onManagementInterface;
    }

    /** Where the build has a management interface, the document is served there, beside Swagger UI and health. */
    void register(@Observes ManagementInterface management) {
        serve(management.router(), onManagementInterface);
    }

    void register(@Observes Router router) {
        serve(router, !onManagementInterface);
    }

    private void serve(Router router, boolean here) {
        if (!enabled || !here) {
            return;
        }
        byte[] yaml = withServer(read(DOCUMENT + ".yaml"), "servers:\n- url: \"%s\"\n", "openapi: ");
        byte[] json = withServer(read(DOCUMENT + ".json"), "  \"servers\" : [ {\n    \"url\" : \"%s\"\n  } ],\n",
                "\"openapi\" : ");
        route(router, path).handler(context -> {
            if (wantsJson(context)) {
                send(context, JSON_TYPE, json);
            } else {
                send(context, YAML_TYPE, yaml);
            }
        });
        route(router, path + ".json").handler(context -> send(context, JSON_TYPE, json));
        for (String suffix : List.of(".yaml", ".yml")) {
            route(router, path + suffix).handler(context -> send(context, YAML_TYPE, yaml));
        }
    }

    /**
     * The document with {@code hello.openapi.server-url} as its server, in lines put after the one that names the
     * OpenAPI version (the document has no servers of its own); the document as it is without one.
     */
    private byte[] withServer(byte[] document, String serverLines, String versionLineStart) {
        if (serverUrl.isEmpty()) {
            return document;
        }
        String text = new String(document, StandardCharsets.UTF_8);
        int afterVersionLine = text.indexOf('\n', text.indexOf(versionLineStart)) + 1;
        String server = serverLines.formatted(serverUrl.get().replace("\"", "%22"));
        return (text.substring(0, afterVersionLine) + server + text.substring(afterVersionLine))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Route route(Router router, String path) {
        return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    private static boolean wantsJson(RoutingContext context) {
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        List<String> format = context.queryParam("format");
        return accept != null && accept.contains("application/json")
                || !format.isEmpty() && format.get(0).equalsIgnoreCase("json");
    }

    private static void send(RoutingContext context, String contentType, byte[] document) {
        // Spelled as the extension did, so the answer is the same to the byte.
        context.response().putHeader("Content-Type", contentType).end(Buffer.buffer(document));
    }

    private static byte[] read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No " + resource + " on the class path; ./mvnw -Popenapi verify makes it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
