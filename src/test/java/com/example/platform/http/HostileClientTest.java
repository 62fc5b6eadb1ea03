package com.example.platform.http;

import java.net.URL;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import com.example.platform.observability.RequestLogFilter;

/**
 * The hostile-client suite against the in-process HTTP server of the container build; the service's log is every
 * record at INFO or above (the images' level) its loggers pass, with its request id, caught by a handler on the root
 * logger. The Lambda builds have no HTTP server of their own.
 */
@Tag("container")
@QuarkusTest
class HostileClientTest implements FramingCases, SlowClientCases, LogHygieneCases {

    private static final StringBuffer LOG = new StringBuffer();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            // What production writes: %test logs com.example at DEBUG, the images at INFO.
            if (record.getLevel().intValue() < Level.INFO.intValue()) {
                return;
            }
            // The request id as the images' JSON lines carry it (MDC), so a test can find a request's lines.
            String requestId = record instanceof ExtLogRecord ext ? ext.getMdc(RequestLogFilter.REQUEST_ID) : null;
            LOG.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(" [").append(requestId)
                    .append("] ").append(record.getMessage()).append('\n');
            for (Throwable thrown = record.getThrown(); thrown != null; thrown = thrown.getCause()) {
                LOG.append(thrown).append('\n');
                for (StackTraceElement frame : thrown.getStackTrace()) {
                    LOG.append("\tat ").append(frame).append('\n');
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @TestHTTPResource("/")
    URL server;

    @BeforeAll
    static void captureLog() {
        Logger.getLogger("").addHandler(CAPTURE);
    }

    @AfterAll
    static void stopCapturing() {
        Logger.getLogger("").removeHandler(CAPTURE);
    }

    @Override
    public int port() {
        return server.getPort();
    }

    @Override
    public String log() {
        return LOG.toString();
    }
}
