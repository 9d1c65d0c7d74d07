package io.camelchat.symphony;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatHeaders;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Directory look-ups read the kind of their target: it must match the operation, and without one it picks it. */
class SymphonyDirectoryTargetTest extends SymphonyTestSupport {

    private Exchange send(String uri, Object body, Map<String, Object> headers) {
        Exchange x = template.request(uri, e -> {
            e.getMessage().setBody(body);
            headers.forEach(e.getMessage()::setHeader);
        });
        if (x.getException() != null) {
            throw new CamelExecutionException("send failed", x, x.getException());
        }
        return x;
    }

    private JsonNode lookUp(String uri) {
        return send(uri, null, Map.of()).getMessage().getBody(JsonNode.class);
    }

    @Test
    void aKindThatContradictsTheOperationIsRefused() {
        // a user id is not an email address, a user not a room
        assertThatThrownBy(() -> lookUp("symphony:directory?operation=getUserByEmail&to=user:" + BOB))
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("getUserByEmail does not look up 'user:'").hasMessageContaining("email:");
        assertThatThrownBy(() -> lookUp("symphony:directory?operation=getRoom&to=user:" + BOB))
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("getRoom does not look up 'user:'");
        assertThatThrownBy(() -> send("symphony:directory", null, Map.of(SymphonyConstants.OPERATION, "getUser",
                ChatHeaders.TO, "username:alice")))
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("getUser does not look up 'username:'");
    }

    @Test
    void withoutAnOperationTheKindPicksTheLookUp() {
        assertThat(lookUp("symphony:directory?to=email:bob@acme.example").path("id").asLong()).isEqualTo(BOB);
        assertThat(lookUp("symphony:directory?to=username:alice").path("id").asLong()).isEqualTo(ALICE);
        assertThat(lookUp("symphony:directory?to=user:" + BOB).path("username").asText()).isEqualTo("bob");
    }

    @Test
    void matchingKindsAndBareIdsStillWork() {
        assertThat(lookUp("symphony:directory?operation=getUserByUsername&to=username:bob").path("id").asLong())
                .isEqualTo(BOB);
        assertThat(send("symphony:directory?operation=getUserByEmail", "alice@acme.example", Map.of()).getMessage()
                .getBody(JsonNode.class).path("id").asLong()).isEqualTo(ALICE);
    }

    @Test
    void aKindNoLookUpReadsIsRefused() {
        assertThatThrownBy(() -> lookUp("symphony:directory?to=mobile:+15550100"))
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No look-up reads 'mobile:'").hasMessageContaining("getRoom reads stream:");
    }
}
