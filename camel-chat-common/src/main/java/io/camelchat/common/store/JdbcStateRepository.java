package io.camelchat.common.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

import javax.sql.DataSource;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * A Camel {@link StateRepository} in a relational database, so that several nodes share the positions of a consumer
 * (the {@code offsetRepository} of {@code openim:stream}, {@code openim:datafeed} and {@code symphony:datafeed}): the
 * node that takes over a single-active consumer continues where the previous one stopped.
 * <p>
 * One table of two columns, created on start or first use when absent (set {@link #setCreateTable(boolean) createTable} to false
 * where the application's user may not create tables):
 *
 * <pre>
 * CREATE TABLE CAMELCHAT_STATE (STATE_KEY VARCHAR(255) PRIMARY KEY, STATE_VALUE VARCHAR(4000))
 * </pre>
 *
 * Each {@link #setState} is one statement in auto-commit: an update, then an insert when no row was updated (a
 * concurrent insert of the same key, which a single-active consumer does not make, ends in an update). Tested with
 * PostgreSQL 15 and H2 2.x; standard SQL otherwise.
 */
public class JdbcStateRepository extends ServiceSupport implements StateRepository<String, String> {

    private final DataSource dataSource;
    private String tableName = "CAMELCHAT_STATE";
    private boolean createTable = true;
    private volatile boolean tableChecked;

    public JdbcStateRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    public JdbcStateRepository(DataSource dataSource, String tableName) {
        this(dataSource);
        setTableName(tableName);
    }

    public String getTableName() {
        return tableName;
    }

    /** The table (letters, digits and underscores only; default {@code CAMELCHAT_STATE}). */
    public void setTableName(String tableName) {
        this.tableName = JdbcNames.checked(tableName);
    }

    public boolean isCreateTable() {
        return createTable;
    }

    /** Whether the table is created on start when it does not exist (default true). */
    public void setCreateTable(boolean createTable) {
        this.createTable = createTable;
    }

    @Override
    protected void doStart() throws Exception {
        ensureTable();
    }

    /**
     * Creates the table when absent (once; {@link #setCreateTable(boolean) createTable} permitting). Called on start
     * and on first use (a repository used outside a consumer may never be started).
     */
    private void ensureTable() throws SQLException {
        if (tableChecked || !createTable) {
            return;
        }
        synchronized (this) {
            if (!tableChecked) {
                JdbcNames.createIfAbsent(dataSource, tableName, "CREATE TABLE " + tableName
                                                                + " (STATE_KEY VARCHAR(255) PRIMARY KEY, STATE_VALUE VARCHAR(4000))");
                tableChecked = true;
            }
        }
    }

    private Connection connection() throws SQLException {
        ensureTable();
        return dataSource.getConnection();
    }

    @Override
    public String getState(String key) {
        try (Connection c = connection();
                PreparedStatement ps = c
                        .prepareStatement("SELECT STATE_VALUE FROM " + tableName + " WHERE STATE_KEY = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot read state " + key + " from " + tableName + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void setState(String key, String value) {
        try (Connection c = connection()) {
            try (PreparedStatement update = c
                    .prepareStatement("UPDATE " + tableName + " SET STATE_VALUE = ? WHERE STATE_KEY = ?")) {
                update.setString(1, value);
                update.setString(2, key);
                if (update.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement insert = c
                    .prepareStatement("INSERT INTO " + tableName + " (STATE_KEY, STATE_VALUE) VALUES (?, ?)")) {
                insert.setString(1, key);
                insert.setString(2, value);
                insert.executeUpdate();
            } catch (SQLException duplicate) {
                // another node inserted the key in between: the value written last wins, as with an update
                try (PreparedStatement update = c
                        .prepareStatement("UPDATE " + tableName + " SET STATE_VALUE = ? WHERE STATE_KEY = ?")) {
                    update.setString(1, value);
                    update.setString(2, key);
                    if (update.executeUpdate() == 0) {
                        throw duplicate;
                    }
                }
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot write state " + key + " to " + tableName + ": " + e.getMessage(),
                    e);
        }
    }

    /** Table name checks and creation, shared by the JDBC stores of this package. */
    static final class JdbcNames {

        private JdbcNames() {
        }

        static String checked(String name) {
            if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
                throw new IllegalArgumentException("Table name must be letters, digits and underscores: " + name);
            }
            return name;
        }

        /** Creates the table unless it exists (the CREATE fails when it does: the table is then looked up). */
        static void createIfAbsent(DataSource dataSource, String table, String create) throws SQLException {
            try (Connection c = dataSource.getConnection()) {
                if (exists(c, table)) {
                    return;
                }
                try (Statement s = c.createStatement()) {
                    s.execute(create);
                } catch (SQLException e) {
                    // another node created it in between
                    if (!exists(c, table)) {
                        throw e;
                    }
                }
            }
        }

        private static boolean exists(Connection c, String table) throws SQLException {
            for (String name : new String[]{ table, table.toUpperCase(), table.toLowerCase() }) {
                try (ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
