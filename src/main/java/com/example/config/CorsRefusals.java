package com.example.config;

import static com.example.observability.LogText.escape;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.quarkus.vertx.http.runtime.cors.CORSConfig;
import io.quarkus.vertx.http.runtime.cors.CORSFilter;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import com.example.problem.HttpProblems;

/**
 * Refuses, as a 403 problem, what Quarkus's CORS filter would refuse with an empty 403: an {@code Origin} outside
 * {@code quarkus.http.cors.origins}, and from a listed origin a method outside {@code quarkus.http.cors.methods}. It
 * decides from the same configuration with Quarkus's own origin matching; an {@code Origin} naming the host the request
 * was sent to goes on to Quarkus's filter, whose same-origin rule decides it.
 */
public class CorsRefusals {

    /** After {@link RequestGuard} and {@link GatewayRequestNormalizer}, before Quarkus's CORS filter. */
    static final int PRIORITY = 900;

    private final boolean enabled;
    private final boolean anyOrigin;
    private final Set<String> origins;
    private final List<Pattern> originPatterns;
    private final Set<HttpMethod> methods;

    public CorsRefusals(VertxHttpConfig httpConfig) {
        CORSConfig cors = httpConfig.cors();
        List<String> configured = cors.origins().orElse(List.of());
        this.enabled = cors.enabled();
        this.anyOrigin = configured.equals(List.of("*"));
        this.origins = Set.copyOf(configured);
        this.originPatterns = CORSFilter.parseAllowedOriginsRegex(cors.origins());
        this.methods = CORSFilter.isConfiguredWithWildcard(cors.methods()) ? null
                : cors.methods().orElseThrow().stream().map(method -> HttpMethod.valueOf(method.strip()))
                        .collect(Collectors.toUnmodifiableSet());
    }

    void register(@Observes Filters filters) {
        if (enabled) {
            filters.register(this::check, PRIORITY);
        }
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            context.next();
            return;
        }
        boolean listed = anyOrigin || origins.contains(origin) || CORSFilter.isOriginAllowedByRegex(originPatterns,
                origin);
        if (!listed && !namesRequestHost(request, origin)) {
            refuse(context, "Requests from this Origin are not allowed.");
        } else if (listed && methods != null && !methods.contains(request.method())) {
            refuse(context, "This method is not allowed from other origins.");
        } else {
            context.next();
        }
    }

    private static boolean namesRequestHost(HttpServerRequest request, String origin) {
        try {
            String originHost = URI.create(origin).getHost();
            String requestHost = request.authority() == null ? null : request.authority().host();
            return originHost != null && requestHost != null
                    && originHost.toLowerCase(Locale.ROOT).equals(requestHost.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }

    private static void refuse(RoutingContext context, String detail) {
        Log.debugf("Refused %s %s from Origin %s: %s", context.request().method(), escape(context.request().path()),
                escape(context.request().getHeader(HttpHeaders.ORIGIN)), detail);
        HttpProblems.send(context, 403, detail, false);
    }
}
