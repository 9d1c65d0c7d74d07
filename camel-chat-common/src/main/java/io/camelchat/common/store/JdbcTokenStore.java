package io.camelchat.common.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

import javax.sql.DataSource;

import io.camelchat.common.token.AccessToken;
import io.camelchat.common.token.TokenStore;
import org.apache.camel.RuntimeCamelException;

/**
 * A {@link TokenStore} in a relational database, so that the nodes of one app share its access token (the
 * {@code tokenStore} option of DingTalk, Lark, Symphony and OpenIM): one node fetches, the others read it.
 * <p>
 * One table, created on first use when absent (see {@link #setCreateTable(boolean)}):
 *
 * <pre>
 * CREATE TABLE CAMELCHAT_TOKEN (TOKEN_KEY VARCHAR(255) PRIMARY KEY, TOKEN_VALUE VARCHAR(4000), EXPIRES_AT BIGINT)
 * </pre>
 *
 * The table holds live credentials: give it the protection of the app's secrets (access rights, encryption at rest).
 * Nothing here logs a token value or puts it in an exception text.
 */
public class JdbcTokenStore implements TokenStore {

    private final DataSource dataSource;
    private String tableName = "CAMELCHAT_TOKEN";
    private boolean createTable = true;
    private volatile boolean ready;

    public JdbcTokenStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    public String getTableName() {
        return tableName;
    }

    /** The table (letters, digits and underscores only; default {@code CAMELCHAT_TOKEN}). */
    public void setTableName(String tableName) {
        this.tableName = JdbcStateRepository.JdbcNames.checked(tableName);
    }

    public boolean isCreateTable() {
        return createTable;
    }

    /** Whether the table is created on first use when it does not exist (default true). */
    public void setCreateTable(boolean createTable) {
        this.createTable = createTable;
    }

    @Override
    public AccessToken get(String key) {
        try (Connection c = connection();
                PreparedStatement ps = c
                        .prepareStatement(
                                "SELECT TOKEN_VALUE, EXPIRES_AT FROM " + tableName + " WHERE TOKEN_KEY = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new AccessToken(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))) : null;
            }
        } catch (SQLException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public void put(String key, AccessToken token) {
        try (Connection c = connection()) {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE " + tableName + " SET TOKEN_VALUE = ?, EXPIRES_AT = ? WHERE TOKEN_KEY = ?")) {
                update.setString(1, token.value());
                update.setLong(2, token.expiresAt().toEpochMilli());
                update.setString(3, key);
                if (update.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO " + tableName + " (TOKEN_KEY, TOKEN_VALUE, EXPIRES_AT) VALUES (?, ?, ?)")) {
                insert.setString(1, key);
                insert.setString(2, token.value());
                insert.setLong(3, token.expiresAt().toEpochMilli());
                insert.executeUpdate();
            } catch (SQLException duplicate) {
                // another node stored a token in between: keep theirs, both are valid
            }
        } catch (SQLException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public void remove(String key, String tokenValue) {
        try (Connection c = connection();
                PreparedStatement ps = c
                        .prepareStatement("DELETE FROM " + tableName + " WHERE TOKEN_KEY = ? AND TOKEN_VALUE = ?")) {
            ps.setString(1, key);
            ps.setString(2, tokenValue);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("remove", key, e);
        }
    }

    private Connection connection() throws SQLException {
        if (!ready && createTable) {
            synchronized (this) {
                if (!ready) {
                    JdbcStateRepository.JdbcNames.createIfAbsent(dataSource, tableName, "CREATE TABLE " + tableName
                                                                                        + " (TOKEN_KEY VARCHAR(255) PRIMARY KEY, TOKEN_VALUE VARCHAR(4000), EXPIRES_AT BIGINT)");
                    ready = true;
                }
            }
        }
        return dataSource.getConnection();
    }

    private RuntimeCamelException failure(String what, String key, SQLException e) {
        // the SQL state and the key only: a driver's message may quote the statement's parameters (the token)
        return new RuntimeCamelException(
                "Cannot " + what + " the token of " + key + " in " + tableName + " (SQL state " + e.getSQLState()
                                         + ")");
    }
}
