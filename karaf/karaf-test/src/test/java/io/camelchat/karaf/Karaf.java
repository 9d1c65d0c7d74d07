package io.camelchat.karaf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Apache Karaf, run as a process of its own: the distribution the build unpacked into {@code target/}, set up to
 * resolve every bundle offline (the Maven local repository for third-party bundles, Karaf's {@code system/} folder, where
 * the build copied the reactor's bundles and features files) and to install the given features at boot. No SSH and no
 * JMX (their features are left out of the boot), so the test opens no fixed port.
 */
final class Karaf implements AutoCloseable {

    private final Path home;
    private final Path log;
    private Process process;

    Karaf(Path home) {
        this.home = home;
        this.log = home.resolve("data/log/karaf.log");
    }

    Path home() {
        return home;
    }

    /**
     * Starts from a clean state: no data/, instance registry or deployed file of an earlier run; the given features repositories added
     * and the features installed at boot, after Karaf's own boot features less ssh and management.
     */
    void configure(String mavenLocalRepository, List<String> featureRepositories, List<String> bootFeatures) {
        deleteTree(home.resolve("data"));
        deleteTree(home.resolve("instances"));
        // what an earlier run deployed (the distribution's deploy/ holds only a README)
        try (Stream<Path> deployed = Files.list(home.resolve("deploy"))) {
            for (Path p : deployed.filter(p -> !p.getFileName().toString().equals("README")).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write("etc/org.ops4j.pax.url.mvn.cfg", String.join("\n",
                "org.ops4j.pax.url.mvn.useFallbackRepositories=false",
                "org.ops4j.pax.url.mvn.offline=true",
                "org.ops4j.pax.url.mvn.localRepository=" + mavenLocalRepository,
                "org.ops4j.pax.url.mvn.defaultRepositories=${karaf.home.uri}system@id=system.repository@snapshots",
                "org.ops4j.pax.url.mvn.repositories=",
                ""));
        String features = read("etc/org.apache.karaf.features.cfg");
        List<String> repositories = Stream.concat(propertyValues(features, "featuresRepositories").stream(),
                featureRepositories.stream()).toList();
        List<String> boot = Stream.concat(propertyValues(features, "featuresBoot").stream()
                .filter(f -> !f.startsWith("ssh/") && !f.startsWith("management/")), bootFeatures.stream())
                .toList();
        features = replaceProperty(features, "featuresRepositories", repositories);
        features = replaceProperty(features, "featuresBoot", boot);
        write("etc/org.apache.karaf.features.cfg", features);
        // Camel Karaf's activator says at DEBUG which components and type converters it found in which bundle
        String logging = read("etc/org.ops4j.pax.logging.cfg");
        write("etc/org.ops4j.pax.logging.cfg", logging + "\nlog4j2.logger.camelkaraf.name = org.apache.camel.karaf.core"
                                               + "\nlog4j2.logger.camelkaraf.level = DEBUG\n");
    }

    void start() {
        ProcessBuilder pb = new ProcessBuilder("bash", "bin/karaf", "server").directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.getParent().resolve("karaf-console.log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JAVA_MIN_MEM", "128M");
        pb.environment().put("JAVA_MAX_MEM", "512M");
        pb.environment().put("CHECK_ROOT_INSTANCE_RUNNING", "false");
        pb.environment().put("KARAF_EXEC", "exec");
        pb.environment().remove("KARAF_DEBUG");
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a test JVM that ends without the test's clean-up leaves no Karaf behind
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.descendants().forEach(ProcessHandle::destroyForcibly);
            started.destroyForcibly();
        }, "karaf-reaper"));
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Karaf's log so far (empty before Karaf wrote it). */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether Karaf has installed its boot features: the features deployer says so once the boot is done, and the
     * features service ends the last change (which may refresh bundles) with "Done.". A route deployed earlier may be
     * restarted by that refresh.
     */
    boolean bootFeaturesInstalled() {
        String log = log();
        int finished = log.indexOf("Deployment finished. Registering FeatureDeploymentListener");
        return finished >= 0 && log.indexOf("| Done.", finished) >= 0;
    }

    /** The lines of Karaf's log at ERROR, each with the few lines after it (the cause), for a failure message. */
    String errors() {
        List<String> lines = log().lines().toList();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("| ERROR |")) {
                lines.subList(i, Math.min(lines.size(), i + 8)).forEach(l -> sb.append(l).append('\n'));
            }
        }
        return sb.toString();
    }

    /** Drops a file into deploy/ in one move, so that Karaf never reads it half written. */
    void deploy(String fileName, String content) {
        Path staged = home.resolve("data/tmp").resolve(fileName);
        try {
            Files.createDirectories(staged.getParent());
            Files.writeString(staged, content, StandardCharsets.UTF_8);
            Files.move(staged, home.resolve("deploy").resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        // bin/karaf replaced itself with the JVM (KARAF_EXEC=exec); its descendants too, should it not have: a TERM
        // reaches Karaf's shutdown hook, which stops the framework
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            } catch (ExecutionException | TimeoutException e) {
                p.destroyForcibly();
            }
        }
    }

    private static List<String> propertyValues(String cfg, String key) {
        Matcher m = property(key).matcher(cfg);
        if (!m.find()) {
            throw new IllegalStateException("no " + key + " in Karaf's features configuration");
        }
        return Stream.of(m.group(1).replace("\\\n", " ").split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
    }

    private static String replaceProperty(String cfg, String key, List<String> values) {
        String value = values.stream().collect(Collectors.joining(", \\\n    ", key + " = \\\n    ", "\n"));
        return property(key).matcher(cfg).replaceFirst(Matcher.quoteReplacement(value));
    }

    /** A property of a Karaf .cfg file, with its continuation lines. */
    private static Pattern property(String key) {
        return Pattern.compile("(?m)^" + key + "\\s*=\\s*((?:.*\\\\\\n)*.*)\\n");
    }

    private String read(String file) {
        try {
            return Files.readString(home.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String file, String content) {
        try {
            Files.writeString(home.resolve(file), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
