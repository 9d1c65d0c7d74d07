package io.camelchat.difft;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAuthException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Bad paths: a wrong secret, server errors, timeouts. */
class DifftFailuresTest extends DifftTestSupport {

    private static long requests(String path) {
        return sim.requests().stream().filter(r -> r.contains(" " + path)).count();
    }

    @Test
    void aWrongSecretIsAClearAuthenticationErrorWithoutTheSecret() {
        Exchange e = send("difft:message?to=user:" + ALICE + "&appSecret=RAW(wrong-secret-4711)", "hi", Map.of());
        assertThat(e.getException()).isInstanceOf(ChatAuthException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("invalid signature")
                .hasMessageContaining("appSecret").hasMessageNotContaining("wrong-secret-4711")
                .hasMessageNotContaining(SECRET);
        Exchange d = send("difft:directory?operation=getGroups&appSecret=wrong-secret-4711", null, Map.of());
        assertThat(d.getException()).isInstanceOf(ChatAuthException.class).hasMessageNotContaining("wrong-secret");
    }

    @Test
    void aSendIsNeverRetriedAfterAServerErrorButALookUpIs() {
        long before = requests("/v1/messages");
        int stored = sim.sent().size();
        sim.faults().failNext("/v1/messages", 1, 503);
        Exchange e = send("difft:message?to=user:" + ALICE, "once only", Map.of());
        assertThat(e.getException()).isInstanceOf(ChatApiException.class)
                .satisfies(x -> assertThat(((ChatApiException) x).getHttpStatus()).isEqualTo(503));
        assertThat(requests("/v1/messages")).as("one call, not retried").isEqualTo(before + 1);
        assertThat(sim.sent()).hasSize(stored);

        sim.faults().failNext("/v1/groups", 2, 502);
        Exchange g = send("difft:directory?operation=getGroups", null, Map.of());
        assertThat(g.getException()).isNull();
        assertThat(g.getMessage().getBody(JsonNode.class)).hasSize(1);
    }

    @Test
    void aStatusErrorIsAnApiErrorWithTheReason() {
        sim.faults().failNextWithStatus("/v1/messages", 1, 9, "something odd");
        Exchange e = send("difft:message?to=user:" + ALICE, "odd", Map.of());
        assertThat(e.getException()).isInstanceOf(ChatApiException.class).hasMessageContaining("code 9")
                .hasMessageContaining("something odd");
    }

    @Test
    void aSendThatTimesOutIsNotRetried() {
        int stored = sim.sent().size();
        long before = requests("/v1/messages");
        sim.faults().slowResponses(Duration.ofMillis(1500));
        try {
            Exchange e = send("difft:message?to=user:" + ALICE + "&responseTimeout=300", "slow", Map.of());
            assertThat(e.getException()).isInstanceOf(ChatApiException.class)
                    .satisfies(x -> assertThat(((ChatApiException) x).getPlatformCode()).isEqualTo("timeout"));
            // the server did carry it out, once: a retry would have sent it twice
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.sent().size() == stored + 1);
            assertThat(requests("/v1/messages")).isEqualTo(before + 1);
        } finally {
            sim.faults().slowResponses(Duration.ZERO);
        }
    }

    @Test
    void missingCredentialsAreAClearError() {
        assertThatThrownBy(() -> send("difft:message?to=user:" + ALICE + "&botId=", "x", Map.of())).rootCause()
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option botId");
        assertThatThrownBy(() -> send("difft:message?to=user:" + ALICE + "&appSecret=", "x", Map.of())).rootCause()
                .hasMessageContaining("appId and appSecret");
    }
}
