package io.camelchat.it.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.camel.test.AvailablePortFinder;
import org.h2.tools.Server;

/**
 * The database the nodes of a cluster test share: a PostgreSQL server started from the distribution's binaries
 * ({@code /usr/lib/postgresql/<version>/bin}, Debian's {@code postgresql-15} package) in a temporary folder on a free
 * loopback port, run as the unprivileged user {@code nobody} when the tests run as root (PostgreSQL refuses root);
 * when no PostgreSQL is installed, or with {@code -Dcamelchat.cluster.database=h2}, an H2 server (TCP, in memory) of
 * this JVM.
 */
final class ClusterDatabase implements AutoCloseable {

    private final String kind;
    private final String url;
    private final String user;
    private final Runnable stop;

    private ClusterDatabase(String kind, String url, String user, Runnable stop) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.stop = stop;
    }

    static ClusterDatabase start() throws Exception {
        Path bin = "h2".equalsIgnoreCase(System.getProperty("camelchat.cluster.database")) ? null : postgresBin();
        return bin != null ? postgres(bin) : h2();
    }

    /** {@code postgresql} or {@code h2}. */
    String kind() {
        return kind;
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    /** Both servers trust loopback connections in these tests: no password. */
    String password() {
        return "";
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password());
    }

    /**
     * Creates camel-sql's {@code JdbcMessageIdRepository} table, as a schema migration would: its own creation fails on
     * PostgreSQL (the probe that fails when the table is absent aborts the transaction that then creates it).
     */
    void createMessageIdTable() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS CAMEL_MESSAGEPROCESSED (processorName VARCHAR(255), "
                      + "messageId VARCHAR(100), createdAt TIMESTAMP, PRIMARY KEY (processorName, messageId))");
        }
    }

    @Override
    public void close() {
        stop.run();
    }

    private static Path postgresBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> version(b.getParent().getFileName().toString()))).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static ClusterDatabase postgres(Path bin) throws Exception {
        Path dir = Files.createTempDirectory("camelchat-pg");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "nobody", dir.toString()), dir.resolve("chown.log"));
        }
        int port = AvailablePortFinder.getNextAvailable();
        Path data = dir.resolve("data");
        run(asOwner(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "camelchat",
                "-E", "UTF8", "--no-sync"), dir.resolve("initdb.log"));
        List<String> pgCtl = asOwner(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=off", "start");
        run(pgCtl, dir.resolve("pg_ctl.log"));
        Runnable stop = () -> {
            try {
                run(asOwner(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
                        "stop"), dir.resolve("pg_ctl-stop.log"));
            } catch (Exception e) {
                // the server may be gone already
            }
            delete(dir);
        };
        return new ClusterDatabase("postgresql", "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "camelchat",
                stop);
    }

    private static List<String> asOwner(boolean root, String... command) {
        List<String> all = new ArrayList<>();
        if (root) {
            all.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        all.addAll(List.of(command));
        return all;
    }

    private static void run(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command).directory(log.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(Duration.ofSeconds(90).toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish: " + Files.readString(log));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(log));
        }
    }

    private static ClusterDatabase h2() throws SQLException {
        int port = AvailablePortFinder.getNextAvailable();
        Server server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
        return new ClusterDatabase("h2", "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:cluster;DB_CLOSE_DELAY=-1", "sa",
                server::stop);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary folder
        }
    }
}
