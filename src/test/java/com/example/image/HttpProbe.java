package com.example.image;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Polls a URL until it answers 200, the way a load balancer health check would. */
final class HttpProbe {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Duration CONTAINER_CHECK_INTERVAL = Duration.ofSeconds(1);

    private HttpProbe() {
    }

    static void awaitOk(String url, int timeoutSeconds) throws InterruptedException {
        awaitOk(url, timeoutSeconds, null);
    }

    /**
     * Like {@link #awaitOk(String, int)}, but gives up as soon as the container that should answer has exited (a port
     * taken by another process, a JVM that refused its flags), with the container's log in the message.
     *
     * @param container the container expected to answer, or null to wait for any server
     */
    static void awaitOk(String url, int timeoutSeconds, String container) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        long nextContainerCheck = System.nanoTime();
        while (System.nanoTime() < deadline) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
                if (CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling
            }
            if (container != null && System.nanoTime() >= nextContainerCheck) {
                if (!Docker.isRunning(container)) {
                    throw new IllegalStateException("container " + container + " exited before " + url
                            + " answered 200; its log:\n" + Docker.logs(container));
                }
                nextContainerCheck = System.nanoTime() + CONTAINER_CHECK_INTERVAL.toNanos();
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException(url + " did not answer 200 within " + timeoutSeconds + " s");
    }
}
