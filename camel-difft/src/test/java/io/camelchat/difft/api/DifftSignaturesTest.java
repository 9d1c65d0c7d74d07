package io.camelchat.difft.api;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The signing examples of reference section 12 and section 2.1, and the verification of signed requests. */
class DifftSignaturesTest {

    static final String APP = "demoapp0001";
    static final String SECRET = "demo-secret";
    static final long TS = 1710000000000L;
    static final String NONCE = "6f1ed002ab5595859014ebf0951522d9";
    static final String BODY = "{\"version\":1,\"src\":\"+60000\",\"dest\":{\"wuid\":[\"+76459652574\"],\"type\":\"USER\"},"
                               + "\"type\":\"TEXT\",\"timestamp\":1710000000000,\"msg\":{\"body\":\"hi\"}}";

    @Test
    void workedExample121SignedPost() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        assertThat(body).hasSize(135);
        Map<String, String> headers = DifftSignatures.sign(APP, SECRET, "POST", "https://openapi.difft.org/v1/messages",
                DifftSignatures.bodyHeaders(body, "application/json"), body, TS, NONCE);
        assertThat(headers).containsEntry(DifftSignatures.SIGNATURE,
                "50f8d53a685dbe4586cfb68b12635f85e25de945e1544274f2192baddc932c8a")
                .containsEntry(DifftSignatures.SIGNED_HEADERS, "Content-Length,Content-Type")
                .containsEntry(DifftSignatures.APPID, APP)
                .containsEntry(DifftSignatures.TIMESTAMP, "1710000000000")
                .containsEntry(DifftSignatures.NONCE, NONCE)
                .containsEntry(DifftSignatures.ALGORITHM, "HmacSHA256");
        assertThat(new String(DifftSignatures.canonicalRequest("POST", "/v1/messages", null,
                DifftSignatures.bodyHeaders(body, "application/json"), body), StandardCharsets.UTF_8))
                .isEqualTo("POST;/v1/messages;content-length=135,content-type=application/json;" + BODY);
    }

    @Test
    void workedExample122WebsocketUpgrade() {
        Map<String, String> headers = DifftSignatures.sign(APP, SECRET, "GET", "wss://openapi.difft.org/v1/websocket",
                Map.of(), null, TS, NONCE);
        assertThat(headers).containsEntry(DifftSignatures.SIGNATURE,
                "928694f41ffb841a1f488699e1a8b1c60aae5497772ae8098e27c9015d3f0c5f")
                .containsEntry(DifftSignatures.SIGNED_HEADERS, "");
    }

    @Test
    void canonicalRequestsOfSection21() {
        assertThat(crs("GET", "/v1/websocket", null)).isEqualTo("GET;/v1/websocket;");
        assertThat(crs("GET", "/v1/groups", "operator=%2B60000")).isEqualTo("GET;/v1/groups;operator=+60000;");
        assertThat(crs("GET", "/v1/accounts", "wuid=%2B1&operator=%2B60000"))
                .isEqualTo("GET;/v1/accounts;operator=+60000,wuid=+1;");
        assertThat(DifftSignatures.canonicalQuery("email=a%40x.org%2Cb%40y.org&operator=%2B60000&empty="))
                .isEqualTo("email=a@x.org,b@y.org,operator=+60000");
        assertThat(DifftSignatures.canonicalQuery("b=2&a=1&b=1")).isEqualTo("a=1,b=2,b=1");
    }

    private static String crs(String method, String path, String query) {
        return new String(DifftSignatures.canonicalRequest(method, path, query, Map.of(), null),
                StandardCharsets.UTF_8);
    }

    @Test
    void nonceIs32LowercaseHex() {
        assertThat(DifftSignatures.nonce()).matches("[0-9a-f]{32}").isNotEqualTo(DifftSignatures.nonce());
    }

    @Test
    void verifiesWhatItSignsAndRefusesChanges() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis();
        Map<String, String> sent = new HashMap<>(DifftSignatures.bodyHeaders(body, "application/json"));
        sent.putAll(DifftSignatures.sign(APP, SECRET, "POST", "http://127.0.0.1:1/hook?x=1",
                DifftSignatures.bodyHeaders(body, "application/json"), body, now, NONCE));
        Map<String, String> lower = new HashMap<>();
        sent.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));

        DifftSignatures.Verification ok = DifftSignatures.verify(APP, SECRET, "POST", "/hook", "x=1",
                n -> lower.get(n.toLowerCase(Locale.ROOT)), body, now, 300_000);
        assertThat(ok.ok()).isTrue();
        assertThat(ok.nonce()).isEqualTo(NONCE);

        byte[] changed = BODY.replace("hi", "ho").getBytes(StandardCharsets.UTF_8);
        DifftSignatures.Verification forged = DifftSignatures.verify(APP, SECRET, "POST", "/hook", "x=1",
                n -> lower.get(n.toLowerCase(Locale.ROOT)), changed, now, 300_000);
        assertThat(forged.ok()).isFalse();
        assertThat(forged.problem()).isEqualTo("invalid signature").doesNotContain(SECRET);

        DifftSignatures.Verification wrongSecret = DifftSignatures.verify(APP, "other", "POST", "/hook", "x=1",
                n -> lower.get(n.toLowerCase(Locale.ROOT)), body, now, 300_000);
        assertThat(wrongSecret.ok()).isFalse();

        DifftSignatures.Verification stale = DifftSignatures.verify(APP, SECRET, "POST", "/hook", "x=1",
                n -> lower.get(n.toLowerCase(Locale.ROOT)), body, now + 300_001, 300_000);
        assertThat(stale.ok()).isFalse();
        assertThat(stale.stale()).isTrue();

        DifftSignatures.Verification otherApp = DifftSignatures.verify("otherapp", SECRET, "POST", "/hook", "x=1",
                n -> lower.get(n.toLowerCase(Locale.ROOT)), body, now, 300_000);
        assertThat(otherApp.problem()).isEqualTo("unknown appid");

        DifftSignatures.Verification missing = DifftSignatures.verify(APP, SECRET, "POST", "/hook", "x=1",
                n -> null, body, now, 300_000);
        assertThat(missing.problem()).isEqualTo("missing X-Signature headers");
    }
}
