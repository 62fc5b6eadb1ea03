package com.example.image;

import static com.example.platform.http.HostileClients.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.example.platform.http.FramingCases;
import com.example.platform.http.HostileClients;
import com.example.platform.http.LogHygieneCases;
import com.example.platform.http.RawHttp;
import com.example.platform.http.SlowClientCases;

/**
 * The hostile-client suite against the real container image, on a port chosen at run time, with the image's log
 * ({@code docker logs}) as the log that must stay quiet. Adds what only a real process shows: the idle timeout, and
 * readiness going DOWN the moment SIGTERM arrives.
 */
@Tag("container")
class ContainerHostileClientIT implements FramingCases, SlowClientCases, LogHygieneCases {

    /** Longer than the suite's request head timeout, which an idle connection must outlive. */
    static final int IDLE_TIMEOUT_MILLIS = 5000;
    static int port;
    static String container;

    @BeforeAll
    static void startImage() throws Exception {
        Docker.requireEngine();
        port = Docker.freePort();
        List<String> environment = new ArrayList<>(LIMITS);
        environment.add("QUARKUS_HTTP_IDLE_TIMEOUT=" + IDLE_TIMEOUT_MILLIS + "ms");
        environment.add(Docker.requireStartupArchive(Docker.image("container")));
        container = Docker.startReady(List.of(), port, environment.toArray(String[]::new));
    }

    @AfterAll
    static void stopImage() {
        Docker.removeAfterCheckingItServes(container, port);
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String log() {
        return Docker.docker("logs", container).output();
    }

    @Test
    void shouldCloseIdleConnection() throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            http.send(get("/hello"));
            assertThat(http.read().status()).isEqualTo(200);
            long started = System.nanoTime();
            assertThat(http.closedWithin(IDLE_TIMEOUT_MILLIS + 5000)).isTrue();
            assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(IDLE_TIMEOUT_MILLIS - 500L);
        }
    }

    /** Kubernetes and load balancers stop routing to a task whose readiness is DOWN, while it still answers. */
    @Test
    void shouldReportNotReadyAsSoonAsSigtermArrivesWhileStillAnswering() throws Exception {
        int ownPort = Docker.freePort();
        String stopping = Docker.startReady(List.of(), ownPort);
        int management = Docker.managementPort(stopping);
        try {
            long signalled = System.nanoTime();
            assertThat(Docker.docker("kill", "--signal", "TERM", stopping).ok()).isTrue();
            int readiness = 200;
            while (readiness == 200 && System.nanoTime() - signalled < 3_000_000_000L) {
                readiness = RawHttp.exchange(management, get("/q/health/ready")).status();
            }
            long downMillis = (System.nanoTime() - signalled) / 1_000_000;
            System.out.printf("[shutdown] readiness DOWN %d ms after SIGTERM%n", downMillis);
            assertThat(readiness).isEqualTo(503);
            assertThat(RawHttp.exchange(ownPort, get("/hello?name=late")).status())
                    .as("requests are still answered while the load balancer drains").isEqualTo(200);
        } finally {
            Docker.remove(stopping);
        }
    }
}
