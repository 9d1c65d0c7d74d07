package io.camelchat.quarkus;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import static io.camelchat.quarkus.ChatSimulatorsResource.LARK_CHAT;
import static org.assertj.core.api.Assertions.assertThat;

/** The checks of {@link ChatBridgesChecks} in Quarkus's test runtime, and what needs the application's beans. */
@QuarkusTest
@WithTestResource(ChatSimulatorsResource.class)
class ChatBridgesQuarkusTest extends ChatBridgesChecks {

    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D',
            'R' };

    @Inject
    ProducerTemplate template;

    /**
     * Bytes become a message through the type converters of camel-chat-common, which Camel Quarkus registers only when
     * that jar is indexed (application.properties).
     */
    @Test
    void bytesAreSentAsAPictureThroughTheCommonConverters() {
        template.sendBodyAndHeader("lark:message?to=chat_id:" + LARK_CHAT, PNG, Exchange.FILE_NAME, "chart.png");
        assertThat(lark.uploads()).anySatisfy(u -> assertThat(u.bytes()).isEqualTo(PNG));
        assertThat(lark.sentMessages()).anyMatch(m -> "image".equals(m.msgType()) && LARK_CHAT.equals(m.receiveId()));
    }
}
