package com.example.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Collects the log records the application writes while a test runs, in the test's own JVM (Quarkus tests run the
 * application in process), so a test can read the lines one request produced.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            // The MDC lives on the request's context; take it before the record leaves the logging thread.
            ext.copyMdc();
            records.add(ext);
        }
    }

    /** Every record at WARN or above: what a client must never cause. */
    public List<ExtLogRecord> warningsAndErrors() {
        return records.stream().filter(record -> record.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    }

    /** Every record written with this request id in the MDC. */
    List<ExtLogRecord> ofRequest(String requestId) {
        return records.stream().filter(record -> requestId.equals(record.getMdc(RequestLogFilter.REQUEST_ID)))
                .toList();
    }

    /**
     * The access log line of a request. It is written once the response has been sent, so it may come a moment after
     * the client has the answer.
     */
    ExtLogRecord accessLine(String requestId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<ExtLogRecord> lines = ofRequest(requestId).stream()
                    .filter(record -> Objects.equals(record.getLoggerName(), AccessLog.class.getName())).toList();
            if (!lines.isEmpty()) {
                assertThat(lines).as("access log lines of request %s", requestId).hasSize(1);
                return lines.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no access log line for request " + requestId + "; lines: " + ofRequest(requestId));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
