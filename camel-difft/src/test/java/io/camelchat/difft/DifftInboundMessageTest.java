package io.camelchat.difft;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ConversationType;
import io.camelchat.common.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The normalization rules of reference section 8.5, one by one, on the inbound shapes of section 8.4. */
class DifftInboundMessageTest {

    private static final String BOT = "+60000";
    private static final String GID = "a9de6b3ae8c8456d888c4532b487e822";

    private static DifftInboundMessage read(String json) {
        return DifftInboundMessage.parse(Json.read(json), BOT);
    }

    @Test
    void rule1TypeDefaultsToText() {
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"msg\":{\"body\":\"x\"}}").getMessageType())
                .isEqualTo("TEXT");
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"type\":\"\"}").getMessageType()).isEqualTo("TEXT");
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"type\":\"FORWARD\"}").getMessageType())
                .isEqualTo("FORWARD");
    }

    @Test
    void rule2SenderIsSrcAndAMessageWithoutSrcIsMalformed() {
        assertThat(read("{\"src\":\"+76459652574\",\"timestamp\":5}").getSender()).isEqualTo("+76459652574");
        assertThatThrownBy(() -> read("{\"timestamp\":5,\"msg\":{\"body\":\"x\"}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("src");
        assertThatThrownBy(() -> read("{\"src\":\"\",\"timestamp\":5}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> read("[1,2]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DifftInboundMessage.parse(null, BOT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rule3GroupByDestTypeInAnyCase() {
        DifftInboundMessage m = read("{\"src\":\"+1\",\"timestamp\":5,\"dest\":{\"type\":\"group\",\"groupID\":\"" + GID
                                     + "\"}}");
        assertThat(m.getConversationKind()).isEqualTo("GROUP");
        assertThat(m.getConversationType()).isEqualTo(ConversationType.group);
        assertThat(m.getConversationId()).isEqualTo(GID);
        assertThat(m.getGroupId()).isEqualTo(GID);
    }

    @Test
    void rule3GroupByTopLevelGroupIdWhenDestIsAbsent() {
        DifftInboundMessage m = read("{\"src\":\"+1\",\"timestamp\":5,\"groupID\":\"" + GID + "\"}");
        assertThat(m.isGroup()).isTrue();
        assertThat(m.getConversationId()).isEqualTo(GID);
    }

    @Test
    void rule3DirectMessageConversationIsThePeer() {
        DifftInboundMessage m = read("{\"src\":\"+76459652574\",\"timestamp\":5,"
                                     + "\"dest\":{\"type\":\"USER\",\"wuid\":[\"+60000\"]}}");
        assertThat(m.getConversationKind()).isEqualTo("USER");
        assertThat(m.getConversationType()).isEqualTo(ConversationType.direct);
        assertThat(m.getConversationId()).isEqualTo("+76459652574");
        assertThat(m.getDestWuids()).containsExactly("+60000");
        assertThat(m.getGroupId()).isNull();
        // a top-level groupID does not count when dest says USER
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"groupID\":\"g\",\"dest\":{\"type\":\"USER\"}}").isGroup())
                .isFalse();
        // neither dest nor groupID: direct
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5}").getConversationId()).isEqualTo("+1");
    }

    @Test
    void rule3AGroupWithoutAnyGroupIdIsMalformed() {
        assertThatThrownBy(() -> read("{\"src\":\"+1\",\"timestamp\":5,\"dest\":{\"type\":\"GROUP\"}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("groupID");
        // dest.groupID missing, the top-level one given
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"groupID\":\"g7\",\"dest\":{\"type\":\"GROUP\"}}")
                .getConversationId()).isEqualTo("g7");
    }

    @Test
    void rule4TextIsBodyElseCardContentElseEmpty() {
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"msg\":{\"body\":\"hello\"}}").getText()).isEqualTo("hello");
        assertThat(
                read("{\"src\":\"+1\",\"timestamp\":5,\"type\":\"CARD\",\"card\":{\"id\":\"c\",\"content\":\"# Hi\"}}")
                        .getText())
                .isEqualTo("# Hi");
        // a string body wins over the card
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"type\":\"CARD\",\"msg\":{\"body\":\"preview\"},"
                        + "\"card\":{\"content\":\"# Hi\"}}")
                .getText()).isEqualTo("preview");
        // a body that is not a string does not count
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"msg\":{\"body\":{\"x\":1}}}").getText()).isEmpty();
        // card content only for CARD
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"type\":\"TEXT\",\"card\":{\"content\":\"# Hi\"}}").getText())
                .isEmpty();
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"type\":\"FORWARD\",\"forwarded\":{\"text\":\"f\"}}")
                .getText()).isEmpty();
    }

    @Test
    void rule5Timestamp() {
        assertThat(read("{\"src\":\"+1\",\"timestamp\":1710000002000}").getTimestamp()).isEqualTo(1710000002000L);
        assertThat(read("{\"src\":\"+1\",\"timestamp\":\"1710000002000\"}").getTimestamp()).isEqualTo(1710000002000L);
    }

    @Test
    void rule6MessageIdIsRefIdElseDerived() {
        assertThat(read("{\"src\":\"+1\",\"timestamp\":1710000002000,\"msg\":{\"refID\":\"v1:9:+2\"}}").getMessageId())
                .isEqualTo("v1:9:+2");
        assertThat(read("{\"src\":\"+1\",\"timestamp\":1710000002000,\"msg\":{\"refID\":\"\"}}").getMessageId())
                .isEqualTo("v1:1710000002000:+1");
        assertThat(read("{\"src\":\"+76459652574\",\"timestamp\":1710000002000}").getMessageId())
                .isEqualTo("v1:1710000002000:+76459652574");
        // with a refID the timestamp may be absent; without both there is no id
        assertThat(read("{\"src\":\"+1\",\"msg\":{\"refID\":\"v1:9:+1\"}}").getMessageId()).isEqualTo("v1:9:+1");
        assertThatThrownBy(() -> read("{\"src\":\"+1\",\"msg\":{\"body\":\"x\"}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> read("{\"src\":\"+1\",\"timestamp\":\"soon\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rule7MentionedByAtPersonsOrMentionsWithOrWithoutPlus() {
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"msg\":{\"atPersons\":[\"+60000\"]}}").isMentioned())
                .isTrue();
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"msg\":{\"atPersons\":[\"60000\"]}}").isMentioned()).isTrue();
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"mentions\":[{\"uid\":\"+60000\",\"start\":0,\"length\":6}]}")
                .isMentioned()).isTrue();
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"mentions\":[{\"uid\":\"60000\"}]}").isMentioned()).isTrue();
        assertThat(DifftInboundMessage
                .parse(Json.read("{\"src\":\"+1\",\"timestamp\":5,\"msg\":{\"atPersons\":[\"+60000\"]}}"),
                        "60000")
                .isMentioned()).isTrue();
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"msg\":{\"atPersons\":[\"+600001\",\"\"]}}").isMentioned())
                .isFalse();
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"msg\":{\"atPersons\":[\"\"]}}").getAtPersons()).isEmpty();
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5}").isMentioned()).isFalse();
        assertThat(DifftInboundMessage
                .parse(Json.read("{\"src\":\"+1\",\"timestamp\":5,\"msg\":{\"atPersons\":[\"+60000\"]}}"),
                        null)
                .isMentioned()).isFalse();
    }

    @Test
    void rule8ReceiptsAndEchoesAreRecognized() {
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"type\":\"RECEIPT\",\"receipt\":{\"type\":\"READ\"}}")
                .isReceipt()).isTrue();
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5,\"type\":\"receipt\"}").isReceipt()).isTrue();
        assertThat(read("{\"src\":\"+1\",\"timestamp\":5}").isReceipt()).isFalse();
        assertThat(read("{\"src\":\"+60000\",\"timestamp\":5}").isEcho()).isTrue();
        assertThat(read("{\"src\":\"60000\",\"timestamp\":5}").isEcho()).isTrue();
        assertThat(read("{\"src\":\"+600001\",\"timestamp\":5}").isEcho()).isFalse();
    }

    @Test
    void quoteAttachmentForwardCardRecallAndThreadAreKept() {
        JsonNode data = Json.read("{\"version\":1,\"src\":\"+2\",\"srcDevice\":3,\"fromName\":\"Allen\","
                                  + "\"dest\":{\"type\":\"GROUP\",\"groupID\":\"" + GID + "\"},\"timestamp\":7,"
                                  + "\"context\":{\"topic\":{\"id\":\"t1\"}},"
                                  + "\"msg\":{\"body\":\"yes\",\"quote\":{\"refID\":\"v1:1:+1\",\"text\":\"ok?\"},"
                                  + "\"attachment\":{\"contentType\":\"text/plain\",\"authorizeId\":\"12\","
                                  + "\"key\":\"k\",\"size\":3,\"fileName\":\"a.txt\",\"digest\":\"d\"}}}");
        DifftInboundMessage m = DifftInboundMessage.parse(data, BOT);
        assertThat(m.getQuoteRefId()).isEqualTo("v1:1:+1");
        assertThat(m.getQuoteText()).isEqualTo("ok?");
        assertThat(m.getAttachment().path("fileName").asText()).isEqualTo("a.txt");
        assertThat(m.getSenderName()).isEqualTo("Allen");
        assertThat(m.getSrcDevice()).isEqualTo(3);
        assertThat(m.getTopicId()).isEqualTo("t1");
        assertThat(m.getData()).isSameAs(data);

        DifftInboundMessage recall = read("{\"src\":\"+2\",\"timestamp\":9,\"type\":\"RECALL\",\"recall\":{"
                                          + "\"realSource\":{\"source\":\"+2\",\"sourceDevice\":1,\"timestamp\":7},"
                                          + "\"refID\":\"\"}}");
        assertThat(recall.isRecall()).isTrue();
        assertThat(recall.getRecalledMessageId()).isEqualTo("v1:7:+2");

        DifftInboundMessage fwd = read("{\"src\":\"+2\",\"timestamp\":9,\"type\":\"FORWARD\",\"forwarded\":{"
                                       + "\"author\":\"+3\",\"text\":\"fw\"}}");
        assertThat(fwd.isForward()).isTrue();
        assertThat(fwd.getForwarded().path("text").asText()).isEqualTo("fw");
        assertThat(fwd.getAttachment()).isNull();
        assertThat(fwd.getCard()).isNull();
    }

    @Test
    void headersCarryTheNormalizedFields() {
        DifftInboundMessage m = read("{\"src\":\"+2\",\"fromName\":\"Allen\",\"timestamp\":7,\"srcDevice\":1,"
                                     + "\"dest\":{\"type\":\"GROUP\",\"groupID\":\"" + GID + "\"},"
                                     + "\"msg\":{\"body\":\"@bot hi\",\"atPersons\":[\"+60000\"],"
                                     + "\"quote\":{\"refID\":\"v1:1:+1\",\"text\":\"q\"}}}");
        Map<String, Object> h = DifftEventHeaders.of(m);
        assertThat(h).containsEntry(ChatHeaders.PLATFORM, "difft")
                .containsEntry(ChatHeaders.EVENT_TYPE, "message")
                .containsEntry(ChatHeaders.MESSAGE_ID, "v1:7:+2")
                .containsEntry(ChatHeaders.CONVERSATION_ID, GID)
                .containsEntry(ChatHeaders.CONVERSATION_TYPE, "group")
                .containsEntry(ChatHeaders.SENDER_ID, "+2")
                .containsEntry(ChatHeaders.SENDER_NAME, "Allen")
                .containsEntry(ChatHeaders.TIMESTAMP, 7L)
                .containsEntry(DifftConstants.MESSAGE_TYPE, "TEXT")
                .containsEntry(DifftConstants.MENTIONED, true)
                .containsEntry(DifftConstants.GROUP_ID, GID)
                .containsEntry(DifftConstants.AT_PERSONS, List.of("+60000"))
                .containsEntry(DifftConstants.REF_ID, "v1:7:+2")
                .containsEntry(DifftConstants.SRC_DEVICE, 1);
        Map<String, Object> direct = DifftEventHeaders.of(read("{\"src\":\"+2\",\"timestamp\":7,\"type\":\"RECALL\","
                                                               + "\"recall\":{\"realSource\":{\"source\":\"+2\","
                                                               + "\"timestamp\":3}}}"));
        assertThat(direct).containsEntry(ChatHeaders.CONVERSATION_TYPE, "direct")
                .containsEntry(ChatHeaders.CONVERSATION_ID, "+2")
                .containsEntry(ChatHeaders.EVENT_TYPE, "recall")
                .containsEntry(DifftConstants.RECALLED_MESSAGE_ID, "v1:3:+2")
                .doesNotContainKeys(DifftConstants.GROUP_ID, ChatHeaders.SENDER_NAME, DifftConstants.AT_PERSONS,
                        DifftConstants.QUOTE_REF_ID);
    }
}
