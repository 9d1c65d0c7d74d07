package io.camelchat.lark;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatMention;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.common.ChatRateLimitException;
import io.camelchat.lark.api.LarkMessageRequest;
import io.camelchat.simulator.lark.InboundEvent;
import io.camelchat.simulator.lark.SentMessage;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LarkProducerTest extends LarkTestSupport {

    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };

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

    private SentMessage sent(String messageId) {
        return sim.sentMessages().stream().filter(m -> m.messageId().equals(messageId)).findFirst().orElseThrow();
    }

    @Test
    void sendsTextToAChatAndRecallsIt() {
        Exchange x = send("lark:message?to=chat_id:" + CHAT, "hello from camel", Map.of());
        String id = x.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
        assertThat(id).startsWith("om_");
        SentMessage m = sent(id);
        assertThat(m.receiveIdType()).isEqualTo("chat_id");
        assertThat(m.msgType()).isEqualTo("text");
        assertThat(m.text()).isEqualTo("hello from camel");
        assertThat(m.uuid()).isNotBlank();
        assertThat(x.getMessage().getBody(JsonNode.class).path("message_id").asText()).isEqualTo(id);

        send("lark:message?operation=recall", null, Map.of(ChatHeaders.MESSAGE_ID, id));
        assertThat(sent(id).recalled()).isTrue();
    }

    @Test
    void sendsToUsersByOpenIdAndEmail() {
        String byOpenId = send("lark:message?to=open_id:" + ALICE, "hi alice", Map.of()).getMessage()
                .getHeader(ChatHeaders.MESSAGE_ID, String.class);
        assertThat(sent(byOpenId).receiveIdType()).isEqualTo("open_id");
        String byEmail = send("lark:message", "hi bob", Map.of(ChatHeaders.TO, "email:bob@example.com")).getMessage()
                .getHeader(ChatHeaders.MESSAGE_ID, String.class);
        assertThat(sent(byEmail).receiveIdType()).isEqualTo("email");
        assertThat(sent(byEmail).receiveId()).isEqualTo("bob@example.com");
    }

    @Test
    void markdownGoesOutAsAPost() {
        String id = send("lark:message?to=chat_id:" + CHAT + "&format=markdown&title=Build", "**green**", Map.of())
                .getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
        SentMessage m = sent(id);
        assertThat(m.msgType()).isEqualTo("post");
        assertThat(m.content().toString()).contains("Build", "**green**", "md");
    }

    @Test
    void chatMessageWithMentionAndImageIsUploadedFirst() {
        ChatMessage msg = new ChatMessage().setPlatform("lark").setText("look")
                .addMention(new ChatMention(ALICE, "Alice"))
                .addAttachment(ChatAttachment.of(ChatAttachment.Kind.image, "chart.png", "image/png", PNG));
        Exchange x = send("lark:message?to=chat_id:" + CHAT, msg, Map.of());
        @SuppressWarnings("unchecked")
        List<String> ids = x.getMessage().getHeader(LarkConstants.MESSAGE_IDS, List.class);
        assertThat(ids).hasSize(2);
        assertThat(sent(ids.get(0)).text()).contains(ALICE).contains("look");
        SentMessage image = sent(ids.get(1));
        assertThat(image.msgType()).isEqualTo("image");
        String key = String.valueOf(image.content().get("image_key"));
        assertThat(sim.uploads()).anySatisfy(u -> {
            assertThat(u.key()).isEqualTo(key);
            assertThat(u.bytes()).isEqualTo(PNG);
        });
    }

    @Test
    void replyAnswersTheIncomingMessageAndEditAndUpdateWork() {
        InboundEvent in = sim.newTextEvent(ALICE, CHAT, "status?");
        // a message must exist on the simulator to reply to: send one and reply to it
        String original = send("lark:message?to=chat_id:" + CHAT, "original", Map.of()).getMessage()
                .getHeader(ChatHeaders.MESSAGE_ID, String.class);
        assertThat(in.eventId()).isNotBlank();
        String reply = send("lark:message?operation=reply", "all green", Map.of(ChatHeaders.MESSAGE_ID, original,
                ChatHeaders.PLATFORM, "lark")).getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
        assertThat(sent(reply).parentId()).isEqualTo(original);
        assertThat(sent(reply).text()).isEqualTo("all green");

        send("lark:message?operation=edit", "all green, really", Map.of(ChatHeaders.MESSAGE_ID, reply));
        assertThat(sent(reply).text()).isEqualTo("all green, really");

        Map<String, Object> card = Map.of("config", Map.of("update_multi", true),
                "elements", List.of(Map.of("tag", "div", "text", Map.of("tag", "lark_md", "content", "v1"))));
        String cardId = send("lark:message?to=chat_id:" + CHAT, LarkMessageRequest.card(card), Map.of()).getMessage()
                .getHeader(ChatHeaders.MESSAGE_ID, String.class);
        Map<String, Object> card2 = Map.of("config", Map.of("update_multi", true),
                "elements", List.of(Map.of("tag", "div", "text", Map.of("tag", "lark_md", "content", "v2"))));
        send("lark:message?operation=update", card2, Map.of(ChatHeaders.MESSAGE_ID, cardId));
        assertThat(sent(cardId).content().toString()).contains("v2");
    }

    @Test
    void retriedSendIsNotDuplicatedThanksToTheUuid() {
        int before = sim.sentMessages().size();
        String first = send("lark:message?to=chat_id:" + CHAT, "once", Map.of(LarkConstants.UUID, "fixed-key-1"))
                .getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
        String second = send("lark:message?to=chat_id:" + CHAT, "once", Map.of(LarkConstants.UUID, "fixed-key-1"))
                .getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
        assertThat(second).isEqualTo(first);
        assertThat(sim.sentMessages()).hasSize(before + 1);
        // a 5xx on a send with its uuid is retried, and still one message arrives
        sim.faults().failNext("/open-apis/im/v1/messages", 1, 503);
        send("lark:message?to=chat_id:" + CHAT, "after 503", Map.of());
        assertThat(sim.sentMessages().stream().filter(m -> "after 503".equals(m.text()))).hasSize(1);
    }

    @Test
    void aRedeliveredExchangeKeepsItsUuidSoLarkPostsOnce() {
        int before = sim.sentMessages().size();
        Exchange x = new DefaultExchange(context);
        x.getMessage().setBody("exactly once");
        template.send("lark:message?to=chat_id:" + CHAT, x);
        String first = x.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
        x.getMessage().setBody("exactly once");
        template.send("lark:message?to=chat_id:" + CHAT, x);
        assertThat(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class)).isEqualTo(first);
        assertThat(sim.sentMessages()).hasSize(before + 1);
    }

    @Test
    void replyToACardActionAnswersTheCardsMessage() {
        String cardId = send("lark:message?to=chat_id:" + CHAT, LarkMessageRequest.card(Map.of("elements", List.of())),
                Map.of())
                .getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
        String reply = send("lark:message?operation=reply", "noted", Map.of(ChatHeaders.PLATFORM, "lark",
                ChatHeaders.MESSAGE_ID, "event-id-not-a-message", LarkConstants.OPEN_MESSAGE_ID, cardId)).getMessage()
                .getHeader(ChatHeaders.MESSAGE_ID, String.class);
        assertThat(sent(reply).parentId()).isEqualTo(cardId);
        assertThatThrownBy(() -> send("lark:message?operation=reply", "x", Map.of(ChatHeaders.PLATFORM, "lark",
                ChatHeaders.MESSAGE_ID, "not-a-message"))).rootCause().hasMessageContaining("om_");
    }

    @Test
    void rateLimitsAreRetriedAndExpiredTokensRefreshed() {
        sim.faults().rateLimitNext("/open-apis/im/v1/messages", 2);
        send("lark:message?to=chat_id:" + CHAT, "after the storm", Map.of());
        assertThat(sim.sentMessages().stream().anyMatch(m -> "after the storm".equals(m.text()))).isTrue();

        int tokens = sim.tokenIssuances();
        sim.faults().expireAllTokens();
        send("lark:message?to=chat_id:" + CHAT, "after expiry", Map.of());
        assertThat(sim.tokenIssuances()).isGreaterThan(tokens);

        sim.faults().rateLimitNext("/open-apis/im/v1/messages", 10);
        assertThatThrownBy(() -> send("lark:message?to=chat_id:" + CHAT + "&maxRetries=1", "x", Map.of()))
                .hasCauseInstanceOf(ChatRateLimitException.class)
                .cause().satisfies(e -> assertThat(((ChatApiException) e).getPlatformCode()).isEqualTo("99991400"));
    }

    @Test
    void uploadAndDownloadAResource() {
        InboundEvent pic = sim.userSendsImage(ALICE, CHAT, PNG);
        Exchange down = send("lark:media?operation=download", pic.resourceKey(), Map.of(ChatHeaders.MESSAGE_ID,
                pic.messageId(), LarkConstants.RESOURCE_TYPE, "image"));
        assertThat(down.getMessage().getBody(byte[].class)).isEqualTo(PNG);

        Exchange up = send("lark:media?operation=upload", "%PDF-1.4".getBytes(),
                Map.of(LarkConstants.FILE_NAME, "r.pdf"));
        String key = up.getMessage().getHeader(LarkConstants.FILE_KEY, String.class);
        assertThat(sim.uploads()).anySatisfy(u -> {
            assertThat(u.key()).isEqualTo(key);
            assertThat(u.name()).isEqualTo("r.pdf");
        });
    }

    @Test
    void directoryLookUps() {
        JsonNode byEmail = send("lark:directory?operation=getUserByEmail", "alice@example.com", Map.of()).getMessage()
                .getBody(JsonNode.class);
        assertThat(byEmail.path("open_id").asText()).isEqualTo(ALICE);
        JsonNode byMobile = send("lark:directory?operation=getUserByMobile&to=mobile:+8613800000002", null, Map.of())
                .getMessage().getBody(JsonNode.class);
        assertThat(byMobile.path("open_id").asText()).isEqualTo(BOB);
        JsonNode byId = send("lark:directory?to=open_id:" + BOB, null, Map.of()).getMessage().getBody(JsonNode.class);
        assertThat(byId.path("name").asText()).isEqualTo("Bob");
        @SuppressWarnings("unchecked")
        List<JsonNode> chats = send("lark:directory?operation=listChats", null, Map.of()).getMessage()
                .getBody(List.class);
        assertThat(chats).anySatisfy(c -> assertThat(c.path("chat_id").asText()).isEqualTo(CHAT));
        assertThatThrownBy(() -> send("lark:directory?operation=getUserByEmail", "nobody@example.com", Map.of()))
                .hasCauseInstanceOf(ChatNotFoundException.class);
    }

    @Test
    void genericCallReachesAnyApi() {
        Exchange x = send("lark:directory?operation=call", null,
                Map.of(LarkConstants.HTTP_PATH, "/open-apis/im/v1/chats",
                        LarkConstants.HTTP_QUERY, Map.of("page_size", 10)));
        assertThat(x.getMessage().getHeader(LarkConstants.RESPONSE_CODE)).isEqualTo(0);
        assertThat(x.getMessage().getBody(JsonNode.class).path("data").path("items").size()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void clearErrorsForBadUse() {
        assertThatThrownBy(() -> send("lark:message", "no target", Map.of()))
                .rootCause().hasMessageContaining("No target given");
        assertThatThrownBy(() -> send("lark:message?to=group:x", "x", Map.of()))
                .rootCause().hasMessageContaining("chat_id:");
        assertThatThrownBy(() -> send("lark:message?operation=upload", "x", Map.of()))
                .rootCause().hasMessageContaining("does not apply");
        Exchange x = template.request("lark:message?operation=recall&maxRetries=0",
                e -> e.getMessage().setBody("om_unknown"));
        assertThat(x.getException()).isInstanceOf(ChatApiException.class);
        assertThat(x.getException().getMessage()).doesNotContain(APP_SECRET);
    }
}
