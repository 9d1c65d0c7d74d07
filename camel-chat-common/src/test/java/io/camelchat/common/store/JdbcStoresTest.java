package io.camelchat.common.store;

import java.time.Instant;
import java.util.UUID;

import io.camelchat.common.token.AccessToken;
import org.apache.camel.RuntimeCamelException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JDBC stores on an embedded H2 database; the cluster tests of integration-tests run them on PostgreSQL. */
class JdbcStoresTest {

    private final JdbcDataSource dataSource = new JdbcDataSource();

    JdbcStoresTest() {
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Test
    void stateIsSharedBetweenRepositoriesOnOneDatabase() throws Exception {
        JdbcStateRepository nodeA = new JdbcStateRepository(dataSource);
        JdbcStateRepository nodeB = new JdbcStateRepository(dataSource);
        nodeA.start();
        nodeB.start();
        assertThat(nodeB.getState("openim.bot.sg_g1")).isNull();

        nodeA.setState("openim.bot.sg_g1", "41");
        nodeA.setState("openim.bot.sg_g1", "42");
        nodeA.setState("symphony.datafeed", "df-1");
        assertThat(nodeB.getState("openim.bot.sg_g1")).isEqualTo("42");
        assertThat(nodeB.getState("symphony.datafeed")).isEqualTo("df-1");

        nodeB.setState("openim.bot.sg_g1", "43");
        assertThat(nodeA.getState("openim.bot.sg_g1")).isEqualTo("43");
    }

    @Test
    void theTableIsCreatedOnFirstUseWhenTheRepositoryWasNotStarted() {
        JdbcStateRepository notStarted = new JdbcStateRepository(dataSource, "LAZY_STATE");
        assertThat(notStarted.getState("k")).isNull();
        notStarted.setState("k", "v");
        assertThat(notStarted.getState("k")).isEqualTo("v");
    }

    @Test
    void anotherTableNameKeepsItsOwnState() throws Exception {
        JdbcStateRepository first = new JdbcStateRepository(dataSource);
        JdbcStateRepository second = new JdbcStateRepository(dataSource, "APP2_STATE");
        first.start();
        second.start();
        first.setState("k", "1");
        assertThat(second.getState("k")).isNull();
        assertThatThrownBy(() -> second.setTableName("X; DROP TABLE Y")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRepositoryThatMayNotCreateItsTableFailsWithTheTableName() throws Exception {
        JdbcStateRepository repository = new JdbcStateRepository(dataSource, "MISSING_STATE");
        repository.setCreateTable(false);
        repository.start();
        assertThatThrownBy(() -> repository.getState("k")).isInstanceOf(RuntimeCamelException.class)
                .hasMessageContaining("MISSING_STATE");
    }

    @Test
    void tokensAreSharedAndRemovedOnlyWhenStillTheSame() {
        JdbcTokenStore nodeA = new JdbcTokenStore(dataSource);
        JdbcTokenStore nodeB = new JdbcTokenStore(dataSource);
        Instant expiry = Instant.ofEpochMilli(1_900_000_000_000L);
        assertThat(nodeB.get("lark:app")).isNull();

        nodeA.put("lark:app", new AccessToken("t-1", expiry));
        assertThat(nodeB.get("lark:app")).isEqualTo(new AccessToken("t-1", expiry));

        nodeB.put("lark:app", new AccessToken("t-2", expiry.plusSeconds(60)));
        nodeA.remove("lark:app", "t-1");
        assertThat(nodeA.get("lark:app")).as("another node replaced t-1: kept")
                .isEqualTo(new AccessToken("t-2", expiry.plusSeconds(60)));
        nodeA.remove("lark:app", "t-2");
        assertThat(nodeB.get("lark:app")).isNull();
    }

    @Test
    void aTokenStoreFailureNamesNoTokenValue() {
        JdbcTokenStore store = new JdbcTokenStore(dataSource);
        store.setTableName("NO_TOKENS");
        store.setCreateTable(false);
        assertThatThrownBy(() -> store.put("lark:app", new AccessToken("secret-token-value", Instant.now())))
                .isInstanceOf(RuntimeCamelException.class).hasMessageContaining("NO_TOKENS")
                .hasMessageNotContaining("secret-token-value");
    }
}
