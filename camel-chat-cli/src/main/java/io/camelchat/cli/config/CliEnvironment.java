package io.camelchat.cli.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the configuration lookup reads from the process: the working folder, the home folder (the {@code HOME}
 * variable, as a shell's {@code ~} means it, else the JVM's {@code user.home}) and the environment variables.
 */
public record CliEnvironment(Path workingDir, Path home, Map<String, String> variables) {

    public static CliEnvironment current() {
        Map<String, String> env = System.getenv();
        String home = env.get("HOME");
        return new CliEnvironment(Path.of("").toAbsolutePath(),
                Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home")), env);
    }

    public String variable(String name) {
        String v = variables.get(name);
        return v == null || v.isBlank() ? null : v;
    }
}
