package com.example.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The application's own configuration (src/main/resources/application.properties), read for cross-checks. */
public final class AppConfig {

    /**
     * Quarkus keys a deployment may set that application.properties does not list. Each is documented in the Quarkus
     * configuration reference (all-config).
     */
    static final Set<String> DOCUMENTED_QUARKUS_KEYS = Set.of(
            "quarkus.log.level",
            "quarkus.log.console.json",
            "quarkus.http.host",
            "quarkus.profile",
            "quarkus.vertx.event-loops-pool-size");

    private static final Pattern DURATION = Pattern.compile("(?i)(\\d+)(ms|s|m|h)?");

    private final Properties properties;

    private AppConfig(Properties properties) {
        this.properties = properties;
    }

    public static AppConfig load() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(DeployFiles.path("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return new AppConfig(properties);
    }

    String require(String key) {
        String value = properties.getProperty(key);
        assertThat(value).as("%s in application.properties", key).isNotBlank();
        return value;
    }

    int httpPort() {
        return Integer.parseInt(require("quarkus.http.port"));
    }

    /** The management interface's port: health, metrics and the API documents (container build). */
    int managementPort() {
        return Integer.parseInt(require("quarkus.management.port"));
    }

    public Duration shutdownTimeout() {
        return parseDuration(require("quarkus.shutdown.timeout"));
    }

    /** How long readiness reports DOWN after SIGTERM before the graceful shutdown starts. */
    public Duration shutdownDelay() {
        return parseDuration(require("quarkus.shutdown.delay"));
    }

    List<String> list(String key) {
        return Arrays.stream(require(key).split(",")).map(String::trim).toList();
    }

    /** Keys the app knows: those in application.properties, without profile prefixes, plus the documented ones. */
    Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>(DOCUMENTED_QUARKUS_KEYS);
        for (String key : properties.stringPropertyNames()) {
            keys.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
        }
        return keys;
    }

    /** The property an environment variable sets, if it names a known key (SmallRye Config's env var rule). */
    Optional<String> propertyForEnv(String envName) {
        return knownKeys().stream().filter(key -> envName(key).equals(envName)).findFirst();
    }

    /** SmallRye Config's mapping: non-alphanumeric characters become underscores, then upper case. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Parses a Quarkus duration: ISO-8601 ({@code PT20S}) or a number with an optional ms/s/m/h unit. */
    static Duration parseDuration(String value) {
        String trimmed = value.trim();
        if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
            return Duration.parse(trimmed);
        }
        Matcher matcher = DURATION.matcher(trimmed);
        assertThat(matcher.matches()).as("duration %s", value).isTrue();
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
