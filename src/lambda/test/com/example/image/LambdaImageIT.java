package com.example.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.hello.HelloContract;
import com.example.platform.lambda.FrontDoorEventSuite;
import com.example.platform.lambda.LambdaEvents;
import com.example.support.Command.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.restassured.RestAssured;

/**
 * The contract suite and the front-door event suite against the real Lambda image: the image runs the AWS Runtime
 * Interface Client, which polls a Runtime API (Quarkus's mock event server, see {@link RuntimeApi}, on a port chosen
 * now) that turns each contract request into an HTTP API event and passes each fixture event on as it is. The JVM
 * is required to load the image's startup archive.
 */
class LambdaImageIT extends HelloContract {

    static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    static final Path EVENTS = Path.of("src/test/resources/events").toAbsolutePath();
    /** serverless.yml's provider.architecture to the image architecture Docker reports. */
    static final Map<String, String> LAMBDA_ARCHITECTURES = Map.of("x86_64", "amd64", "arm64", "arm64");
    /** Only this run's container strips this path prefix, so an answer through it comes from that container. */
    static final String OWN_PREFIX = "/it-" + UUID.randomUUID().toString().substring(0, 8);
    static String image;
    static RuntimeApi runtimeApi;
    static String container;

    @BeforeAll
    static void startImage() throws Exception {
        Docker.requireEngine();
        image = Docker.image("lambda");
        Docker.reportSize(image);
        runtimeApi = RuntimeApi.start();
        int port = runtimeApi.port();
        long started = System.nanoTime();
        // AWS_LAMBDA_LOG_FORMAT: what Lambda sets for the function's JSON log format (serverless.yml), so the
        // runtime client's own lines are JSON too.
        container = Docker.startReadOnly(image, "AWS_LAMBDA_RUNTIME_API=localhost:" + port + RuntimeApi.BASE_PATH,
                Docker.requireStartupArchive(image), "AWS_LAMBDA_LOG_FORMAT=JSON",
                "HELLO_HTTP_BASE_PATHS=/prod,/api," + OWN_PREFIX,
                "LAMBDA_RUNTIME_CLIENT=" + System.getProperty("lambda.runtime-client", "ric"));
        HttpProbe.awaitOk("http://localhost:" + port + OWN_PREFIX + "/hello", 60);
        System.out.printf("[cold start] lambda image: docker run -> first invocation answered in %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
        RestAssured.baseURI = "http://localhost";
        RestAssured.port = port;
    }

    @AfterAll
    static void stopImage() throws Exception {
        try {
            if (container != null) {
                assertThat(Docker.docker("inspect", "--format", "{{.State.Running}}", container).output().strip())
                        .as("the container served every test and is still running").isEqualTo("true");
            }
        } finally {
            Docker.remove(container);
            if (runtimeApi != null) {
                runtimeApi.close();
            }
            RestAssured.reset();
        }
    }

    @Test
    void shouldCarryTheSbomOfItsDependencies() throws IOException {
        Docker.assertCarriesTheBuildsSbom(image, "pkg:maven/com.amazonaws/aws-lambda-java-runtime-interface-client@");
    }

    /**
     * Lambda takes one image manifest for the function's architecture: not an image index (what a build with
     * provenance or SBOM attestations makes, and a multi-platform build), and not another architecture.
     */
    @Test
    void shouldBeOneImageForTheFunctionsArchitecture() throws IOException {
        String architecture = new YAMLMapper().readTree(Path.of("serverless.yml").toFile())
                .at("/provider/architecture").asText();
        Result inspected = Docker.docker("image", "inspect", "--format", "{{json .}}", image);
        assertThat(inspected.ok()).as(inspected.output()).isTrue();
        JsonNode details = new ObjectMapper().readTree(inspected.output());

        assertThat(details.path("Os").asText()).isEqualTo("linux");
        assertThat(details.path("Architecture").asText()).as("serverless.yml's %s", architecture)
                .isEqualTo(LAMBDA_ARCHITECTURES.get(architecture));
        // The descriptor is inspectable with the containerd image store (Docker 27+); the classic store keeps single
        // images only.
        if (details.has("Descriptor")) {
            assertThat(details.path("Descriptor").path("mediaType").asText())
                    .isIn("application/vnd.oci.image.manifest.v1+json",
                            "application/vnd.docker.distribution.manifest.v2+json");
        }
    }

    /** Every front door's fixture events, replayed through the image's Runtime Interface Client. */
    @Nested
    class FrontDoorEvents extends FrontDoorEventSuite {
        @Override
        protected boolean hasEchoEndpoint() {
            return false;
        }
    }

    @Test
    void shouldAnswerThroughThisRunsOwnContainer() {
        given().queryParam("name", "own")
                .when().get(OWN_PREFIX + "/hello")
                .then().statusCode(200)
                .body("message", equalTo("[GET]hello, own!"));
    }

    @Test
    void shouldAnswer5xxForAnInvocationThatThrowsAndKeepServing() {
        given().contentType("application/json").body("this is not a Lambda event")
                .when().post(LambdaEvents.RAW_EVENT_PATH)
                .then().statusCode(greaterThanOrEqualTo(500));
        given().queryParam("name", "again")
                .when().get("/hello")
                .then().statusCode(200)
                .body("message", equalTo("[GET]hello, again!"));
    }

    /**
     * The image build's training run (docker/startup-archive.sh with the training Runtime API, src/training/java)
     * checks every answer, so a function that fails an event fails the build instead of shipping a cache trained on
     * errors. Run inside the image as its Dockerfile's training stage runs it (that stage is this image plus the
     * script and the jar, mounted here), on the project's fixtures and then on an event the function fails.
     */
    @Test
    void startupArchiveTraining_failsWhenTheFunctionFails(@TempDir Path broken) throws IOException {
        assertThat(trainInImage(EVENTS)).satisfies(training -> {
            assertThat(training.exitCode()).as(training.output()).isZero();
            assertThat(training.output()).contains("startup-archive: app.");
        });
        assertThat(broken.toFile().setReadable(true, false) && broken.toFile().setExecutable(true, false)).isTrue();
        Files.copy(EVENTS.resolve("alb-get-hello.json"), broken.resolve("alb-get-hello.json"));
        Files.copy(EVENTS.resolve("malformed-not-json.txt"), broken.resolve("not-json.json"));
        assertThat(trainInImage(broken)).satisfies(training -> {
            assertThat(training.exitCode()).as(training.output()).isEqualTo(1);
            assertThat(training.output()).contains("training-runtime-api: the function reported an error for")
                    .contains("not-json.json").contains("startup-archive: the training Runtime API stopped");
        });
    }

    private static Result trainInImage(Path events) throws IOException {
        Path runtimeApiJar;
        try (var jars = Files.newDirectoryStream(Path.of("target").toAbsolutePath(), "*-training.jar")) {
            runtimeApiJar = jars.iterator().next();
        }
        return Docker.docker("run", "--rm", "--network", "none", "--workdir", "/tmp", "--entrypoint", "bash",
                "-v", events + ":/events:ro", "-e", "TRAINING_EVENTS=/events", "-e", "TRAINING_ROUNDS=1",
                "-v", Path.of("docker/startup-archive.sh").toAbsolutePath() + ":/usr/local/bin/startup-archive.sh:ro",
                "-v", runtimeApiJar + ":/usr/local/lib/training-runtime-api.jar:ro",
                "-e", "TRAINING_RUNTIME_API=/usr/local/lib/training-runtime-api.jar", image,
                "-c", "startup-archive.sh lambda -- " + HANDLER);
    }

    @Test
    void shouldWriteJsonLogLinesCarryingTheInvocationIds() throws Exception {
        ImageObservability.assertLambdaLogs(container);
    }

    @Test
    void shouldRunAsNonRootWithReadOnlyRootFilesystem() {
        assertThat(Docker.processUid(container)).isNotEqualTo("0");
        assertThat(Docker.docker("exec", container, "touch", "/should-fail").ok()).isFalse();
    }
}
