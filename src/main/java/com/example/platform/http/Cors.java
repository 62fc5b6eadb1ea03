package com.example.platform.http;

import static com.example.platform.observability.LogText.escape;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.quarkus.vertx.http.runtime.cors.CORSConfig;
import io.quarkus.vertx.http.runtime.cors.CORSFilter;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import com.example.platform.FilterPriorities;

/**
 * CORS around Quarkus's own filter, which stays the one that answers preflights and serves listed origins, from the
 * {@code quarkus.http.cors.*} configuration:
 * <ul>
 * <li>What Quarkus's filter would refuse with an empty 403 (an {@code Origin} neither listed nor the request's own
 * scheme, host and port; from a listed origin, a method outside {@code quarkus.http.cors.methods}) is refused first,
 * as a 403 problem, decided by Quarkus's origin matching.</li>
 * <li>Every other answer to a listed origin carries the headers that let its page read the answer, also those made
 * before Quarkus's filter ran or without it (a refused target or header, a body over the limit, a request the decoder
 * failed): {@code Access-Control-Allow-Origin}, {@code -Allow-Credentials} and {@code -Expose-Headers}. A refusal
 * made before the headers could be read ({@link #decorateUnread}) lets any origin read it.</li>
 * </ul>
 */
@Singleton
public class Cors {

    private final boolean enabled;
    private final boolean anyOrigin;
    private final Set<String> origins;
    private final List<Pattern> originPatterns;
    private final Set<HttpMethod> methods;
    private final Map<String, String> answerHeaders = new LinkedHashMap<>();

    public Cors(VertxHttpConfig httpConfig) {
        CORSConfig cors = httpConfig.cors();
        List<String> configured = cors.origins().orElse(List.of());
        this.enabled = cors.enabled();
        this.anyOrigin = configured.equals(List.of("*"));
        this.origins = Set.copyOf(configured);
        this.originPatterns = CORSFilter.parseAllowedOriginsRegex(cors.origins());
        this.methods = CORSFilter.isConfiguredWithWildcard(cors.methods()) ? null
                : cors.methods().orElseThrow().stream().map(method -> HttpMethod.valueOf(method.strip()))
                        .collect(Collectors.toUnmodifiableSet());
        answerHeaders.put(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS.toString(),
                String.valueOf(cors.accessControlAllowCredentials().orElse(true)));
        cors.exposedHeaders().filter(headers -> !headers.isEmpty()).ifPresent(headers -> answerHeaders
                .put(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS.toString(), String.join(",", headers)));
    }

    void register(@Observes Filters filters) {
        if (enabled) {
            filters.register(this::check, FilterPriorities.CORS);
        }
    }

    /**
     * The CORS headers for an answer to a request from this origin: empty unless it is listed. (A page on the API's own
     * origin reads the answers without them.)
     */
    public Map<String, String> answerHeaders(String origin) {
        if (!enabled || origin == null || !isListed(origin)) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>(answerHeaders);
        headers.put(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN.toString(), origin);
        return headers;
    }

    /** Puts the CORS headers on the answer, whoever writes it, unless Quarkus's filter already has. */
    public void decorate(RoutingContext context) {
        Map<String, String> headers = answerHeaders(context.request().getHeader(HttpHeaders.ORIGIN));
        if (!headers.isEmpty()) {
            context.addHeadersEndHandler(ended -> headers.forEach((name, value) -> {
                if (!context.response().headers().contains(name)) {
                    context.response().putHeader(name, value);
                }
            }));
        }
    }

    /**
     * For a refusal whose request's headers were never read (a request line or headers over the limits, a header line
     * Netty could not parse): its Origin is unknown, so any page may read it. It holds nothing but the refusal and its
     * request id, and credentials are never allowed with it.
     */
    public void decorateUnread(RoutingContext context) {
        if (enabled) {
            Map<String, String> headers = new LinkedHashMap<>(answerHeaders);
            headers.put(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN.toString(), "*");
            headers.put(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS.toString(), "false");
            headers.forEach(context.response()::putHeader);
        }
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            context.next();
            return;
        }
        boolean listed = isListed(origin);
        if (!listed && !isSameOrigin(request, origin)) {
            refuse(context, "Requests from this Origin are not allowed.");
        } else if (listed && methods != null && !methods.contains(request.method())) {
            refuse(context, "This method is not allowed from other origins.");
        } else {
            decorate(context);
            context.next();
        }
    }

    private boolean isListed(String origin) {
        return anyOrigin || origins.contains(origin) || CORSFilter.isOriginAllowedByRegex(originPatterns, origin);
    }

    /**
     * Whether the origin is the request's own scheme, host and port, as Quarkus's filter decides it (its check is not
     * public): such a request is not cross-origin and goes on to that filter.
     */
    static boolean isSameOrigin(HttpServerRequest request, String origin) {
        try {
            URI originUri = new URI(origin);
            URI requestUri = new URI(request.scheme(), null, request.authority() == null ? null
                    : request.authority().host(), request.authority() == null ? -1 : request.authority().port(), null,
                    null, null);
            return originUri.getRawPath() != null && originUri.getRawPath().isEmpty()
                    && requestUri.getScheme().equalsIgnoreCase(originUri.getScheme())
                    && requestUri.getHost() != null
                    && requestUri.getHost().toLowerCase(Locale.ROOT).equals(
                            originUri.getHost() == null ? null : originUri.getHost().toLowerCase(Locale.ROOT))
                    && port(requestUri) == port(originUri);
        } catch (Exception notAnOrigin) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static void refuse(RoutingContext context, String detail) {
        Log.debugf("Refused %s %s from Origin %s: %s", context.request().method(), escape(context.request().path()),
                escape(context.request().getHeader(HttpHeaders.ORIGIN)), detail);
        HttpProblems.send(context, 403, detail, false);
    }
}
