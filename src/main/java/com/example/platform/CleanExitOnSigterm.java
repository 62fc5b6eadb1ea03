package com.example.platform;

import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import sun.misc.Signal;

/**
 * SIGTERM is how docker stop, ECS and Kubernetes ask a task to end. The JVM answers it by running its shutdown hooks
 * (Quarkus's graceful shutdown: requests in flight finish, within {@code quarkus.shutdown.timeout}) and exiting with
 * 143, which reports every routine stop as a failure. This runs the same shutdown and exits 0.
 */
public class CleanExitOnSigterm {

    void install(@Observes StartupEvent started) {
        Signal.handle(new Signal("TERM"), signal -> new Thread(() -> System.exit(0), "sigterm-exit").start());
    }
}
