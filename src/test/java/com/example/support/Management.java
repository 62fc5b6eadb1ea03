package com.example.support;

import java.net.URL;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Where a build serves health, metrics and the API documents: Quarkus's management interface in the container build,
 * the application's own door in the Lambda build, which has no second server (application.properties, Management).
 */
public final class Management {

    /** The build's quarkus.management.enabled, which pom.xml hands to the tests as it hands it to the build. */
    public static final boolean ENABLED = Boolean
            .parseBoolean(System.getProperty("quarkus.management.enabled", "true"));

    private Management() {
    }

    /**
     * A request to the management interface at {@code url} (a {@code @TestHTTPResource(management = true)} URL, or
     * any URL of a server started for the test), or RestAssured's default target in a build without one.
     */
    public static RequestSpecification given(URL url) {
        if (!ENABLED) {
            return RestAssured.given();
        }
        return RestAssured.given().baseUri(url.getProtocol() + "://" + url.getHost()).port(url.getPort());
    }
}
