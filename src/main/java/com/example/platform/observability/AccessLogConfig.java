package com.example.platform.observability;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The access log: one line per request (per invocation on Lambda), written by {@link RequestLogFilter}.
 */
@ConfigMapping(prefix = "hello.access-log")
public interface AccessLogConfig {

    /**
     * Whether to write the access log line, at INFO in the category {@code com.example.platform.observability.AccessLog}.
     * Default {@code true}; {@code HELLO_ACCESS_LOG_ENABLED=false} turns it off.
     */
    @WithDefault("true")
    boolean enabled();
}
