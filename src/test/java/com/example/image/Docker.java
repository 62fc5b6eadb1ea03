package com.example.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

import com.example.support.Command;
import com.example.support.Command.Result;

/**
 * The real Docker engine, driven through its CLI. Image tests need one: locally they are skipped without it, under
 * {@code CI=true} a missing engine fails the build.
 */
final class Docker {

    private Docker() {
    }

    static void requireEngine() {
        boolean running = run(Duration.ofSeconds(20), "docker", "info", "--format", "{{.ServerVersion}}").ok();
        if (!running && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but no Docker engine answers; .ci/run starts one");
        }
        Assumptions.assumeTrue(running, "no Docker engine answers; image tests skipped");
    }

    static String image(String target) {
        return System.getProperty("image." + target, "hello-anywhere:" + target);
    }

    /**
     * Starts a detached container on the host network the way the deployments run it (read-only root filesystem,
     * only /tmp writable) and returns its id.
     *
     * @param environment {@code NAME=value} pairs
     */
    static String startReadOnly(String image, String... environment) {
        List<String> command = new ArrayList<>(
                List.of("docker", "run", "-d", "--network", "host", "--read-only", "--tmpfs", "/tmp"));
        for (String variable : environment) {
            command.addAll(List.of("-e", variable));
        }
        command.add(image);
        Result result = run(Duration.ofSeconds(60), command.toArray(String[]::new));
        assertThat(result.ok()).as("docker run %s: %s", image, result.output()).isTrue();
        return result.output().strip();
    }

    /**
     * The {@code JAVA_OPTS_APPEND} setting under which the image's JVM refuses to start unless the startup archive
     * the image build made (docker/startup-archive.sh) loads; without it a broken archive would only cost speed.
     */
    static String requireStartupArchive(String image) {
        Result jvmArgs = docker("run", "--rm", "--entrypoint", "cat", image, "jvm.args");
        assertThat(jvmArgs.ok()).as("jvm.args in %s: %s", image, jvmArgs.output()).isTrue();
        return "JAVA_OPTS_APPEND=" + (jvmArgs.output().contains("-XX:AOTCache=") ? "-XX:AOTMode=on" : "-Xshare:on");
    }

    /** The user id the container's main process runs as. */
    static String processUid(String container) {
        String status = docker("exec", container, "cat", "/proc/1/status").output();
        String uidLine = status.lines().filter(line -> line.startsWith("Uid:")).findFirst().orElseThrow();
        return uidLine.split("\\s+")[1];
    }

    static void remove(String container) {
        if (container != null) {
            run(Duration.ofSeconds(60), "docker", "rm", "-f", container);
        }
    }

    static Result docker(String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        return run(Duration.ofMinutes(2), command.toArray(String[]::new));
    }

    /** Prints an image's total size and the layers this project adds on top of the base (COPY and RUN steps). */
    static void reportSize(String image) {
        String total = docker("image", "inspect", "--format", "{{.Size}}", image).output().strip();
        List<String> ownLayers = docker("history", "--no-trunc", "--format", "{{.Size}}\t{{.CreatedBy}}", image)
                .output().lines()
                .filter(line -> line.contains("COPY") || (line.contains("/bin/sh -c") && !line.contains("#(nop)")))
                .map(line -> line.split("\t")[0])
                .toList();
        System.out.printf("[image] %s total %.1f MB; layers added on the base, newest first: %s%n", image,
                Long.parseLong(total) / 1e6, String.join(", ", ownLayers));
    }

    static Result run(Duration timeout, String... command) {
        try {
            return Command.run(timeout, List.of(command));
        } catch (IOException e) {
            return new Result(-1, e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted", false);
        }
    }
}
