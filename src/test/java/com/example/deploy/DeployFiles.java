package com.example.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.support.Command;
import com.example.support.Command.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Paths, parsers and the external-tool runner shared by the deployment tests; no Quarkus boot. */
final class DeployFiles {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final YAMLMapper YAML = new YAMLMapper();

    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(3);

    private DeployFiles() {
    }

    static Path path(String relative) {
        Path path = ROOT.resolve(relative);
        assertThat(path).as("run the tests from the project root").exists();
        return path;
    }

    static JsonNode readJson(String relative) throws IOException {
        return JSON.readTree(path(relative).toFile());
    }

    static JsonNode readYaml(String relative) throws IOException {
        return YAML.readTree(path(relative).toFile());
    }

    /** Every document of a multi-document YAML stream, e.g. the output of {@code kubectl kustomize}. */
    static List<JsonNode> readYamlDocuments(String yaml) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var iterator = YAML.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    /**
     * Finds an external tool. A missing tool skips the calling test locally but fails it when {@code CI=true}, so a
     * broken install step cannot turn the deployment checks green.
     *
     * @param candidates paths relative to the project root or absolute, tried in order
     */
    static Path requireTool(String name, String installHint, String... candidates) {
        for (String candidate : candidates) {
            Path path = ROOT.resolve(candidate);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        String message = name + " is not installed (" + installHint + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        assumeTrue(false, message);
        return null;
    }

    static Path osls() {
        return requireTool("osls", "run deploy/install-tools.sh", "deploy/node_modules/.bin/osls");
    }

    static Path actionValidator() {
        return requireTool("action-validator", "run deploy/install-tools.sh",
                "deploy/node_modules/.bin/action-validator");
    }

    static Path kubectl() {
        return requireTool("kubectl", "run deploy/install-tools.sh, or install kubectl 1.30+",
                "deploy/node_modules/.bin/kubectl", "/usr/local/bin/kubectl", "/usr/bin/kubectl");
    }

    /** Runs a command in the project root with AWS credentials and instance metadata out of reach. */
    static Result run(List<String> command, Map<String, String> extraEnv) throws IOException, InterruptedException {
        return run(command, extraEnv, ROOT);
    }

    /** Like {@link #run(List, Map)}, in another directory. */
    static Result run(List<String> command, Map<String, String> extraEnv, Path directory)
            throws IOException, InterruptedException {
        Result result = Command.run(TOOL_TIMEOUT, command, builder -> {
            builder.directory(directory.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(key -> key.startsWith("AWS_") && !key.equals("AWS_CA_BUNDLE"));
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put("AWS_CONFIG_FILE", "/dev/null");
            env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
            env.put("SLS_TELEMETRY_DISABLED", "1");
            env.put("SLS_NOTIFICATIONS_MODE", "off");
            env.putAll(extraEnv);
        });
        if (result.timedOut()) {
            fail(result.output());
        }
        return result;
    }

    static String runOk(List<String> command) throws IOException, InterruptedException {
        Result run = run(command, Map.of());
        assertThat(run.exitCode()).as("exit code of %s, output:%n%s", command, run.output()).isZero();
        return run.output();
    }
}
