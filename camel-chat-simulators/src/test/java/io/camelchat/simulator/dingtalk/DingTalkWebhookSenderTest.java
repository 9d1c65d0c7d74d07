package io.camelchat.simulator.dingtalk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.dingtalk.TestSupport.json;
import static io.camelchat.simulator.dingtalk.TestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** The simulator plays DingTalk calling webhook consumers; the consumers here are written from the protocol text. */
class DingTalkWebhookSenderTest {

    static final String TOKEN = "tok123";
    static final String AES_KEY = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"; // 43 chars
    static final String OWNER = "dingclient1";

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private String base;

    @BeforeEach
    void startConsumer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/robot", this::robot);
        server.createContext("/events", this::events);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopConsumer() {
        server.stop(0);
    }

    @Test
    void robotCallbackIsSignedAndTamperingIsVisible() {
        try (DingTalkSimulator sim = DingTalkSimulator.builder().clientId("dingclient1").clientSecret("secret1")
                .start()) {
            InboundMessage m = sim.newTextMessage("u1", null, "hello webhook");
            WebhookResult ok = sim.postRobotCallback(base + "/robot", m);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.answerVerified()).isTrue();
            assertThat(parse(received.get(0))).containsEntry("msgId", m.msgId())
                    .containsEntry("text", Map.of("content", "hello webhook"));
            for (Tamper t : List.of(Tamper.FORGED_SIGNATURE, Tamper.STALE_TIMESTAMP, Tamper.MISSING_HEADERS,
                    Tamper.MALFORMED_BODY)) {
                WebhookResult r = sim.postRobotCallback(base + "/robot", m, t);
                assertThat(r.status()).as(t.name()).isIn(400, 401);
                assertThat(r.answerVerified()).isFalse();
            }
            assertThat(received).hasSize(1);
        }
    }

    @Test
    void encryptedEventRoundTrip() {
        try (DingTalkSimulator sim = DingTalkSimulator.builder().start()) {
            WebhookResult check = sim.postCheckUrl(base + "/events", TOKEN, AES_KEY, OWNER);
            assertThat(check.status()).isEqualTo(200);
            assertThat(check.answerVerified()).isTrue();
            WebhookResult ev = sim.postEncryptedEvent(base + "/events", TOKEN, AES_KEY, OWNER,
                    Map.of("EventType", "user_add_org", "UserId", List.of("u1")), Tamper.NONE);
            assertThat(ev.answerVerified()).isTrue();
            assertThat(received).hasSize(2);
            assertThat(parse(received.get(1))).containsEntry("EventType", "user_add_org");
            for (Tamper t : List.of(Tamper.FORGED_SIGNATURE, Tamper.MISSING_HEADERS, Tamper.MALFORMED_BODY,
                    Tamper.WRONG_OWNER_KEY)) {
                WebhookResult r = sim.postEncryptedEvent(base + "/events", TOKEN, AES_KEY, OWNER,
                        Map.of("EventType", "x"), t);
                assertThat(r.status()).as(t.name()).isEqualTo(403);
                assertThat(r.answerVerified()).isFalse();
            }
            assertThat(received).hasSize(2);
            // a consumer that answers plain "success" is not accepted
            server.createContext("/plain", ex -> reply(ex, 200, "success"));
            assertThat(sim.postCheckUrl(base + "/plain", TOKEN, AES_KEY, OWNER).answerVerified()).isFalse();
        }
    }

    // ---------------------------------------------------------------- a minimal consumer per protocol section 4

    private void robot(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String ts = ex.getRequestHeaders().getFirst("timestamp");
        String sign = ex.getRequestHeaders().getFirst("sign");
        if (ts == null || sign == null || Math.abs(System.currentTimeMillis() - Long.parseLong(ts)) > 3_600_000L
                || !MessageDigest.isEqual(sign.getBytes(), hmac(ts + "\n" + "secret1", "secret1").getBytes())) {
            reply(ex, 401, "bad signature");
            return;
        }
        try {
            parse(body);
        } catch (AssertionError e) {
            reply(ex, 400, "bad body");
            return;
        }
        received.add(body);
        reply(ex, 200, "");
    }

    private void events(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        try {
            String encrypt = (String) parse(body).get("encrypt");
            if (!sha1(TOKEN, q.get("timestamp"), q.get("nonce"), encrypt).equals(q.get("msg_signature"))) {
                throw new IllegalArgumentException("signature");
            }
            received.add(decrypt(encrypt));
        } catch (RuntimeException | AssertionError e) {
            reply(ex, 403, "rejected: " + e.getMessage());
            return;
        }
        String ts = String.valueOf(System.currentTimeMillis());
        String nonce = "n0nce123";
        String enc = encrypt("success");
        reply(ex, 200, json(Map.of("msg_signature", sha1(TOKEN, ts, nonce, enc), "timeStamp", ts, "nonce", nonce,
                "encrypt", enc)));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int i = kv.indexOf('=');
                m.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    private static String hmac(String msg, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(msg.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha1(String... parts) {
        String[] p = parts.clone();
        Arrays.sort(p);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(String.join("", p).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Cipher cipher(int mode) throws Exception {
        byte[] k = Base64.getDecoder().decode(AES_KEY + "=");
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(mode, new SecretKeySpec(k, "AES"), new IvParameterSpec(Arrays.copyOf(k, 16)));
        return c;
    }

    private static String decrypt(String encrypt) {
        try {
            byte[] p = cipher(Cipher.DECRYPT_MODE).doFinal(Base64.getDecoder().decode(encrypt));
            int pad = p[p.length - 1];
            if (pad < 1 || pad > 32) {
                throw new IllegalArgumentException("padding");
            }
            int len = ByteBuffer.wrap(p, 16, 4).getInt();
            String owner = new String(p, 20 + len, p.length - pad - 20 - len, StandardCharsets.UTF_8);
            if (!OWNER.equals(owner)) {
                throw new IllegalArgumentException("owner key");
            }
            return new String(p, 20, len, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException(e.toString(), e);
        }
    }

    private static String encrypt(String msg) {
        try {
            byte[] m = msg.getBytes(StandardCharsets.UTF_8);
            byte[] o = OWNER.getBytes(StandardCharsets.UTF_8);
            int len = 20 + m.length + o.length;
            int pad = 32 - len % 32;
            ByteBuffer b = ByteBuffer.allocate(len + pad);
            byte[] rnd = new byte[16];
            new SecureRandom().nextBytes(rnd);
            b.put(rnd).putInt(m.length).put(m).put(o);
            for (int i = 0; i < pad; i++) {
                b.put((byte) pad);
            }
            return Base64.getEncoder().encodeToString(cipher(Cipher.ENCRYPT_MODE).doFinal(b.array()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
