package com.example.config;

import java.lang.reflect.Field;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.TCPServerBase;
import io.vertx.core.net.impl.VertxHandler;

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
 * binds (tens of milliseconds, before a readiness probe could pass) keep Vert.x's decoder. Finding the listening
 * channel, and the options (limits) the decoder is built with, needs two private fields of Vert.x
 * ({@code TCPServerBase.bindFuture}, {@code HttpServerImpl.options}); if a Vert.x upgrade moves them, the service logs
 * a warning at start and runs with Vert.x's decoder, and the hostile-client suite fails.
 */
@Singleton
public class HttpConnections {

    private static final String ACCEPTED = "hello-accepted-connections";
    private static final String DECODER = "httpDecoder";
    private static final String VERTX_CONNECTION = "handler";

    private final Vertx vertx;
    private final HttpConfig config;

    public HttpConnections(Vertx vertx, HttpConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    void installWhenListening(@ObservesAsync HttpServerStart started) {
        install();
    }

    /** In dev mode the server outlives a live reload, and what was installed belongs to the classes reloaded. */
    void installAfterReload(@Observes StartupEvent started) {
        install();
    }

    private void install() {
        try {
            Field bound = TCPServerBase.class.getDeclaredField("bindFuture");
            Field options = HttpServerImpl.class.getDeclaredField("options");
            bound.setAccessible(true);
            options.setAccessible(true);
            Map<?, HttpServerImpl> servers = ((VertxInternal) vertx).sharedHttpServers();
            synchronized (servers) {
                for (HttpServerImpl server : servers.values()) {
                    if (bound.get(server) instanceof Future<?> binding
                            && binding.result() instanceof Channel listening) {
                        ChannelHandler accepted = new AcceptedConnections((HttpServerOptions) options.get(server));
                        if (listening.pipeline().get(ACCEPTED) == null) {
                            listening.pipeline().addFirst(ACCEPTED, accepted);
                        } else {
                            listening.pipeline().replace(ACCEPTED, ACCEPTED, accepted);
                        }
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.warnf("Could not reach the HTTP server's listening channel (%s); Vert.x decodes requests unchanged", e);
        }
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

    /** Runs once Vert.x has built the connection's pipeline, then removes itself. */
    private final class ConnectionSetup extends ChannelInboundHandlerAdapter {

        private final HttpServerOptions options;

        ConnectionSetup(HttpServerOptions options) {
            this.options = options;
        }

        @Override
        public void channelRegistered(ChannelHandlerContext context) {
            ChannelPipeline pipeline = context.pipeline();
            if (pipeline.get(DECODER) != null) {
                pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options, config.requestHeadTimeout()));
            }
            if (pipeline.get(VERTX_CONNECTION) instanceof VertxHandler<?> handler
                    && handler.getConnection() instanceof Http1xServerConnection connection) {
                connection.invalidRequestHandler(VertxHttpRecorder.getRootHandler());
            }
            pipeline.remove(this);
            context.fireChannelRegistered();
        }
    }
}
