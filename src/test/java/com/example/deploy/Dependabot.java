package com.example.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks .github/dependabot.yml offline against GitHub's "Dependabot options reference" (version 2): known keys and
 * values only, and each watched directory holds what its ecosystem reads. The schema lives online only; these are the
 * options this project can use, so a typo or a removed option fails the build instead of silently watching nothing.
 */
final class Dependabot {

    static final String FILE = ".github/dependabot.yml";

    static final Set<String> TOP_LEVEL = Set.of("version", "updates", "registries", "enable-beta-ecosystems",
            "multi-ecosystem-groups");
    static final Set<String> UPDATE_KEYS = Set.of("package-ecosystem", "directory", "directories", "schedule",
            "allow", "assignees", "commit-message", "cooldown", "exclude-paths", "groups", "ignore",
            "insecure-external-code-execution", "labels", "milestone", "multi-ecosystem-group",
            "open-pull-requests-limit", "pull-request-branch-name", "rebase-strategy", "registries", "reviewers",
            "target-branch", "vendor", "versioning-strategy");
    static final Set<String> SCHEDULE_KEYS = Set.of("interval", "day", "time", "timezone", "cronjob");
    static final Set<String> INTERVALS = Set.of("daily", "weekly", "monthly", "quarterly", "semiannually", "yearly",
            "cron");
    static final Set<String> GROUP_KEYS = Set.of("applies-to", "dependency-type", "patterns", "exclude-patterns",
            "update-types", "group-by");

    /** The ecosystems this repository could use, and what each reads in its directory. */
    static final Map<String, Predicate<Path>> ECOSYSTEMS = Map.of(
            "maven", directory -> Files.exists(directory.resolve("pom.xml")),
            "docker", directory -> list(directory).anyMatch(file -> file.getFileName().toString()
                    .startsWith("Dockerfile")),
            "github-actions", directory -> Files.isDirectory(directory.resolve(".github/workflows")),
            "npm", directory -> Files.exists(directory.resolve("package.json")));

    private Dependabot() {
    }

    static List<String> problems(JsonNode config) {
        List<String> problems = new ArrayList<>();
        unknown(config, TOP_LEVEL, "top level", problems);
        if (config.path("version").asInt() != 2) {
            problems.add("version must be 2");
        }
        if (!config.path("updates").isArray() || config.path("updates").isEmpty()) {
            problems.add("no updates");
        }
        for (JsonNode update : config.path("updates")) {
            String ecosystem = update.path("package-ecosystem").asText();
            String where = ecosystem + " " + update.path("directory").asText();
            unknown(update, UPDATE_KEYS, where, problems);
            unknown(update.path("schedule"), SCHEDULE_KEYS, where + " schedule", problems);
            if (!INTERVALS.contains(update.path("schedule").path("interval").asText())) {
                problems.add(where + ": schedule.interval " + update.path("schedule").path("interval"));
            }
            update.path("groups").fields().forEachRemaining(
                    group -> unknown(group.getValue(), GROUP_KEYS, where + " group " + group.getKey(), problems));
            Predicate<Path> reads = ECOSYSTEMS.get(ecosystem);
            if (reads == null) {
                problems.add(where + ": package-ecosystem " + ecosystem + " is not one this project uses");
            } else if (!update.path("directory").asText().startsWith("/")
                    || !reads.test(DeployFiles.ROOT.resolve(update.path("directory").asText().substring(1)))) {
                problems.add(where + ": the directory holds nothing " + ecosystem + " reads");
            }
        }
        return problems;
    }

    private static void unknown(JsonNode node, Set<String> known, String where, List<String> problems) {
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                problems.add(where + ": unknown key " + key);
            }
        });
    }

    private static Stream<Path> list(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
