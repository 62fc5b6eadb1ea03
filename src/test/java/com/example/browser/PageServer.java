package com.example.browser;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.sun.net.httpserver.HttpServer;

/**
 * A front end on another origin: the JDK's HTTP server on a port the OS picks, serving one empty page whose title is
 * a token only this server knows, so a test can tell the page it opened came from here. It listens on every loopback
 * address, so the one server is several origins: {@code http://localhost:<port>}, {@code http://127.0.0.1:<port>}...
 */
public final class PageServer implements AutoCloseable {

    private final HttpServer server;
    private final String title = "front end " + UUID.randomUUID();

    private PageServer(HttpServer server) {
        this.server = server;
    }

    public static PageServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(0), 0);
            PageServer page = new PageServer(server);
            server.createContext("/", page::servePage);
            server.start();
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This server as the origin {@code http://<host>:<port>}. */
    public String origin(String host) {
        return "http://" + host + ":" + server.getAddress().getPort();
    }

    public String title() {
        return title;
    }

    private void servePage(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        // No favicon request: its 404 would be a console error.
        byte[] page = ("<!doctype html><html><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>"
                + title + "</title></head><body></body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, page.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(page);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
