package com.example.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs an external tool (docker, kubectl, osls, ...) with a real time limit: output goes to a file, so a tool that
 * hangs with its output open is still stopped when the limit passes.
 */
public final class Command {

    private Command() {
    }

    /** Exit code and combined stdout and stderr; a command that ran past its limit has {@code timedOut} set. */
    public record Result(int exitCode, String output, boolean timedOut) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }

    public static Result run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        return run(timeout, command, builder -> {
        });
    }

    /** @param setUp adjusts the process before it starts: working directory, environment */
    public static Result run(Duration timeout, List<String> command, Consumer<ProcessBuilder> setUp)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("command", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            setUp.accept(builder);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", command), true);
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8), false);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
