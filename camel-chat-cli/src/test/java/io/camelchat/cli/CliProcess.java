package io.camelchat.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code camel-chat.jar} run as a separate process (the path in the system property
 * {@code camelchat.cli.jar}, set by failsafe), with a working folder, a home folder and environment variables of the
 * test's choosing (no {@code CAMEL_CHAT_*} variable of the caller's). Standard output and error go to files.
 */
final class CliProcess {

    /** A finished run. */
    record Result(int code, String out, String err) {
    }

    final Process process;
    final Path out;
    final Path err;

    private CliProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static Path jar() {
        String jar = System.getProperty("camelchat.cli.jar");
        if (jar == null) {
            throw new IllegalStateException("camelchat.cli.jar is not set: run the process tests with failsafe");
        }
        return Path.of(jar);
    }

    static List<String> javaCommand() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx256m", "-jar", jar().toString()));
    }

    static CliProcess start(Path work, Path home, Map<String, String> env, List<String> command) {
        try {
            Path out = Files.createTempFile(work, "stdout", ".txt");
            Path err = Files.createTempFile(work, "stderr", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(new File("/dev/null"));
            pb.environment().keySet().removeIf(k -> k.startsWith("CAMEL_CHAT_"));
            pb.environment().put("HOME", home.toString());
            pb.environment().putAll(env);
            return new CliProcess(pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CliProcess start(Path work, Path home, Map<String, String> env, String... args) {
        List<String> command = javaCommand();
        command.addAll(List.of(args));
        return start(work, home, env, command);
    }

    /** Runs to the end (at most two minutes). */
    static Result run(Path work, Path home, Map<String, String> env, String... args) {
        return start(work, home, env, args).await(Duration.ofMinutes(2));
    }

    Result await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("camel-chat did not end within " + timeout + "; stderr: " + err());
            }
            return new Result(process.exitValue(), out(), err());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, as Ctrl-C would stop it (the JVM's shutdown hooks run), then waits for the end. */
    Result stop() {
        process.destroy();
        return await(Duration.ofSeconds(30));
    }
}
