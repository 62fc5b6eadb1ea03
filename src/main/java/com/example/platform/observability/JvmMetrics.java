package com.example.platform.observability;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.ManagementInterface;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

import com.example.platform.FilterPriorities;

/**
 * JVM memory, GC and thread meters, bound when /q/metrics is first scraped instead of at start. Quarkus's own JVM
 * binder (quarkus.micrometer.binder.jvm) binds them during start-up, which cost about 50 ms, 6% of the container
 * image's start to first answer; before the first scrape nobody reads them. GC pauses before that scrape are not
 * counted; memory and thread gauges read the live JVM anyway. Without Micrometer (the Lambda build) this does nothing.
 */
public class JvmMetrics {

    /** Quarkus's default quarkus.micrometer.export.prometheus.path. */
    static final String METRICS_PATH = "/q/metrics";

    private final Instance<MeterRegistry> registry;
    private final AtomicBoolean bound = new AtomicBoolean();
    private JvmGcMetrics gcMetrics;

    public JvmMetrics(Instance<MeterRegistry> registry) {
        this.registry = registry;
    }

    void register(@Observes Filters filters) {
        if (registry.isResolvable()) {
            filters.register(this::bindOnFirstScrape, FilterPriorities.JVM_METRICS);
        }
    }

    /** Where the build has a management interface, /q/metrics is served there, which the filters above do not see. */
    void register(@Observes ManagementInterface management) {
        if (registry.isResolvable()) {
            management.router().route(METRICS_PATH).order(-1).handler(this::bindOnFirstScrape);
        }
    }

    private void bindOnFirstScrape(RoutingContext context) {
        if (bound.get() || !context.normalizedPath().equals(METRICS_PATH)) {
            context.next();
            return;
        }
        context.vertx().executeBlocking(() -> {
            bindOnce();
            return null;
        }).onComplete(ignored -> context.next());
    }

    private synchronized void bindOnce() {
        if (bound.get()) {
            return;
        }
        MeterRegistry meters = registry.get();
        new JvmMemoryMetrics().bindTo(meters);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        bound.set(true);
    }

    synchronized void close(@Observes ShutdownEvent stopping) {
        if (gcMetrics != null) {
            gcMetrics.close();
        }
    }
}
