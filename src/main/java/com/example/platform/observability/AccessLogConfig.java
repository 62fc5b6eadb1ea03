package com.example.platform.observability;

import java.time.Duration;

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

    /**
     * How long an access line may wait in the console's buffer before it is written out, where the console writes
     * JSON (the images); every other line is written at once, and writes out the access lines before it. Default
     * {@code 50ms}: a crash that skips the shutdown hooks may lose that much of the access log (see
     * DeferredAccessLineFlush). {@code 0} writes each access line at once; the Lambda image sets it.
     */
    @WithDefault("50ms")
    Duration flushDelay();
}
