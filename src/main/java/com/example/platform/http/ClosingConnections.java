package com.example.platform.http;

import static com.example.platform.observability.LogText.escape;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;

import com.example.platform.FilterPriorities;

/**
 * Connections the service has decided to close once the current answer is sent: after a refusal whose framing is
 * doubtful, or a {@code close} connection option. A client may have pipelined more requests behind that one, and
 * Vert.x would still route and run them (only their answers would be dropped), so a request smuggled behind a refused
 * one would take effect. The first filter closes such a connection instead of serving anything more.
 */
public class ClosingConnections {

    /** Marks the request that may still be answered; a reroute keeps its routing context, so the mark too. */
    private static final String ANSWERING = ClosingConnections.class.getName();
    private static final Set<HttpConnection> CLOSING = Collections
            .synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    void register(@Observes Filters filters) {
        filters.register(ClosingConnections::refuseAfterClosing, FilterPriorities.CLOSING_CONNECTIONS);
    }

    /** Lets this request be answered, then serves nothing more on its connection. */
    public static void closeAfterThisRequest(RoutingContext context) {
        HttpConnection connection = context.request().connection();
        if (connection != null) {
            context.put(ANSWERING, Boolean.TRUE);
            CLOSING.add(connection);
        }
    }

    /** Logged at TRACE: the refusal that closes the connection has its own line already. */
    private static void refuseAfterClosing(RoutingContext context) {
        HttpConnection connection = context.request().connection();
        if (connection != null && context.get(ANSWERING) == null && CLOSING.contains(connection)) {
            Log.tracef("Closed the connection instead of serving %s %s, sent after a request that closes it",
                    context.request().method(), escape(context.request().path()));
            connection.close();
            return;
        }
        context.next();
    }
}
