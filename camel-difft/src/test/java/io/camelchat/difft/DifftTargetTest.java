package io.camelchat.difft;

import java.util.List;
import java.util.Map;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Wuids begin with {@code +}, which Camel decodes as a space in a URI query: {@code to=user:+7645} written plainly
 * reaches {@code +7645} through the shared target parser, and {@code RAW(...)} works too.
 */
class DifftTargetTest extends DifftTestSupport {

    @Test
    void destinationsParse() {
        assertThat(DifftProducer.destination("user: 7645")).isEqualTo(
                new DifftProducer.Destination(false, List.of("+7645")));
        assertThat(DifftProducer.destination("user:+7645, 7646").ids()).containsExactly("+7645", "+7646");
        assertThat(DifftProducer.destination("GROUP:" + GROUP).group()).isTrue();
        assertThatThrownBy(() -> DifftProducer.destination("group:a,b")).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> DifftProducer.destination("chat_id:x"))
                .hasMessageContaining("user:<wuid>[,<wuid>...] or group:<groupId>");
        assertThatThrownBy(() -> DifftProducer.destination(null)).hasMessageContaining("option 'to'");
    }

    @Test
    void aPlainlyWrittenWuidReachesItsUser() {
        Exchange e = send("difft:message?to=user:+76459652574", "plain", Map.of());
        assertThat(e.getException()).isNull();
        assertThat(lastSent().wuids()).containsExactly(ALICE);

        Exchange raw = send("difft:message?to=RAW(user:+76459652574,+75853524385)", "raw", Map.of());
        assertThat(raw.getException()).isNull();
        assertThat(lastSent().wuids()).containsExactly(ALICE, BOB);

        Exchange header = send("difft:message", "header", Map.of(ChatHeaders.TO, "user:" + BOB));
        assertThat(header.getException()).isNull();
        assertThat(lastSent().wuids()).containsExactly(BOB);

        // the bot's own wuid written plainly too
        Exchange bot = send("difft:message?to=user:+76459652574&botId=+60000", "bot", Map.of());
        assertThat(bot.getException()).isNull();
        assertThat(lastSent().src()).isEqualTo(BOT);
        assertThat(sim.protocolErrors()).isEmpty();
    }

    @Test
    void aRecallIdKeepsTheDestination() {
        Exchange e = send("difft:message?to=user:+76459652574,+75853524385", "to recall", Map.of());
        String id = e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
        assertThat(id).endsWith("#user:" + ALICE + "," + BOB);
        Exchange r = send("difft:message?operation=recall", null, Map.of(ChatHeaders.MESSAGE_ID, id));
        assertThat(r.getException()).isNull();
        assertThat(sim.isRecalled(lastSent())).isTrue();

        Exchange bad = send("difft:message?operation=recall", "not-an-id#user:" + ALICE, Map.of());
        assertThat(bad.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Difft message id");
    }
}
