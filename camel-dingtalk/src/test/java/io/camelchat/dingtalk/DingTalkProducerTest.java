package io.camelchat.dingtalk;

import java.time.Duration;
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
import io.camelchat.dingtalk.api.DingTalkSendRequest;
import io.camelchat.dingtalk.api.DingTalkSendResult;
import io.camelchat.simulator.dingtalk.InboundMessage;
import io.camelchat.simulator.dingtalk.SentMessage;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DingTalkProducerTest extends DingTalkTestSupport {

    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };

    private SentMessage lastSent() {
        List<SentMessage> all = sim.sentMessages();
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1);
    }

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

    @Test
    void sendsTextToUsersAndTheIdIsAllRecallNeeds() {
        Exchange x = send("dingtalk:message?to=user:alice,bob", "hello from camel", Map.of());
        SentMessage sent = lastSent();
        assertThat(sent.channel()).isEqualTo(SentMessage.Channel.OTO);
        assertThat(sent.targets()).containsExactlyInAnyOrder("alice", "bob");
        assertThat(sent.msgKey()).isEqualTo("sampleText");
        assertThat(sent.text()).isEqualTo("hello from camel");
        String id = x.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
        assertThat(id).isEqualTo("o2o:" + sent.processQueryKey());
        assertThat(x.getMessage().getBody(DingTalkSendResult.class).messageId()).isEqualTo(id);

        send("dingtalk:message?operation=recall", null, Map.of(ChatHeaders.MESSAGE_ID, id));
        assertThat(sim.sentMessages()).filteredOn(m -> sent.processQueryKey().equals(m.processQueryKey()))
                .singleElement().satisfies(m -> assertThat(m.recalled()).isTrue());
    }

    @Test
    void sendsMarkdownToAGroupAndRecallsIt() {
        Exchange x = send("dingtalk:message?to=group:" + GROUP + "&format=markdown&title=Build", "## Build\n- green",
                Map.of());
        SentMessage sent = lastSent();
        assertThat(sent.channel()).isEqualTo(SentMessage.Channel.GROUP);
        assertThat(sent.targets()).containsExactly(GROUP);
        assertThat(sent.msgKey()).isEqualTo("sampleMarkdown");
        assertThat(sent.content()).containsEntry("title", "Build").containsEntry("text", "## Build\n- green");
        String id = x.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
        assertThat(id).startsWith("group:" + GROUP + ":");

        send("dingtalk:message?operation=recall", id, Map.of());
        assertThat(sim.sentMessages()).filteredOn(m -> sent.processQueryKey().equals(m.processQueryKey()))
                .singleElement().satisfies(m -> assertThat(m.recalled()).isTrue());
    }

    @Test
    void headerTargetOverridesTheOption() {
        send("dingtalk:message?to=user:alice", "to carol", Map.of(ChatHeaders.TO, "user:carol"));
        assertThat(lastSent().targets()).containsExactly("carol");
    }

    @Test
    void chatMessageWithImageAndFileIsUploadedFirst() {
        ChatMessage m = ChatMessage.text("see attached")
                .addAttachment(ChatAttachment.of(ChatAttachment.Kind.image, "chart.png", "image/png", PNG))
                .addAttachment(ChatAttachment.of(ChatAttachment.Kind.file, "report.pdf", "application/pdf",
                        "%PDF-1.4 report".getBytes()));
        Exchange x = send("dingtalk:message?to=group:" + GROUP, m, Map.of());
        List<SentMessage> all = sim.sentMessages();
        List<SentMessage> mine = all.subList(all.size() - 3, all.size());
        assertThat(mine).extracting(SentMessage::msgKey).containsExactly("sampleText", "sampleImageMsg", "sampleFile");
        String imageMediaId = String.valueOf(mine.get(1).content().get("photoURL"));
        assertThat(sim.uploadedMedia()).anySatisfy(u -> {
            assertThat(u.mediaId()).isEqualTo(imageMediaId);
            assertThat(u.bytes()).isEqualTo(PNG);
        });
        assertThat(mine.get(2).content()).containsEntry("fileName", "report.pdf").containsEntry("fileType", "pdf");
        assertThat(x.getMessage().getHeader(DingTalkConstants.MESSAGE_IDS, List.class)).hasSize(3);
    }

    @Test
    void nativeActionCardIsSentAsIs() {
        send("dingtalk:message?to=user:bob",
                DingTalkSendRequest.actionCard("Deploy?", "### Deploy 1.2.3", "Open", "https://ci.example.com/1"),
                Map.of());
        SentMessage sent = lastSent();
        assertThat(sent.msgKey()).isEqualTo("sampleActionCard");
        assertThat(sent.content()).containsEntry("singleURL", "https://ci.example.com/1");
    }

    @Test
    void replyGoesThroughTheSessionWebhookWithMentions() {
        InboundMessage in = sim.newTextMessage("alice", GROUP, "status?");
        ChatMessage reply = ChatMessage.text("all green").addMention(ChatMention.of("alice"));
        Exchange x = send("dingtalk:message?operation=reply", reply, Map.of(
                DingTalkConstants.SESSION_WEBHOOK, in.sessionWebhook(),
                DingTalkConstants.SESSION_WEBHOOK_EXPIRES, in.sessionWebhookExpiredTime(),
                ChatHeaders.CONVERSATION_ID, GROUP, ChatHeaders.CONVERSATION_TYPE, "group", ChatHeaders.SENDER_ID,
                "alice"));
        SentMessage sent = lastSent();
        assertThat(sent.channel()).isEqualTo(SentMessage.Channel.SESSION_WEBHOOK);
        assertThat(sent.text()).isEqualTo("all green");
        assertThat(sent.atUserIds()).containsExactly("alice");
        assertThat(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID)).isNull();
    }

    @Test
    void replyWithAnExpiredSessionFallsBackToTheConversation() {
        Exchange x = send("dingtalk:message?operation=reply", "late answer", Map.of(
                DingTalkConstants.SESSION_WEBHOOK, sim.apiUrl() + "/robot/sendBySession?session=deadbeef",
                DingTalkConstants.SESSION_WEBHOOK_EXPIRES, System.currentTimeMillis() + 60_000,
                ChatHeaders.CONVERSATION_ID, GROUP, ChatHeaders.CONVERSATION_TYPE, "group"));
        SentMessage sent = lastSent();
        assertThat(sent.channel()).isEqualTo(SentMessage.Channel.GROUP);
        assertThat(sent.text()).isEqualTo("late answer");
        assertThat(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class)).startsWith("group:");

        send("dingtalk:message?operation=reply", "direct answer", Map.of(
                DingTalkConstants.SESSION_WEBHOOK_EXPIRES, System.currentTimeMillis() - 1,
                DingTalkConstants.SESSION_WEBHOOK, "http://127.0.0.1:1/never-called",
                ChatHeaders.CONVERSATION_TYPE, "direct", ChatHeaders.SENDER_ID, "bob"));
        assertThat(lastSent().channel()).isEqualTo(SentMessage.Channel.OTO);
        assertThat(lastSent().targets()).containsExactly("bob");
    }

    @Test
    void replyToAnExchangeFromAnotherPlatformUsesTheTarget() {
        send("dingtalk:message?operation=reply&to=user:carol", "bridged", Map.of(ChatHeaders.PLATFORM, "lark",
                ChatHeaders.CONVERSATION_ID, "oc_lark_chat", ChatHeaders.CONVERSATION_TYPE, "group"));
        assertThat(lastSent().channel()).isEqualTo(SentMessage.Channel.OTO);
        assertThat(lastSent().targets()).containsExactly("carol");
    }

    @Test
    void rateLimitedSendIsRetriedAfterTheWindow() {
        sim.faults().rateLimitNext("/v1.0/robot/groupMessages/send", 2);
        send("dingtalk:message?to=group:" + GROUP, "after the storm", Map.of());
        assertThat(lastSent().text()).isEqualTo("after the storm");
    }

    @Test
    void http429IsRetriedHonouringRetryAfter() {
        sim.faults().http429Next("/v1.0/robot/oToMessages/batchSend", 1, 1);
        send("dingtalk:message?to=user:alice", "after 429", Map.of());
        assertThat(lastSent().text()).isEqualTo("after 429");
    }

    @Test
    void rateLimitBeyondTheRetriesFailsWithARateLimitError() {
        sim.faults().rateLimitNext("/v1.0/robot/groupMessages/send", 10);
        assertThatThrownBy(() -> send("dingtalk:message?to=group:" + GROUP + "&maxRetries=1", "x", Map.of()))
                .hasCauseInstanceOf(ChatRateLimitException.class)
                .cause().satisfies(e -> {
                    ChatRateLimitException rl = (ChatRateLimitException) e;
                    assertThat(rl.getPlatformCode()).isEqualTo("Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
                    assertThat(rl.getHttpStatus()).isEqualTo(403);
                    assertThat(rl.getRetryAfter()).isEqualTo(Duration.ofSeconds(1));
                });
    }

    @Test
    void serverErrorOnASendIsNotRetriedButOnARecallItIs() {
        int before = sim.sentMessages().size();
        sim.faults().failNext("/v1.0/robot/groupMessages/send", 1, 503);
        assertThatThrownBy(() -> send("dingtalk:message?to=group:" + GROUP, "maybe twice", Map.of()))
                .hasCauseInstanceOf(ChatApiException.class)
                .cause().satisfies(e -> assertThat(((ChatApiException) e).getHttpStatus()).isEqualTo(503));
        assertThat(sim.sentMessages()).hasSize(before);

        String id = send("dingtalk:message?to=group:" + GROUP, "to recall", Map.of()).getMessage()
                .getHeader(ChatHeaders.MESSAGE_ID, String.class);
        sim.faults().failNext("/v1.0/robot/groupMessages/recall", 2, 502);
        send("dingtalk:message?operation=recall", id, Map.of());
        assertThat(lastSent().recalled()).isTrue();
    }

    @Test
    void expiredTokenIsRefreshedOnceAndTheCallGoesThrough() {
        send("dingtalk:message?to=user:alice", "first", Map.of());
        int tokens = sim.tokenIssuances();
        sim.faults().expireAllTokens();
        send("dingtalk:message?to=user:alice", "after expiry", Map.of());
        assertThat(lastSent().text()).isEqualTo("after expiry");
        assertThat(sim.tokenIssuances()).isEqualTo(tokens + 1);
        // old-style API (token in the query) too
        sim.faults().expireAllTokens();
        JsonNode user = send("dingtalk:directory?operation=getUser&to=user:bob", null, Map.of()).getMessage()
                .getBody(JsonNode.class);
        assertThat(user.path("name").asText()).isEqualTo("Bob");
    }

    @Test
    void endpointsOfOneComponentShareTheToken() {
        sim.faults().expireAllTokens();
        send("dingtalk:message?to=user:alice", "one", Map.of());
        int tokens = sim.tokenIssuances();
        send("dingtalk:message?to=user:bob&title=other-endpoint", "two", Map.of());
        send("dingtalk:directory?operation=getUser&to=user:carol", null, Map.of());
        assertThat(sim.tokenIssuances()).isEqualTo(tokens);
    }

    @Test
    void unknownUsersAndGroupsAreNotFound() {
        assertThatThrownBy(() -> send("dingtalk:message?to=user:nobody", "x", Map.of()))
                .hasCauseInstanceOf(ChatNotFoundException.class);
        assertThatThrownBy(() -> send("dingtalk:message?to=group:cidUNKNOWN==", "x", Map.of()))
                .hasCauseInstanceOf(ChatApiException.class);
        assertThatThrownBy(() -> send("dingtalk:directory?operation=getUser&to=user:nobody", null, Map.of()))
                .hasCauseInstanceOf(ChatNotFoundException.class)
                .cause().satisfies(e -> assertThat(((ChatApiException) e).getPlatformCode()).isEqualTo("60121"));
    }

    @Test
    void uploadAndDownload() {
        Exchange up = send("dingtalk:media?operation=upload", PNG, Map.of(Exchange.CONTENT_TYPE, "image/png",
                DingTalkConstants.FILE_NAME, "logo.png"));
        String mediaId = up.getMessage().getHeader(DingTalkConstants.MEDIA_ID, String.class);
        assertThat(mediaId).isNotBlank();
        assertThat(sim.uploadedMedia()).anySatisfy(u -> {
            assertThat(u.mediaId()).isEqualTo(mediaId);
            assertThat(u.type()).isEqualTo("image");
            assertThat(u.fileName()).isEqualTo("logo.png");
        });

        InboundMessage file = sim.newTextMessage("alice", null, "ignored");
        InboundMessage withFile = sim.userSendsFile("alice", null, "notes.txt", "meeting notes".getBytes());
        assertThat(file.msgId()).isNotEqualTo(withFile.msgId());
        Exchange down = send("dingtalk:media?operation=download", withFile.downloadCode(), Map.of());
        assertThat(down.getMessage().getBody(byte[].class)).isEqualTo("meeting notes".getBytes());
    }

    @Test
    void directoryLookUps() {
        JsonNode byMobile = send("dingtalk:directory?operation=getUserByMobile", "+8613800000003", Map.of())
                .getMessage()
                .getBody(JsonNode.class);
        assertThat(byMobile.path("userid").asText()).isEqualTo("carol");
        JsonNode group = send("dingtalk:directory?operation=getGroup&to=group:" + GROUP, null, Map.of()).getMessage()
                .getBody(JsonNode.class);
        assertThat(group.path("title").asText()).isEqualTo("Ops room");
        @SuppressWarnings("unchecked")
        List<String> members = send("dingtalk:directory?operation=listGroupMembers&to=group:" + GROUP, null, Map.of())
                .getMessage().getBody(List.class);
        assertThat(members).containsExactlyInAnyOrder("alice", "bob", "carol");
    }

    @Test
    void plusSignOfAMobileNumberSurvivesTheUri() {
        JsonNode user = send("dingtalk:directory?operation=getUserByMobile&to=mobile:+8613800000001", null, Map.of())
                .getMessage().getBody(JsonNode.class);
        assertThat(user.path("userid").asText()).isEqualTo("alice");
    }

    @Test
    void clearErrorsForBadUse() {
        assertThatThrownBy(() -> send("dingtalk:message", "no target", Map.of()))
                .hasRootCauseMessage(
                        "No target given: set the option 'to' or the header CamelChatTo to <kind>:<id>[,<id>...]");
        assertThatThrownBy(() -> send("dingtalk:message?to=chat:x", "x", Map.of()))
                .rootCause().hasMessageContaining("user:<userId>");
        assertThatThrownBy(() -> send("dingtalk:message?operation=upload", "x", Map.of()))
                .rootCause().hasMessageContaining("does not apply");
        assertThatThrownBy(() -> send("dingtalk:message?operation=recall", "not-an-id", Map.of()))
                .rootCause().hasMessageContaining("not a DingTalk message id");
    }

    @Test
    void errorsNeverCarryTheSecretOrToken() {
        sim.faults().failNext("/topapi/v2/user/get", 1, 500);
        sim.faults().failNext("/topapi/v2/user/get", 5, 500);
        Exchange x = template.request("dingtalk:directory?operation=getUser&to=user:alice&maxRetries=0", e -> {
        });
        assertThat(x.getException()).isInstanceOf(ChatApiException.class);
        assertThat(x.getException().getMessage()).doesNotContain(CLIENT_SECRET).doesNotContain("access_token");
    }
}
