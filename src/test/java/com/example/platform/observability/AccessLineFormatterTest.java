package com.example.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.logging.json.runtime.JsonFormatter;

/** The access line written by hand is the line the JSON console formatter, configured as the images configure it, writes. */
class AccessLineFormatterTest {

    static final JsonFormatter IMAGES_FORMATTER = formatterOfTheImages();

    @ParameterizedTest
    @MethodSource("accessRecords")
    void shouldWriteWhatTheJsonFormatterWrites(ExtLogRecord record) {
        assertThat(AccessLineFormatter.wrapping(IMAGES_FORMATTER).format(record))
                .isEqualTo(IMAGES_FORMATTER.format(record));
    }

    @Test
    void shouldTakeOverTheImagesFormatter() {
        assertThat(AccessLineFormatter.takesOver(IMAGES_FORMATTER)).isTrue();
    }

    @Test
    void shouldLeaveAnyOtherJsonShapeToTheJsonFormatter() {
        JsonFormatter withSequence = formatterOfTheImages();
        withSequence.setExcludedKeys(Set.of("loggerClassName", "ndc", "threadId", "processName", "processId"));
        JsonFormatter renamed = new JsonFormatter("TIMESTAMP=@timestamp");
        renamed.setExcludedKeys(IMAGES_FORMATTER.getExcludedKeys());
        JsonFormatter otherDate = formatterOfTheImages();
        otherDate.setDateFormat("yyyy-MM-dd HH:mm:ss");

        assertThat(Stream.of(withSequence, renamed, otherDate).map(AccessLineFormatter::takesOver)).containsOnly(false);
    }

    @Test
    void shouldHandOtherLoggersAndExceptionsToTheJsonFormatter() {
        ExtLogRecord other = record("started", Instant.parse("2026-12-05T16:23:39.27Z"), Map.of());
        other.setLoggerName("io.quarkus");
        ExtLogRecord failed = record("failed", Instant.parse("2026-12-05T16:23:39.27Z"), Map.of());
        failed.setThrown(new IllegalStateException("boom"));

        for (ExtLogRecord record : new ExtLogRecord[] { other, failed }) {
            assertThat(AccessLineFormatter.wrapping(IMAGES_FORMATTER).format(record))
                    .isEqualTo(IMAGES_FORMATTER.format(record));
        }
    }

    static Stream<ExtLogRecord> accessRecords() {
        String everyAsciiCharacter = new String(java.util.stream.IntStream.range(0, 128).toArray(), 0, 128);
        Map<String, String> both = new LinkedHashMap<>();
        both.put(RequestLogFilter.REQUEST_ID, "9400e306-5e8f-4b86-a4b9-8da5d881fc8a");
        both.put(RequestLogFilter.TRACE_ID, "Root=1-5e1b4151-5ac6c58f5b5dbd6a1d9f6a5c;Sampled=1");
        return Stream.of(
                record("method=GET status=200 durationMs=0.123 bytes=28 path=/hello",
                        Instant.parse("2026-12-05T16:23:39.270248425Z"), Map.of(RequestLogFilter.REQUEST_ID, "abc")),
                record("path=" + everyAsciiCharacter, Instant.parse("2026-12-05T16:23:39Z"), both),
                record("path=/caf\u00e9/\u2028/\ud83d\ude00", Instant.parse("2026-12-31T23:59:59.1Z"), Map.of()),
                record("path=/a", Instant.parse("2026-01-01T00:00:00.000001Z"), both),
                record("path=/b", Instant.parse("2026-06-15T12:00:00.010Z"), both),
                record("path=/c", Instant.parse("2026-06-15T12:00:00.123456789Z"), both));
    }

    static ExtLogRecord record(String message, Instant instant, Map<String, String> mdc) {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, message, AccessLog.class.getName());
        record.setLoggerName(AccessLog.class.getName());
        record.setInstant(instant);
        record.setThreadName("vert.x-eventloop-thread-0");
        record.setHostName("ip-10-0-1-23.ec2.internal");
        record.setMdc(mdc);
        return record;
    }

    /** As Quarkus's LoggingJsonRecorder builds it from application.properties (the prod profile the images run). */
    static JsonFormatter formatterOfTheImages() {
        Properties properties = new Properties();
        try (InputStream in = AccessLineFormatterTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        JsonFormatter formatter = new JsonFormatter();
        formatter.setExcludedKeys(Arrays.stream(properties.getProperty("quarkus.log.console.json.excluded-keys")
                .split(",")).map(String::trim).collect(Collectors.toSet()));
        formatter.setAdditionalFields(Map.of());
        return formatter;
    }
}
