package io.camelchat.lark;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatHeaders;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Directory look-ups read the kind of their target: it must match the operation, and without one it picks it. */
class LarkDirectoryTargetTest extends LarkTestSupport {

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
        // an open_id is not a mobile number, an email address not a user id
        assertThatThrownBy(() -> lookUp("lark:directory?operation=getUserByMobile&to=open_id:" + BOB))
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("getUserByMobile does not look up 'open_id:'").hasMessageContaining("mobile:");
        assertThatThrownBy(() -> lookUp("lark:directory?operation=getUser&to=email:alice@example.com"))
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("getUser does not look up 'email:'");
        assertThatThrownBy(() -> send("lark:directory", null, Map.of(LarkConstants.OPERATION, "getUserByEmail",
                ChatHeaders.TO, "mobile:+8613800000002")))
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("getUserByEmail does not look up 'mobile:'");
    }

    @Test
    void withoutAnOperationTheKindPicksTheLookUp() {
        assertThat(lookUp("lark:directory?to=email:alice@example.com").path("open_id").asText()).isEqualTo(ALICE);
        assertThat(lookUp("lark:directory?to=mobile:+8613800000002").path("open_id").asText()).isEqualTo(BOB);
        assertThat(lookUp("lark:directory?to=open_id:" + BOB).path("name").asText()).isEqualTo("Bob");
    }

    @Test
    void matchingKindsAndBareIdsStillWork() {
        assertThat(
                lookUp("lark:directory?operation=getUserByEmail&to=email:alice@example.com").path("open_id").asText())
                .isEqualTo(ALICE);
        assertThat(send("lark:directory?operation=getUserByMobile", "+8613800000002", Map.of()).getMessage()
                .getBody(JsonNode.class).path("open_id").asText()).isEqualTo(BOB);
        assertThat(send("lark:directory", BOB, Map.of()).getMessage().getBody(JsonNode.class).path("name").asText())
                .isEqualTo("Bob");
    }

    @Test
    void aKindNoLookUpReadsIsRefused() {
        assertThatThrownBy(() -> lookUp("lark:directory?to=chat_id:oc_x"))
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No look-up reads 'chat_id:'")
                .hasMessageContaining("getUserByEmail reads email:");
    }
}
