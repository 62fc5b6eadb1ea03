package com.example.image;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import com.example.browser.BrowserContract;
import com.example.browser.PageServer;

/**
 * The browser suite against the container image, on a port picked for this run, started with the front end's origin
 * as its CORS origins the way a deployment sets them ({@code QUARKUS_HTTP_CORS_ORIGINS}).
 */
@Tag("container")
class ContainerBrowserIT extends BrowserContract {

    static PageServer page;
    static int port;
    static int managementPort;
    static String container;

    @BeforeAll
    static void startImage() throws InterruptedException {
        Docker.requireEngine();
        page = PageServer.start();
        port = Docker.freePort();
        managementPort = Docker.freePort();
        // Swagger UI is on the management port and tries the API out on the application's, across origins.
        container = Docker.startReady(List.of(), port, "QUARKUS_MANAGEMENT_PORT=" + managementPort,
                "HELLO_OPENAPI_SERVER_URL=http://127.0.0.1:" + port,
                "QUARKUS_HTTP_CORS_ORIGINS=" + page.origin(ALLOWED_HOST) + ",http://localhost:" + managementPort);
    }

    @AfterAll
    static void stopImage() {
        try {
            if (container != null) {
                Docker.removeAfterCheckingItServes(container, port);
            }
        } finally {
            if (page != null) {
                page.close();
            }
        }
    }

    @Override
    protected String api() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    protected String documents() {
        return "http://localhost:" + managementPort;
    }

    @Override
    protected PageServer page() {
        return page;
    }
}
