package io.camelchat.benchmarks.harness;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code bench.*} system properties every benchmark reads, with the benchmark's own defaults.
 */
public final class BenchOptions {

    private BenchOptions() {
    }

    /** An int option. */
    public static int integer(String name, int defaultValue) {
        return Integer.getInteger("bench." + name, defaultValue);
    }

    /** A long option. */
    public static long longValue(String name, long defaultValue) {
        return Long.getLong("bench." + name, defaultValue);
    }

    /** A duration option given in seconds. */
    public static Duration seconds(String name, long defaultSeconds) {
        return Duration.ofSeconds(Long.getLong("bench." + name, defaultSeconds));
    }

    /** A boolean option. */
    public static boolean flag(String name) {
        return Boolean.getBoolean("bench." + name);
    }

    /** A string option. */
    public static String string(String name, String defaultValue) {
        return System.getProperty("bench." + name, defaultValue);
    }

    /** A comma-separated list option. */
    public static List<String> list(String name, String defaultValue) {
        return Arrays.stream(string(name, defaultValue).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
    }

    /** A comma-separated list of ints. */
    public static List<Integer> integers(String name, String defaultValue) {
        return list(name, defaultValue).stream().map(Integer::valueOf).toList();
    }

    /**
     * The command that runs {@code mainClass} with the {@code bench.*} properties of this run: {@code exec:java} when
     * run by Maven, else {@code java} with the class path written by {@code dependency:build-classpath}.
     */
    public static String command(Class<?> mainClass) {
        StringBuilder props = new StringBuilder();
        Map<String, String> sorted = new TreeMap<>();
        System.getProperties().forEach((k, v) -> {
            if (String.valueOf(k).startsWith("bench.")) {
                sorted.put(String.valueOf(k), String.valueOf(v));
            }
        });
        sorted.forEach((k, v) -> props.append(" -D").append(k).append('=').append(v));
        if (System.getProperty("sun.java.command", "").startsWith("org.codehaus.plexus.classworlds")) {
            return "flock /work/notes/mvn.lock mvn -B -o -q -pl benchmarks -am -DskipTests package exec:java"
                   + " -Dexec.mainClass=" + mainClass.getName() + props;
        }
        return "java -cp benchmarks/target/classes:$(cat /tmp/bench.cp)" + props + " " + mainClass.getName();
    }
}
