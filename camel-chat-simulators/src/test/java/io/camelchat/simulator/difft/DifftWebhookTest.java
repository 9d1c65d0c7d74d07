package io.camelchat.simulator.difft;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Webhook calls towards a consumer (section 9 convention) against a stand-in consumer with its own verifier. */
class DifftWebhookTest {

    static final String APP = "demoapp0001";
    static final String SECRET = "demo-secret";
    static final String BOT = "+60000";
    static final String ALICE = "+76459652574";
    static final String GID = "a9de6b3ae8c8456d888c4532b487e822";

    private StandInConsumer consumer;
    private DifftSimulator sim;

    @BeforeEach
    void start() throws Exception {
        consumer = new StandInConsumer(Map.of(APP, SECRET));
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
        consumer.close();
    }

    private DifftSimulator.Builder builder() {
        return DifftSimulator.builder().app(APP, SECRET, BOT).account(ALICE, "alice@example.org", "Allen")
                .group(GID, "Ops", BOT, ALICE).redeliveryDelays(List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .ackTimeout(Duration.ofSeconds(30));
    }

    @Test
    void aUsersTextIsPostedSignedAndAcknowledgedByA200() {
        sim = builder().webhook(APP, consumer.url("/difft/callback")).start();
        String ref = sim.sendText(ALICE, BOT, "hi bot");
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(APP, ref));
        StandInConsumer.Call call = consumer.calls().get(0);
        assertThat(call.refusal()).isNull();
        assertThat(call.path()).isEqualTo("/difft/callback");
        assertThat(call.headers()).containsEntry("content-type", "application/json")
                .containsEntry("x-signature-appid", APP).containsEntry("x-signature-algorithm", "HmacSHA256")
                .containsEntry("x-signature-signedheaders", "Content-Length,Content-Type");
        assertThat(call.headers().get("x-signature-nonce")).matches("[0-9a-f]{32}");
        Map<String, Object> data = TestSigner.parse(call.body());
        assertThat(data).containsEntry("src", ALICE).containsEntry("type", "TEXT")
                .containsEntry("dest", Map.of("type", "USER", "wuid", List.of(BOT)))
                .containsEntry("msg", Map.of("body", "hi bot"));
        assertThat("v1:" + data.get("timestamp") + ":" + ALICE).isEqualTo(ref);
        assertThat(sim.deliveries(APP, ref)).isEqualTo(1);
        assertThat(consumer.calls()).hasSize(1);
        assertThat(sim.requests()).anyMatch(l -> l.startsWith("webhook " + APP) && l.contains(": 200 "));
    }

    @Test
    void aFailedAnswerIsRedeliveredWithTheSameDataAndAFreshSignature() {
        consumer.answer(500, 200);
        sim = builder().webhook(APP, consumer.url("/cb")).start();
        String ref = sim.sendGroupText(ALICE, GID, "@bot status?", BOT);
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(APP, ref));
        List<StandInConsumer.Call> calls = consumer.calls();
        assertThat(calls).hasSize(2).allSatisfy(c -> assertThat(c.refusal()).isNull());
        assertThat(calls).extracting(StandInConsumer.Call::answered).containsExactly(500, 200);
        assertThat(calls.get(1).body()).isEqualTo(calls.get(0).body());
        assertThat(calls.get(1).headers().get("x-signature-nonce"))
                .isNotEqualTo(calls.get(0).headers().get("x-signature-nonce"));
        assertThat(sim.deliveries(APP, ref)).isEqualTo(2);
    }

    @Test
    void whatCountsAsAnAcceptedAnswer() {
        WebhookResult ok = new WebhookResult(200, "{\"ver\":1,\"status\":0,\"reason\":\"ok\"}");
        assertThat(ok.accepted()).isTrue();
        assertThat(new WebhookResult(200, "").accepted()).isTrue();
        assertThat(new WebhookResult(200, "{\"status\":1}").accepted()).isFalse();
        assertThat(new WebhookResult(200, "ok").accepted()).isFalse();
        assertThat(new WebhookResult(500, "").accepted()).isFalse();
    }

    @Test
    void switchingBetweenWebsocketAndWebhookAtRuntime() throws Exception {
        sim = builder().start();
        String queued = sim.sendText(ALICE, BOT, "waiting for a listener");
        assertThat(sim.webhook(APP)).isNull();
        sim.webhook(APP, consumer.url("/cb"));
        assertThat(sim.webhook(APP)).isEqualTo(consumer.url("/cb"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(APP, queued));
        sim.webhook(APP, null);
        String viaWs = sim.sendText(ALICE, BOT, "back to the websocket");
        DifftWebsocketTest.Client c = new DifftWebsocketTest.Client();
        WebSocket.Builder b = TestSigner.HTTP.newWebSocketBuilder();
        new TestSigner(APP, SECRET).sign("GET", "/v1/websocket", Map.of(), null, System.currentTimeMillis(),
                TestSigner.nonce()).headers().forEach(b::header);
        c.ws = b.buildAsync(URI.create(sim.websocketUrl()), c).join();
        c.send("{\"cmd\":\"fetch\"}");
        assertThat(c.nextBatch().toString()).contains("back to the websocket");
        c.send("{\"cmd\":\"fetch\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(APP, viaWs));
        assertThat(consumer.calls()).hasSize(1);
    }

    @Test
    void aConsumerThatDoesNotAnswerInTimeGetsTheMessageAgain() {
        CountDownLatch release = new CountDownLatch(1);
        consumer.hold(release);
        sim = builder().webhook(APP, consumer.url("/cb")).webhookTimeout(Duration.ofMillis(300))
                .redeliveryDelays(List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                        Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .start();
        String ref = sim.sendText(ALICE, BOT, "slow consumer");
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.deliveries(APP, ref) >= 2);
        assertThat(sim.isAcknowledged(APP, ref)).isFalse();
        assertThat(sim.requests()).anyMatch(l -> l.startsWith("webhook " + APP) && l.contains(": -1 "));
        sim.faults().webhookTimeout(Duration.ofSeconds(10));
        consumer.hold(null);
        release.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.isAcknowledged(APP, ref));
    }

    @ParameterizedTest
    @EnumSource(Tamper.class)
    void everyTamperedCallIsRefusedByACorrectVerifier(Tamper tamper) throws Exception {
        sim = builder().start();
        String data = "{\"version\":1,\"src\":\"" + ALICE
                      + "\",\"srcDevice\":1,\"dest\":{\"type\":\"USER\",\"wuid\":[\""
                      + BOT + "\"]},\"type\":\"TEXT\",\"timestamp\":1710000002000,\"msg\":{\"body\":\"hi\"}}";
        WebhookResult r = sim.postWebhook(consumer.url("/cb?x=1"), APP, data, tamper);
        List<StandInConsumer.Call> calls = consumer.calls();
        StandInConsumer.Call last = calls.get(calls.size() - 1);
        assertThat(last.body()).isEqualTo(data);
        if (tamper == Tamper.NONE) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.accepted()).isTrue();
            assertThat(last.refusal()).isNull();
            return;
        }
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.accepted()).isFalse();
        String expected = switch (tamper) {
            case BAD_SIGNATURE, WRONG_SECRET -> "signature mismatch";
            case STALE_TIMESTAMP -> "stale timestamp";
            case REPLAYED_NONCE -> "nonce replayed";
            case MISSING_HEADER -> "missing X-Signature-nonce";
            case UNKNOWN_APP -> "unknown app";
            case WRONG_ALGORITHM -> "wrong algorithm";
            case UNSIGNED_BODY_HEADERS -> "body headers not signed";
            default -> throw new AssertionError(tamper);
        };
        assertThat(last.refusal()).isEqualTo(expected);
        if (tamper == Tamper.REPLAYED_NONCE) {
            assertThat(calls).hasSize(2);
            assertThat(calls.get(0).refusal()).isNull();
            assertThat(calls.get(0).headers()).isEqualTo(calls.get(1).headers());
        } else {
            assertThat(calls).hasSize(1);
        }
    }

    @Test
    void tamperedSignaturesStillMatchWhenRecomputedOnlyInTheIntendedWay() throws Exception {
        // UNSIGNED_BODY_HEADERS carries a correct HMAC over a CRS without headers; WRONG_ALGORITHM a correct
        // HMAC-SHA256: only the rules they target refuse them (checked above); this checks the HMACs are right.
        sim = builder().start();
        String data = "{\"msg\":{\"body\":\"x\"}}";
        sim.postWebhook(consumer.url("/cb"), APP, data, Tamper.WRONG_ALGORITHM);
        sim.postWebhook(consumer.url("/cb"), APP, data, Tamper.UNSIGNED_BODY_HEADERS);
        List<StandInConsumer.Call> calls = consumer.calls();
        Map<String, String> h = calls.get(0).headers();
        TestSigner signer = new TestSigner(APP, SECRET);
        byte[] body = data.getBytes(StandardCharsets.UTF_8);
        assertThat(h.get("x-signature-signature")).isEqualTo(signer.sign("POST", "/cb", Map.of(), body,
                Long.parseLong(h.get("x-signature-timestamp")), h.get("x-signature-nonce")).headers()
                .get("X-Signature-signature"));
        Map<String, String> u = calls.get(1).headers();
        String sts = APP + ";" + u.get("x-signature-timestamp") + ";" + u.get("x-signature-nonce") + ";POST;/cb;"
                     + data;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(u.get("x-signature-signature")).isEqualTo(HexFormat.of().formatHex(
                mac.doFinal(sts.getBytes(StandardCharsets.UTF_8))));
        assertThat(u).containsEntry("x-signature-signedheaders", "");
    }
}
