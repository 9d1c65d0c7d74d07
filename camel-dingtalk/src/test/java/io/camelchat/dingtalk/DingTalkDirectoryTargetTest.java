package io.camelchat.dingtalk;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatHeaders;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Directory look-ups read the kind of their target: it must match the operation, and without one it picks it. */
class DingTalkDirectoryTargetTest extends DingTalkTestSupport {

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
        // a user id is not a mobile number, a mobile number not a user id, a user not a group
        assertThatThrownBy(() -> lookUp("dingtalk:directory?operation=getUserByMobile&to=user:carol"))
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("getUserByMobile does not look up 'user:'").hasMessageContaining("mobile:");
        assertThatThrownBy(() -> lookUp("dingtalk:directory?operation=getUser&to=mobile:+8613800000003"))
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("getUser does not look up 'mobile:'");
        assertThatThrownBy(() -> lookUp("dingtalk:directory?operation=listGroupMembers&to=user:carol"))
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listGroupMembers");
        // the header operation is a choice too
        assertThatThrownBy(() -> send("dingtalk:directory", null, Map.of(DingTalkConstants.OPERATION, "getGroup",
                ChatHeaders.TO, "user:carol")))
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("getGroup does not look up 'user:'");
    }

    @Test
    void withoutAnOperationTheKindPicksTheLookUp() {
        assertThat(lookUp("dingtalk:directory?to=mobile:+8613800000003").path("userid").asText()).isEqualTo("carol");
        assertThat(lookUp("dingtalk:directory?to=group:" + GROUP).path("title").asText()).isEqualTo("Ops room");
        assertThat(lookUp("dingtalk:directory?to=user:bob").path("userid").asText()).isEqualTo("bob");
        JsonNode byHeader = send("dingtalk:directory", null, Map.of(ChatHeaders.TO, "mobile:+8613800000001"))
                .getMessage().getBody(JsonNode.class);
        assertThat(byHeader.path("userid").asText()).isEqualTo("alice");
    }

    @Test
    void matchingKindsAndBareIdsStillWork() {
        @SuppressWarnings("unchecked")
        List<String> members = send("dingtalk:directory?operation=listGroupMembers&to=group:" + GROUP, null, Map.of())
                .getMessage().getBody(List.class);
        assertThat(members).containsExactlyInAnyOrder("alice", "bob", "carol");
        assertThat(send("dingtalk:directory?operation=getUserByMobile", "+8613800000002", Map.of()).getMessage()
                .getBody(JsonNode.class).path("userid").asText()).isEqualTo("bob");
    }

    @Test
    void aKindNoLookUpReadsIsRefused() {
        assertThatThrownBy(() -> lookUp("dingtalk:directory?to=chat:carol"))
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No look-up reads 'chat:'").hasMessageContaining("getUser reads user:");
    }
}
