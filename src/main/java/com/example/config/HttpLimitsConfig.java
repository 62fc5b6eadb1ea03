package com.example.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Request limits the service enforces itself, so that an oversized request gets the same problem+json answer on
 * every target.
 */
@ConfigMapping(prefix = "hello.http")
public interface HttpLimitsConfig {

    /**
     * Largest request body accepted (bytes, or with a K/M/G suffix); larger bodies get 413. Default {@code 1M}. Keep it
     * below {@code quarkus.http.limits.max-body-size}, which cuts the connection with an empty 413 instead.
     */
    @WithDefault("1M")
    MemorySize maxBodySize();
}
