package io.camelchat.simulator.lark;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;

import io.camelchat.simulator.lark.proto.Pbbp2;
import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.lark.LarkTestSupport.call;
import static io.camelchat.simulator.lark.LarkTestSupport.connect;
import static io.camelchat.simulator.lark.LarkTestSupport.endpoint;
import static io.camelchat.simulator.lark.LarkTestSupport.headers;
import static io.camelchat.simulator.lark.LarkTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LarkLongConnectionTest {

    private static final LarkUser ALICE = new LarkUser("ou_alice", "u_alice", "on_alice", "Alice", "alice@example.com",
            "+8613800000001");

    @Test
    void endpointPingPongAndAcknowledgedEvent() throws Exception {
        try (LarkSimulator sim = LarkTestSupport.builder().clientConfig(3, 5, 0, 7).start()) {
            sim.addUser(ALICE);
            Map<String, Object> ep = endpoint(sim);
            assertThat(ep.get("ClientConfig")).isEqualTo(Map.of("ReconnectCount", 3, "ReconnectInterval", 5,
                    "ReconnectNonce", 0, "PingInterval", 7));
            String url = (String) ep.get("URL");
            URI u = URI.create(url);
            assertThat(u.getScheme()).isEqualTo("ws");
            assertThat(u.getPath()).isEqualTo("/ws/v2");
            assertThat(u.getQuery()).doesNotStartWith("device_id").contains("device_id=")
                    .contains("service_id=" + sim.serviceId()).contains("ticket=");
            assertThat(sim.endpointRequests()).isEqualTo(1);

            try (LarkTestSupport.WsClient c = LarkTestSupport.WsClient.open(url)) {
                await().until(() -> sim.openConnections() == 1);
                c.ping(sim.serviceId());
                Pbbp2.Frame pong = c.next();
                assertThat(pong.getMethod()).isZero();
                assertThat(headers(pong)).containsEntry("type", "pong");
                assertThat(parse(pong.getPayload().toStringUtf8())).containsEntry("PingInterval", 7)
                        .containsEntry("ReconnectCount", 3).containsKeys("ReconnectInterval", "ReconnectNonce");
                assertThat(sim.pingsReceived()).isEqualTo(1);

                InboundEvent e = sim.userSendsText("ou_alice", null, "hello bot");
                Pbbp2.Frame f = c.next();
                assertThat(f.getMethod()).isEqualTo(1);
                assertThat(f.getService()).isEqualTo(sim.serviceId());
                Map<String, String> h = headers(f);
                assertThat(h).containsEntry("type", "event").containsEntry("message_id", e.frameMessageId())
                        .containsEntry("sum", "1").containsEntry("seq", "0").containsKeys("trace_id", "timestamp");
                Map<String, Object> env = parse(f.getPayload().toStringUtf8());
                assertThat(env).containsEntry("schema", "2.0");
                assertThat((Map<String, Object>) env.get("header")).containsEntry("event_id", e.eventId())
                        .containsEntry("event_type", "im.message.receive_v1").containsEntry("token", "vtoken")
                        .containsEntry("app_id", LarkTestSupport.APP_ID).containsEntry("tenant_key", "tenant0001");
                @SuppressWarnings("unchecked")
                Map<String, Object> msg = (Map<String, Object>) ((Map<String, Object>) env.get("event")).get("message");
                assertThat(msg).containsEntry("chat_type", "p2p").containsEntry("message_type", "text")
                        .containsEntry("content", "{\"text\":\"hello bot\"}").containsEntry("chat_id", e.chatId())
                        .containsEntry("message_id", e.messageId());
                assertThat(e.chatId()).isEqualTo(sim.p2pChatId("ou_alice"));

                c.answer(f, "{\"code\":200}");
                await().until(() -> sim.isAcknowledged(e.eventId()));
                assertThat(sim.deliveries(e.eventId())).isEqualTo(1);
                ResponseFrame rf = sim.responses().get(0);
                assertThat(rf.messageId()).isEqualTo(e.frameMessageId());
                assertThat(rf.statusCode()).isEqualTo(200);
                assertThat(rf.bizRt()).isEqualTo("3");
                assertThat(rf.type()).isEqualTo("event");
                assertThat(sim.protocolErrors()).isEmpty();

                // a malformed frame from the client and a ping with the wrong service are recorded
                c.send(new byte[]{ 0x08, (byte) 0xff });
                c.ping(1);
                await().until(() -> sim.protocolErrors().size() == 2);
            }
            await().until(() -> sim.openConnections() == 0);
        }
    }

    @Test
    void unansweredOrFailedEventsAreRedeliveredWithTheSameMessageId() {
        try (LarkSimulator sim = LarkTestSupport.builder().ackTimeout(Duration.ofMillis(300))
                .redeliveryDelays(List.of(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50)))
                .start(); LarkTestSupport.WsClient c = connect(sim)) {
            await().until(() -> sim.openConnections() == 1);
            String eventId = sim.pushEvent("im.chat.member.bot.added_v1", Map.of("chat_id", "oc_x"));
            Pbbp2.Frame f1 = c.next(); // not answered -> timeout
            Pbbp2.Frame f2 = c.next();
            c.answer(f2, "{\"code\":500,\"headers\":null,\"data\":null}"); // Go style failure
            Pbbp2.Frame f3 = c.next();
            for (Pbbp2.Frame f : List.of(f2, f3)) {
                assertThat(headers(f).get("message_id")).isEqualTo(headers(f1).get("message_id"));
                assertThat(headers(f).get("trace_id")).isEqualTo(headers(f1).get("trace_id"));
                assertThat(f.getPayload()).isEqualTo(f1.getPayload());
            }
            assertThat(sim.isAcknowledged(eventId)).isFalse();
            c.answer(f3, "{\"code\": 200}");
            await().until(() -> sim.isAcknowledged(eventId));
            assertThat(sim.deliveries(eventId)).isEqualTo(3);
            assertThat(c.quiet(500)).isTrue();
        }
    }

    @Test
    void payloadsAreSplitOverFramesAndReassembled() {
        try (LarkSimulator sim = LarkTestSupport.builder().splitPayloadsAbove(100).ackTimeout(Duration.ofMillis(400))
                .redeliveryDelays(List.of(Duration.ofMillis(50))).start()) {
            sim.addUser(ALICE);
            try (LarkTestSupport.WsClient c = connect(sim)) {
                await().until(() -> sim.openConnections() == 1);
                InboundEvent e = sim.userSendsText("ou_alice", null, "x".repeat(300));
                byte[] expected = e.json().getBytes(StandardCharsets.UTF_8);
                int sum = (expected.length + 99) / 100;
                TreeMap<Integer, byte[]> parts = new TreeMap<>();
                Pbbp2.Frame last = null;
                for (int i = 0; i < sum; i++) {
                    last = c.next();
                    Map<String, String> h = headers(last);
                    assertThat(h).containsEntry("sum", String.valueOf(sum)).containsEntry("message_id",
                            e.frameMessageId());
                    parts.put(Integer.valueOf(h.get("seq")), last.getPayload().toByteArray());
                }
                assertThat(parts.keySet()).hasSize(sum);
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                parts.values().forEach(all::writeBytes);
                assertThat(all.toByteArray()).isEqualTo(expected);
                c.answer(last, "{\"code\":200}");
                await().until(() -> sim.isAcknowledged(e.eventId()));

                // fault: the next payload arrives in 3 parts, reversed, with seq=1 missing -> whole redelivery later
                sim.faults().splitNext(3, true, true);
                String id = sim.pushEvent("custom.event_v1", Map.of("k", "v"));
                Pbbp2.Frame a = c.next();
                Pbbp2.Frame b = c.next();
                assertThat(headers(a)).containsEntry("sum", "3").containsEntry("seq", "2");
                assertThat(headers(b)).containsEntry("sum", "3").containsEntry("seq", "0");
                Pbbp2.Frame again = c.next(); // whole again (split by size only)
                assertThat(headers(again)).containsEntry("seq", "0").containsEntry("message_id",
                        headers(a).get("message_id"));
                int n = Integer.parseInt(headers(again).get("sum"));
                for (int i = 1; i < n; i++) {
                    again = c.next();
                }
                c.answer(again, "{\"code\":200}");
                await().until(() -> sim.isAcknowledged(id));
                assertThat(sim.deliveries(id)).isEqualTo(2);
            }
        }
    }

    @Test
    void cardActionAnswerIsDecodedAndReplacesTheCard() {
        try (LarkSimulator sim = LarkTestSupport.builder().start()) {
            sim.addUser(ALICE);
            String token = LarkTestSupport.tenantToken(sim);
            HttpResponse<String> sent = call("POST", sim.apiUrl() + "/open-apis/im/v1/messages?receive_id_type=open_id",
                    token, Map.of("receive_id", "ou_alice", "msg_type", "interactive", "content",
                            "{\"elements\":[{\"tag\":\"action\",\"actions\":[{\"tag\":\"button\",\"value\":{\"k\":\"v\"}}]}]}"));
            String messageId = (String) LarkTestSupport.data(sent).get("message_id");
            try (LarkTestSupport.WsClient c = connect(sim)) {
                await().until(() -> sim.openConnections() == 1);
                InboundEvent e = sim.cardAction("ou_alice", messageId, Map.of("action", "approve"));
                Pbbp2.Frame f = c.next();
                Map<String, Object> env = parse(f.getPayload().toStringUtf8());
                assertThat(env.get("header").toString()).contains("card.action.trigger");
                @SuppressWarnings("unchecked")
                Map<String, Object> ev = (Map<String, Object>) env.get("event");
                assertThat(ev).containsEntry("token", e.cardToken()).containsKeys("operator", "action", "context");
                assertThat(e.cardToken()).matches("c-[0-9a-f]{40}");
                String answer = "{\"toast\":{\"type\":\"success\",\"content\":\"Approved\"},"
                                + "\"card\":{\"type\":\"raw\",\"data\":{\"elements\":[{\"tag\":\"div\"}]}}}";
                c.answer(f, "{\"code\":200,\"data\":\""
                            + Base64.getEncoder().encodeToString(answer.getBytes(StandardCharsets.UTF_8)) + "\"}");
                await().until(() -> sim.cardActionResponse(e.eventId()) != null);
                assertThat(sim.cardActionResponse(e.cardToken())).containsKey("toast");
                SentMessage m = sim.sentMessages().get(0);
                assertThat(m.content()).isEqualTo(Map.of("elements", List.of(Map.of("tag", "div"))));
                assertThat(m.history()).hasSize(1);

                // legacy card frames are never answered and never redelivered
                InboundEvent legacy = sim.pushCardFrame("ou_alice", messageId, Map.of("a", "b"));
                Pbbp2.Frame lf = c.next();
                assertThat(headers(lf)).containsEntry("type", "card")
                        .containsEntry("message_id", legacy.frameMessageId());
            }
        }
    }

    @Test
    void queuedEventsDroppedConnectionsAndEndpointFaults() {
        try (LarkSimulator sim = LarkTestSupport.builder().ackTimeout(Duration.ofMillis(300))
                .redeliveryDelays(List.of(Duration.ofMillis(50))).maxConnections(1).start()) {
            String id = sim.pushEvent("custom.event_v1", Map.of());
            assertThat(sim.queuedEvents()).isEqualTo(1);

            // wrong credentials and injected rejections
            HttpResponse<String> bad = call("POST", sim.apiUrl() + "/callback/ws/endpoint", null,
                    Map.of("AppID", LarkTestSupport.APP_ID, "AppSecret", "nope"));
            assertThat(parse(bad.body())).containsEntry("code", 1000040344).containsEntry("data", Map.of());
            sim.faults().rejectEndpointRequests(1);
            assertThat(parse(call("POST", sim.apiUrl() + "/callback/ws/endpoint", null,
                    Map.of("AppID", LarkTestSupport.APP_ID, "AppSecret", LarkTestSupport.SECRET)).body()))
                    .containsEntry("code", 1);

            String url = (String) endpoint(sim).get("URL");
            try (LarkTestSupport.WsClient c = LarkTestSupport.WsClient.open(url)) {
                Pbbp2.Frame f = c.next(); // the queued event
                assertThat(sim.queuedEvents()).isZero();
                // the same URL again: the ticket is used up
                assertThatThrownBy(() -> LarkTestSupport.WsClient.open(url)).isInstanceOf(CompletionException.class)
                        .hasCauseInstanceOf(WebSocketHandshakeException.class);
                WebSocketHandshakeException hs = handshakeError(url);
                assertThat(hs.getResponse().statusCode()).isEqualTo(403);
                assertThat(hs.getResponse().headers().firstValue("Handshake-Status")).hasValue("514");
                // connection limit
                WebSocketHandshakeException limit = handshakeError((String) endpoint(sim).get("URL"));
                assertThat(limit.getResponse().headers().firstValue("Handshake-Autherrcode")).hasValue("1000040350");

                sim.faults().dropAllConnections();
                await().until(() -> sim.openConnections() == 0);
                assertThat(c.closed).succeedsWithin(Duration.ofSeconds(5));
                assertThat(f).isNotNull();
            }
            // not answered on the dropped connection: redelivered on the next one
            try (LarkTestSupport.WsClient c2 = connect(sim)) {
                Pbbp2.Frame f = c2.next();
                c2.answer(f, "{\"code\":200}");
                await().until(() -> sim.isAcknowledged(id));
                sim.faults().sendRawFrame(new byte[]{ 1, 2, 3 });
                assertThat(c2.nextRaw()).isInstanceOf(byte[].class);
                sim.faults().closeAllConnections();
                assertThat(c2.closed).succeedsWithin(Duration.ofSeconds(5));
                assertThat(c2.closed.join()).isEqualTo("close 1000");
            }
            assertThat(sim.endpointRequests()).isEqualTo(5);
        }
    }

    private static WebSocketHandshakeException handshakeError(String url) {
        try {
            LarkTestSupport.WsClient.open(url).close();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException hs) {
                return hs;
            }
            throw e;
        }
        throw new AssertionError("handshake succeeded");
    }
}
