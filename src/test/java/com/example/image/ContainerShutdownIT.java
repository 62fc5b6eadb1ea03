package com.example.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.example.deploy.AppConfig;
import com.example.platform.http.HostileClients;
import com.example.platform.http.RawHttp;

/**
 * {@code docker stop} (what ECS and Kubernetes do on scale-in or rollout) while requests are in flight: every request
 * the server had started to receive before SIGTERM completes with 200, and the process exits 0 within the grace
 * period. The container listens on a port picked for this run and is checked to be what holds it.
 */
@Tag("container")
class ContainerShutdownIT {

    static final int REQUESTS_IN_FLIGHT = 8;
    static final int NAME_LENGTH = 48 * 1024;
    static final int GRACE_PERIOD_SECONDS = 30;

    @Test
    void shouldFinishRequestsInFlightAndExitZeroOnStop() throws Exception {
        Docker.requireEngine();
        int port = Docker.freePort();
        String container = Docker.startReady(List.of(), port);
        try {
            // Vert.x never ended a request pipelined behind one of these, which held the shutdown for its timeout.
            for (byte[] requests : HostileClients.refusalsWithRequestsBehind()) {
                try (RawHttp http = new RawHttp(port)) {
                    http.trySend(requests);
                    assertThat(http.read().status()).isEqualTo(400);
                    assertThat(http.closedWithin(5000)).isTrue();
                }
            }
            List<SlowUpload> uploads = new ArrayList<>();
            for (int i = 0; i < REQUESTS_IN_FLIGHT; i++) {
                uploads.add(SlowUpload.begin(port, "n" + i + "-" + "a".repeat(NAME_LENGTH)));
            }
            Thread.sleep(500);
            // The uploads went to this container, which is still up when the stop begins.
            Docker.assertServes(container, port);

            long signalled = System.nanoTime();
            Process stop = new ProcessBuilder("docker", "stop", "-t", String.valueOf(GRACE_PERIOD_SECONDS), container)
                    .redirectErrorStream(true).start();
            Thread.sleep(1000);

            for (SlowUpload upload : uploads) {
                assertThat(upload.finish()).as("response to a request in flight at SIGTERM")
                        .startsWith("HTTP/1.1 200").contains("[POST]hello, " + upload.name + "!");
            }
            assertThat(stop.waitFor(GRACE_PERIOD_SECONDS + 10, TimeUnit.SECONDS)).isTrue();
            long stoppedMillis = Duration.ofNanos(System.nanoTime() - signalled).toMillis();
            String exitCode = Docker.docker("inspect", "--format", "{{.State.ExitCode}}", container).output().strip();
            System.out.printf("[shutdown] %d requests in flight completed; exit code %s after %d ms%n",
                    REQUESTS_IN_FLIGHT, exitCode, stoppedMillis);
            assertThat(exitCode).isEqualTo("0");
            AppConfig config = AppConfig.load();
            assertThat(stoppedMillis).as("the shutdown delay and the uploads' last bytes, not the shutdown timeout")
                    .isLessThan(config.shutdownDelay().plus(config.shutdownTimeout().dividedBy(2)).toMillis());
        } finally {
            Docker.remove(container);
        }
    }

    /** A POST whose headers and first half of body are sent now and the rest on {@link #finish()}. */
    private record SlowUpload(Socket socket, String name, byte[] rest) {

        static SlowUpload begin(int port, String name) throws IOException {
            byte[] body = ("{\"name\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
            Socket socket = new Socket("localhost", port);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /hello_post HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            int half = body.length / 2;
            out.write(body, 0, half);
            out.flush();
            byte[] rest = new byte[body.length - half];
            System.arraycopy(body, half, rest, 0, rest.length);
            return new SlowUpload(socket, name, rest);
        }

        String finish() throws IOException {
            try (socket) {
                socket.getOutputStream().write(rest);
                socket.getOutputStream().flush();
                InputStream in = socket.getInputStream();
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
