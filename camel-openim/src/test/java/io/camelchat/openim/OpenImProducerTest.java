package io.camelchat.openim;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAsync;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatMention;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.common.Json;
import io.camelchat.simulator.openim.OpenImSimulator;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every producer operation against the simulator's HTTP API, as the admin on behalf of the bot. */
class OpenImProducerTest extends OpenImTestSupport {

    private static final String ANN_CONV = OpenImSimulator.singleConversationId(BOT, ANN);
    private static final String GROUP_CONV = OpenImSimulator.groupConversationId(GROUP);

    private Exchange send(String uri, Object body, Map<String, Object> headers) {
        Exchange e = template.request(uri, x -> {
            x.getMessage().setBody(body);
            headers.forEach(x.getMessage()::setHeader);
        });
        return e;
    }

    @Test
    void sendsTextAndReturnsTheIdRecallNeeds() {
        Exchange e = send("openim:message?to=user:" + ANN, "hello ann", Map.of());
        assertThat(e.getException()).isNull();
        Stored m = last(ANN_CONV);
        assertThat(m.sendId()).isEqualTo(BOT);
        assertThat(m.recvId()).isEqualTo(ANN);
        assertThat(m.contentType()).isEqualTo(101);
        assertThat(m.text()).isEqualTo("hello ann");
        assertThat(m.nickname()).isEqualTo("Bot");
        assertThat(e.getMessage().getHeader(ChatHeaders.MESSAGE_ID)).isEqualTo(ANN_CONV + "#" + m.clientMsgId());
        assertThat(e.getMessage().getHeader(OpenImConstants.SERVER_MSG_ID)).isEqualTo(m.serverMsgId());
        assertThat(e.getMessage().getBody(JsonNode.class).path("clientMsgID").asText()).isEqualTo(m.clientMsgId());

        Exchange r = send("openim:message?operation=recall", null,
                Map.of(ChatHeaders.MESSAGE_ID, e.getMessage().getHeader(ChatHeaders.MESSAGE_ID)));
        assertThat(r.getException()).isNull();
        assertThat(r.getMessage().getHeader(OpenImConstants.SEQ)).isEqualTo(m.seq());
        assertThat(stored(ANN_CONV)).filteredOn(x -> x.seq() == m.seq()).singleElement()
                .satisfies(x -> assertThat(x.revoked()).isTrue());
    }

    private static long sendCalls() {
        return sim.inbound().stream().filter(l -> l.contains("/msg/send_msg")).count();
    }

    @Test
    void aSendIsNeverRetriedAfterAServerErrorButALookUpIs() {
        String uri = "openim:message?to=user:" + ANN;
        send(uri, "warm up (the sender's profile is cached)", Map.of());
        int before = stored(ANN_CONV).size();
        long sendsBefore = sendCalls();
        sim.faults().failNextHttp(1, 503);
        Exchange failed = send(uri, "once only", Map.of());
        assertThat(failed.getException()).isInstanceOf(ChatApiException.class)
                .satisfies(e -> assertThat(((ChatApiException) e).getHttpStatus()).isEqualTo(503));
        assertThat(stored(ANN_CONV)).hasSize(before);
        assertThat(sendCalls()).as("one send_msg call, not retried").isEqualTo(sendsBefore + 1);

        sim.faults().failNextHttp(2, 502);
        Exchange lookUp = send("openim:directory?directoryCacheTtl=0", "group:" + GROUP, Map.of());
        assertThat(lookUp.getException()).isNull();
        assertThat(lookUp.getMessage().getBody(JsonNode.class).path("groupID").asText()).isEqualTo(GROUP);
    }

    @Test
    void recallWithTheSeqGivenAndUnknownIdsFailClearly() {
        send("openim:message?to=user:" + BOB, "to recall", Map.of());
        Stored m = last(OpenImSimulator.singleConversationId(BOT, BOB));
        Exchange r = send("openim:message?operation=recall", m.conversationId() + "#" + m.clientMsgId(),
                Map.of(OpenImConstants.SEQ, m.seq()));
        assertThat(r.getException()).isNull();
        assertThat(last(m.conversationId()).revoked()).isTrue();
        Exchange unknown = send("openim:message?operation=recall", ANN_CONV + "#nosuchid", Map.of());
        assertThat(unknown.getException()).isInstanceOf(ChatNotFoundException.class)
                .hasMessageContaining("nosuchid");
        Exchange bad = send("openim:message?operation=recall", "not-an-id", Map.of());
        assertThat(bad.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conversationID#clientMsgID");
    }

    @Test
    void markdownAndQuoteFallBackToTextWhereTheServerRefusesThem() {
        // open-im-server v3.8.3's /msg/send_msg takes 101-106, 110 and 1400 only (the simulator's default)
        Exchange md = send("openim:message?format=markdown&to=user:" + ANN, "**bold**", Map.of());
        assertThat(md.getException()).isNull();
        assertThat(last(ANN_CONV).contentType()).isEqualTo(101);
        assertThat(last(ANN_CONV).text()).isEqualTo("**bold**");

        ChatMessage reply = ChatMessage.text("agreed").setQuotedText("shall we?").setReplyToId(ANN_CONV + "#abc");
        Exchange q = send("openim:message?to=user:" + ANN, reply, Map.of());
        assertThat(q.getException()).isNull();
        assertThat(last(ANN_CONV).contentType()).isEqualTo(101);
        assertThat(last(ANN_CONV).text()).contains("shall we?", "agreed");
    }

    @Test
    void mentionsInAGroup() {
        ChatMessage msg = ChatMessage.text("please look").addMention(new ChatMention(ANN, "Ann"));
        Exchange e = send("openim:message?to=group:" + GROUP, msg, Map.of());
        assertThat(e.getException()).isNull();
        Stored m = last(GROUP_CONV);
        assertThat(m.sessionType()).isEqualTo(3);
        assertThat(m.groupId()).isEqualTo(GROUP);
        assertThat(m.contentType()).isEqualTo(106);
        JsonNode content = Json.read(m.content());
        assertThat(content.path("text").asText()).isEqualTo("@Ann please look");
        assertThat(content.path("atUserList").get(0).asText()).isEqualTo(ANN);
        assertThat(e.getMessage().getHeader(ChatHeaders.CONVERSATION_ID)).isEqualTo(GROUP_CONV);
    }

    @Test
    void customContentFromAStringBody() {
        Exchange e = send("openim:message?to=user:" + ANN, "{\"data\":\"{\\\"k\\\":1}\",\"description\":\"d\"}",
                Map.of(OpenImConstants.SEND_CONTENT_TYPE, 110));
        assertThat(e.getException()).isNull();
        assertThat(last(ANN_CONV).contentType()).isEqualTo(110);
        assertThat(Json.read(last(ANN_CONV).content()).path("data").asText()).isEqualTo("{\"k\":1}");
        Exchange bad = send("openim:message?to=user:" + ANN, "not json",
                Map.of(OpenImConstants.SEND_CONTENT_TYPE, 110));
        assertThat(bad.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("content JSON object");
    }

    @Test
    void aNativeRequestIsSentAsIs() {
        JsonNode request = Json.read("{\"contentType\":101,\"content\":{\"content\":\"native\"},\"ex\":\"x1\"}");
        Exchange e = send("openim:message?to=user:" + BOB, request, Map.of());
        assertThat(e.getException()).isNull();
        Stored m = last(OpenImSimulator.singleConversationId(BOT, BOB));
        assertThat(m.text()).isEqualTo("native");
        assertThat(m.ex()).isEqualTo("x1");
    }

    @Test
    void picturesAndFilesAreUploadedThenSent() {
        byte[] png = "not really a png but enough bytes to need two parts of 64 bytes each..............."
                .getBytes(StandardCharsets.UTF_8);
        Exchange pic = send("openim:message?to=user:" + ANN, png,
                Map.of(Exchange.FILE_NAME, "photo.png", Exchange.CONTENT_TYPE, "image/png"));
        assertThat(pic.getException()).isNull();
        Stored m = last(ANN_CONV);
        assertThat(m.contentType()).isEqualTo(102);
        String url = Json.read(m.content()).path("sourcePicture").path("url").asText();
        // a URL anyone can fetch: the API's /object/ and the name, under the sender's id
        assertThat(url).startsWith(sim.apiUrl() + "/object/" + BOT + "/").endsWith("/photo.png");
        assertThat(sim.uploadedObjects()).anySatisfy(o -> assertThat(o.name()).endsWith("/photo.png"));

        ChatMessage withFile = ChatMessage.text("the report")
                .addAttachment(ChatAttachment.of(ChatAttachment.Kind.file, "report.pdf", "application/pdf",
                        "%PDF-1.4 report".getBytes(StandardCharsets.UTF_8)));
        Exchange file = send("openim:message?to=group:" + GROUP, withFile, Map.of());
        assertThat(file.getException()).isNull();
        List<Stored> group = stored(GROUP_CONV);
        Stored text = group.get(group.size() - 2);
        Stored attachment = group.get(group.size() - 1);
        assertThat(text.text()).isEqualTo("the report");
        assertThat(attachment.contentType()).isEqualTo(105);
        JsonNode content = Json.read(attachment.content());
        assertThat(content.path("fileName").asText()).isEqualTo("report.pdf");
        assertThat(content.path("fileSize").asLong()).isEqualTo(15);
        // what was uploaded comes back
        byte[] back = template.requestBody("openim:media?operation=download", content.path("sourceUrl").asText(),
                byte[].class);
        assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo("%PDF-1.4 report");
        // the id is the text's
        assertThat(file.getMessage().getHeader(ChatHeaders.MESSAGE_ID))
                .isEqualTo(GROUP_CONV + "#" + text.clientMsgId());
    }

    @Test
    void uploadAndDownloadByUrlAndByName() {
        byte[] data = new byte[300];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Exchange up = send("openim:media", data,
                Map.of(OpenImConstants.OBJECT_NAME, "tests/blob.bin", Exchange.CONTENT_TYPE,
                        "application/octet-stream"));
        assertThat(up.getException()).isNull();
        String url = up.getMessage().getBody(String.class);
        assertThat(url).isEqualTo(up.getMessage().getHeader(OpenImConstants.OBJECT_URL))
                .isEqualTo(sim.apiUrl() + "/object/tests/blob.bin");
        assertThat(sim.uploadedObjects()).anySatisfy(o -> {
            assertThat(o.name()).isEqualTo("tests/blob.bin");
            assertThat(o.size()).isEqualTo(300);
        });
        assertThat(template.requestBody("openim:media?operation=download", url, byte[].class)).isEqualTo(data);
        assertThat(template.requestBodyAndHeader("openim:media?operation=download", null, OpenImConstants.OBJECT_URL,
                "tests/blob.bin", byte[].class)).isEqualTo(data);
        // the same bytes again: the server knows the hash, nothing is sent twice
        Exchange again = send("openim:media", data, Map.of(OpenImConstants.OBJECT_NAME, "tests/blob.bin"));
        assertThat(again.getException()).isNull();
        assertThat(again.getMessage().getBody(String.class)).isNotBlank();
    }

    @Test
    @SuppressWarnings("unchecked")
    void directoryLooksUpUsersGroupsAndMembers() {
        List<JsonNode> users = template.requestBody("openim:directory", "user:" + ANN + "," + BOB, List.class);
        assertThat(users).extracting(u -> u.path("nickname").asText()).containsExactlyInAnyOrder("Ann", "Bob");
        JsonNode group = template.requestBody("openim:directory", "group:" + GROUP, JsonNode.class);
        assertThat(group.path("groupName").asText()).isEqualTo("Team");
        List<JsonNode> members = template.requestBody("openim:directory", "members:" + GROUP, List.class);
        assertThat(members).extracting(m -> m.path("userID").asText()).containsExactlyInAnyOrder(BOT, ANN, BOB);
        List<JsonNode> byOption = template.requestBody("openim:directory?operation=getGroupMembers", "group:" + GROUP,
                List.class);
        assertThat(byOption).hasSize(3);
        Exchange unknown = send("openim:directory", "group:nope", Map.of());
        assertThat(unknown.getException()).isInstanceOf(ChatNotFoundException.class);
        Exchange wrongKind = send("openim:directory?operation=getUsers", "group:" + GROUP, Map.of());
        assertThat(wrongKind.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("getUsers does not look up 'group:'");
    }

    @Test
    void aDownloadOnTheSharedPoolDoesNotWaitForThePool() throws Exception {
        byte[] data = "loaded on the pool".getBytes(StandardCharsets.UTF_8);
        assertThat(send("openim:media", data, Map.of(OpenImConstants.OBJECT_NAME, "tests/pooled.bin")).getException())
                .isNull();
        OpenImEndpoint media = context.getEndpoint("openim:media?operation=download", OpenImEndpoint.class);
        // every thread of the shared pool but one is busy: a load there (an attachment of an asynchronous send) that
        // waited for work queued on the pool would never end
        int others = ChatAsync.poolSize() - 1;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(others);
        for (int i = 0; i < others; i++) {
            ChatAsync.execute(() -> {
                busy.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertThat(busy.await(20, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<byte[]> loaded = new CompletableFuture<>();
            ChatAsync.execute(() -> {
                try {
                    loaded.complete(media.download("tests/pooled.bin"));
                } catch (RuntimeException e) {
                    loaded.completeExceptionally(e);
                }
            });
            assertThat(loaded.get(20, TimeUnit.SECONDS)).isEqualTo(data);
        } finally {
            release.countDown();
        }
    }
}
