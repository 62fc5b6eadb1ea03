package com.example.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.example.hello.HelloContract;
import com.example.platform.lambda.FrontDoorEventSuite;
import com.example.support.Command;
import com.example.support.Command.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.restassured.RestAssured;

/**
 * The contract suite and the front-door event suite against target/function.zip run as AWS Lambda's managed java25
 * runtime runs it, with SnapStart: the zip unpacked read-only at /var/task; the AWS Runtime Interface Client (the
 * build's own, from the zip's lib/) on the system class path under /var/runtime; started by
 * docker/managed-java-runtime/bootstrap with the managed runtime's JVM options, and the handler, memory and
 * environment that serverless.yml's zip package gives the function, on the base image's JDK 25 (the Lambda image's
 * JVM), read-only but /tmp. It initialises for a snapshot (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start), so
 * the runtime client runs the function's CRaC hooks (com.example.platform.lambda.SnapStartPriming) and asks the Runtime API
 * for its restore before the first invocation. What a restore itself costs cannot be measured off AWS.
 */
class LambdaZipIT extends HelloContract {

    static final Path ZIP = Path.of("target/function.zip");
    static final Path RIC_JNI = Path.of("target/lambda-ric/jni");
    static final String LAYOUT = "docker/managed-java-runtime/layout";
    /** Only this run's function strips this path prefix, so an answer through it comes from that function. */
    static final String OWN_PREFIX = "/zip-" + UUID.randomUUID().toString().substring(0, 8);
    static final Pattern PRIMED = Pattern.compile("SnapStart priming: answered (\\d+) events \\((\\d+) fixtures, "
            + "(\\d+) rounds\\) in \\d+ ms; statuses \\{([^}]*)}");

    static Path work;
    static RuntimeApi runtimeApi;
    static String container;

    @BeforeAll
    static void startFunction() throws Exception {
        Docker.requireEngine();
        assertThat(ZIP).as("the Lambda build's zip: ./mvnw package -Plambda").exists();
        work = Files.createTempDirectory("lambda-zip");
        Result layout = Command.run(Duration.ofMinutes(2), List.of(LAYOUT, ZIP.toString(), RIC_JNI.toString(),
                work.toString()));
        assertThat(layout.ok()).as("%s: %s", LAYOUT, layout.output()).isTrue();
        Path task = work.resolve("task");
        Path runtime = work.resolve("runtime");
        JsonNode serverless = new YAMLMapper().readTree(Path.of("serverless.yml").toFile());
        JsonNode function = serverless.at("/custom/packages/zip/functions/api");
        runtimeApi = RuntimeApi.start();
        int port = runtimeApi.port();
        List<String> environment = new ArrayList<>(List.of(
                "AWS_LAMBDA_RUNTIME_API=localhost:" + port + RuntimeApi.BASE_PATH,
                "_HANDLER=" + function.path("handler").asText(),
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + serverless.at("/provider/memorySize").asInt(),
                "AWS_LAMBDA_INITIALIZATION_TYPE=snap-start", "AWS_LAMBDA_LOG_FORMAT=JSON",
                "LAMBDA_TASK_ROOT=/var/task", "LAMBDA_RUNTIME_DIR=/var/runtime", "TZ=:UTC",
                "HELLO_HTTP_BASE_PATHS=/prod,/api," + OWN_PREFIX));
        function.path("environment").fields().forEachRemaining(
                variable -> environment.add(variable.getKey() + "=" + variable.getValue().asText()));
        // A user of its own, not root, as Lambda runs functions (sbx_user1051 there).
        container = Docker.startReadOnly(
                List.of("-v", task + ":/var/task:ro", "-v", runtime + ":/var/runtime:ro", "--user", "993:990",
                        "--entrypoint", "/var/runtime/bootstrap"),
                baseImage(), environment.toArray(String[]::new));
        try {
            HttpProbe.awaitOk("http://localhost:" + port + OWN_PREFIX + "/hello", 120, container);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; the function's log:\n" + Docker.logs(container), e);
        }
        RestAssured.baseURI = "http://localhost";
        RestAssured.port = port;
    }

    @AfterAll
    static void stopFunction() throws Exception {
        try {
            if (container != null) {
                assertThat(Docker.isRunning(container)).as("the function served every test and still runs; log:%n%s",
                        Docker.logs(container)).isTrue();
            }
        } finally {
            Docker.remove(container);
            if (runtimeApi != null) {
                runtimeApi.close();
            }
            RestAssured.reset();
            if (work != null) {
                try (Stream<Path> files = Files.walk(work)) {
                    files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
                }
            }
        }
    }

    /** Every front door's fixture events, replayed through AWS's runtime client on the managed runtime's class path. */
    @Nested
    class FrontDoorEvents extends FrontDoorEventSuite {
        @Override
        protected boolean hasEchoEndpoint() {
            return false;
        }
    }

    @Test
    void shouldAnswerThroughThisRunsOwnFunction() {
        given().queryParam("name", "own")
                .when().get(OWN_PREFIX + "/hello")
                .then().statusCode(200)
                .body("message", equalTo("[GET]hello, own!"));
    }

    /**
     * The runtime client initialised for a snapshot: the priming hook answered every shipped fixture, every round,
     * without a server error, and then the runtime client asked for its restore, once.
     */
    @Test
    void shouldPrimeBeforeTheSnapshotAndThenAskForTheRestore() {
        assertThat(runtimeApi.restores()).isEqualTo(1);
        List<String> primed = ImageObservability.jsonLines(container).stream()
                .map(line -> line.path("message").asText()).filter(message -> PRIMED.matcher(message).find())
                .toList();
        assertThat(primed).hasSize(1);
        Matcher report = PRIMED.matcher(primed.get(0));
        assertThat(report.find()).isTrue();
        int fixtures = Integer.parseInt(report.group(2));
        assertThat(fixtures).isGreaterThanOrEqualTo(100);
        assertThat(Integer.parseInt(report.group(1))).isEqualTo(fixtures * Integer.parseInt(report.group(3)));
        assertThat(report.group(4)).contains("200=").doesNotContainPattern("\\b5\\d\\d=");
    }

    @Test
    void shouldWriteJsonLogLinesCarryingTheInvocationIds() throws Exception {
        ImageObservability.assertLambdaLogs(container);
    }

    /** The base image's JVM: the Lambda image's, JDK 25 as on the managed java25 runtime. */
    static String baseImage() throws IOException {
        String given = System.getProperty("quarkus.docker.build-args.BASE_IMAGE");
        if (given != null && !given.isBlank()) {
            return given;
        }
        return Files.readAllLines(Path.of("docker/Dockerfile.lambda")).stream()
                .filter(line -> line.startsWith("ARG BASE_IMAGE=")).map(line -> line.substring(15)).findFirst()
                .orElseThrow();
    }
}
