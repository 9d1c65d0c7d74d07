package io.camelchat.difft;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.common.Json;
import io.camelchat.difft.api.DifftAttachment;
import io.camelchat.difft.api.DifftAttachmentCrypto;
import io.camelchat.difft.api.DifftAttachmentException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The media producer: upload, download (checked and decrypted), authorize and unauthorize. */
class DifftMediaTest extends DifftTestSupport {

    private static final byte[] DATA = "quarterly numbers".getBytes(StandardCharsets.UTF_8);

    private DifftAttachment upload(String to, byte[] data, String name) {
        Exchange e = send("difft:media" + (to == null ? "" : "?to=" + to), data,
                Map.of(Exchange.FILE_NAME, name));
        assertThat(e.getException()).isNull();
        DifftAttachment a = e.getMessage().getBody(DifftAttachment.class);
        assertThat(e.getMessage().getHeader(DifftConstants.AUTHORIZE_ID)).isEqualTo(a.authorizeIdText());
        return a;
    }

    /** The descriptor a user's file message carries. */
    @SuppressWarnings("unchecked")
    private static DifftAttachment received() {
        Map<String, Object> data = sim.inboundMessages().get(sim.inboundMessages().size() - 1);
        return DifftAttachment.fromJson(
                Json.MAPPER.valueToTree(((Map<String, Object>) data.get("msg")).get("attachment")));
    }

    @Test
    void uploadThenDownloadGivesTheBytesBack() {
        DifftAttachment a = upload("user:" + ALICE, DATA, "numbers.csv");
        assertThat(a.fileName()).isEqualTo("numbers.csv");
        assertThat(a.size()).isEqualTo(DATA.length);
        assertThat(a.digest()).hasSize(32);
        assertThat(a.toString()).doesNotContain(a.key());

        Exchange d = send("difft:media?operation=download", a, Map.of());
        assertThat(d.getException()).isNull();
        assertThat(d.getMessage().getBody(byte[].class)).isEqualTo(DATA);

        // the same as a reference (what a consumer puts in a ChatAttachment), and as the reference text
        ChatAttachment ref = DifftMessages.chatAttachment(a);
        assertThat(send("difft:media?operation=download", ref, Map.of()).getMessage().getBody(byte[].class))
                .isEqualTo(DATA);
        assertThat(send("difft:media?operation=download", a.reference(), Map.of()).getMessage().getBody(byte[].class))
                .isEqualTo(DATA);

        // an uploaded attachment is sent as it is
        Exchange s = send("difft:message?to=user:" + ALICE, a, Map.of());
        assertThat(s.getException()).isNull();
        assertThat(lastSent().attachment()).containsEntry("authorizeId", a.authorizeIdText());
        assertThat(sim.protocolErrors()).isEmpty();
    }

    @Test
    void downloadsAUsersFileAndItsLoaderToo() throws Exception {
        byte[] photo = new byte[5000];
        new Random(3).nextBytes(photo);
        sim.sendFile(ALICE, BOT, "photo.jpg", "image/jpeg", photo);
        DifftAttachment a = received();
        Exchange d = send("difft:media?operation=download", a, Map.of());
        assertThat(d.getException()).isNull();
        assertThat(d.getMessage().getBody(byte[].class)).isEqualTo(photo);
        assertThat(d.getMessage().getHeader(Exchange.FILE_NAME)).isEqualTo("photo.jpg");

        ChatAttachment loadable = DifftMessages.chatAttachment(a, context.getEndpoint("difft:media",
                DifftEndpoint.class));
        assertThat(loadable.getKind()).isEqualTo(ChatAttachment.Kind.image);
        assertThat(loadable.load()).isEqualTo(photo);

        ChatMessage m = context.getTypeConverter().convertTo(ChatMessage.class, a);
        assertThat(m.getAttachments()).singleElement()
                .satisfies(x -> assertThat(x.getReference()).isEqualTo(a.reference()));
    }

    @Test
    void aFileWhoseDigestDoesNotMatchIsAnErrorNeverBytes() {
        sim.sendFile(ALICE, BOT, "a.txt", "text/plain", "original".getBytes(StandardCharsets.UTF_8));
        DifftAttachment a = received();
        DifftAttachment wrongDigest = new DifftAttachment(a.contentType(), a.authorizeId(), a.key(), a.size(),
                a.fileName(), "0123456789abcdef0123456789abcdef", null);
        Exchange d = send("difft:media?operation=download", wrongDigest, Map.of());
        assertThat(d.getException()).isInstanceOf(DifftAttachmentException.class).hasMessageContaining("digest");
        assertThat(d.getMessage().getBody()).isSameAs(wrongDigest);
    }

    @Test
    void aFileChangedInStorageIsAnErrorNeverBytes() throws IOException {
        sim.sendFile(ALICE, BOT, "b.txt", "text/plain", "stored".getBytes(StandardCharsets.UTF_8));
        DifftAttachment a = received();
        // fetch the real blob, flip one bit, and serve it from a storage URL the descriptor names
        Exchange ok = send("difft:media?operation=download", a, Map.of());
        assertThat(ok.getException()).isNull();
        byte[] blob = DifftAttachmentCrypto.encrypt(
                "stored".getBytes(StandardCharsets.UTF_8), new byte[16]).blob();
        blob[17] ^= 0x01;
        HttpServer storage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        storage.createContext("/blob", x -> {
            x.sendResponseHeaders(200, blob.length);
            x.getResponseBody().write(blob);
            x.close();
        });
        storage.start();
        try {
            ObjectNode json = a.toJson();
            json.put("url", "http://127.0.0.1:" + storage.getAddress().getPort() + "/blob");
            Exchange d = send("difft:media?operation=download", DifftAttachment.fromJson(json), Map.of());
            assertThat(d.getException()).isInstanceOf(DifftAttachmentException.class).hasMessageContaining("MAC");
            assertThat(d.getMessage().getBody()).isNotInstanceOf(byte[].class);
        } finally {
            storage.stop(0);
        }
    }

    @Test
    void authorizeAndUnauthorize() {
        DifftAttachment a = upload(null, DATA, "shared.txt");
        Exchange auth = send("difft:media?operation=authorize&to=group:" + GROUP, a, Map.of());
        assertThat(auth.getException()).isNull();
        DifftAttachment forGroup = auth.getMessage().getBody(DifftAttachment.class);
        assertThat(forGroup.authorizeIdText()).isNotEqualTo(a.authorizeIdText());
        assertThat(forGroup.key()).isEqualTo(a.key());

        Exchange s = send("difft:message?to=group:" + GROUP, forGroup, Map.of());
        assertThat(s.getException()).isNull();
        assertThat(lastSent().attachment()).containsEntry("authorizeId", forGroup.authorizeIdText());

        Exchange del = send("difft:media?operation=unauthorize", forGroup, Map.of());
        assertThat(del.getException()).isNull();
        Exchange gone = send("difft:media?operation=download", forGroup, Map.of());
        assertThat(gone.getException()).isInstanceOf(ChatNotFoundException.class)
                .hasMessageContaining("no authorization");
        // the first authorization still works
        assertThat(send("difft:media?operation=download", a, Map.of()).getMessage().getBody(byte[].class))
                .isEqualTo(DATA);
        // removing by header
        Exchange byHeader = send("difft:media?operation=unauthorize", a,
                Map.of(DifftConstants.AUTHORIZE_ID, a.authorizeIdText()));
        assertThat(byHeader.getException()).isNull();
        assertThat(send("difft:media?operation=download", a, Map.of()).getException())
                .isInstanceOf(ChatNotFoundException.class);
        assertThat(sim.protocolErrors()).isEmpty();
    }
}
