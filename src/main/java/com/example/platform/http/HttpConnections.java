package com.example.platform.http;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.Http1xServerConnection;

/**
 * Sets up each connection the HTTP server accepts where neither Quarkus nor Vert.x has an option: Vert.x's request
 * decoder is replaced by {@link StrictRequestDecoder}, and requests the decoder fails (a request line or headers over
 * the limits, a malformed Content-Length, a slow request head ...) go through the router, where {@code HttpProblems}
 * answers them as problems like any other refusal; Vert.x would answer them with an empty body. Vert.x builds a
 * connection's pipeline when the connection is registered with its event loop, before reading from it, so a handler
 * placed ahead of Vert.x's own on each accepted channel changes the pipeline before the first byte is decoded.
 *
 * <p>
 * Quarkus announces the listening server asynchronously, so the few connections accepted in the first moment after it
 * binds (tens of milliseconds, before a readiness probe could pass) keep Vert.x's decoder. What this needs of Vert.x's
 * internals is in {@link VertxInternals}; if an upgrade moves any of it, the service does not start, or closes the
 * connections it cannot set up, unless {@code hello.http.hardening-enabled=false}.
 */
@Singleton
public class HttpConnections {

    private static final String ACCEPTED = "hello-accepted-connections";

    private final Vertx vertx;
    private final HttpConfig config;
    /** Null when the hardening is switched off. */
    private final VertxInternals internals;

    /** @throws VertxInternals.InternalsMoved when this Vert.x lacks what the hook needs: the start fails */
    public HttpConnections(Vertx vertx, HttpConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.internals = config.hardeningEnabled() ? new VertxInternals() : null;
    }

    void installWhenListening(@ObservesAsync HttpServerStart started) {
        if (internals == null) {
            return;
        }
        if (!VertxInternals.isPlainHttp1(started.options())) {
            Log.errorf("The HTTP hardening reads plain HTTP/1.1 only (quarkus.http.http2=false, no TLS on this port); "
                    + "stopping rather than serving unprotected");
            Quarkus.asyncExit(1);
        } else if (install().isEmpty()) {
            Log.errorf("The HTTP hardening found no listening channel of Quarkus's HTTP server (verified on %s); "
                    + "stopping rather than serving unprotected", VertxInternals.VERIFIED_ON);
            Quarkus.asyncExit(1);
        }
    }

    /**
     * At every start: creates this bean, so a Vert.x without the internals stops the start; and in dev mode, where the
     * server outlives a live reload, installs the hook of the classes reloaded.
     */
    void installAfterReload(@Observes StartupEvent started) {
        if (internals == null) {
            Log.warn("hello.http.hardening-enabled=false: connections are read by Vert.x's own decoder");
        } else {
            install();
        }
    }

    /**
     * On the servers that speak plain HTTP/1.1, the application's: the management interface is a server of its own,
     * with h2c, that serves no client of the API.
     */
    private List<VertxInternals.Listening> install() {
        List<VertxInternals.Listening> servers = internals.listening(vertx).stream()
                .filter(server -> VertxInternals.isPlainHttp1(server.options())).toList();
        for (VertxInternals.Listening server : servers) {
            ChannelHandler accepted = new AcceptedConnections(server.options());
            if (server.channel().pipeline().get(ACCEPTED) == null) {
                server.channel().pipeline().addFirst(ACCEPTED, accepted);
            } else {
                server.channel().pipeline().replace(ACCEPTED, ACCEPTED, accepted);
            }
        }
        return servers;
    }

    /** On the listening channel: puts a {@link ConnectionSetup} ahead of what Vert.x adds to each new connection. */
    @ChannelHandler.Sharable
    private final class AcceptedConnections extends ChannelInboundHandlerAdapter {

        private final HttpServerOptions options;

        AcceptedConnections(HttpServerOptions options) {
            this.options = options;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object accepted) {
            ((Channel) accepted).pipeline().addLast(new ConnectionSetup(options));
            context.fireChannelRead(accepted);
        }
    }

    /**
     * Runs once Vert.x has built the connection's pipeline, then removes itself. A pipeline no longer built as the
     * hook expects is closed, never served unprotected.
     */
    private final class ConnectionSetup extends ChannelInboundHandlerAdapter {

        private final HttpServerOptions options;

        ConnectionSetup(HttpServerOptions options) {
            this.options = options;
        }

        @Override
        public void channelRegistered(ChannelHandlerContext context) {
            ChannelPipeline pipeline = context.pipeline();
            try {
                Http1xServerConnection connection = VertxInternals.connection(pipeline);
                VertxInternals.replaceDecoder(pipeline,
                        new StrictRequestDecoder(options, config.requestHeadTimeout()));
                VertxInternals.answerFailedRequestsWith(connection, VertxHttpRecorder.getRootHandler());
            } catch (VertxInternals.InternalsMoved moved) {
                Log.errorf("Closing a connection: %s", moved.getMessage());
                context.close();
                return;
            }
            pipeline.remove(this);
            context.fireChannelRegistered();
        }
    }
}
