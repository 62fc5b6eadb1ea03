package com.example.platform.observability;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

import com.example.platform.ResourceMethods;

/**
 * Shapes the HTTP server request timer ({@code http_server_requests_seconds}): a Prometheus histogram with a fixed set
 * of buckets, so latency percentiles can be computed across pods (12 series per route, method and status), and tags a
 * client cannot multiply.
 */
public class HttpServerMetrics {

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";
    static final String URI = "uri";
    static final String METHOD = "method";
    /** The {@code uri} of requests no resource answered but a path of their own would have named. */
    static final String UNMATCHED_ROUTE = "/UNMATCHED";
    static final String UNKNOWN_METHOD = "UNKNOWN";
    /** What Quarkus tags a request with when no resource names it: a 404, a redirect, the root, a CORS preflight. */
    static final Set<String> QUARKUS_ROUTE_TAGS = Set.of("NOT_FOUND", "REDIRECTION", "root", "/cors-preflight",
            UNMATCHED_ROUTE);
    /** RFC 9110's methods and PATCH (RFC 5789). */
    static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");

    @Produces
    @Singleton
    MeterFilter httpServerBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(HTTP_SERVER_REQUESTS)) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(ms(1), ms(2.5), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250),
                                ms(500), ms(1000), ms(2500))
                        .build().merge(config);
            }
        };
    }

    /**
     * Keeps the request metrics' {@code uri} and {@code method} tags to values the service defines. Quarkus tags a
     * request no resource matched with the client's own path, and every request with its method as sent, so a client
     * could add a series per request: Micrometer stops at 100 paths with a WARN, methods are not capped at all (1,500
     * made methods of 4 KB each ran the heap out while {@code /q/metrics} was written).
     */
    @Produces
    @Singleton
    MeterFilter boundedHttpServerTags(ResourceMethods resources) {
        Set<String> routes = new HashSet<>(resources.templates());
        routes.addAll(QUARKUS_ROUTE_TAGS);
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (!id.getName().equals(HTTP_SERVER_REQUESTS)) {
                    return id;
                }
                String uri = id.getTag(URI);
                String method = id.getTag(METHOD);
                return id.replaceTags(Tags.of(id.getTagsAsIterable())
                        .and(URI, uri == null || routes.contains(uri) ? String.valueOf(uri) : UNMATCHED_ROUTE)
                        .and(METHOD, KNOWN_METHODS.contains(method) ? method : UNKNOWN_METHOD));
            }
        };
    }

    /** A bucket bound in the timer's base unit, nanoseconds. */
    private static double ms(double milliseconds) {
        return milliseconds * 1_000_000;
    }
}
