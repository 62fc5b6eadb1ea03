package com.example.platform.http;

import java.util.List;

import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

import com.example.platform.FilterPriorities;

/**
 * Makes a request look the same to the application whichever way it arrived: straight over HTTP, or as an API
 * Gateway event translated by the Quarkus Lambda handlers. Runs before CORS and routing.
 * <ul>
 * <li>The HTTP API (v2) handler splits every header value on commas, so {@code Date: Wed, 21 Oct 2015} arrives as two
 * values. API Gateway already combines repeated headers into one comma-joined value, so joining them back with a
 * comma restores the original exactly; for a direct HTTP request it is the same list, written as one line (RFC 9110
 * 5.3).</li>
 * <li>Behind an API Gateway named stage (v2 {@code rawPath} {@code /prod/hello}) or a custom-domain base path
 * mapping (v1 {@code path} {@code /api/hello}) the path carries a prefix the application does not know about;
 * {@link HttpConfig#basePaths()} lists the prefixes to remove.</li>
 * </ul>
 */
public class GatewayRequestNormalizer {

    private final List<String> basePaths;

    public GatewayRequestNormalizer(HttpConfig config) {
        this.basePaths = config.basePaths().orElse(List.of());
    }

    void register(@Observes Filters filters) {
        filters.register(this::normalize, FilterPriorities.GATEWAY_NORMALIZER);
    }

    private void normalize(RoutingContext context) {
        joinRepeatedHeaders(context.request().headers());
        String path = context.normalizedPath();
        for (String basePath : basePaths) {
            if (path.equals(basePath) || path.startsWith(basePath + "/")) {
                String rest = path.substring(basePath.length());
                String query = context.request().query();
                context.reroute((rest.isEmpty() ? "/" : rest) + (query == null ? "" : "?" + query));
                return;
            }
        }
        context.next();
    }

    private static void joinRepeatedHeaders(MultiMap headers) {
        for (String name : headers.names()) {
            List<String> values = headers.getAll(name);
            if (values.size() > 1) {
                String separator = name.equalsIgnoreCase("Cookie") ? "; " : ",";
                headers.set(name, String.join(separator, values));
            }
        }
    }
}
