package io.camelchat.cli.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A working folder and a home folder under a temporary folder, with files written into them. */
public final class ConfigFixture {

    public final Path work;
    public final Path home;
    public final Map<String, String> variables = new HashMap<>();

    public ConfigFixture(Path tmp) {
        try {
            this.work = Files.createDirectories(tmp.resolve("work"));
            this.home = Files.createDirectories(tmp.resolve("home"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CliEnvironment environment() {
        return new CliEnvironment(work, home, variables);
    }

    public static Path write(Path file, String... lines) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, String.join("\n", lines).concat("\n").getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
