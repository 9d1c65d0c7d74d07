package io.camelchat.simulator.lark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.lark.LarkTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** Runs the webhook sender against a tiny consumer with its own crypto (NoPadding + manual PKCS#7 check). */
class LarkWebhookSenderTest {
    private static final String KEY = "ekey-test";
    private static final String VTOKEN = "vtoken";
    private HttpServer server;
    private final List<Map<String, Object>> received = new ArrayList<>();
    private String url;

    @BeforeEach
    void startConsumer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/events", this::handleEvent);
        server.createContext("/legacy-card", this::handleLegacyCard);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopConsumer() {
        server.stop(0);
    }

    private static String sha(String alg, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(alg);
            for (byte[] p : parts) {
                md.update(p);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String decrypt(String b64) throws Exception {
        byte[] all = Base64.getDecoder().decode(b64);
        byte[] key = MessageDigest.getInstance("SHA-256").digest(KEY.getBytes(StandardCharsets.UTF_8));
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(all, 16)));
        byte[] p = c.doFinal(Arrays.copyOfRange(all, 16, all.length));
        int pad = p[p.length - 1];
        if (pad < 1 || pad > 16) {
            throw new IllegalArgumentException("bad padding");
        }
        for (int i = p.length - pad; i < p.length; i++) {
            if (p[i] != pad) {
                throw new IllegalArgumentException("bad padding");
            }
        }
        return new String(p, 0, p.length - pad, StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @SuppressWarnings("unchecked")
    private void handleEvent(HttpExchange ex) throws IOException {
        byte[] raw = ex.getRequestBody().readAllBytes();
        Map<String, Object> outer;
        try {
            outer = parse(new String(raw, StandardCharsets.UTF_8));
        } catch (AssertionError e) {
            reply(ex, 400, "{\"msg\":\"bad json\"}");
            return;
        }
        Map<String, Object> plain = outer;
        if (outer.containsKey("encrypt")) {
            try {
                plain = parse(decrypt((String) outer.get("encrypt")));
            } catch (Exception | AssertionError e) {
                reply(ex, 500, "{\"msg\":\"decrypt failed\"}");
                return;
            }
        }
        if ("url_verification".equals(plain.get("type"))) {
            reply(ex, VTOKEN.equals(plain.get("token")) ? 200 : 500, "{\"challenge\":\"" + plain.get("challenge")
                                                                     + "\"}");
            return;
        }
        String ts = ex.getRequestHeaders().getFirst("X-Lark-Request-Timestamp");
        String nonce = ex.getRequestHeaders().getFirst("X-Lark-Request-Nonce");
        String sig = ex.getRequestHeaders().getFirst("X-Lark-Signature");
        String expected = sha("SHA-256", (ts + nonce + KEY).getBytes(StandardCharsets.UTF_8), raw);
        if (!expected.equals(sig)) {
            reply(ex, 500, "{\"msg\":\"signature mismatch\"}");
            return;
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(ts)) > 300) {
            reply(ex, 401, "{\"msg\":\"stale\"}");
            return;
        }
        Object token = plain.containsKey("header") ? ((Map<String, Object>) plain.get("header")).get("token")
                : plain.get("token");
        if (!VTOKEN.equals(token)) {
            reply(ex, 500, "{\"msg\":\"token mismatch\"}");
            return;
        }
        synchronized (received) {
            received.add(plain);
        }
        if (plain.containsKey("header") && "card.action.trigger".equals(
                ((Map<String, Object>) plain.get("header")).get("event_type"))) {
            reply(ex, 200, "{\"toast\":{\"type\":\"info\",\"content\":\"ok\"},\"card\":{\"type\":\"raw\","
                           + "\"data\":{\"elements\":[{\"tag\":\"hr\"}]}}}");
            return;
        }
        reply(ex, 200, "{\"msg\":\"success\"}");
    }

    private void handleLegacyCard(HttpExchange ex) throws IOException {
        byte[] raw = ex.getRequestBody().readAllBytes();
        String ts = ex.getRequestHeaders().getFirst("X-Lark-Request-Timestamp");
        String nonce = ex.getRequestHeaders().getFirst("X-Lark-Request-Nonce");
        String expected = sha("SHA-1", (ts + nonce + VTOKEN).getBytes(StandardCharsets.UTF_8), raw);
        if (!expected.equals(ex.getRequestHeaders().getFirst("X-Lark-Signature"))) {
            reply(ex, 500, "{\"msg\":\"signature mismatch\"}");
            return;
        }
        reply(ex, 200, "{\"elements\":[{\"tag\":\"div\",\"text\":{\"tag\":\"plain_text\",\"content\":\"done\"}}]}");
    }

    private static LarkSimulator sim(String encryptKey) {
        LarkSimulator sim = LarkTestSupport.builder().encryptKey(encryptKey).start();
        sim.addUser(new LarkUser("ou_alice", "u_alice", "on_alice", "Alice", "alice@example.com", null));
        return sim;
    }

    @Test
    void encryptedSignedEventsAndTampering() {
        try (LarkSimulator sim = sim(KEY)) {
            assertThat(sim.postUrlVerification(url + "/events", false).answerVerified()).isTrue();
            WebhookResult v = sim.postUrlVerification(url + "/events", true);
            assertThat(v.answerVerified()).isTrue();

            InboundEvent e = sim.newTextEvent("ou_alice", null, "hello");
            assertThat(e.frameMessageId()).isNull();
            WebhookResult ok = sim.postEvent(url + "/events", e, true, Tamper.NONE);
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            assertThat(ok.answerVerified()).isTrue();
            assertThat(received).hasSize(1);
            assertThat(received.get(0)).isEqualTo(e.envelope());
            assertThat(sim.postEvent(url + "/events", e, false, Tamper.NONE).status()).isEqualTo(200);

            assertThat(sim.postEvent(url + "/events", e, true, Tamper.FORGED_SIGNATURE).status()).isEqualTo(500);
            assertThat(sim.postEvent(url + "/events", e, true, Tamper.STALE_TIMESTAMP).status()).isEqualTo(401);
            assertThat(sim.postEvent(url + "/events", e, true, Tamper.WRONG_TOKEN).status()).isEqualTo(500);
            assertThat(sim.postEvent(url + "/events", e, true, Tamper.MALFORMED_BODY).status()).isEqualTo(400);
            WebhookResult und = sim.postEvent(url + "/events", e, true, Tamper.UNDECRYPTABLE);
            assertThat(und.status()).isEqualTo(500);
            assertThat(und.body()).contains("decrypt");
            WebhookResult replay = sim.postEvent(url + "/events", e, true, Tamper.REPLAY);
            assertThat(replay.status()).isEqualTo(200);
            assertThat(replay.first().status()).isEqualTo(200);
            assertThat(received).hasSize(4);
            assertThat(received.get(2)).isEqualTo(received.get(3));

            WebhookResult v1 = sim.postEventV1(url + "/events", e, true, Tamper.NONE);
            assertThat(v1.status()).isEqualTo(200);
            Map<String, Object> last = received.get(4);
            assertThat(last).containsEntry("uuid", e.eventId()).containsEntry("type", "event_callback")
                    .containsEntry("token", VTOKEN);
            assertThat(last.get("event").toString()).contains("type=im.message.receive_v1");
        }
    }

    @Test
    void cardCallbacksOverHttp() {
        try (LarkSimulator sim = sim(KEY)) {
            String token = LarkTestSupport.tenantToken(sim);
            String mid = (String) LarkTestSupport.data(LarkTestSupport.call("POST", sim.apiUrl()
                                                                                    + "/open-apis/im/v1/messages?receive_id_type=open_id",
                    token, Map.of("receive_id", "ou_alice",
                            "msg_type", "interactive", "content", "{\"elements\":[{\"tag\":\"div\"}]}")))
                    .get("message_id");
            WebhookResult r = sim.postCardAction(url + "/events", "ou_alice", mid, Map.of("k", "v"), Tamper.NONE);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(parse(r.body())).containsKey("toast");
            assertThat(received.get(0).get("event").toString()).contains("open_message_id=" + mid);
            assertThat(sim.sentMessages().get(0).content()).isEqualTo(Map.of("elements", List.of(Map.of("tag", "hr"))));
            assertThat(sim.postCardAction(url + "/events", "ou_alice", mid, Map.of(), Tamper.FORGED_SIGNATURE)
                    .status()).isEqualTo(500);

            WebhookResult legacy = sim.postLegacyCardAction(url + "/legacy-card", "ou_alice", mid, Map.of("k", "v"),
                    Tamper.NONE);
            assertThat(legacy.status()).isEqualTo(200);
            assertThat(sim.sentMessages().get(0).content().toString()).contains("done");
            assertThat(sim.sentMessages().get(0).history()).hasSize(2);
            assertThat(sim.postLegacyCardAction(url + "/legacy-card", "ou_alice", mid, Map.of(),
                    Tamper.FORGED_SIGNATURE).status()).isEqualTo(500);
        }
    }

    @Test
    void plaintextDeliveriesWithoutEncryptKeyAreUnsigned() {
        try (LarkSimulator sim = sim(null)) {
            assertThat(sim.postUrlVerification(url + "/events", false).answerVerified()).isTrue();
            InboundEvent e = sim.newTextEvent("ou_alice", null, "hi");
            // our consumer insists on signatures, so an unsigned plaintext delivery is refused
            assertThat(sim.postEvent(url + "/events", e, false, Tamper.NONE).status()).isEqualTo(500);
        }
    }
}
