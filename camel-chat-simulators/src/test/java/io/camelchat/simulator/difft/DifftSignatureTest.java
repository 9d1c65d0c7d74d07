package io.camelchat.simulator.difft;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Section 2.3 verification, the section 3 envelope and the worked examples 12.1 and 12.2. */
class DifftSignatureTest {

    static final String APP = "demoapp0001";
    static final String SECRET = "demo-secret";
    static final String NONCE = "6f1ed002ab5595859014ebf0951522d9";
    static final long TS = 1710000000000L;
    static final String BODY_121 = "{\"version\":1,\"src\":\"+60000\",\"dest\":{\"wuid\":[\"+76459652574\"],"
                                   + "\"type\":\"USER\"},\"type\":\"TEXT\",\"timestamp\":1710000000000,\"msg\":{\"body\":\"hi\"}}";

    private final TestSigner client = new TestSigner(APP, SECRET);
    private DifftSimulator sim;

    @BeforeEach
    void start() {
        sim = DifftSimulator.builder().app(APP, SECRET, "+60000").account("+76459652574", "alice@example.org", "Alice")
                .messageInterval(Duration.ZERO).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void workedExample121SignsAsTheReferenceSays() {
        byte[] body = BODY_121.getBytes(StandardCharsets.UTF_8);
        assertThat(body).hasSize(135);
        TestSigner.Signed s = client.sign("POST", "/v1/messages", Map.of(), body, TS, NONCE);
        assertThat(s.stringToSign()).isEqualTo(APP + ";" + TS + ";" + NONCE
                                               + ";POST;/v1/messages;content-length=135,content-type=application/json;"
                                               + BODY_121);
        assertThat(s.headers()).containsEntry("X-Signature-signature",
                "50f8d53a685dbe4586cfb68b12635f85e25de945e1544274f2192baddc932c8a")
                .containsEntry("X-Signature-signedHeaders", "Content-Length,Content-Type");
    }

    @Test
    void workedExample122SignsTheWebsocketUpgrade() {
        TestSigner.Signed s = client.sign("GET", "/v1/websocket", Map.of(), null, TS, NONCE);
        assertThat(s.stringToSign()).isEqualTo(APP + ";" + TS + ";" + NONCE + ";GET;/v1/websocket;");
        assertThat(s.headers()).containsEntry("X-Signature-signature",
                "928694f41ffb841a1f488699e1a8b1c60aae5497772ae8098e27c9015d3f0c5f")
                .containsEntry("X-Signature-signedHeaders", "");
    }

    @Test
    void workedExample121IsAcceptedByTheSimulatorWhenTheWindowCoversIt() {
        try (DifftSimulator wide = DifftSimulator.builder().app(APP, SECRET, "+60000")
                .account("+76459652574", "alice@example.org", "Alice").timestampWindow(Duration.ofDays(365 * 50))
                .start()) {
            byte[] body = BODY_121.getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> r = TestSigner.send(wide.baseUrl() + "/v1/messages",
                    client.sign("POST", "/v1/messages", Map.of(), body, TS, NONCE).headers(), body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(TestSigner.parse(r.body())).containsEntry("status", 0)
                    .containsEntry("refID", "v1:1710000000000:+60000").containsEntry("errors", List.of());
            assertThat(wide.sent()).singleElement().satisfies(m -> {
                assertThat(m.body()).isEqualTo("hi");
                assertThat(m.wuids()).containsExactly("+76459652574");
            });
            assertThat(wide.protocolErrors()).isEmpty();
        }
    }

    @Test
    void workedExample121IsStaleNow() {
        byte[] body = BODY_121.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = TestSigner.send(sim.baseUrl() + "/v1/messages",
                client.sign("POST", "/v1/messages", Map.of(), body, TS, NONCE).headers(), body);
        assertExpired(r);
        assertThat(sim.sent()).isEmpty();
    }

    @Test
    void timestampWindowIsFiveMinutesEitherWay() {
        long now = System.currentTimeMillis();
        assertThat(postAt(now - 280_000, TestSigner.nonce()).statusCode()).isEqualTo(200);
        assertThat(postAt(now + 280_000, TestSigner.nonce()).statusCode()).isEqualTo(200);
        assertExpired(postAt(now - 320_000, TestSigner.nonce()));
        assertExpired(postAt(now + 320_000, TestSigner.nonce()));
    }

    @Test
    void replayedNonceIsRefused() {
        String nonce = TestSigner.nonce();
        assertThat(postAt(System.currentTimeMillis(), nonce).statusCode()).isEqualTo(200);
        assertExpired(postAt(System.currentTimeMillis(), nonce));
        assertThat(sim.sent()).hasSize(1);
        assertThat(sim.protocolErrors()).singleElement().asString().contains("nonce replayed");
    }

    @Test
    void aRefusedSignatureDoesNotBurnTheNonce() {
        String nonce = TestSigner.nonce();
        byte[] body = text("x");
        Map<String, String> h = new LinkedHashMap<>(
                client.sign("POST", "/v1/messages", Map.of(), body, System.currentTimeMillis(), nonce).headers());
        h.put("X-Signature-signature", "0".repeat(64));
        assertInvalid(TestSigner.send(sim.baseUrl() + "/v1/messages", h, body));
        assertThat(postAt(System.currentTimeMillis(), nonce).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongSecretUnknownAppAndWrongAlgorithmAreInvalid() {
        byte[] body = text("x");
        assertInvalid(new TestSigner(APP, "other").post(sim.baseUrl(), "/v1/messages", new String(body,
                StandardCharsets.UTF_8)));
        assertInvalid(new TestSigner("nosuchapp", SECRET).post(sim.baseUrl(), "/v1/messages",
                new String(body, StandardCharsets.UTF_8)));
        Map<String, String> h = new LinkedHashMap<>(client.sign("POST", "/v1/messages", Map.of(), body,
                System.currentTimeMillis(), TestSigner.nonce()).headers());
        h.put("X-Signature-algorithm", "HmacSHA1");
        assertInvalid(TestSigner.send(sim.baseUrl() + "/v1/messages", h, body));
        assertThat(sim.sent()).isEmpty();
    }

    @Test
    void everyMissingHeaderIsInvalid() {
        byte[] body = text("x");
        for (String name : List.of("X-Signature-appid", "X-Signature-timestamp", "X-Signature-nonce",
                "X-Signature-algorithm", "X-Signature-signedHeaders", "X-Signature-signature")) {
            Map<String, String> h = new LinkedHashMap<>(client.sign("POST", "/v1/messages", Map.of(), body,
                    System.currentTimeMillis(), TestSigner.nonce()).headers());
            h.remove(name);
            assertInvalid(TestSigner.send(sim.baseUrl() + "/v1/messages", h, body));
        }
        assertThat(sim.sent()).isEmpty();
    }

    @Test
    void aTimestampThatIsNotAnIntegerIsInvalid() {
        byte[] body = text("x");
        Map<String, String> h = new LinkedHashMap<>(client.sign("POST", "/v1/messages", Map.of(), body,
                System.currentTimeMillis(), TestSigner.nonce()).headers());
        h.put("X-Signature-timestamp", "soon");
        assertInvalid(TestSigner.send(sim.baseUrl() + "/v1/messages", h, body));
    }

    @Test
    void aTamperedBodyIsInvalid() {
        byte[] signedBody = text("pay 10");
        byte[] sentBody = text("pay 99");
        assertInvalid(TestSigner.send(sim.baseUrl() + "/v1/messages", client.sign("POST", "/v1/messages", Map.of(),
                signedBody, System.currentTimeMillis(), TestSigner.nonce()).headers(), sentBody));
        assertThat(sim.sent()).isEmpty();
    }

    @Test
    void aBodyMustSignItsContentHeaders() {
        byte[] body = text("x");
        long ts = System.currentTimeMillis();
        String nonce = TestSigner.nonce();
        // a signature over the body alone (no HEADERS section), signed headers declared empty
        String sts = APP + ";" + ts + ";" + nonce + ";POST;/v1/messages;" + new String(body, StandardCharsets.UTF_8);
        Map<String, String> h = new LinkedHashMap<>(
                client.sign("POST", "/v1/messages", Map.of(), body, ts, nonce).headers());
        h.put("X-Signature-signedHeaders", "");
        h.put("X-Signature-signature", DifftSignatureTest.hex(sts));
        assertInvalid(TestSigner.send(sim.baseUrl() + "/v1/messages", h, body));
        assertThat(sim.protocolErrors()).singleElement().asString().contains("must sign Content-Length");
    }

    @Test
    void queryIsSignedDecodedAndSorted() {
        HttpResponse<String> r = client.get(sim.baseUrl(), "/v1/accounts",
                Map.of("operator", "+60000", "email", "alice@example.org"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        // the JS SDK's form (a=1&b=2, no trailing ';') is not the Python SDK's: refused
        long ts = System.currentTimeMillis();
        String nonce = TestSigner.nonce();
        String sts = APP + ";" + ts + ";" + nonce + ";GET;/v1/accounts;email=alice@example.org&operator=+60000";
        Map<String, String> h = new LinkedHashMap<>(client.sign("GET", "/v1/accounts", Map.of(), null, ts, nonce)
                .headers());
        h.put("X-Signature-signature", hex(sts));
        assertInvalid(TestSigner.send(sim.baseUrl() + "/v1/accounts?email=alice%40example.org&operator=%2B60000", h,
                null));
    }

    @Test
    void unknownPathIsNotFoundAfterTheSignatureCheck() {
        HttpResponse<String> r = client.get(sim.baseUrl(), "/v1/nothing", Map.of());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(TestSigner.parse(r.body())).containsEntry("ver", 1).containsEntry("status", 3);
        assertInvalid(TestSigner.send(sim.baseUrl() + "/v1/nothing", Map.of(), null));
    }

    private HttpResponse<String> postAt(long ts, String nonce) {
        byte[] body = text("at " + ts);
        return TestSigner.send(sim.baseUrl() + "/v1/messages",
                client.sign("POST", "/v1/messages", Map.of(), body, ts, nonce).headers(), body);
    }

    static byte[] text(String s) {
        return TestSigner.json(Map.of("version", 1, "src", "+60000", "type", "TEXT", "timestamp",
                System.currentTimeMillis(), "dest", Map.of("wuid", List.of("+76459652574"), "type", "USER"), "msg",
                Map.of("body", s))).getBytes(StandardCharsets.UTF_8);
    }

    static String hex(String sts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(sts.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertInvalid(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(TestSigner.parse(r.body())).isEqualTo(Map.of("ver", 1, "status", 2, "reason", "invalid signature"));
    }

    private static void assertExpired(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(TestSigner.parse(r.body())).isEqualTo(Map.of("ver", 1, "status", 2, "reason", "signature expired"));
    }
}
