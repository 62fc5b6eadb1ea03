package com.example.config;

import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the service reads incoming HTTP requests, identically on every target.
 */
@ConfigMapping(prefix = "hello.http")
public interface HttpConfig {

    /**
     * Largest request body accepted (bytes, or with a K/M/G suffix); larger bodies get 413. Default {@code 1M}. Keep it
     * below {@code quarkus.http.limits.max-body-size}, which cuts the connection with an empty 413 instead.
     */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /**
     * Path prefixes removed before routing, for an API Gateway named stage ({@code /prod}) or a custom-domain base
     * path mapping ({@code /api}). No default: paths are used as they arrive.
     */
    Optional<List<String>> basePaths();
}
