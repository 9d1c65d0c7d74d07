package io.camelchat.it.nodes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A separate JVM running a {@code main} class from the test class path: the way the integration tests run several
 * "nodes" of one application (scale-out, fail-over, leader election) and kill one the hard way, and run the
 * simulators away from the JVM whose heap a test measures. The one launcher of the module's child processes.
 *
 * <p>The child runs {@code java [jvmArgs] -cp <the test class path> <mainClass> <configFile>}, where the
 * configuration is a properties file written by {@link Builder#start()} (so that test credentials do not appear on a
 * command line; the node reads it with {@link #readConfig}). Its standard output is read line by line on a daemon
 * thread: every line goes to the listener given to {@link Builder#onLine} (called on that thread; it must be
 * thread-safe), the last lines are kept for failure messages ({@link #recentOutput()}), and lines that begin with
 * {@link #MARK} are the node's <em>reports</em>, kept in full without the mark ({@link #reports()},
 * {@link #awaitReport}). Its standard error goes to {@code <logDir>/<name>.log}: a node sends its logging there
 * ({@code System.setOut(System.err)} before anything logs, printing on the original standard output).
 *
 * <p>A node tells the test what it does by printing lines, flushed after each: a first line {@code READY} once its
 * routes run ({@link #awaitLine}), then one line per fact (e.g. {@code HANDLED <id>}, or a report
 * {@code @@ OPENIM <id> <text>}). A test can also send it commands on its standard input ({@link #request}: one
 * line, answered by the next report).
 *
 * <p>{@link #kill()} is {@link Process#destroyForcibly()} (SIGKILL: no shutdown hook, no acknowledgement written, the
 * sockets are closed by the operating system); {@link #close()} closes the node's standard input (a node that reads
 * it stops at its end), asks the process to end ({@link Process#destroy()}, SIGTERM) and kills it after a grace
 * period. Use it in try-with-resources or an {@code @AfterEach} so that no child outlives the test.
 */
public final class NodeProcess implements AutoCloseable {

    /** Lines printed with this prefix are the node's reports to the test (kept in full, see {@link #reports()}). */
    public static final String MARK = "@@ ";

    private static final int KEPT_LINES = 50;

    private final String name;
    private final Process process;
    private final Path log;
    private final Deque<String> recent = new ArrayDeque<>();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final Writer input;
    private final Thread reader;

    private NodeProcess(String name, Process process, Path log, Consumer<String> listener) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = new Thread(() -> read(listener), "node-" + name + "-stdout");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** A node running {@code mainClass} (which must be on the test class path and have a {@code main}). */
    public static Builder builder(String name, Class<?> mainClass) {
        return new Builder(name, mainClass);
    }

    /** Collects what one node process needs; {@link #start()} launches it. */
    public static final class Builder {
        private final String name;
        private final Class<?> mainClass;
        private final Properties config = new Properties();
        private final List<String> jvmArgs = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        private Consumer<String> listener = line -> {
        };
        private Path logDir = Path.of("target", "nodes");

        private Builder(String name, Class<?> mainClass) {
            this.name = Objects.requireNonNull(name);
            this.mainClass = Objects.requireNonNull(mainClass);
        }

        /** One entry of the configuration file handed to the node's {@code main} as its only argument. */
        public Builder config(String key, Object value) {
            config.setProperty(key, String.valueOf(value));
            return this;
        }

        /** Several configuration entries. */
        public Builder config(Map<String, ?> entries) {
            entries.forEach(this::config);
            return this;
        }

        /** Extra JVM arguments (default {@code -Xmx256m -XX:+UseSerialGC}; these are added after them). */
        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        /** The JVM arguments instead of the defaults. */
        public Builder jvmArgs(String... args) {
            jvmArgs.clear();
            jvmArgs.addAll(List.of(args));
            return this;
        }

        /** Called with every line the node prints on standard output, on the node's reader thread. */
        public Builder onLine(Consumer<String> listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** Where the node's standard error and configuration file go (default {@code target/nodes}). */
        public Builder logDir(Path dir) {
            this.logDir = Objects.requireNonNull(dir);
            return this;
        }

        /** Writes the configuration and starts the JVM. */
        public NodeProcess start() {
            try {
                Files.createDirectories(logDir);
                Path configFile = logDir.resolve(name + ".properties");
                try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
                    config.store(w, "node " + name);
                }
                Path log = logDir.resolve(name + ".log");
                List<String> cmd = new ArrayList<>();
                cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                cmd.addAll(jvmArgs);
                cmd.add("-cp");
                // surefire keeps the real class path here when it starts the test JVM through a manifest-only jar
                cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
                cmd.add(mainClass.getName());
                cmd.add(configFile.toAbsolutePath().toString());
                Process p = new ProcessBuilder(cmd).redirectError(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.PIPE).start();
                return new NodeProcess(name, p, log, listener);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start node " + name, e);
            }
        }
    }

    /**
     * Reads the configuration file a node got as {@code args[0]} (for the node's {@code main}).
     */
    public static Properties readConfig(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("expected one argument: the node's configuration file");
        }
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    private void read(Consumer<String> listener) {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (recent) {
                    recent.addLast(line);
                    if (recent.size() > KEPT_LINES) {
                        recent.removeFirst();
                    }
                }
                if (line.startsWith(MARK)) {
                    synchronized (reports) {
                        reports.add(line.substring(MARK.length()));
                        reports.notifyAll();
                    }
                }
                listener.accept(line);
            }
        } catch (IOException e) {
            // the process died: its pipe closed
        }
    }

    /**
     * Waits until the node printed a line matching {@code test} among its last 50 lines (fails when it exits first or
     * time runs out): meant for start-up lines such as {@code READY}.
     */
    public void awaitLine(Predicate<String> test, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
            synchronized (recent) {
                if (recent.stream().anyMatch(test)) {
                    return true;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " exited with " + process.exitValue() + "; "
                                                + describe());
            }
            return false;
        });
    }

    /** The node's reports so far (lines printed with {@link #MARK}, without it), in the order printed. */
    public List<String> reports() {
        return List.copyOf(reports);
    }

    /** Waits until a report matches (fails when the node exits first or time runs out). */
    public void awaitReport(Predicate<String> match, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (reports.stream().anyMatch(match)) {
                return true;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " exited with " + process.exitValue() + "; "
                                                + describe());
            }
            return false;
        });
    }

    /**
     * Sends a command (one line on the node's standard input) and answers the node's next report. One request at a
     * time; the node must answer each with exactly one report.
     */
    public synchronized String request(String command, Duration atMost) throws IOException {
        int before = reports.size();
        input.write(command + "\n");
        input.flush();
        long deadline = System.nanoTime() + atMost.toNanos();
        synchronized (reports) {
            while (reports.size() <= before) {
                long left = deadline - System.nanoTime();
                if (!process.isAlive() && reports.size() <= before) {
                    throw new IllegalStateException("node " + name + " exited with " + process.exitValue()
                                                    + " before answering " + command + "; " + describe());
                }
                if (left <= 0) {
                    throw new IllegalStateException("node " + name + " did not answer " + command + " within "
                                                    + atMost + "; " + describe());
                }
                try {
                    // woken by each report; a process that ends is noticed within a second
                    reports.wait(Math.min(1000, Math.max(1, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for node " + name, e);
                }
            }
            return reports.get(before);
        }
    }

    /** The node's name. */
    public String name() {
        return name;
    }

    /** The operating system's process id. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file holding the node's standard error. */
    public Path log() {
        return log;
    }

    /** The last lines the node printed on standard output. */
    public List<String> recentOutput() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /**
     * Kills the node at once ({@link Process#destroyForcibly()}) and waits until it is gone and every line it printed
     * before was handed to the listener.
     */
    public void kill() {
        process.destroyForcibly();
        waitGone(Duration.ofSeconds(30));
        joinReader();
    }

    /**
     * Asks the node to stop (closes its standard input, then SIGTERM), kills it after 10 s; waits until its output was
     * read to the end.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                input.close();
            } catch (IOException e) {
                // gone already
            }
            process.destroy();
            if (!waitGone(Duration.ofSeconds(10))) {
                process.destroyForcibly();
                waitGone(Duration.ofSeconds(30));
            }
        }
        joinReader();
    }

    private void joinReader() {
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean waitGone(Duration d) {
        try {
            return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Name, pid, state, the last output lines and the end of the error log: for assertion messages. */
    public String describe() {
        String err;
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            err = String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            err = "(" + e + ")";
        }
        return "node " + name + " pid " + process.pid() + (process.isAlive() ? " alive" : " exited") + "\nstdout: "
               + recentOutput() + "\nstderr (" + log + "):\n" + err;
    }

    @Override
    public String toString() {
        return "NodeProcess[" + name + ", pid " + process.pid() + "]";
    }
}
