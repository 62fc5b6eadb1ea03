package com.example.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.example.hello.HelloContract;
import com.example.support.Command.Result;

import io.restassured.RestAssured;

/**
 * The contract suite against the real Lambda image: the image runs the AWS Runtime Interface Client, which polls a
 * Runtime API (Quarkus's mock event server, see {@link RuntimeApi}) that turns each test request into a real API
 * Gateway event of the build's flavour. The JVM is required to load the image's startup archive.
 */
class LambdaImageIT extends HelloContract {

    static final int PORT = 19081;
    static String target;
    static String image;
    static RuntimeApi runtimeApi;
    static String container;

    @BeforeAll
    static void startImage() throws Exception {
        Docker.requireEngine();
        target = System.getProperty("app.target", "lambda");
        image = Docker.image(target);
        Docker.reportSize(image);
        runtimeApi = RuntimeApi.start(target, PORT);
        long started = System.nanoTime();
        // AWS_LAMBDA_LOG_FORMAT: what Lambda sets for the function's JSON log format (serverless.yml), so the
        // runtime client's own lines are JSON too.
        container = Docker.startReadOnly(image, "AWS_LAMBDA_RUNTIME_API=localhost:" + PORT + RuntimeApi.BASE_PATH,
                "AWS_LAMBDA_LOG_FORMAT=JSON", Docker.requireStartupArchive(image));
        HttpProbe.awaitOk("http://localhost:" + PORT + "/hello", 60);
        System.out.printf("[cold start] %s image: docker run -> first invocation answered in %d ms%n", target,
                (System.nanoTime() - started) / 1_000_000);
        RestAssured.baseURI = "http://localhost";
        RestAssured.port = PORT;
    }

    @AfterAll
    static void stopImage() throws Exception {
        Docker.remove(container);
        if (runtimeApi != null) {
            runtimeApi.close();
        }
        RestAssured.reset();
    }

    @Test
    void shouldAnswer5xxForAnInvocationThatThrowsAndKeepServing() {
        given().contentType("application/json").body("this is not an API Gateway event")
                .when().post(RuntimeApi.BASE_PATH)
                .then().statusCode(greaterThanOrEqualTo(500));
        given().queryParam("name", "again")
                .when().get("/hello")
                .then().statusCode(200)
                .body("message", equalTo("[GET]hello, again!"));
    }

    /**
     * The image build's training run (docker/startup-archive.sh with docker/training-runtime-api.pl) checks every
     * answer, so a function that answers wrongly fails the build instead of shipping a cache trained on errors. Run
     * inside the image, as its Dockerfile runs it, with events of the build's own payload version and then the other.
     */
    @Test
    void startupArchiveTraining_failsWhenTheFunctionAnswersWrongly() {
        boolean rest = target.equals("lambda-rest");
        assertThat(trainInImage(rest ? "1.0" : "2.0")).satisfies(training -> {
            assertThat(training.exitCode()).as(training.output()).isZero();
            assertThat(training.output()).contains("startup-archive: app.");
        });
        assertThat(trainInImage(rest ? "2.0" : "1.0")).satisfies(training -> {
            assertThat(training.exitCode()).as(training.output()).isEqualTo(1);
            assertThat(training.output()).contains("training-runtime-api: GET /hello answered 500, not 200")
                    .contains("startup-archive: the training Runtime API stopped");
        });
    }

    private static Result trainInImage(String payloadVersion) {
        return Docker.docker("run", "--rm", "--network", "none", "--workdir", "/tmp", "--entrypoint", "bash",
                "-e", "LAMBDA_PAYLOAD=" + payloadVersion, "-e", "TRAINING_ROUNDS=1", image, "-c",
                "startup-archive.sh lambda -- --add-opens java.base/java.lang=ALL-UNNAMED"
                        + " --enable-native-access=ALL-UNNAMED $JAVA_OPTS -cp \"$APP_CLASSPATH\""
                        + " com.amazonaws.services.lambda.runtime.api.client.AWSLambda"
                        + " io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
    }

    @Test
    void shouldWriteJsonLogLinesCarryingTheInvocationIds() throws Exception {
        ImageObservability.assertLambdaLogs(container, target);
    }

    @Test
    void shouldRunAsNonRootWithReadOnlyRootFilesystem() {
        assertThat(Docker.processUid(container)).isNotEqualTo("0");
        assertThat(Docker.docker("exec", container, "touch", "/should-fail").ok()).isFalse();
    }
}
