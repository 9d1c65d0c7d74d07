package io.camelchat.lark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.ByteString;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ws.WebSocketSession;
import io.camelchat.lark.api.LarkEvent;
import io.camelchat.lark.stream.LarkClientConfig;
import io.camelchat.lark.stream.LarkFragmentCache;
import io.camelchat.lark.stream.LarkFrames;
import io.camelchat.lark.stream.proto.Pbbp2;
import io.camelchat.simulator.lark.InboundEvent;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import io.camelchat.simulator.lark.ResponseFrame;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** lark:stream against the Lark simulator over real sockets. */
class LarkStreamConsumerTest extends CamelTestSupport {

    static final String APP_ID = "cli_0123456789abcdef";
    static final String APP_SECRET = "lark-secret-0123456789";
    static final String CHAT = "oc_streamchat0001";
    static final String ALICE = "ou_alice0001";
    static final String BOB = "ou_bob0002";

    static LarkSimulator sim;

    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final List<String> routedIds = Collections.synchronizedList(new ArrayList<>());
    private volatile CountDownLatch hold;

    @BeforeAll
    static void startSimulator() {
        // ping every second, reconnect without a nonce: quick tests
        sim = LarkSimulator.builder().appId(APP_ID).appSecret(APP_SECRET).verificationToken("vtoken-stream")
                .clientConfig(-1, 1, 0, 1)
                .redeliveryDelays(Collections.nCopies(40, Duration.ofMillis(300)))
                .ackTimeout(Duration.ofSeconds(2))
                .start();
        sim.addUser(new LarkUser(ALICE, "u_alice", "on_alice", "Alice", "alice@example.com", "+8613800000001"));
        sim.addUser(new LarkUser(BOB, "u_bob", "on_bob", "Bob", "bob@example.com", "+8613800000002"));
        sim.addChat(new LarkChat(CHAT, "Ops", List.of(ALICE, BOB)));
    }

    @AfterAll
    static void stopSimulator() {
        if (sim != null) {
            try {
                // every ping and answer the consumer wrote was well-formed, and it never answered a card frame
                assertThat(sim.protocolErrors()).isEmpty();
            } finally {
                sim.close();
                sim = null;
            }
        }
    }

    @BeforeEach
    void resetFaults() {
        sim.faults().reset();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        LarkConfiguration c = context.getComponent("lark", LarkComponent.class).getConfiguration();
        c.setAppId(APP_ID);
        c.setAppSecret(APP_SECRET);
        c.setApiUrl(sim.apiUrl());
        c.setReconnectDelay(100);
        c.setMaxReconnectDelay(1000);
        c.setRetryDelay(50);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // a short response timeout: an endpoint request that hangs on a loaded machine does not stall the reconnects
                from("lark:stream?eventTypes=im.message.receive_v1,card.action.trigger&concurrentConsumers=4&responseTimeout=5s")
                        .routeId("stream")
                        .process(e -> {
                            String id = e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
                            routedIds.add(id);
                            int n = seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                            LarkEvent event = e.getMessage().getBody(LarkEvent.class);
                            String text = event.isMessage() ? event.plainText() : "";
                            if (text.contains("hold") && hold != null) {
                                hold.await(10, TimeUnit.SECONDS);
                            }
                            if (text.contains("explode once") && n == 1) {
                                throw new IllegalStateException("route failed on purpose");
                            }
                            if (event.isCardAction() && event.actionValue().has("choice")) {
                                String choice = event.actionValue().path("choice").asText();
                                e.getMessage().setBody(Map.of(
                                        "toast", Map.of("type", "success", "content", "chose " + choice),
                                        "card", Map.of("type", "raw", "data", Map.of("elements",
                                                List.of(Map.of("tag", "markdown", "content", "done: " + choice))))));
                            }
                        })
                        .to("mock:out");
            }
        };
    }

    private MockEndpoint out() {
        return getMockEndpoint("mock:out");
    }

    private LarkStreamConsumer streamConsumer() {
        return (LarkStreamConsumer) context.getRoute("stream").getConsumer();
    }

    private Exchange awaitRouted(String messageId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> out().getExchanges().stream()
                .anyMatch(x -> messageId.equals(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID))));
        return out().getExchanges().stream()
                .filter(x -> messageId.equals(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID))).findFirst()
                .orElseThrow();
    }

    private void awaitConnected() {
        await().atMost(Duration.ofSeconds(10)).until(() -> streamConsumer().getSession() != null
                && streamConsumer().getSession().getState() == WebSocketSession.State.CONNECTED
                && sim.openConnections() >= 1);
    }

    private List<ResponseFrame> responses(String frameMessageId) {
        return sim.responses().stream().filter(r -> frameMessageId.equals(r.messageId())).toList();
    }

    private ResponseFrame awaitResponse(String frameMessageId, int code) {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> responses(frameMessageId).stream().anyMatch(r -> r.statusCode() == code));
        return responses(frameMessageId).stream().filter(r -> r.statusCode() == code).findFirst().orElseThrow();
    }

    private static byte[] frame(int method, Map<String, String> headers, String payload) {
        Pbbp2.Frame.Builder f = Pbbp2.Frame.newBuilder().setSeqID(7).setLogID(8).setService(sim.serviceId())
                .setMethod(method);
        headers.forEach((k, v) -> f.addHeaders(Pbbp2.Header.newBuilder().setKey(k).setValue(v)));
        if (payload != null) {
            f.setPayload(ByteString.copyFromUtf8(payload));
        }
        return f.build().toByteArray();
    }

    @Test
    void messageIsRoutedWithHeadersAndAcknowledgedAfterTheRoute() {
        awaitConnected();
        hold = new CountDownLatch(1);
        InboundEvent sent = sim.userSendsText(ALICE, CHAT, "please hold the deploy");
        await().atMost(Duration.ofSeconds(10)).until(() -> routedIds.contains(sent.messageId()));
        // the route is still busy: no answer yet
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                .until(() -> responses(sent.frameMessageId()).isEmpty());
        hold.countDown();

        Exchange x = awaitRouted(sent.messageId());
        LarkEvent body = x.getMessage().getBody(LarkEvent.class);
        assertThat(body.isMessage()).isTrue();
        assertThat(body.plainText()).isEqualTo("please hold the deploy");
        assertThat(x.getMessage().getHeaders())
                .containsEntry(ChatHeaders.PLATFORM, "lark")
                .containsEntry(ChatHeaders.EVENT_TYPE, "message")
                .containsEntry(ChatHeaders.MESSAGE_ID, sent.messageId())
                .containsEntry(ChatHeaders.CONVERSATION_ID, CHAT)
                .containsEntry(ChatHeaders.CONVERSATION_TYPE, "group")
                .containsEntry(ChatHeaders.SENDER_ID, ALICE)
                .containsEntry(LarkConstants.EVENT_ID, sent.eventId())
                .containsEntry(LarkConstants.EVENT_TYPE, "im.message.receive_v1")
                .containsEntry(LarkConstants.CHAT_TYPE, "group")
                .containsEntry(LarkConstants.MESSAGE_TYPE, "text");

        ResponseFrame ack = awaitResponse(sent.frameMessageId(), 200);
        assertThat(ack.payload()).isEqualTo(Map.of("code", 200));
        assertThat(ack.type()).isEqualTo("event");
        assertThat(ack.service()).isEqualTo(sim.serviceId());
        assertThat(ack.bizRt()).isNotNull();
        assertThat(Long.parseLong(ack.bizRt())).isGreaterThanOrEqualTo(300);
        assertThat(ack.headers()).containsKeys("sum", "seq", "trace_id", "timestamp");
        assertThat(ack.seqId()).isPositive();
        assertThat(sim.deliveries(sent.frameMessageId())).isEqualTo(1);
        assertThat(sim.isAcknowledged(sent.eventId())).isTrue();
        assertThat(streamConsumer().getRoutedCount()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void failedRouteAnswers500AndTheRedeliveryCarriesTheSameMessageId() {
        InboundEvent sent = sim.userSendsText(BOB, null, "explode once");
        ResponseFrame failure = awaitResponse(sent.frameMessageId(), 500);
        assertThat(failure.payload()).isEqualTo(Map.of("code", 500));
        awaitResponse(sent.frameMessageId(), 200);
        assertThat(seen.get(sent.messageId()).get()).isEqualTo(2);
        assertThat(sim.deliveries(sent.frameMessageId())).isEqualTo(2);
        assertThat(out().getExchanges())
                .filteredOn(x -> sent.messageId().equals(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID))).hasSize(1);
        assertThat(streamConsumer().getFailedCount()).isEqualTo(1);
    }

    @Test
    void cardActionIsAnsweredWithTheRoutesToastAndCard() {
        InboundEvent card = sim.newTextEvent(ALICE, CHAT, "a message with a card");
        InboundEvent click = sim.cardAction(ALICE, card.messageId(), Map.of("choice", "yes"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.cardActionResponse(click.eventId()) != null);
        Map<String, Object> answer = sim.cardActionResponse(click.eventId());
        assertThat(answer).containsEntry("toast", Map.of("type", "success", "content", "chose yes"));
        assertThat(answer.get("card").toString()).contains("done: yes");
        assertThat(sim.cardActionResponse(click.cardToken())).isEqualTo(answer);
        Exchange x = awaitRouted(click.eventId());
        assertThat(x.getMessage().getHeader(ChatHeaders.EVENT_TYPE)).isEqualTo("card");
        assertThat(x.getMessage().getHeader(ChatHeaders.SENDER_ID)).isEqualTo(ALICE);

        // no toast or card in the body: a plain 200
        InboundEvent plain = sim.cardAction(BOB, card.messageId(), Map.of("other", "x"));
        ResponseFrame ack = awaitResponse(plain.frameMessageId(), 200);
        assertThat(ack.payload()).isEqualTo(Map.of("code", 200));
        assertThat(ack.data()).isNull();
    }

    @Test
    void splitPayloadsAreReassembledInOrderAndOutOfOrder() {
        awaitConnected();
        sim.faults().splitNext(3, false, false);
        InboundEvent inOrder = sim.userSendsText(ALICE, null, "split in order " + "x".repeat(300));
        awaitResponse(inOrder.frameMessageId(), 200);
        sim.faults().splitNext(4, true, false);
        InboundEvent reversed = sim.userSendsText(ALICE, null, "split out of order " + "y".repeat(300));
        awaitResponse(reversed.frameMessageId(), 200);

        assertThat(awaitRouted(inOrder.messageId()).getMessage().getBody(LarkEvent.class).plainText())
                .isEqualTo("split in order " + "x".repeat(300));
        assertThat(awaitRouted(reversed.messageId()).getMessage().getBody(LarkEvent.class).plainText())
                .isEqualTo("split out of order " + "y".repeat(300));
        assertThat(seen.get(inOrder.messageId()).get()).isEqualTo(1);
        assertThat(seen.get(reversed.messageId()).get()).isEqualTo(1);
        assertThat(responses(inOrder.frameMessageId())).hasSize(1);
        assertThat(responses(reversed.frameMessageId())).hasSize(1);
        assertThat(streamConsumer().getPendingFragmentSets()).isZero();
    }

    @Test
    void anIncompleteSplitIsNotRoutedAndTheWholeRedeliveryIs() {
        awaitConnected();
        sim.faults().splitNext(3, false, true);
        InboundEvent sent = sim.userSendsText(BOB, null, "incomplete split");
        await().atMost(Duration.ofSeconds(5)).until(() -> streamConsumer().getPendingFragmentSets() == 1);
        assertThat(routedIds).doesNotContain(sent.messageId());
        assertThat(responses(sent.frameMessageId())).isEmpty();
        // after the ack timeout the simulator sends the event again, in one piece
        awaitResponse(sent.frameMessageId(), 200);
        assertThat(sim.deliveries(sent.frameMessageId())).isEqualTo(2);
        assertThat(seen.get(sent.messageId()).get()).isEqualTo(1);
        assertThat(streamConsumer().getPendingFragmentSets()).isZero();
    }

    @Test
    void malformedFramesAreCountedAndTheConnectionSurvives() {
        awaitConnected();
        LarkStreamConsumer consumer = streamConsumer();
        long connects = consumer.getSession().getConnectCount();
        long bad = consumer.getBadFrameCount();
        sim.faults().sendRawFrame(new byte[]{ 1, 2, 3 });
        sim.faults().sendRawFrame(frame(1, Map.of("type", "event", "message_id", "m-noheaders"), "{}"));
        sim.faults().sendRawFrame(frame(1, Map.of("type", "event", "message_id", "m-badseq", "sum", "2", "seq", "2",
                "trace_id", "t"), "{}"));
        sim.faults().sendRawFrame(frame(1, Map.of("type", "event", "message_id", "m-badsum", "sum", "two", "seq", "0",
                "trace_id", "t"), "{}"));
        sim.faults().sendRawFrame(frame(1, Map.of("type", "event", "message_id", "m-hugesum", "sum", "2000000000",
                "seq", "0", "trace_id", "t"), "{}"));
        sim.faults().sendRawFrame(frame(1, Map.of("type", "event", "message_id", "m-notjson", "sum", "1", "seq", "0",
                "trace_id", "t"), "{this is not json"));
        sim.faults().sendRawFrame(frame(1, Map.of("type", "event", "message_id", "m-notevent", "sum", "1", "seq", "0",
                "trace_id", "t"), "{\"hello\":1}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getBadFrameCount() - bad >= 7);
        // legacy card frames are ignored without an answer
        InboundEvent host = sim.newTextEvent(ALICE, CHAT, "legacy card host");
        InboundEvent legacy = sim.pushCardFrame(ALICE, host.messageId(), Map.of("choice", "legacy"));
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getCardFrameCount() >= 1);

        InboundEvent after = sim.userSendsText(ALICE, null, "still there?");
        awaitRouted(after.messageId());
        awaitResponse(after.frameMessageId(), 200);
        assertThat(consumer.getSession().getConnectCount()).isEqualTo(connects);
        assertThat(responses(legacy.frameMessageId())).isEmpty();
        assertThat(sim.responses()).noneMatch(r -> r.messageId() != null && r.messageId().startsWith("m-"));
        assertThat(consumer.getLastBadFrame()).doesNotContain("vtoken");

        // an oversize frame closes the socket (1009); the consumer reconnects
        sim.faults().sendRawFrame(new byte[2 * 1024 * 1024]);
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getSession().getConnectCount() > connects);
        InboundEvent later = sim.userSendsText(ALICE, null, "after the big one");
        awaitResponse(later.frameMessageId(), 200);
    }

    @Test
    void droppedSocketEveryFewFramesLosesNoEvent() {
        awaitConnected();
        long connects = streamConsumer().getSession().getConnectCount();
        sim.faults().dropConnectionsEvery(3);
        List<InboundEvent> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // one at a time, as events come in life: every third frame written kills the socket it went out on
            InboundEvent e = sim.userSendsText(BOB, null, "bulk " + i);
            sent.add(e);
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.deliveries(e.frameMessageId()) >= 1);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sent.stream().allMatch(e -> sim.isAcknowledged(e.eventId())));
        List<String> ids = sent.stream().map(InboundEvent::messageId).toList();
        assertThat(new HashSet<>(routedIds)).containsAll(ids);
        assertThat(streamConsumer().getSession().getConnectCount()).isGreaterThan(connects);
    }

    @Test
    void pingsFollowTheClientConfigAndAPongCanChangeTheInterval() {
        awaitConnected();
        LarkStreamConsumer consumer = streamConsumer();
        // the endpoint answer said PingInterval 1 (s)
        assertThat(consumer.pingInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(consumer.getClientConfig()).isEqualTo(new LarkClientConfig(-1, 1, 0, 1));
        int pings = sim.pingsReceived();
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.pingsReceived() >= pings + 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.getPongCount() >= 2);
        assertThat(sim.protocolErrors()).noneMatch(e -> e.startsWith("ping with service"));

        // a pong carrying another config replaces it: pings slow down to every 3 s
        sim.faults().sendRawFrame(frame(0, Map.of("type", "pong"),
                "{\"ReconnectCount\":-1,\"ReconnectInterval\":1,\"ReconnectNonce\":0,\"PingInterval\":3}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.pingInterval().equals(Duration.ofSeconds(3)));
        assertThat(consumer.getSession().getCurrentConnection()).isNotNull();
        int before = sim.pingsReceived();
        // with the old interval two pings would go out within 2.5 s; with 3 s at most one (then the simulator's pong
        // brings the interval back to 1 s)
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                .until(() -> sim.pingsReceived() <= before + 1);
        await().atMost(Duration.ofSeconds(8)).until(() -> consumer.pingInterval().equals(Duration.ofSeconds(1)));
    }

    @Test
    void unansweredPingsReplaceTheConnection() {
        awaitConnected();
        LarkStreamConsumer consumer = streamConsumer();
        long connects = consumer.getSession().getConnectCount();
        sim.faults().answerPings(false);
        await().atMost(Duration.ofSeconds(8)).until(() -> consumer.getSession().getConnectCount() > connects);
        sim.faults().answerPings(true);
        InboundEvent after = sim.userSendsText(ALICE, null, "after silence");
        awaitResponse(after.frameMessageId(), 200);
    }

    @Test
    void eventsLeftOutByEventTypesAreAcknowledgedButNotRouted() {
        awaitConnected();
        String eventId = sim.pushEvent("im.chat.member.user.added_v1", Map.of("chat_id", CHAT));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(eventId));
        assertThat(streamConsumer().getFilteredCount()).isGreaterThanOrEqualTo(1);
        assertThat(routedIds).doesNotContain(eventId);
        assertThat(sim.deliveries(eventId)).isEqualTo(1);
    }

    @Test
    void suspendedRouteClosesTheConnectionAndEventsWaitUntilResume() throws Exception {
        awaitConnected();
        context.getRouteController().suspendRoute("stream");
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.openConnections() == 0);
        InboundEvent sent = sim.userSendsText(ALICE, null, "while suspended");
        context.getRouteController().resumeRoute("stream");
        awaitRouted(sent.messageId());
        awaitResponse(sent.frameMessageId(), 200);
    }

    @Test
    void healthCheckFollowsTheConnection() {
        awaitConnected();
        await().atMost(Duration.ofSeconds(10)).until(() -> health() == HealthCheck.State.UP);
        sim.faults().rejectEndpointRequests(1000);
        sim.faults().dropAllConnections();
        await().atMost(Duration.ofSeconds(20)).until(() -> health() == HealthCheck.State.DOWN);
        // the endpoint keeps refusing: after repeated failures the session reports itself failed, and keeps trying
        await().atMost(Duration.ofSeconds(30))
                .until(() -> streamConsumer().getSession().getState() == WebSocketSession.State.FAILED);
        assertThat(health()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(streamConsumer().getSession().getLastError()).contains("system busy").doesNotContain(APP_SECRET);
        sim.faults().reset();
        await().atMost(Duration.ofSeconds(30)).until(() -> health() == HealthCheck.State.UP);
    }

    @Test
    void fragmentCacheCompletesExpiresAndStaysWithinItsBound() throws Exception {
        LarkFragmentCache cache = new LarkFragmentCache(Duration.ofMillis(200), 100);
        assertThat(cache.add("a", 3, 2, "c".getBytes())).isNull();
        assertThat(cache.add("a", 3, 0, "a".getBytes())).isNull();
        assertThat(cache.add("a", 3, 0, "a".getBytes())).isNull();
        assertThat(cache.add("a", 3, 1, "b".getBytes())).isEqualTo("abc".getBytes());
        assertThat(cache.pendingSets()).isZero();
        assertThat(cache.pendingBytes()).isZero();
        assertThatThrownBy(() -> cache.add("b", 2, 2, new byte[1])).isInstanceOf(IllegalArgumentException.class);

        // an incomplete set expires
        cache.add("c", 2, 0, new byte[10]);
        Thread.sleep(250);
        cache.expire();
        assertThat(cache.pendingSets()).isZero();
        assertThat(cache.expiredSets()).isEqualTo(1);

        // beyond 100 bytes the oldest set goes
        cache.add("d", 2, 0, new byte[60]);
        cache.add("e", 2, 0, new byte[60]);
        assertThat(cache.pendingSets()).isEqualTo(1);
        assertThat(cache.evictedSets()).isEqualTo(1);
        assertThat(cache.add("e", 2, 1, new byte[1])).hasSize(61);

        // the ping as the Java and Python SDKs write it (protocol notes 4.4)
        assertThat(HexFormat.of().formatHex(LarkFrames.ping(33554678)))
                .isEqualTo("0800100018f681801020002a0c0a0474797065120470696e67");
    }

    private HealthCheck.State health() {
        return HealthCheckHelper.invoke(context).stream()
                .filter(r -> r.getCheck().getId().contains("stream"))
                .map(HealthCheck.Result::getState).findFirst().orElse(HealthCheck.State.UNKNOWN);
    }
}
