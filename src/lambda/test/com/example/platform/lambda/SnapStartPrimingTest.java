package com.example.platform.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The SnapStart priming hook, called as the runtime client calls it before a snapshot, in the Lambda build in
 * process. How much it warms the first request after a restore is measured by bench/snapstart-priming.sh, not here.
 */
@QuarkusTest
class SnapStartPrimingTest {

    /** The fixtures pom.xml ships for priming: every front door's, from the one set the event suites use. */
    static final List<String> DOOR_PREFIXES = List.of("rest-api-", "http-api-", "function-url-", "alb-");
    static final Path FIXTURES = Path.of("src/test/resources/events");

    @Inject
    SnapStartPriming priming;

    @Inject
    SnapStartPrimingConfig config;

    @Test
    void priming_answersEveryDoorsFixturesEveryRoundWithoutAnError() throws IOException {
        SnapStartPriming.Report report = priming.prime();

        assertThat(SnapStartPriming.fixtures().keySet()).containsExactlyElementsOf(doorFixtures());
        assertThat(report.fixtures()).isEqualTo(doorFixtures().size());
        assertThat(config.primingRounds()).isPositive();
        assertThat(report.events()).isEqualTo(report.fixtures() * config.primingRounds());
        assertThat(report.statuses().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(report.events());
        // The application's own answers: greetings, and the problems the fixtures ask for (unknown path, wrong method,
        // no content type, malformed JSON), never a server error.
        assertThat(report.statuses()).containsKeys(200, 400, 404, 405, 415);
        assertThat(report.statuses().keySet()).allMatch(status -> status < 500);
    }

    /** The snapshot must fail, not ship primed on errors: an event the function fails is named. */
    @Test
    void priming_failsNamingTheFixtureTheFunctionFailed() throws IOException {
        byte[] notAnEvent = Files.readString(FIXTURES.resolve("malformed-not-json.txt")).getBytes(UTF_8);

        assertThatThrownBy(() -> priming.answer("malformed-not-json.txt", notAnEvent, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("SnapStart priming: malformed-not-json.txt failed");
    }

    private static List<String> doorFixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".json") && DOOR_PREFIXES.stream().anyMatch(name::startsWith))
                    .sorted().toList();
        }
    }
}
