package com.example.platform.lambda;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import com.example.browser.BrowserContract;
import com.example.browser.PageOrigin;
import com.example.browser.PageServer;

/**
 * The browser suite against the Lambda build in process: Chromium talks HTTP to Quarkus's mock event server, which
 * turns each request into an API Gateway event for the function, as a function URL or HTTP API would.
 */
@QuarkusTest
@WithTestResource(PageOrigin.class)
class LambdaBrowserTest extends BrowserContract {

    PageServer page;

    @Override
    protected String api() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    @Override
    protected PageServer page() {
        return page;
    }

    /** The front door (API Gateway, function URL, ALB) answers these; here the mock event server would. */
    @Override
    protected boolean answersRequestSizeLimits() {
        return false;
    }
}
