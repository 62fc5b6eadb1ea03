package com.example.hello;

import java.net.URL;

import com.example.support.Management;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * Runs the contract against the build of the current Maven profile: real HTTP for the container build, the Lambda
 * mock event server (real event translation) for the Lambda builds.
 */
@QuarkusTest
class HelloResourceTest extends HelloContract {

    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    @Override
    protected RequestSpecification management() {
        return Management.given(managementUrl);
    }
}
