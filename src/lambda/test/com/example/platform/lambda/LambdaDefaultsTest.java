package com.example.platform.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.example.platform.observability.AccessLogConfig;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The Lambda build's own defaults (src/lambda/resources) reach the function whether it runs from the image or from
 * function.zip: Lambda freezes the process between invocations, so no access line may wait in a buffer.
 */
@QuarkusTest
class LambdaDefaultsTest {

    @Inject
    AccessLogConfig accessLog;

    @Test
    void shouldWriteEachAccessLineAtOnce() {
        assertThat(accessLog.flushDelay()).isEqualTo(Duration.ZERO);
    }
}
