package com.example.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.example.hello.HelloContract;

import io.restassured.RestAssured;

/**
 * The contract suite against the real Lambda image: the image runs the AWS Runtime Interface Client, which polls a
 * Runtime API (Quarkus's mock event server, see {@link RuntimeApi}) that turns each test request into a real API
 * Gateway event of the build's flavour. The JVM is required to load the image's startup archive.
 */
class LambdaImageIT extends HelloContract {

    static final int PORT = 19081;
    static RuntimeApi runtimeApi;
    static String container;

    @BeforeAll
    static void startImage() throws Exception {
        Docker.requireEngine();
        String target = System.getProperty("app.target", "lambda");
        String image = Docker.image(target);
        Docker.reportSize(image);
        runtimeApi = RuntimeApi.start(target, PORT);
        long started = System.nanoTime();
        container = Docker.startReadOnly(image, "AWS_LAMBDA_RUNTIME_API=localhost:" + PORT + RuntimeApi.BASE_PATH,
                Docker.requireStartupArchive(image));
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

    @Test
    void shouldRunAsNonRootWithReadOnlyRootFilesystem() {
        assertThat(Docker.processUid(container)).isNotEqualTo("0");
        assertThat(Docker.docker("exec", container, "touch", "/should-fail").ok()).isFalse();
    }
}
