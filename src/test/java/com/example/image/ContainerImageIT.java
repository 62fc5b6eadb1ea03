package com.example.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.example.hello.HelloContract;

import io.restassured.RestAssured;

/**
 * The contract suite against the real container image, started by the real Docker engine as it would run on ECS or
 * EKS: non-root, read-only root filesystem, writable /tmp only, and the JVM required to load the image's startup
 * archive.
 */
class ContainerImageIT extends HelloContract {

    static final int PORT = 18080;
    static String container;

    @BeforeAll
    static void startImage() throws InterruptedException {
        Docker.requireEngine();
        String image = Docker.image("container");
        Docker.reportSize(image);
        long started = System.nanoTime();
        container = Docker.startReadOnly(image, "QUARKUS_HTTP_PORT=" + PORT, Docker.requireStartupArchive(image));
        HttpProbe.awaitOk("http://localhost:" + PORT + "/hello", 60);
        System.out.printf("[cold start] container image: docker run -> first 200 in %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
        RestAssured.baseURI = "http://localhost";
        RestAssured.port = PORT;
    }

    @AfterAll
    static void stopImage() {
        Docker.remove(container);
        RestAssured.reset();
    }

    @Test
    void shouldWriteJsonLogLinesCarryingTheRequestId() throws InterruptedException {
        ImageObservability.assertContainerLogs(container);
    }

    @Test
    void shouldCountRequestsInPrometheusMetrics() {
        ImageObservability.assertContainerMetrics();
    }

    @Test
    void shouldRunAsNonRootUser() {
        assertThat(Docker.processUid(container)).isNotEqualTo("0");
    }

    @Test
    void shouldHaveReadOnlyRootFilesystem() {
        assertThat(Docker.docker("exec", container, "touch", "/should-fail").ok()).isFalse();
        assertThat(Docker.docker("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", container).output().strip())
                .isEqualTo("true");
    }
}
