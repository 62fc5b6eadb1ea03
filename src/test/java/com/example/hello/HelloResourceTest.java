package com.example.hello;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Runs the contract against the build of the current Maven profile: real HTTP for the container build, the Lambda
 * mock event server (real event translation) for the Lambda builds.
 */
@QuarkusTest
class HelloResourceTest extends HelloContract {
}
