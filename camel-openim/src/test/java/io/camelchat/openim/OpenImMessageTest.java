package io.camelchat.openim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.Json;
import io.camelchat.openim.proto.Sdkws;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The model read from the gateway's protobuf and the HTTP API's JSON, its typed content and its headers. */
class OpenImMessageTest {

    private static Sdkws.MsgData.Builder proto(int contentType, String content) {
        return Sdkws.MsgData.newBuilder().setSendID("u2").setRecvID("u1").setClientMsgID("c0ffee")
                .setServerMsgID("s1").setSenderPlatformID(3).setSenderNickname("Bob").setSessionType(1)
                .setMsgFrom(100).setContentType(contentType)
                .setContent(ByteString.copyFrom(content, StandardCharsets.UTF_8)).setSeq(7).setSendTime(1700000000123L)
                .setCreateTime(1700000000000L).setStatus(2);
    }

    private static ObjectNode json(int contentType, String content) {
        ObjectNode m = Json.MAPPER.createObjectNode().put("sendID", "u2").put("recvID", "").put("groupID", "g9")
                .put("clientMsgID", "abc123").put("serverMsgID", "srv").put("senderPlatformID", 2)
                .put("senderNickname", "Bob").put("sessionType", 3).put("msgFrom", 100)
                .put("contentType", contentType)
                .put("content", Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)))
                .put("seq", 42).put("sendTime", 1700000000999L).put("createTime", 1700000000000L).put("status", 2);
        m.putArray("atUserIDList").add("u1");
        m.putObject("options").put("history", true);
        return m;
    }

    @Test
    void protobufTextMessageMapsEveryField() {
        OpenImMessage m = OpenImMessage.of(proto(101, "{\"content\":\"hello\"}").putOptions("unreadCount", false)
                .build(), null);
        assertThat(m.getConversationId()).isEqualTo("si_u1_u2");
        assertThat(m.getMessageId()).isEqualTo("si_u1_u2#c0ffee");
        assertThat(m.getText()).isEqualTo("hello");
        assertThat(m.getElement()).isInstanceOf(OpenImContent.Text.class);
        assertThat(m.getSeq()).isEqualTo(7);
        assertThat(m.getSenderPlatformId()).isEqualTo(3);
        assertThat(m.getOptions()).containsEntry("unreadCount", false);
        assertThat(m.isGroup()).isFalse();
    }

    @Test
    void jsonMessageHasBase64ContentAndGroupConversation() {
        OpenImMessage m = OpenImMessage.of(json(106,
                "{\"text\":\"@Ann hi\",\"atUserList\":[\"u1\",\"AtAllTag\"],\"isAtSelf\":true}"), "sg_g9");
        assertThat(m.getConversationId()).isEqualTo("sg_g9");
        assertThat(m.isGroup()).isTrue();
        OpenImContent.AtText at = (OpenImContent.AtText) m.getElement();
        assertThat(at.text()).isEqualTo("@Ann hi");
        assertThat(at.atUserList()).containsExactly("u1", "AtAllTag");
        assertThat(at.mentionsAll()).isTrue();
        assertThat(m.getAtUserIdList()).containsExactly("u1");
        // derived when the map key is not known
        assertThat(OpenImMessage.of(json(101, "{\"content\":\"x\"}"), null).getConversationId()).isEqualTo("sg_g9");
    }

    @Test
    void everyContentTypeIsTyped() {
        Map<Integer, Class<?>> types = Map.ofEntries(
                Map.entry(101, OpenImContent.Text.class), Map.entry(102, OpenImContent.Picture.class),
                Map.entry(103, OpenImContent.Sound.class), Map.entry(104, OpenImContent.Video.class),
                Map.entry(105, OpenImContent.File.class), Map.entry(106, OpenImContent.AtText.class),
                Map.entry(107, OpenImContent.Merger.class), Map.entry(108, OpenImContent.Card.class),
                Map.entry(109, OpenImContent.Location.class), Map.entry(110, OpenImContent.Custom.class),
                Map.entry(114, OpenImContent.Quote.class), Map.entry(115, OpenImContent.Face.class),
                Map.entry(117, OpenImContent.AdvancedText.class), Map.entry(118, OpenImContent.Markdown.class),
                Map.entry(1201, OpenImContent.Notification.class), Map.entry(2101, OpenImContent.Notification.class),
                Map.entry(113, OpenImContent.Unknown.class), Map.entry(9999, OpenImContent.Unknown.class));
        types.forEach((type, cls) -> assertThat(OpenImMessage.of(proto(type, "{}").build(), null).getElement())
                .as("content type %d", type).isInstanceOf(cls));
    }

    @Test
    void contentFieldsAreRead() {
        OpenImContent.Picture p = (OpenImContent.Picture) OpenImContent.of(102,
                "{\"sourcePicture\":{\"uuid\":\"u\",\"type\":\"png\",\"size\":12,\"width\":3,\"height\":4,"
                                                                                + "\"url\":\"http://x/p.png\"}}");
        assertThat(p.url()).isEqualTo("http://x/p.png");
        assertThat(p.sourcePicture().width()).isEqualTo(3);
        OpenImContent.File f = (OpenImContent.File) OpenImContent.of(105,
                "{\"sourceUrl\":\"http://x/f\",\"fileName\":\"a.pdf\",\"fileSize\":99}");
        assertThat(f.text()).isEqualTo("a.pdf");
        assertThat(f.fileSize()).isEqualTo(99);
        OpenImContent.Location l = (OpenImContent.Location) OpenImContent.of(109,
                "{\"description\":\"Office\",\"longitude\":2.5,\"latitude\":48.1}");
        assertThat(l.longitude()).isEqualTo(2.5);
        assertThat(l.text()).isEqualTo("Office");
        OpenImContent.Custom c = (OpenImContent.Custom) OpenImContent.of(110,
                "{\"data\":\"{\\\"k\\\":1}\",\"description\":\"d\",\"extension\":\"e\"}");
        assertThat(c.data()).isEqualTo("{\"k\":1}");
        OpenImContent.Quote q = (OpenImContent.Quote) OpenImContent.of(114,
                "{\"text\":\"yes\",\"quoteMessage\":{\"clientMsgID\":\"q1\",\"contentType\":101}}");
        assertThat(q.quotedClientMsgId()).isEqualTo("q1");
        OpenImContent.Notification n = (OpenImContent.Notification) OpenImContent.of(1501,
                "{\"detail\":\"{\\\"group\\\":{\\\"groupID\\\":\\\"g1\\\"}}\"}");
        assertThat(n.detailJson().path("group").path("groupID").asText()).isEqualTo("g1");
        OpenImContent.Markdown md = (OpenImContent.Markdown) OpenImContent.of(118, "{\"content\":\"**b**\"}");
        assertThat(md.text()).isEqualTo("**b**");
    }

    @Test
    void contentThatIsNotJsonIsKeptAsUnknown() {
        OpenImContent c = OpenImContent.of(101, "not json");
        assertThat(c).isInstanceOf(OpenImContent.Unknown.class);
        assertThat(c.text()).isEqualTo("not json");
    }

    @Test
    void conversationIdsFollowOpenImsRules() {
        assertThat(OpenImMessage.singleConversationId("u2", "u1")).isEqualTo("si_u1_u2");
        assertThat(OpenImMessage.singleConversationId("u1", "u2")).isEqualTo("si_u1_u2");
        assertThat(OpenImMessage.of(proto(101, "{}").setSessionType(2).setGroupID("g").build(), null)
                .getConversationId()).isEqualTo("g_g");
        assertThat(OpenImMessage.of(proto(1501, "{}").setSessionType(3).setGroupID("g")
                .putOptions("isNotNotification", false).build(), null).getConversationId()).isEqualTo("n_g");
        assertThat(OpenImMessage.of(proto(1201, "{}").setSessionType(4).build(), null).getConversationId())
                .isEqualTo("sn_u1_u2");
    }

    @Test
    void headersAreTheNormalizedOnesAndOpenImsOwn() {
        OpenImMessage m = OpenImMessage.of(json(101, "{\"content\":\"x\"}"), "sg_g9");
        Map<String, Object> h = OpenImEventHeaders.of(m);
        assertThat(h).containsEntry(ChatHeaders.PLATFORM, "openim").containsEntry(ChatHeaders.EVENT_TYPE, "message")
                .containsEntry(ChatHeaders.MESSAGE_ID, "sg_g9#abc123")
                .containsEntry(ChatHeaders.CONVERSATION_ID, "sg_g9")
                .containsEntry(ChatHeaders.CONVERSATION_TYPE, "group").containsEntry(ChatHeaders.SENDER_ID, "u2")
                .containsEntry(ChatHeaders.SENDER_NAME, "Bob").containsEntry(ChatHeaders.TIMESTAMP, 1700000000999L)
                .containsEntry(OpenImConstants.SEQ, 42L).containsEntry(OpenImConstants.CONTENT_TYPE, 101)
                .containsEntry(OpenImConstants.SESSION_TYPE, 3).containsEntry(OpenImConstants.GROUP_ID, "g9")
                .containsEntry(OpenImConstants.AT_USER_IDS, List.of("u1"));
        JsonNode notification = json(1504, "{\"detail\":\"{}\"}");
        assertThat(OpenImEventHeaders.of(OpenImMessage.of(notification, "n_g9")))
                .containsEntry(ChatHeaders.EVENT_TYPE, "notification");
    }

    @Test
    void theSameMessageFromBothSourcesHasTheSameId() {
        OpenImMessage fromProto = OpenImMessage.of(proto(101, "{\"content\":\"a\"}").build(), "si_u1_u2");
        ObjectNode j = json(101, "{\"content\":\"a\"}").put("sessionType", 1).put("groupID", "").put("recvID", "u1")
                .put("clientMsgID", "c0ffee").put("seq", 7);
        assertThat(OpenImMessage.of(j, null).getMessageId()).isEqualTo(fromProto.getMessageId());
    }
}
