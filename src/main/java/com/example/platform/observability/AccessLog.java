package com.example.platform.observability;

import io.quarkus.logging.Log;

/** Writes the access log line; its own class so the line has its own log category. */
final class AccessLog {

    /** The status logged when the connection closed before an answer was sent (a client abort, broken framing). */
    static final int NO_ANSWER = 0;

    private AccessLog() {
    }

    /**
     * The path goes last, escaped, so whatever a client puts in it cannot shift the fields before it. The request id
     * is not in the message: the line carries it in the MDC like every other line of the request.
     */
    static void write(String method, String path, int status, long elapsedNanos, long bodyBytes) {
        // Built by hand: String.format, then BigDecimal, took a noticeable share of peak throughput.
        long micros = elapsedNanos / 1_000;
        int fraction = (int) (micros % 1_000);
        StringBuilder line = new StringBuilder(128).append("method=").append(LogText.escape(method))
                .append(" status=").append(status)
                .append(" durationMs=").append(micros / 1_000).append('.');
        if (fraction < 100) {
            line.append(fraction < 10 ? "00" : "0");
        }
        Log.info(line.append(fraction)
                .append(" bytes=").append(bodyBytes)
                .append(" path=").append(path == null ? "-" : LogText.escape(path)).toString());
    }
}
