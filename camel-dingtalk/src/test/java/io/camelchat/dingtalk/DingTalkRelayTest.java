package io.camelchat.dingtalk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.camelchat.simulator.dingtalk.SentMessage;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plain route with no processor: what users tell the robot 1:1 is posted to a group. Tokens expire, the API
 * rate-limits and fails while the stream runs; every message still arrives, once.
 */
class DingTalkRelayTest extends DingTalkTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("dingtalk:stream").routeId("relay")
                        .to("dingtalk:message?to=group:" + GROUP);
            }
        };
    }

    private List<String> groupTexts() {
        List<String> out = new ArrayList<>();
        for (SentMessage m : sim.sentMessages()) {
            if (m.channel() == SentMessage.Channel.GROUP) {
                out.add(m.text());
            }
        }
        return out;
    }

    @Test
    void relaySurvivesTokenExpiryAndRateLimitsMidStream() {
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.openConnections() >= 1);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            if (i == 3) {
                sim.faults().expireAllTokens();
            }
            if (i == 5) {
                sim.faults().rateLimitNext("/v1.0/robot/groupMessages/send", 2);
            }
            if (i == 7) {
                sim.faults().http429Next("/v1.0/robot/groupMessages/send", 1, 1);
            }
            String text = "relay " + i;
            expected.add(text);
            sim.userSendsText("alice", null, text);
            await().atMost(Duration.ofSeconds(10)).until(() -> groupTexts().contains(text));
        }
        assertThat(groupTexts()).containsSubsequence(expected);
        assertThat(groupTexts().stream().filter(expected::contains)).hasSize(expected.size());
        assertThat(sim.tokenIssuances()).isGreaterThanOrEqualTo(2);
    }
}
