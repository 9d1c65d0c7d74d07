package io.camelchat.simulator.dingtalk;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.camelchat.simulator.common.SimulatorTls;
import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.dingtalk.TestSupport.HTTP;
import static io.camelchat.simulator.dingtalk.TestSupport.connect;
import static io.camelchat.simulator.dingtalk.TestSupport.data;
import static io.camelchat.simulator.dingtalk.TestSupport.headers;
import static io.camelchat.simulator.dingtalk.TestSupport.parse;
import static io.camelchat.simulator.dingtalk.TestSupport.post;
import static io.camelchat.simulator.dingtalk.TestSupport.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DingTalkStreamTest {

    @Test
    void robotMessageIsPushedAsCallbackAndAckRecorded() {
        try (DingTalkSimulator sim = DingTalkSimulator.builder().clientId("dingclient1").clientSecret("secret1")
                .start()) {
            sim.addUser(new SimUser("u1", "union1", "Alice", "13800000001", "alice@example.com"));
            sim.addGroup(new SimGroup("cidGroup1==", "Ops room", List.of("u1")));
            try (TestSupport.StreamClient c = connect(sim)) {
                assertThat(sim.registrationRequests()).hasSize(1);
                assertThat(sim.registrationRequests().get(0)).containsEntry("ua", "test/1.0");
                await().until(() -> sim.openConnections() == 1);

                InboundMessage m = sim.userSendsText("u1", "cidGroup1==", "deploy status");
                Map<String, Object> f = c.next();
                assertThat(f).containsEntry("specVersion", "1.0").containsEntry("type", "CALLBACK");
                Map<String, Object> h = headers(f);
                assertThat(h.values()).allSatisfy(v -> assertThat(v).isInstanceOf(String.class));
                assertThat(h).containsEntry("topic", "/v1.0/im/bot/messages/get")
                        .containsEntry("contentType", "application/json")
                        .containsEntry("messageId", m.streamMessageId())
                        .containsKeys("time", "appId", "connectionId");
                assertThat((String) h.get("messageId")).matches("[0-9a-f]+_\\d+_[0-9a-f]+_[0-9a-f]+");
                Map<String, Object> d = data(f);
                assertThat(d).containsEntry("msgId", m.msgId()).containsEntry("conversationType", "2")
                        .containsEntry("conversationId", "cidGroup1==").containsEntry("isInAtList", true)
                        .containsEntry("senderStaffId", "u1").containsEntry("senderNick", "Alice")
                        .containsEntry("robotCode", "dingclient1").containsEntry("msgtype", "text")
                        .containsEntry("text", Map.of("content", " deploy status"));
                assertThat((String) d.get("sessionWebhook")).startsWith(sim.apiUrl() + "/robot/sendBySession?session=");

                c.ack(f, 200, Map.of("response", Map.of()));
                c.send("{\"code\":200,\"headers\":{\"messageId\":\"nope_1_2_3\"},\"message\":\"OK\",\"data\":\"\"}");
                c.send("not json");
                await().until(() -> sim.acks().size() == 2 && sim.protocolErrors().size() == 2);
                FrameAck ack = sim.acks().get(0);
                assertThat(ack.messageId()).isEqualTo(m.streamMessageId());
                assertThat(ack.code()).isEqualTo(200);
                assertThat(ack.type()).isEqualTo("CALLBACK");
                assertThat(sim.isAcknowledged(m.streamMessageId())).isTrue();
                assertThat(sim.deliveries(m.streamMessageId())).isEqualTo(1);
                assertThat(sim.protocolErrors()).anyMatch(e -> e.contains("unknown messageId nope_1_2_3"))
                        .anyMatch(e -> e.contains("not a JSON object"));

                // card callback: the ack's response is recorded
                String track = sim.pushCardCallback("u1", "track-1", Map.of("actionId", "ok", "k", "v"));
                Map<String, Object> card = c.next();
                assertThat(headers(card)).containsEntry("topic", "/v1.0/card/instances/callback");
                assertThat(data(card)).containsEntry("outTrackId", "track-1").containsEntry("type", "actionCallback");
                assertThat(parse((String) data(card).get("content"))).containsKey("cardPrivateData");
                c.ack(card, 200, Map.of("response", Map.of("cardData", Map.of("cardParamMap", Map.of("s", "done")))));
                await().until(() -> sim.cardCallbackResponse(track) != null);
                assertThat(sim.cardCallbackResponse(track)).containsKey("cardData");
            }
        }
    }

    @Test
    void eventIsRedeliveredWithSameIdsUntilSuccess() {
        try (DingTalkSimulator sim = DingTalkSimulator.builder().ackTimeout(Duration.ofMillis(300))
                .eventRedeliveryDelays(List.of(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50)))
                .start(); TestSupport.StreamClient c = connect(sim)) {
            await().until(() -> sim.openConnections() == 1);
            String eventId = sim.pushEvent("user_add_org", Map.of("userId", List.of("u1")));
            Map<String, Object> f1 = c.next();
            assertThat(f1).containsEntry("type", "EVENT");
            assertThat(headers(f1)).containsEntry("eventId", eventId).containsEntry("eventType", "user_add_org")
                    .containsEntry("topic", "*").containsKeys("eventCorpId", "eventBornTime", "eventUnifiedAppId");
            c.ack(f1, 200, Map.of("status", "LATER", "message", "busy")); // LATER -> redeliver
            Map<String, Object> f2 = c.next(); // then: no ack -> timeout
            Map<String, Object> f3 = c.next();
            c.ack(f3, 500, null); // error ack -> redeliver
            Map<String, Object> f4 = c.next();
            for (Map<String, Object> f : List.of(f2, f3, f4)) {
                assertThat(headers(f).get("messageId")).isEqualTo(headers(f1).get("messageId"));
                assertThat(headers(f).get("eventId")).isEqualTo(eventId);
            }
            assertThat(sim.isAcknowledged(eventId)).isFalse();
            c.ack(f4, 200, Map.of("status", "SUCCESS"));
            await().until(() -> sim.isAcknowledged(eventId));
            assertThat(sim.deliveries(eventId)).isEqualTo(4);
            assertThat(sim.deliveries((String) headers(f1).get("messageId"))).isEqualTo(4);
        }
    }

    @Test
    void pushesAreQueuedWithoutConnectionAndEventsSurviveDroppedConnections() {
        try (DingTalkSimulator sim = DingTalkSimulator.builder().ackTimeout(Duration.ofMillis(200))
                .eventRedeliveryDelays(List.of(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50)))
                .start()) {
            String e1 = sim.pushEvent("chat_update_title", Map.of("title", "x"));
            assertThat(sim.queuedPushes()).isEqualTo(1);
            try (TestSupport.StreamClient c1 = connect(sim)) {
                assertThat(headers(c1.next())).containsEntry("eventId", e1); // queued push delivered on open
                sim.faults().dropConnectionsEvery(2); // the next push kills c1
                String e2 = sim.pushEvent("chat_update_title", Map.of("title", "y"));
                // the server closes the TCP connection (no close frame); the JDK client does not always notice an
                // EOF that arrives together with a frame, so check the server side
                await().until(() -> sim.openConnections() == 0);
                sim.faults().dropConnectionsEvery(0);
                try (TestSupport.StreamClient c2 = connect(sim)) { // reconnect: both redelivered
                    Set<Object> seen = new HashSet<>();
                    while (seen.size() < 2) {
                        Map<String, Object> f = c2.next();
                        seen.add(headers(f).get("eventId"));
                        c2.ack(f, 200, Map.of("status", "SUCCESS", "message", "ok"));
                    }
                    assertThat(seen).containsExactlyInAnyOrder(e1, e2);
                    await().until(() -> sim.isAcknowledged(e1) && sim.isAcknowledged(e2));
                    assertThat(sim.deliveries(e1)).isGreaterThanOrEqualTo(2);
                    assertThat(sim.deliveries(e2)).isEqualTo(2);
                }
            }
            assertThat(sim.registrations()).isEqualTo(2);
        }
    }

    @Test
    void registrationChecksCredentialsAndTicketsAreSingleUse() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.builder().clientId("dingclient1").clientSecret("secret1")
                .start()) {
            String url = sim.apiUrl() + "/v1.0/gateway/connections/open";
            var bad = post(url, Map.of("clientId", "dingclient1", "clientSecret", "wrong",
                    "subscriptions", TestSupport.ALL_SUBSCRIPTIONS));
            assertThat(bad.statusCode()).isEqualTo(401);
            assertThat(parse(bad.body())).containsEntry("code", "InvalidAuthentication").containsKey("requestid");
            var noSubs = post(url, Map.of("clientId", "dingclient1", "clientSecret", "secret1"));
            assertThat(noSubs.statusCode()).isEqualTo(400);
            sim.faults().rejectRegistrations(1);
            assertThat(post(url, Map.of("clientId", "dingclient1", "clientSecret", "secret1",
                    "subscriptions", TestSupport.ALL_SUBSCRIPTIONS)).statusCode()).isEqualTo(401);

            Map<String, Object> reg = register(sim);
            assertThat(reg.get("endpoint")).isEqualTo("ws://127.0.0.1:" + sim.port() + "/connect");
            String wsUrl = reg.get("endpoint") + "?ticket=" + reg.get("ticket");
            try (TestSupport.StreamClient ok = TestSupport.StreamClient.open(HTTP, wsUrl)) {
                await().until(() -> sim.openConnections() == 1);
                assertThatThrownBy(() -> TestSupport.StreamClient.open(HTTP, wsUrl))
                        .isInstanceOf(CompletionException.class)
                        .hasCauseInstanceOf(WebSocketHandshakeException.class)
                        .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse()
                                .statusCode()).isEqualTo(401));
            }
            assertThatThrownBy(() -> TestSupport.StreamClient.open(HTTP, reg.get("endpoint") + "?ticket=unknown"))
                    .hasCauseInstanceOf(WebSocketHandshakeException.class);
            assertThat(sim.registrations()).isEqualTo(1);
            assertThat(sim.registrationRequests()).hasSize(4);
        }
    }

    @Test
    void pingsDisconnectRawAndOversizeFrames() {
        try (DingTalkSimulator sim = DingTalkSimulator.builder().systemPingInterval(Duration.ofMillis(100))
                .disconnectCloseDelay(Duration.ofMillis(300)).start(); TestSupport.StreamClient c = connect(sim)) {
            // websocket PING -> PONG with the same payload
            c.ws.sendPing(ByteBuffer.wrap("hello-ping".getBytes(StandardCharsets.UTF_8))).join();
            assertThat(poll(c.pongs)).isEqualTo("hello-ping");

            // SYSTEM ping: echo the data
            Map<String, Object> ping = c.next();
            assertThat(ping).containsEntry("type", "SYSTEM");
            assertThat(headers(ping)).containsEntry("topic", "ping");
            c.send(Map.of("code", 200, "headers", headers(ping), "message", "OK", "data", ping.get("data")));
            await().until(() -> sim.systemPingsEchoed() >= 1);

            sim.faults().sendRaw("{broken");
            assertThat(nextNonPing(c)).isEqualTo("{broken");
            sim.faults().sendOversize(100_000);
            String big = nextNonPing(c);
            assertThat(big.getBytes(StandardCharsets.UTF_8)).hasSize(100_000);
            assertThat(parse(big)).containsEntry("type", "CALLBACK");

            sim.faults().sendDisconnect();
            String disc = nextNonPing(c);
            assertThat(headers(parse(disc))).containsEntry("topic", "disconnect");
            sim.userSendsText("u9", null, "after disconnect");
            await().until(() -> sim.openConnections() == 0);
            assertThat(sim.queuedPushes()).isEqualTo(1); // nothing delivered on a draining connection
            assertThat(c.frames.stream().filter(f -> !f.contains("\"ping\"")).toList()).isEmpty();
        }
    }

    @Test
    void tlsModeServesWssOnTheSamePortWithTheBundledCertificate() throws Exception {
        assertThat(Files.size(SimulatorTls.trustStoreFile())).isPositive();
        try (DingTalkSimulator sim = DingTalkSimulator.builder().tls(true).start()) {
            assertThat(sim.apiUrl()).isEqualTo("http://127.0.0.1:" + sim.port());
            Map<String, Object> reg = register(sim); // plain http registration
            assertThat(reg.get("endpoint")).isEqualTo("wss://localhost:" + sim.port() + "/connect");
            HttpClient tlsClient = HttpClient.newBuilder().sslContext(SimulatorTls.clientContext()).build();
            try (TestSupport.StreamClient c = TestSupport.StreamClient.open(tlsClient,
                    reg.get("endpoint") + "?ticket=" + reg.get("ticket"))) {
                InboundMessage m = sim.userSendsText("u1", null, "over tls");
                Map<String, Object> f = c.next();
                assertThat(data(f)).containsEntry("msgId", m.msgId()).containsEntry("conversationType", "1")
                        .containsEntry("text", Map.of("content", "over tls"));
                c.ack(f, 200, Map.of("response", Map.of()));
                await().until(() -> sim.isAcknowledged(m.streamMessageId()));
            }
            // HTTPS works on the same port too
            var r = tlsClient.send(HttpRequest.newBuilder(URI.create(sim.httpsUrl()
                                                                     + "/gettoken?appkey=" + sim.clientId()
                                                                     + "&appsecret=" + sim.clientSecret()))
                    .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(parse(r.body())).containsEntry("errcode", 0);
        }
    }

    @Test
    void closeIsFastAndReleasesThePort() throws Exception {
        DingTalkSimulator sim = DingTalkSimulator.builder().start();
        TestSupport.StreamClient c = connect(sim);
        int port = sim.port();
        long t0 = System.nanoTime();
        sim.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        c.close();
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    private static String poll(BlockingQueue<String> q) {
        try {
            String s = q.poll(5, TimeUnit.SECONDS);
            assertThat(s).isNotNull();
            return s;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String nextNonPing(TestSupport.StreamClient c) {
        while (true) {
            String f = c.nextText();
            if (!f.contains("\"topic\":\"ping\"")) {
                return f;
            }
        }
    }
}
