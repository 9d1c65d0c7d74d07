package io.camelchat.difft;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatNotFoundException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The directory producer: accounts by wuid or email, the bot's groups, a group's members. */
class DifftDirectoryTest extends DifftTestSupport {

    private JsonNode lookUp(String uri, Object body) {
        Exchange e = send(uri, body, Map.of());
        assertThat(e.getException()).isNull();
        return e.getMessage().getBody(JsonNode.class);
    }

    @Test
    void accountsByWuidWrittenPlainly() {
        JsonNode accounts = lookUp("difft:directory?to=user:+76459652574,+75853524385", null);
        assertThat(accounts).hasSize(2);
        assertThat(accounts.get(0).path("wuid").asText()).isEqualTo(ALICE);
        assertThat(accounts.get(1).path("name").asText()).isEqualTo("Bob");
        // a bare id from the body
        assertThat(lookUp("difft:directory", ALICE).get(0).path("email").asText()).isEqualTo("alice@example.org");
    }

    @Test
    void accountsByEmail() {
        JsonNode accounts = lookUp("difft:directory?to=email:alice@example.org,carol@example.org", null);
        assertThat(accounts).extracting(a -> a.path("wuid").asText()).containsExactly(ALICE, CAROL);
        assertThat(lookUp("difft:directory", "bob@example.org").get(0).path("wuid").asText()).isEqualTo(BOB);
        assertThat(lookUp("difft:directory", "email:nobody@example.org")).isEmpty();
    }

    @Test
    void groupsAndMembers() {
        JsonNode groups = lookUp("difft:directory?operation=getGroups", null);
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.path("gid").asText()).isEqualTo(GROUP);
            assertThat(g.path("name").asText()).isEqualTo("Ops");
        });
        Exchange e = send("difft:directory", null, Map.of(ChatHeaders.TO, "members:" + GROUP));
        assertThat(e.getException()).isNull();
        assertThat(e.getMessage().getBody(JsonNode.class)).extracting(m -> m.path("wuid").asText())
                .containsExactlyInAnyOrder(BOT, ALICE, BOB);
        assertThat(e.getMessage().getHeader(ChatHeaders.CONVERSATION_ID)).isEqualTo(GROUP);
        assertThat(lookUp("difft:directory?operation=getGroupMembers", GROUP)).hasSize(3);

        Exchange unknown = send("difft:directory?to=group:ffffffffffffffffffffffffffffffff", null, Map.of());
        assertThat(unknown.getException()).isInstanceOf(ChatNotFoundException.class);
        assertThat(sim.protocolErrors()).isEmpty();
    }

    @Test
    void aKindTheOperationDoesNotReadIsRefused() {
        Exchange e = send("difft:directory?operation=getAccounts&to=members:" + GROUP, null, Map.of());
        assertThat(e.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("getAccounts does not look up 'members:'");
    }
}
