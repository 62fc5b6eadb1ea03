package com.example.platform.http;

import java.time.Duration;
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
     * Largest request body accepted (bytes, or with a K/M/G suffix); larger bodies get 413. Default {@code 64K}: the
     * only field is a name. Keep it below {@code quarkus.http.limits.max-body-size}, which cuts the connection with an
     * empty 413 instead.
     */
    @WithDefault("64K")
    MemorySize maxBodySize();

    /**
     * Request body bytes held in memory across all requests at once; a body that would pass it gets 503 with
     * Retry-After. Bounds memory whatever the number of concurrent uploads. Default {@code 16M}.
     */
    @WithDefault("16M")
    MemorySize maxBufferedBodies();

    /**
     * How long a request body may take to arrive, from the end of the headers; a slower one gets 408 and the
     * connection is closed. Default {@code 10s}.
     */
    @WithDefault("10s")
    Duration bodyReadTimeout();

    /**
     * How long a request line and its headers may take to arrive, from their first byte; a slower request gets 408
     * and the connection is closed. Default {@code 20s}: a client on a slow network sends its headers in one go, a
     * client trickling them byte by byte is holding a connection on purpose.
     */
    @WithDefault("20s")
    Duration requestHeadTimeout();

    /**
     * Whether each connection is read by {@code StrictRequestDecoder} and its failed requests are answered as problems
     * ({@code HttpConnections}). Default {@code true}. The hook reaches into Vert.x internals; when a Quarkus or Vert.x
     * upgrade moves them, the service refuses to start and names what moved, and {@code false} lets it start on Vert.x's
     * own decoder (Netty's checks, bare answers, no request head timeout) until the hook is updated.
     */
    @WithDefault("true")
    boolean hardeningEnabled();

    /**
     * Path prefixes removed before routing, for an API Gateway named stage ({@code /prod}) or a custom-domain base
     * path mapping ({@code /api}). No default: paths are used as they arrive.
     */
    Optional<List<String>> basePaths();
}
