package io.camelchat.difft;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatMention;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.common.Json;
import io.camelchat.difft.api.DifftAttachment;
import io.camelchat.simulator.difft.DifftMessage;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The message producer against the simulator: every kind of send, and recall from the id send returned. */
class DifftProducerTest extends DifftTestSupport {

    @TempDir
    Path dir;

    @Test
    void sendsTextToAUserAndRecallsItWithTheReturnedId() {
        Exchange e = send("difft:message?to=user:" + ALICE, "hello alice", Map.of());
        assertThat(e.getException()).isNull();
        DifftMessage m = lastSent();
        assertThat(m.type()).isEqualTo("TEXT");
        assertThat(m.src()).isEqualTo(BOT);
        assertThat(m.wuids()).containsExactly(ALICE);
        assertThat(m.body()).isEqualTo("hello alice");
        assertThat(e.getMessage().getHeader(DifftConstants.REF_ID)).isEqualTo(m.refId());
        assertThat(e.getMessage().getHeader(ChatHeaders.MESSAGE_ID)).isEqualTo(m.refId() + "#user:" + ALICE);
        assertThat(e.getMessage().getHeader(ChatHeaders.CONVERSATION_ID)).isEqualTo(ALICE);
        assertThat(e.getMessage().getBody(JsonNode.class).path("refID").asText()).isEqualTo(m.refId());

        Exchange r = send("difft:message?operation=recall", null,
                Map.of(ChatHeaders.MESSAGE_ID, e.getMessage().getHeader(ChatHeaders.MESSAGE_ID)));
        assertThat(r.getException()).isNull();
        assertThat(sim.isRecalled(m)).isTrue();
        assertThat(sim.protocolErrors()).isEmpty();
    }

    @Test
    void sendsToSeveralUsersAndToAGroupAndRecallsTheGroupMessage() {
        Exchange e = send("difft:message?to=user:" + ALICE + "," + BOB, "hello both", Map.of());
        assertThat(e.getException()).isNull();
        assertThat(lastSent().wuids()).containsExactly(ALICE, BOB);

        Exchange g = send("difft:message", "deployed", Map.of(ChatHeaders.TO, "group:" + GROUP));
        assertThat(g.getException()).isNull();
        DifftMessage m = lastSent();
        assertThat(m.isGroup()).isTrue();
        assertThat(m.groupId()).isEqualTo(GROUP);
        String id = g.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
        assertThat(id).isEqualTo(m.refId() + "#group:" + GROUP);

        // the id alone is enough, as the body too
        Exchange r = send("difft:message?operation=recall", id, Map.of());
        assertThat(r.getException()).isNull();
        assertThat(sim.isRecalled(m)).isTrue();
    }

    @Test
    void mentionsAndQuotes() {
        Exchange first = send("difft:message?to=group:" + GROUP, "first", Map.of());
        String firstId = first.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);

        ChatMessage chat = ChatMessage.text("build finished").addMention(new ChatMention(ALICE, "Allen"));
        chat.setReplyToId(firstId).setQuotedText("first");
        Exchange e = send("difft:message?to=group:" + GROUP, chat, Map.of());
        assertThat(e.getException()).isNull();
        DifftMessage m = lastSent();
        assertThat(m.body()).isEqualTo("@Allen build finished");
        assertThat(m.atPersons()).containsExactly(ALICE);
        assertThat(m.quote()).containsEntry("refID", first.getMessage().getHeader(DifftConstants.REF_ID))
                .containsEntry("text", "first");

        // a String with the headers; the plus of a wuid in a comma list survives
        Exchange h = send("difft:message?to=group:" + GROUP, "@Bob @Allen look",
                Map.of(DifftConstants.MENTION, " 75853524385, " + ALICE, DifftConstants.QUOTE_REF_ID, firstId,
                        DifftConstants.QUOTE_TEXT, "first"));
        assertThat(h.getException()).isNull();
        assertThat(lastSent().atPersons()).containsExactly(BOB, ALICE);
        assertThat(lastSent().quote()).containsEntry("refID", first.getMessage().getHeader(DifftConstants.REF_ID));
        assertThat(sim.protocolErrors()).isEmpty();
    }

    @Test
    void markdownIsACard() {
        Exchange e = send("difft:message?to=user:" + ALICE + "&format=markdown", "# Title\n**bold**",
                Map.of(DifftConstants.CARD_ID, "card-1"));
        assertThat(e.getException()).isNull();
        DifftMessage m = lastSent();
        assertThat(m.type()).isEqualTo("CARD");
        assertThat(m.cardContent()).isEqualTo("# Title\n**bold**");
        assertThat(m.card()).containsEntry("appID", APP).containsEntry("id", "card-1");

        Exchange c = send("difft:message?to=user:" + ALICE, ChatMessage.markdown("T", "*x*"), Map.of());
        assertThat(c.getException()).isNull();
        assertThat(lastSent().type()).isEqualTo("CARD");
        assertThat(lastSent().cardContent()).isEqualTo("*x*");
        assertThat(lastSent().card().get("id")).isNotEqualTo("card-1");
    }

    @Test
    void forwardsAnOpaqueForwardedObject() {
        Map<String, Object> forwarded = Map.of("id", 1, "type", 0, "isFromGroup", false, "author", ALICE, "text",
                "forwarded text");
        Exchange e = send("difft:message?to=user:" + BOB, null, Map.of(DifftConstants.FORWARDED, forwarded));
        assertThat(e.getException()).isNull();
        assertThat(lastSent().type()).isEqualTo("FORWARD");
        assertThat(lastSent().forwarded()).containsEntry("text", "forwarded text").containsEntry("author", ALICE);

        Exchange s = send("difft:message?to=user:" + BOB, null,
                Map.of(DifftConstants.FORWARDED, "{\"author\":\"" + ALICE + "\",\"text\":\"as JSON\"}"));
        assertThat(s.getException()).isNull();
        assertThat(lastSent().forwarded()).containsEntry("text", "as JSON");
    }

    @Test
    void aNativeRequestIsSentAsIsWithTheMissingFieldsFilledIn() {
        JsonNode request = Json.read("{\"type\":\"TEXT\",\"msg\":{\"body\":\"native\"}}");
        Exchange e = send("difft:message?to=user:" + ALICE, request, Map.of());
        assertThat(e.getException()).isNull();
        assertThat(lastSent().body()).isEqualTo("native");
        assertThat(lastSent().wuids()).containsExactly(ALICE);

        Map<String, Object> card = Map.of("type", "CARD", "dest", Map.of("groupID", GROUP, "type", "GROUP"), "card",
                Map.of("id", "c9", "content", "**native card**"));
        Exchange c = send("difft:message?to=user:" + ALICE, card, Map.of());
        assertThat(c.getException()).isNull();
        assertThat(lastSent().groupId()).isEqualTo(GROUP);
        assertThat(lastSent().card()).containsEntry("appID", APP);
        assertThat(c.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class)).endsWith("#group:" + GROUP);
    }

    @Test
    void attachmentsAreEncryptedUploadedAndAuthorizedForTheRecipients() throws Exception {
        byte[] data = "a report\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("report.txt");
        Files.write(file, data);
        Exchange e = send("difft:message?to=group:" + GROUP, file.toFile(), Map.of());
        assertThat(e.getException()).isNull();
        DifftMessage m = lastSent();
        assertThat(m.fileName()).isEqualTo("report.txt");
        assertThat(m.attachment()).containsEntry("contentType", "text/plain").containsEntry("size", data.length);
        assertThat(sim.protocolErrors()).isEmpty();

        // the descriptor the message carries downloads and decrypts to the same bytes
        DifftAttachment sent = DifftAttachment.fromJson(Json.MAPPER.valueToTree(m.attachment()));
        Exchange d = send("difft:media?operation=download", sent, Map.of());
        assertThat(d.getException()).isNull();
        assertThat(d.getMessage().getBody(byte[].class)).isEqualTo(data);
        assertThat(d.getMessage().getHeader(Exchange.FILE_NAME)).isEqualTo("report.txt");

        // text with two attachments: the first rides with the text, the second is a message of its own
        ChatMessage chat = ChatMessage.text("two files")
                .addAttachment(ChatAttachment.of(ChatAttachment.Kind.image, "a.png", "image/png", new byte[]{ 1, 2 }))
                .addAttachment(ChatAttachment.of(ChatAttachment.Kind.file, "b.bin", null, new byte[]{ 3 }));
        int before = sim.sent().size();
        Exchange two = send("difft:message?to=user:" + ALICE, chat, Map.of());
        assertThat(two.getException()).isNull();
        List<DifftMessage> added = sim.sent().subList(before, sim.sent().size());
        assertThat(added).hasSize(2);
        assertThat(added.get(0).body()).isEqualTo("two files");
        assertThat(added.get(0).fileName()).isEqualTo("a.png");
        assertThat(added.get(1).body()).isNull();
        assertThat(added.get(1).fileName()).isEqualTo("b.bin");
        assertThat(added.get(1).attachment()).containsEntry("contentType", "application/octet-stream");
        assertThat(two.getMessage().getHeader(DifftConstants.REF_ID)).isEqualTo(added.get(0).refId());
        assertThat(sim.protocolErrors()).isEmpty();
    }

    @Test
    void anAttachmentKnownByUrlIsFetchedThenEncrypted() throws Exception {
        byte[] data = "served elsewhere".getBytes(StandardCharsets.UTF_8);
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/files/chart.png", x -> {
            x.sendResponseHeaders(200, data.length);
            x.getResponseBody().write(data);
            x.close();
        });
        other.start();
        try {
            ChatAttachment a = new ChatAttachment().setKind(ChatAttachment.Kind.image).setContentType("image/png")
                    .setUrl("http://127.0.0.1:" + other.getAddress().getPort() + "/files/chart.png?sig=x");
            Exchange e = send("difft:message?to=user:" + ALICE, new ChatMessage().addAttachment(a), Map.of());
            assertThat(e.getException()).isNull();
            DifftMessage m = lastSent();
            assertThat(m.fileName()).isEqualTo("chart.png");
            assertThat(m.attachment()).containsEntry("contentType", "image/png").containsEntry("size", data.length);
            DifftAttachment sent = DifftAttachment.fromJson(Json.MAPPER.valueToTree(m.attachment()));
            assertThat(send("difft:media?operation=download", sent, Map.of()).getMessage().getBody(byte[].class))
                    .isEqualTo(data);
        } finally {
            other.stop(0);
        }
    }

    @Test
    void aReceivedAttachmentIsAuthorizedForNewRecipientsWithoutUploadingItAgain() {
        byte[] data = "from alice".getBytes(StandardCharsets.UTF_8);
        sim.sendFile(ALICE, BOT, "alice.txt", "text/plain", data);
        @SuppressWarnings("unchecked")
        Map<String, Object> received = (Map<String, Object>) ((Map<String, Object>) sim.inboundMessages()
                .get(sim.inboundMessages().size() - 1).get("msg")).get("attachment");
        DifftAttachment a = DifftAttachment.fromJson(Json.MAPPER.valueToTree(received));
        ChatMessage chat = new ChatMessage().addAttachment(DifftMessages.chatAttachment(a));

        long puts = sim.requests().stream().filter(r -> r.startsWith("PUT")).count();
        Exchange e = send("difft:message?to=user:" + BOB, chat, Map.of());
        assertThat(e.getException()).isNull();
        assertThat(sim.requests().stream().filter(r -> r.startsWith("PUT")).count()).isEqualTo(puts);
        DifftMessage m = lastSent();
        assertThat(m.attachment()).containsEntry("key", a.key()).containsEntry("digest", a.digest());
        assertThat(m.attachment().get("authorizeId")).isNotEqualTo(received.get("authorizeId"));
        assertThat(sim.protocolErrors()).isEmpty();
    }

    @Test
    void perRecipientErrorsGoToAHeaderAndAMessageNobodyGotFails() {
        Exchange e = send("difft:message?to=user:" + ALICE + ",+70000000009", "partly", Map.of());
        assertThat(e.getException()).isNull();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = e.getMessage().getHeader(DifftConstants.SEND_ERRORS, List.class);
        assertThat(errors).singleElement().satisfies(x -> assertThat(x).containsEntry("wuid", "+70000000009"));

        Exchange none = send("difft:message?to=user:+70000000009", "nobody", Map.of());
        assertThat(none.getException()).isInstanceOf(ChatNotFoundException.class)
                .hasMessageContaining("+70000000009").hasMessageContaining("user not found");
    }
}
