package io.camelchat.simulator.difft;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The websocket listener of section 8 (signed upgrade 12.2, fetch/commit, batches, redelivery, keep-alive). */
class DifftWebsocketTest {

    static final String APP = "demoapp0001";
    static final String BOT = "+60000";
    static final String ALICE = "+76459652574";
    static final String GID = "a9de6b3ae8c8456d888c4532b487e822";

    private final TestSigner client = new TestSigner(APP, "demo-secret");
    private DifftSimulator sim;

    @BeforeEach
    void start() {
        sim = DifftSimulator.builder().app(APP, "demo-secret", BOT).app("noperm", "s2", "+60002")
                .websocketDenied("noperm").account(ALICE, "alice@example.org", "Allen")
                .group(GID, "Ops", BOT, ALICE).redeliveryDelays(List.of(Duration.ZERO, Duration.ZERO))
                .ackTimeout(Duration.ofSeconds(30)).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** A listener that records text frames and the close code. */
    static final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final CompletableFuture<ByteBuffer> pong = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket w, ByteBuffer message) {
            pong.complete(message);
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            closed.complete(-1);
        }

        Map<String, Object> nextBatch() throws InterruptedException {
            String f = frames.poll(10, TimeUnit.SECONDS);
            assertThat(f).as("a batch").isNotNull();
            return TestSigner.parse(f);
        }

        void send(String text) {
            ws.sendText(text, true).join();
        }
    }

    private Client connect(TestSigner as) {
        Client c = new Client();
        WebSocket.Builder b = TestSigner.HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        as.sign("GET", "/v1/websocket", Map.of(), null, System.currentTimeMillis(), TestSigner.nonce()).headers()
                .forEach(b::header);
        c.ws = b.buildAsync(URI.create(sim.websocketUrl()), c).join();
        return c;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> data(Map<String, Object> batch) {
        return ((List<Map<String, Object>>) batch.get("messages")).stream()
                .map(m -> (Map<String, Object>) m.get("data")).toList();
    }

    @Test
    void fetchReceivesTheUsersTextAndTheNextFetchAcknowledges() throws Exception {
        Client c = connect(client);
        c.send("{\"cmd\":\"fetch\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.connections(APP) == 1);
        String ref = sim.sendText(ALICE, BOT, "hi bot");
        List<Map<String, Object>> got = data(c.nextBatch());
        assertThat(got).singleElement().satisfies(d -> {
            assertThat(d).containsEntry("src", ALICE).containsEntry("type", "TEXT").containsEntry("version", 1)
                    .containsEntry("dest", Map.of("type", "USER", "wuid", List.of(BOT)));
            assertThat(d.get("msg")).isEqualTo(Map.of("body", "hi bot"));
            assertThat("v1:" + d.get("timestamp") + ":" + ALICE).isEqualTo(ref);
        });
        assertThat(sim.isAcknowledged(APP, ref)).isFalse();
        c.send("{\"cmd\":\"fetch\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.isAcknowledged(APP, ref));
        assertThat(sim.deliveries(APP, ref)).isEqualTo(1);
        assertThat(sim.protocolErrors()).isEmpty();
    }

    @Test
    void nothingIsSentWithoutAnOutstandingFetchAndBatchesHoldAtMostTen() throws Exception {
        for (int i = 0; i < 15; i++) {
            sim.sendGroupText(ALICE, GID, "m" + i, BOT);
        }
        Client c = connect(client);
        assertThat(c.frames.poll(300, TimeUnit.MILLISECONDS)).as("no fetch, no batch").isNull();
        c.send("{\"cmd\":\"fetch\"}");
        List<Map<String, Object>> first = data(c.nextBatch());
        assertThat(first).hasSize(10);
        assertThat(first.get(0)).containsEntry("dest", Map.of("type", "GROUP", "groupID", GID));
        assertThat(first.get(0).get("msg")).isEqualTo(Map.of("body", "m0", "atPersons", List.of(BOT)));
        c.send("{\"cmd\":\"fetch\"}");
        List<Map<String, Object>> second = data(c.nextBatch());
        assertThat(second).hasSize(5);
        assertThat(((Map<?, ?>) second.get(4).get("msg")).get("body")).isEqualTo("m14");
    }

    @Test
    void aDroppedConnectionLosesNothing() throws Exception {
        Client c = connect(client);
        c.send("{\"cmd\":\"fetch\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.connections(APP) == 1);
        String ref = sim.sendText(ALICE, BOT, "do not lose me");
        assertThat(data(c.nextBatch())).hasSize(1);
        sim.dropWebsocket(APP);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.connections(APP) == 0);
        Client again = connect(client);
        again.send("{\"cmd\":\"fetch\"}");
        List<Map<String, Object>> redelivered = data(again.nextBatch());
        assertThat(redelivered).singleElement()
                .satisfies(d -> assertThat(d.get("msg")).isEqualTo(Map.of("body", "do not lose me")));
        again.send("{\"cmd\":\"commit\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.isAcknowledged(APP, ref));
        assertThat(sim.deliveries(APP, ref)).isEqualTo(2);
    }

    @Test
    void aFileFromAUserCanBeDownloadedAndDecrypted() throws Exception {
        Client c = connect(client);
        c.send("{\"cmd\":\"fetch\"}");
        byte[] content = "quarterly report".getBytes(StandardCharsets.UTF_8);
        sim.sendFile(ALICE, BOT, "report.txt", "text/plain", content);
        Map<String, Object> d = data(c.nextBatch()).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> att = (Map<String, Object>) ((Map<?, ?>) d.get("msg")).get("attachment");
        assertThat(att).containsEntry("fileName", "report.txt").containsEntry("size", content.length)
                .containsEntry("contentType", "text/plain");
        String key = (String) att.get("key");
        String fileHash = TestCrypto.encrypt(content, new byte[16]).fileHash();
        Map<String, Object> dl = TestSigner.parse(client.post(sim.baseUrl(), "/v1/file/download", Map.of("wuid", BOT,
                "fileHash", fileHash, "authorizeId", att.get("authorizeId"))).body());
        assertThat(dl).containsEntry("status", 0);
        String url = (String) ((Map<?, ?>) dl.get("data")).get("url");
        byte[] blob = TestSigner.HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        assertThat(TestCrypto.decrypt(blob, key, (String) att.get("digest"))).isEqualTo(content);
    }

    @Test
    void aBadOrStaleUpgradeIsRefusedWith401() {
        assertThatThrownBy(() -> connect(new TestSigner(APP, "wrong"))).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(401));
        Client c = new Client();
        WebSocket.Builder b = TestSigner.HTTP.newWebSocketBuilder();
        client.sign("GET", "/v1/websocket", Map.of(), null, 1710000000000L, TestSigner.nonce()).headers()
                .forEach(b::header);
        assertThatThrownBy(() -> b.buildAsync(URI.create(sim.websocketUrl()), c).join())
                .cause().isInstanceOf(WebSocketHandshakeException.class);
        assertThat(sim.protocolErrors()).hasSize(2);
    }

    @Test
    void anAppWithoutWebsocketPermissionIsClosedWith1008() throws Exception {
        Client c = connect(new TestSigner("noperm", "s2"));
        assertThat(c.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
    }

    @Test
    void pingsAreAnswered() throws Exception {
        Client c = connect(client);
        c.ws.sendPing(ByteBuffer.wrap(new byte[]{ 1, 2, 3 })).join();
        assertThat(c.pong.get(5, TimeUnit.SECONDS)).isEqualTo(ByteBuffer.wrap(new byte[]{ 1, 2, 3 }));
    }
}
