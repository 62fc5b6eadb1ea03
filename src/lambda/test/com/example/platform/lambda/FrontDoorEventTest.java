package com.example.platform.lambda;

import io.quarkus.test.junit.QuarkusTest;

/** The front-door event suite against the Lambda build in process, behind Quarkus's mock event server. */
@QuarkusTest
class FrontDoorEventTest extends FrontDoorEventSuite {

    @Override
    protected boolean hasEchoEndpoint() {
        return true;
    }
}
