package io.camelchat.it.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A Java main class of the test sources run in a JVM of its own, on the test class path: a node of a cluster that a
 * test can stop gracefully ({@link #close()}: its standard input is closed) or kill ({@link #kill()}: the process is
 * destroyed forcibly, as a crash or an {@code kill -9} would).
 * <p>
 * Every line the process prints is written to {@code target/nodes/<name>.log}; the lines that begin with
 * {@link #MARK} are kept in memory, without the mark, for the test to read ({@link #events()}).
 */
final class NodeProcess implements AutoCloseable {

    /** Lines printed with this prefix are the node's reports to the test. */
    static final String MARK = "@@ ";

    private final String name;
    private final Process process;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private NodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(() -> read(log), "node-" + name + "-out");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code mainClass} in a new JVM with the test class path.
     *
     * @param jvmOptions options before the class name (e.g. {@code -Xmx256m})
     * @param args       the main class's arguments
     */
    static NodeProcess start(String name, Class<?> mainClass, List<String> jvmOptions, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        // surefire keeps the real class path here when it starts the test JVM through a manifest-only jar
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(mainClass.getName());
        command.addAll(args);
        Path log = Path.of("target", "nodes", name + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new NodeProcess(name, process, log);
    }

    private void read(Path log) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (line.startsWith(MARK)) {
                    events.add(line.substring(MARK.length()));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The node's reports so far, in the order printed. */
    List<String> events() {
        return List.copyOf(events);
    }

    /** Waits until a report matches. */
    void awaitEvent(Predicate<String> match, Duration atMost) {
        await().atMost(atMost).until(() -> {
            if (!process.isAlive() && events.stream().noneMatch(match)) {
                throw new IllegalStateException("node " + name + " ended with " + process.exitValue()
                                                + " (see target/nodes/" + name + ".log)");
            }
            return events.stream().anyMatch(match);
        });
    }

    /** Ends the process at once, as a crash would: nothing of the node runs after this. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Asks the node to stop (closes its standard input); kills it when it has not ended within 20 seconds. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
        reader.join(5000);
    }
}
