package com.example.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.OutputStreamHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Access lines wait in the console's buffer for a short while; any other line is written at once, behind them. */
class DeferredAccessLineFlushTest {

    static final Duration FLUSH_DELAY = Duration.ofMillis(200);

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputStreamHandler console;
    DeferredAccessLineFlush flush;

    @BeforeEach
    void consoleFollowedByTheFlush() {
        console = new OutputStreamHandler(out, new PatternFormatter("%c %s%n"));
        console.setAutoFlush(true);
        flush = DeferredAccessLineFlush.following(console, FLUSH_DELAY);
    }

    @Test
    void shouldHoldAnAccessLineUntilTheDelayHasPassed() throws InterruptedException {
        publish(AccessLog.class.getName(), "method=GET status=200");

        assertThat(written()).isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (written().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(written()).isEqualTo(AccessLog.class.getName() + " method=GET status=200\n");
    }

    @Test
    void shouldWriteAnyOtherLineAtOnce_withTheAccessLinesBeforeIt() {
        publish(AccessLog.class.getName(), "method=GET status=200");
        publish("com.example.problem.ProblemMappers", "Rejected request");

        assertThat(written()).isEqualTo(AccessLog.class.getName() + " method=GET status=200\n"
                + "com.example.problem.ProblemMappers Rejected request\n");
    }

    @Test
    void shouldWriteTheBufferWhenFlushedOrClosed() {
        publish(AccessLog.class.getName(), "method=GET status=200");
        flush.close();

        assertThat(written()).isEqualTo(AccessLog.class.getName() + " method=GET status=200\n");
    }

    void publish(String logger, String message) {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, message, logger);
        record.setLoggerName(logger);
        console.publish(record);
        flush.publish(record);
    }

    String written() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
