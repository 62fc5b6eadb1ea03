package com.example.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.example.hello.HelloContract;
import com.example.support.Command.Result;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The contract suite against the real container image, started by the real Docker engine as it would run on ECS or
 * EKS: non-root, read-only root filesystem, writable /tmp only, and the JVM required to load the image's startup
 * archive. It listens on a port picked for this run, and the class checks before and after the suite that this
 * container, still running, is what holds that port.
 */
@Tag("container")
class ContainerImageIT extends HelloContract {

    static final String DEVELOPMENT_ORIGIN = "http://localhost:3000";

    static int port;
    static int managementPort;
    static String container;

    @BeforeAll
    static void startImage() throws InterruptedException {
        Docker.requireEngine();
        String image = Docker.image("container");
        Docker.reportSize(image);
        port = Docker.freePort();
        managementPort = Docker.freePort();
        long started = System.nanoTime();
        container = Docker.startReadOnly(image, "QUARKUS_HTTP_PORT=" + port,
                "QUARKUS_MANAGEMENT_PORT=" + managementPort, Docker.requireStartupArchive(image));
        HttpProbe.awaitOk("http://localhost:" + port + "/hello", 60, container);
        System.out.printf("[cold start] container image: docker run -> first 200 in %d ms (port %d)%n",
                (System.nanoTime() - started) / 1_000_000, port);
        Docker.assertServes(container, port);
        Docker.assertServes(container, managementPort);
        RestAssured.baseURI = "http://localhost";
        RestAssured.port = port;
    }

    @AfterAll
    static void stopImage() {
        try {
            if (container != null) {
                // Still up and still the one on the port, so every answer the suite checked came from it.
                Docker.assertServes(container, port);
            }
        } finally {
            Docker.remove(container);
            RestAssured.reset();
        }
    }

    @Override
    protected RequestSpecification management() {
        return RestAssured.given().port(managementPort);
    }

    /** The port behind the load balancer serves the API only: health, metrics and documents are internal. */
    @Test
    void shouldNotServeInternalEndpointsOnTheApplicationPort() {
        for (String path : new String[] { "/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/" }) {
            RestAssured.given().when().get(path).then().statusCode(404);
            management().when().get(path).then().statusCode(200);
        }
    }

    @Test
    void shouldWriteJsonLogLinesCarryingTheRequestId() throws InterruptedException {
        ImageObservability.assertContainerLogs(container);
    }

    @Test
    void shouldCountRequestsInPrometheusMetrics() {
        ImageObservability.assertContainerMetrics(managementPort);
    }

    @Test
    void shouldCarryTheSbomOfItsDependencies() throws IOException {
        Docker.assertCarriesTheBuildsSbom(Docker.image("container"), "pkg:maven/io.quarkus/quarkus-rest@");
    }

    @Test
    void shouldRunAsNonRootUser() {
        assertThat(Docker.processUid(container)).isNotEqualTo("0");
    }

    @Test
    void shouldHaveReadOnlyRootFilesystem() {
        Result root = Docker.docker("exec", container, "touch", "/should-fail");
        assertThat(root.exitCode()).as(root.output()).isNotZero();
        assertThat(root.output()).contains("Read-only file system");
        Result tmp = Docker.docker("exec", container, "touch", "/tmp/may-write");
        assertThat(tmp.ok()).as("/tmp stays writable: %s", tmp.output()).isTrue();
    }

    /** The image runs the prod profile, whose CORS origins leave out the development origin the tests allow. */
    @Test
    void shouldNotGrantCorsToTheDevelopmentOrigin() {
        given().header("Origin", DEVELOPMENT_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .when().options("/hello_post")
                .then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
