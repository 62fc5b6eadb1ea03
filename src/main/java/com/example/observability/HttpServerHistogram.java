package com.example.observability;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Publishes the HTTP server request timer as a Prometheus histogram ({@code http_server_requests_seconds_bucket}), so
 * latency percentiles can be computed across pods. A fixed set of buckets keeps each route and status at 12 series.
 */
public class HttpServerHistogram {

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";

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

    /** A bucket bound in the timer's base unit, nanoseconds. */
    private static double ms(double milliseconds) {
        return milliseconds * 1_000_000;
    }
}
