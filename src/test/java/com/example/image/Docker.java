package com.example.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

import com.example.support.Command;
import com.example.support.Command.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real Docker engine, driven through its CLI. Image tests need one: locally they are skipped without it, under
 * {@code CI=true} a missing engine fails the build.
 */
final class Docker {

    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");
    private static final String TCP_LISTEN = "0A";

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
        return startReadOnly(List.of(), image, environment);
    }

    /**
     * Like {@link #startReadOnly(String, String...)}, with more {@code docker run} options, such as a memory limit.
     */
    static String startReadOnly(List<String> runOptions, String image, String... environment) {
        List<String> command = new ArrayList<>(
                List.of("docker", "run", "-d", "--network", "host", "--read-only", "--tmpfs", "/tmp"));
        command.addAll(runOptions);
        for (String variable : environment) {
            command.addAll(List.of("-e", variable));
        }
        command.add(image);
        Result result = run(Duration.ofSeconds(60), command.toArray(String[]::new));
        assertThat(result.ok()).as("docker run %s: %s", image, result.output()).isTrue();
        return result.output().strip();
    }

    /**
     * Starts the container image read-only on the port ({@link #startReadOnly}), waits until it reports ready and
     * checks that what answers there is this container ({@link #assertServes}); removes it when it does not get there.
     */
    static String startReady(List<String> runOptions, int port, String... environment) throws InterruptedException {
        List<String> withPort = new ArrayList<>(List.of(environment));
        withPort.add("QUARKUS_HTTP_PORT=" + port);
        if (withPort.stream().noneMatch(setting -> setting.startsWith("QUARKUS_MANAGEMENT_PORT="))) {
            withPort.add("QUARKUS_MANAGEMENT_PORT=" + freePort());
        }
        String container = startReadOnly(runOptions, image("container"), withPort.toArray(String[]::new));
        try {
            HttpProbe.awaitOk("http://localhost:" + managementPort(container) + "/q/health/ready", 60, container);
            assertServes(container, port);
            return container;
        } catch (RuntimeException | Error | InterruptedException e) {
            remove(container);
            throw e;
        }
    }

    /** Where both images carry the SBOM the Maven build wrote (target/bom.json, CycloneDX). */
    static final String SBOM = "/usr/share/sbom/hello-anywhere.cdx.json";

    /**
     * The image carries the SBOM of this build: a CycloneDX document naming the same components as target/bom.json
     * (compared by package URL: the serial number and timestamp differ from build to build), among them
     * {@code expectedComponent}.
     */
    static void assertCarriesTheBuildsSbom(String image, String expectedComponent) throws IOException {
        Result carried = docker("run", "--rm", "--entrypoint", "cat", image, SBOM);
        assertThat(carried.ok()).as("%s in %s: %s", SBOM, image, carried.output()).isTrue();
        ObjectMapper json = new ObjectMapper();
        JsonNode inImage = json.readTree(carried.output());
        JsonNode built = json.readTree(Path.of("target/bom.json").toFile());

        assertThat(inImage.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(inImage.path("components").findValuesAsText("purl")).isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(built.path("components").findValuesAsText("purl"))
                .anyMatch(purl -> purl.contains(expectedComponent));
    }

    /** The port of the container's management interface (health, metrics), as {@link #startReady} chose it. */
    static int managementPort(String container) {
        Result environment = docker("inspect", "--format", "{{range .Config.Env}}{{println .}}{{end}}", container);
        assertThat(environment.ok()).as("docker inspect %s: %s", container, environment.output()).isTrue();
        return environment.output().lines().filter(line -> line.startsWith("QUARKUS_MANAGEMENT_PORT="))
                .map(line -> Integer.parseInt(line.substring(line.indexOf('=') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(container + " was not given QUARKUS_MANAGEMENT_PORT"));
    }

    /** At the end of a test class: checks the container still serves on its port, then removes it either way. */
    static void removeAfterCheckingItServes(String container, int port) {
        try {
            assertServes(container, port);
        } finally {
            remove(container);
        }
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

    /**
     * A TCP port nothing listens on right now, for a container on the host network. Another process could still take
     * it before the container binds it, which {@link #assertServes} catches.
     */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isRunning(String container) {
        return docker("inspect", "--format", "{{.State.Running}}", container).output().strip().equals("true");
    }

    /**
     * Asserts that the container is running and that its own main process holds the listening socket on the port, so
     * whatever answers there is this container and not another server that got the port first. On the host network
     * the container sees the host's socket table; the socket inodes its PID 1 has open tell which entries are its own.
     */
    static void assertServes(String container, int port) {
        assertThat(isRunning(container)).as("container %s is running; its log:%n%s", container, logs(container))
                .isTrue();
        Result sockets = docker("exec", container, "sh", "-c",
                "readlink /proc/1/fd/*; echo; cat /proc/net/tcp /proc/net/tcp6 2>/dev/null");
        assertThat(sockets.ok()).as("socket table of %s: %s", container, sockets.output()).isTrue();
        assertThat(listeningPorts(sockets.output())).as("ports the main process of %s listens on", container)
                .contains(port);
    }

    /** Ports of LISTEN entries in /proc/net/tcp{,6} whose socket inode appears among {@code socket:[inode]} links. */
    static Set<Integer> listeningPorts(String readlinkAndSocketTables) {
        Set<String> ownInodes = new HashSet<>();
        Matcher socket = SOCKET_LINK.matcher(readlinkAndSocketTables);
        while (socket.find()) {
            ownInodes.add(socket.group(1));
        }
        Set<Integer> ports = new TreeSet<>();
        for (String line : readlinkAndSocketTables.lines().toList()) {
            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 9 && fields[3].equals(TCP_LISTEN) && ownInodes.contains(fields[9])) {
                String local = fields[1];
                ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
            }
        }
        return ports;
    }

    static String logs(String container) {
        return docker("logs", "--tail", "50", container).output();
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
