package io.camelchat.simulator.difft;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.camelchat.simulator.common.SimulatorTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Fault injection ({@link Faults}), the file API rate limit option, and TLS. */
class DifftFaultsTest {

    static final String APP = "demoapp0001";
    static final String SECRET = "demo-secret";
    static final String BOT = "+60000";
    static final String ALICE = "+76459652574";

    private final TestSigner client = new TestSigner(APP, SECRET);
    private DifftSimulator sim;

    @BeforeEach
    void start() {
        sim = builder().start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static DifftSimulator.Builder builder() {
        return DifftSimulator.builder().app(APP, SECRET, BOT).account(ALICE, "alice@example.org", "Allen")
                .messageInterval(Duration.ZERO).redeliveryDelays(List.of(Duration.ZERO, Duration.ZERO))
                .ackTimeout(Duration.ofSeconds(30));
    }

    private static Map<String, Object> text(long ts, String body) {
        return Map.of("version", 1, "src", BOT, "dest", Map.of("wuid", List.of(ALICE), "type", "USER"), "type",
                "TEXT", "timestamp", ts, "msg", Map.of("body", body));
    }

    private DifftWebsocketTest.Client connectAndFetch() {
        DifftWebsocketTest.Client c = TestWebsocket.connect(sim.websocketUrl(), client);
        c.send("{\"cmd\":\"fetch\"}");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> sim.requests().contains("websocket frame {\"cmd\":\"fetch\"}"));
        return c;
    }

    // ---------------------------------------------------------------- HTTP

    @Test
    void theNextRequestsToAPathAnswer5xxThenItWorksAgain() {
        sim.faults().failNext("/v1/messages", 2, 503);
        long ts = System.currentTimeMillis();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = client.post(sim.baseUrl(), "/v1/messages", text(ts + i, "x" + i));
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(TestSigner.parse(r.body())).containsEntry("status", Faults.INJECTED_FAILURE_STATUS);
        }
        // other paths are not affected
        assertThat(client.get(sim.baseUrl(), "/v1/groups", Map.of("operator", BOT)).statusCode()).isEqualTo(200);
        HttpResponse<String> ok = client.post(sim.baseUrl(), "/v1/messages", text(ts + 2, "third"));
        assertThat(TestSigner.parse(ok.body())).containsEntry("status", 0);
        assertThat(sim.sent()).extracting(DifftMessage::body).containsExactly("third");
        assertThatThrownBy(() -> sim.faults().failNext("/v1/messages", 1, 200))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStatusErrorWithHttp200() {
        sim.faults().failNextWithStatus("/v1/groups", 1, 4, "too many requests");
        HttpResponse<String> r = client.get(sim.baseUrl(), "/v1/groups", Map.of("operator", BOT));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TestSigner.parse(r.body())).containsEntry("status", 4).containsEntry("reason", "too many requests");
        assertThat(TestSigner.parse(client.get(sim.baseUrl(), "/v1/groups", Map.of("operator", BOT)).body()))
                .containsEntry("status", 0);
    }

    @Test
    void slowAnswersMakeAShortClientTimeoutExpire() throws Exception {
        sim.faults().slowResponses(Duration.ofSeconds(3));
        byte[] body = TestSigner.json(text(System.currentTimeMillis(), "slow")).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/messages"))
                .timeout(Duration.ofMillis(300)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        client.sign("POST", "/v1/messages", Map.of(), body, System.currentTimeMillis(), TestSigner.nonce())
                .headers().forEach(b::header);
        assertThatThrownBy(() -> TestSigner.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        sim.faults().reset();
        assertThat(client.get(sim.baseUrl(), "/v1/groups", Map.of("operator", BOT)).statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- websocket

    @Test
    void refusedUpgradesThenAcceptedAgain() {
        sim.faults().refuseUpgrades(1, 503).refuseUpgrades(2, 503);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> TestWebsocket.connect(sim.websocketUrl(), client))
                    .isInstanceOf(CompletionException.class).cause()
                    .isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                            .isEqualTo(503));
        }
        sim.faults().refuseUpgrades(1, 401);
        assertThatThrownBy(() -> TestWebsocket.connect(sim.websocketUrl(), client)).cause()
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(401));
        connectAndFetch();
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.connections(APP) == 1);
    }

    @Test
    void aDropWithABatchInFlightRedeliversIt() throws Exception {
        DifftWebsocketTest.Client c = connectAndFetch();
        sim.faults().dropWithNextBatch(APP);
        String ref = sim.sendText(ALICE, BOT, "in flight");
        // the client may read the batch, but the connection is gone before its fetch
        assertThat(c.frames.poll(10, TimeUnit.SECONDS)).contains("in flight");
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.connections(APP) == 0);
        assertThat(sim.isAcknowledged(APP, ref)).isFalse();
        DifftWebsocketTest.Client again = TestWebsocket.connect(sim.websocketUrl(), client);
        assertThat(TestWebsocket.fetchOne(again).get("msg")).isEqualTo(Map.of("body", "in flight"));
        again.send("{\"cmd\":\"fetch\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.isAcknowledged(APP, ref));
        assertThat(sim.deliveries(APP, ref)).isEqualTo(2);
    }

    @Test
    void closeWithAGivenCode() throws Exception {
        DifftWebsocketTest.Client c = connectAndFetch();
        sim.faults().closeWebsocket(APP, 1011, "restarting");
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1011);
        DifftWebsocketTest.Client d = connectAndFetch();
        sim.faults().closeWebsocket(APP, 1008, "policy");
        assertThat(d.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
    }

    @Test
    void malformedFramesAnswerFetches() throws Exception {
        DifftWebsocketTest.Client c = connectAndFetch();
        sim.faults().sendNonJsonFrame(APP);
        assertThat(c.frames.poll(10, TimeUnit.SECONDS)).isEqualTo("this is not JSON");
        // no fetch outstanding now: the next malformed frames wait for fetches
        sim.faults().sendMessagesNotArrayFrame(APP).sendElementWithoutDataFrame(APP);
        String ref = sim.sendText(ALICE, BOT, "after the bad frames");
        assertThat(c.frames.poll(300, TimeUnit.MILLISECONDS)).as("nothing without a fetch").isNull();
        c.send("{\"cmd\":\"fetch\"}");
        Map<String, Object> notArray = TestSigner.parse(c.frames.poll(10, TimeUnit.SECONDS));
        assertThat(notArray.get("messages")).isInstanceOf(Map.class);
        c.send("{\"cmd\":\"fetch\"}");
        assertThat(TestSigner.parse(c.frames.poll(10, TimeUnit.SECONDS)))
                .isEqualTo(Map.of("messages", List.of(Map.of("id", 1))));
        assertThat(TestWebsocket.fetchOne(c).get("msg")).isEqualTo(Map.of("body", "after the bad frames"));
        c.send("{\"cmd\":\"fetch\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.isAcknowledged(APP, ref));
        sim.faults().sendRawFrame(APP, "{\"messages\":[]}");
        assertThat(c.frames.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"messages\":[]}");
    }

    // ---------------------------------------------------------------- webhook

    @Test
    void aWebhookTargetThatTimesOutGetsTheMessageAgain() throws Exception {
        sim.close();
        sim = builder().redeliveryDelays(List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(1), Duration.ofSeconds(1))).start();
        try (StandInConsumer consumer = new StandInConsumer(Map.of(APP, SECRET))) {
            CountDownLatch release = new CountDownLatch(1);
            consumer.hold(release);
            sim.faults().webhookTimeout(Duration.ofMillis(300));
            sim.webhook(APP, consumer.url("/cb"));
            String ref = sim.sendText(ALICE, BOT, "slow consumer");
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.deliveries(APP, ref) >= 2);
            assertThat(sim.isAcknowledged(APP, ref)).isFalse();
            assertThat(sim.requests()).anyMatch(l -> l.startsWith("webhook " + APP) && l.contains(": -1 "));
            // back to the builder's timeout (10 s): the consumer answering at once acknowledges a redelivery
            sim.faults().webhookTimeout(null);
            consumer.hold(null);
            release.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.isAcknowledged(APP, ref));
            assertThat(consumer.calls()).allSatisfy(call -> assertThat(call.refusal()).isNull());
        }
    }

    // ---------------------------------------------------------------- rate limit and TLS

    @Test
    void theFileApiIsRateLimitedOnlyWhenSwitchedOn() {
        Map<String, Object> isExists = Map.of("wuid", BOT, "fileHash",
                TestCrypto.encrypt("x".getBytes(StandardCharsets.UTF_8), new byte[16]).fileHash(), "fileSize", 1,
                "gids", List.of(), "numbers", List.of(ALICE));
        for (int i = 0; i < 2; i++) {
            assertThat(TestSigner.parse(client.post(sim.baseUrl(), "/v1/file/isExists", isExists).body()))
                    .containsEntry("status", 0);
        }
        try (DifftSimulator limited = builder().messageInterval(Duration.ofSeconds(30)).rateLimitFileApi(true)
                .start()) {
            assertThat(TestSigner.parse(client.post(limited.baseUrl(), "/v1/file/isExists", isExists).body()))
                    .containsEntry("status", 0);
            assertThat(TestSigner.parse(client.post(limited.baseUrl(), "/v1/file/isExists", isExists).body()))
                    .containsEntry("status", 4).containsEntry("reason", "too many requests");
            // one window per app, shared with messages
            assertThat(TestSigner.parse(client.post(limited.baseUrl(), "/v1/messages",
                    text(System.currentTimeMillis(), "x")).body())).containsEntry("status", 4);
        }
        try (DifftSimulator messagesOnly = builder().messageInterval(Duration.ofSeconds(30)).start()) {
            assertThat(TestSigner.parse(client.post(messagesOnly.baseUrl(), "/v1/messages",
                    text(System.currentTimeMillis(), "x")).body())).containsEntry("status", 0);
            assertThat(TestSigner.parse(client.post(messagesOnly.baseUrl(), "/v1/file/isExists", isExists)
                    .body())).containsEntry("status", 0);
        }
    }

    @Test
    void tlsServesHttpsAndWss() throws Exception {
        try (DifftSimulator secure = builder().tls(true).start()) {
            assertThat(secure.tls()).isTrue();
            assertThat(secure.httpsUrl()).startsWith("https://localhost:");
            HttpClient https = HttpClient.newBuilder().sslContext(SimulatorTls.clientContext())
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest.Builder b = HttpRequest
                    .newBuilder(URI.create(secure.httpsUrl() + "/v1/groups?operator=%2B60000"));
            client.sign("GET", "/v1/groups", Map.of("operator", BOT), null, System.currentTimeMillis(),
                    TestSigner.nonce()).headers().forEach(b::header);
            HttpResponse<String> r = https.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(TestSigner.parse(r.body())).containsEntry("status", 0);
            Map<String, Object> alloc = TestSigner.parse(signedPost(https, secure.httpsUrl(), "/v1/file/isExists",
                    Map.of("wuid", BOT, "fileHash", TestCrypto.encrypt("y".getBytes(StandardCharsets.UTF_8),
                            new byte[16]).fileHash(), "fileSize", 1, "gids", List.of(), "numbers", List.of())));
            assertThat((String) ((Map<?, ?>) alloc.get("data")).get("url")).startsWith(secure.httpsUrl() + "/oss/");
            DifftWebsocketTest.Client c = TestWebsocket.connect(https, secure.secureWebsocketUrl(), client);
            String ref = secure.sendText(ALICE, BOT, "over wss");
            assertThat(TestWebsocket.fetchOne(c).get("msg")).isEqualTo(Map.of("body", "over wss"));
            c.send("{\"cmd\":\"fetch\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> secure.isAcknowledged(APP, ref));
        }
        assertThat(sim.tls()).isFalse();
    }

    private String signedPost(HttpClient http, String base, String path, Object body) throws Exception {
        byte[] bytes = TestSigner.json(body).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        client.sign("POST", path, Map.of(), bytes, System.currentTimeMillis(), TestSigner.nonce()).headers()
                .forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
