package com.example.platform.observability;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;

import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;

import io.quarkus.logging.json.runtime.JsonFormatter;

/**
 * Writes the access log's JSON line itself, character for character what the JSON console formatter writes for it,
 * and hands every other record to that formatter. The formatter's generic path (a JSON generator per record, a
 * {@link DateTimeFormatter} per timestamp, a check of every key against the excluded ones) was most of the access
 * log's cost under load; here the second of the timestamp is formatted once per second and the line is appended to
 * one builder.
 * <p>
 * It takes over only where both write the same line for a sample access record (checked at start, so with the keys
 * application.properties excludes and the default date format, key names and no additional fields); with any other
 * setting the JSON formatter writes every line as before. AccessLineFormatterTest compares the two on many lines, so
 * a Quarkus or JBoss LogManager upgrade that changes the formatter's output fails the build (verified on Quarkus
 * 3.34.1, JBoss LogManager 3.2.1).
 */
final class AccessLineFormatter extends ExtFormatter {

    /** Keys the line leaves out; the fast path needs all of these excluded (application.properties does). */
    static final Set<String> EXCLUDED_KEYS = Set.of("sequence", "loggerClassName", "ndc", "threadId", "processName",
            "processId");

    private static final String ACCESS_LOGGER = AccessLog.class.getName();
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private final JsonFormatter json;
    /** The keys the line writes, in the JSON formatter's order (its excluded keys left out). */
    private final boolean timestamp;
    private final boolean loggerName;
    private final boolean level;
    private final boolean message;
    private final boolean threadName;
    private final boolean mdc;
    private final boolean hostName;
    private final ZoneId zone;
    private final String delimiter;
    /** The timestamp's text up to the seconds and its offset, for {@link #second}. */
    private volatile Second cached = new Second(Long.MIN_VALUE, "", "");

    private AccessLineFormatter(JsonFormatter json) {
        this.json = json;
        Set<String> excluded = json.getExcludedKeys();
        this.timestamp = !excluded.contains("timestamp");
        this.loggerName = !excluded.contains("loggerName");
        this.level = !excluded.contains("level");
        this.message = !excluded.contains("message");
        this.threadName = !excluded.contains("threadName");
        this.mdc = !excluded.contains("mdc");
        this.hostName = !excluded.contains("hostName");
        this.zone = json.getZoneId();
        this.delimiter = json.getRecordDelimiter() == null ? "" : json.getRecordDelimiter();
    }

    /**
     * Puts this formatter in front of every JSON formatter of the root logger's handlers (the console's, on every
     * target), where it can write the access line as the JSON formatter would; with a positive {@code flushDelay},
     * that handler's access lines are then flushed by {@link DeferredAccessLineFlush}.
     *
     * @return how many handlers it now formats for; 0 where the console writes plain text (dev mode, tests)
     */
    static int install(Duration flushDelay) {
        org.jboss.logmanager.Logger root = LogContext.getLogContext().getLogger("");
        return install(root.getHandlers(), root::addHandler, flushDelay);
    }

    private static int install(Handler[] handlers, Consumer<Handler> parent, Duration flushDelay) {
        int installed = 0;
        for (Handler handler : handlers) {
            Formatter formatter = handler.getFormatter();
            if (formatter instanceof JsonFormatter json && takesOver(json)) {
                handler.setFormatter(new AccessLineFormatter(json));
                if (handler instanceof ExtHandler console && !flushDelay.isZero() && !flushDelay.isNegative()) {
                    parent.accept(DeferredAccessLineFlush.following(console, flushDelay));
                }
                installed++;
            }
            if (handler instanceof ExtHandler nested) {
                installed += install(nested.getHandlers(), nested::addHandler, flushDelay);
            }
        }
        return installed;
    }

    /**
     * Whether {@link #accessLine} writes what the JSON formatter, as configured, writes for an access line: both
     * format the same sample line, with characters that need escaping, a request id and a trace header.
     */
    static boolean takesOver(JsonFormatter json) {
        if (!json.getExcludedKeys().containsAll(EXCLUDED_KEYS)) {
            return false;
        }
        ExtLogRecord sample = new ExtLogRecord(Level.INFO,
                "method=GET status=200 durationMs=0.123 bytes=11 path=/h\"\\\u00e9\u2028\u0001", AccessLog.class.getName());
        sample.setLoggerName(ACCESS_LOGGER);
        sample.setThreadName("vert.x-eventloop-thread-0");
        sample.setHostName("host");
        sample.setMdc(Map.of(RequestLogFilter.REQUEST_ID, "3f6c1a52", RequestLogFilter.TRACE_ID, "Root=1-5e1b"));
        return json.format(sample).equals(new AccessLineFormatter(json).accessLine(sample));
    }

    /** For the test, which compares the lines of both. */
    static AccessLineFormatter wrapping(JsonFormatter json) {
        return new AccessLineFormatter(json);
    }

    @Override
    public String format(ExtLogRecord record) {
        if (!ACCESS_LOGGER.equals(record.getLoggerName()) || record.getThrown() != null) {
            return json.format(record);
        }
        return accessLine(record);
    }

    private String accessLine(ExtLogRecord record) {
        StringBuilder line = new StringBuilder(320).append('{');
        boolean first = true;
        if (timestamp) {
            timestamp(line.append("\"timestamp\":\""), record.getInstant()).append('"');
            first = false;
        }
        first = field(line, first, loggerName, "loggerName", record.getLoggerName());
        first = field(line, first, level, "level", record.getLevel().getName());
        first = field(line, first, message, "message", record.getFormattedMessage());
        first = field(line, first, threadName, "threadName", record.getThreadName());
        if (mdc) {
            line.append(first ? "" : ",").append("\"mdc\":{");
            boolean firstEntry = true;
            for (Map.Entry<String, String> entry : record.getMdcCopy().entrySet()) {
                string(line.append(firstEntry ? "" : ","), entry.getKey()).append(':');
                string(line, entry.getValue());
                firstEntry = false;
            }
            line.append('}');
            first = false;
        }
        String host = record.getHostName();
        if (host != null && !host.isEmpty()) {
            field(line, first, hostName, "hostName", host);
        }
        return line.append('}').append(delimiter).toString();
    }

    private static boolean field(StringBuilder line, boolean first, boolean written, String key, String value) {
        if (!written) {
            return first;
        }
        line.append(first ? "\"" : ",\"").append(key).append("\":");
        if (value == null) {
            line.append("null");
        } else {
            string(line, value);
        }
        return false;
    }

    /** ISO_OFFSET_DATE_TIME: the fraction of the second has as many digits as it needs, none when it is zero. */
    private StringBuilder timestamp(StringBuilder line, Instant instant) {
        Second second = second(instant.getEpochSecond());
        line.append(second.text());
        int nanos = instant.getNano();
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            line.append('.');
            String fraction = Integer.toString(nanos);
            for (int i = fraction.length(); i < digits; i++) {
                line.append('0');
            }
            line.append(fraction);
        }
        return line.append(second.offset());
    }

    private Second second(long epochSecond) {
        Second second = cached;
        if (second.epochSecond() != epochSecond) {
            Instant instant = Instant.ofEpochSecond(epochSecond);
            ZoneOffset offset = zone.getRules().getOffset(instant);
            second = new Second(epochSecond, SECOND.format(LocalDateTime.ofInstant(instant, offset)), offset.getId());
            cached = second;
        }
        return second;
    }

    private record Second(long epochSecond, String text, String offset) {
    }

    /** A JSON string as Parsson writes it: quote and backslash escaped, control characters as short or u escapes. */
    private static StringBuilder string(StringBuilder line, String value) {
        line.append('"');
        int plain = 0;
        while (plain < value.length() && !needsEscape(value.charAt(plain))) {
            plain++;
        }
        line.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\b' -> line.append("\\b");
                case '\f' -> line.append("\\f");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20) {
                        line.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        return line.append('"');
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '"' || c == '\\';
    }
}
