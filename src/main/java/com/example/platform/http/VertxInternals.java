package com.example.platform.http;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.TCPServerBase;
import io.vertx.core.net.impl.VertxHandler;

/**
 * Everything of Vert.x's that is not public API and the HTTP hardening needs, in one place, checked when it is looked
 * up: if an upgrade moves any of it, {@link InternalsMoved} names what moved and the service does not start (see
 * {@link HttpConfig#hardeningEnabled()}). Verified on Quarkus 3.33.2, Vert.x 4.5.27, Netty 4.1.137.Final.
 * <ul>
 * <li>{@code VertxInternal.sharedHttpServers()}: the servers Quarkus started;</li>
 * <li>the private fields {@code TCPServerBase.bindFuture} (the listening channel) and {@code HttpServerImpl.options}
 * (the limits the decoder is built with);</li>
 * <li>the handler names {@code httpDecoder} (a {@code VertxHttpRequestDecoder}, which {@code StrictRequestDecoder}
 * extends) and {@code handler} (a {@code VertxHandler} of an {@code Http1xServerConnection}, whose
 * {@code invalidRequestHandler} receives the requests the decoder fails) in each connection's pipeline.</li>
 * </ul>
 */
final class VertxInternals {

    static final String VERIFIED_ON = "Quarkus 3.33.2, Vert.x 4.5.27, Netty 4.1.137.Final";
    private static final String DECODER = "httpDecoder";
    private static final String CONNECTION = "handler";

    /** Part of Vert.x the hardening relies on is not where it was; the message says what and what to do. */
    static final class InternalsMoved extends IllegalStateException {
        InternalsMoved(String what, Throwable cause) {
            super("The HTTP hardening cannot find Vert.x's " + what + " (verified on " + VERIFIED_ON + "). Update "
                    + "com.example.platform.http.VertxInternals for this Vert.x, or set hello.http.hardening-enabled=false to "
                    + "start on Vert.x's own decoder (docs/http-hardening.md).", cause);
        }
    }

    private final Field bindFuture;
    private final Field serverOptions;

    /** @throws InternalsMoved when a field is gone */
    VertxInternals() {
        this.bindFuture = field(TCPServerBase.class, "bindFuture");
        this.serverOptions = field(HttpServerImpl.class, "options");
    }

    static Field field(Class<?> owner, String name) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new InternalsMoved("private field " + owner.getSimpleName() + "." + name, e);
        }
    }

    /**
     * Whether a server builds the pipeline the hook knows: plain HTTP/1.x, one decoder named {@code httpDecoder} (a
     * server with h2c or TLS decides the protocol per connection first).
     */
    static boolean isPlainHttp1(HttpServerOptions options) {
        return !options.isHttp2ClearTextEnabled() && !options.isSsl();
    }

    /** A listening channel of Quarkus's HTTP server and the options it was started with. */
    record Listening(Channel channel, HttpServerOptions options) {
    }

    /** The channels Quarkus's HTTP servers listen on; none before they are bound. */
    List<Listening> listening(Vertx vertx) {
        List<Listening> found = new ArrayList<>();
        Map<?, HttpServerImpl> servers = ((VertxInternal) vertx).sharedHttpServers();
        synchronized (servers) {
            for (HttpServerImpl server : servers.values()) {
                try {
                    if (bindFuture.get(server) instanceof Future<?> binding
                            && binding.result() instanceof Channel channel) {
                        found.add(new Listening(channel, (HttpServerOptions) serverOptions.get(server)));
                    }
                } catch (IllegalAccessException e) {
                    throw new InternalsMoved("server fields", e);
                }
            }
        }
        return found;
    }

    /**
     * The Vert.x connection of a pipeline Vert.x has just built, after checking that its decoder is where the
     * hardening replaces it.
     *
     * @throws InternalsMoved when the pipeline is not built as it was
     */
    static Http1xServerConnection connection(ChannelPipeline pipeline) {
        ChannelHandler decoder = pipeline.get(DECODER);
        if (!(decoder instanceof VertxHttpRequestDecoder)) {
            throw new InternalsMoved("request decoder named '" + DECODER + "' (found " + describe(decoder) + ")", null);
        }
        if (pipeline.get(CONNECTION) instanceof VertxHandler<?> handler
                && handler.getConnection() instanceof Http1xServerConnection connection) {
            return connection;
        }
        throw new InternalsMoved("connection handler named '" + CONNECTION + "' (found "
                + describe(pipeline.get(CONNECTION)) + ")", null);
    }

    static void replaceDecoder(ChannelPipeline pipeline, ChannelHandler decoder) {
        pipeline.replace(DECODER, DECODER, decoder);
    }

    static void answerFailedRequestsWith(Http1xServerConnection connection, Handler<HttpServerRequest> handler) {
        connection.invalidRequestHandler(handler);
    }

    private static String describe(ChannelHandler handler) {
        return Optional.ofNullable(handler).map(found -> found.getClass().getName()).orElse("nothing");
    }
}
