package com.example.platform.http;

import java.util.Optional;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import com.example.platform.FilterPriorities;
import com.example.platform.ResourceMethods;

/**
 * Answers OPTIONS on application paths with the path's own methods in {@code Allow}, or 404 where no resource is;
 * Quarkus REST answered 200 with every method of the application for any path. CORS preflights never get here
 * (Quarkus's CORS filter answers them first), nor do Quarkus's own endpoints, which answer OPTIONS themselves.
 */
public class OptionsRequests {

    private final ResourceMethods resourceMethods;
    private final String nonApplicationPrefix;

    public OptionsRequests(ResourceMethods resourceMethods,
            @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q")
            String nonApplicationRootPath) {
        this.resourceMethods = resourceMethods;
        this.nonApplicationPrefix = RequestGuard.nonApplicationPrefix(nonApplicationRootPath);
    }

    void register(@Observes Filters filters) {
        filters.register(this::answer, FilterPriorities.OPTIONS_REQUESTS);
    }

    private void answer(RoutingContext context) {
        String path = context.request().path();
        if (context.request().method() != HttpMethod.OPTIONS || path == null || path.startsWith(nonApplicationPrefix)) {
            context.next();
            return;
        }
        Optional<String> allow = resourceMethods.allow(path);
        if (allow.isEmpty()) {
            HttpProblems.send(context, 404, false);
        } else {
            context.response().putHeader(HttpHeaders.ALLOW, allow.get()).end();
        }
    }
}
