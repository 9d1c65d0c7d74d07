package io.camelchat.dingtalk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.ws.WebSocketSession;
import io.camelchat.dingtalk.api.DingTalkCardCallback;
import io.camelchat.dingtalk.api.DingTalkEvent;
import io.camelchat.dingtalk.api.DingTalkRobotMessage;
import io.camelchat.simulator.dingtalk.FrameAck;
import io.camelchat.simulator.dingtalk.InboundMessage;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DingTalkStreamConsumerTest extends DingTalkTestSupport {

    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final List<String> routedIds = Collections.synchronizedList(new ArrayList<>());

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("dingtalk:stream?subscriptions=robot,card,event&heartbeatInterval=300ms").routeId("stream")
                        .process(e -> {
                            String id = e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
                            routedIds.add(id);
                            int n = seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                            String text = e.getMessage().getBody(String.class);
                            boolean failFirst = e.getMessage().getBody() instanceof DingTalkEvent ev
                                    && ev.data().containsKey("failFirst");
                            if (text != null && text.contains("explode") || failFirst && n == 1) {
                                throw new IllegalStateException("route failed on purpose");
                            }
                            if (e.getMessage().getBody() instanceof DingTalkCardCallback card) {
                                e.getMessage().setBody(Map.of("cardData", Map.of("cardParamMap",
                                        Map.of("status", "clicked " + card.actionIds()))));
                            }
                        })
                        .to("mock:out");
            }
        };
    }

    private MockEndpoint out() {
        return getMockEndpoint("mock:out");
    }

    private Exchange awaitRouted(String messageId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> out().getExchanges().stream()
                .anyMatch(x -> messageId.equals(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID))));
        return out().getExchanges().stream()
                .filter(x -> messageId.equals(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID))).findFirst()
                .orElseThrow();
    }

    private void awaitConnected() {
        DingTalkStreamConsumer consumer = (DingTalkStreamConsumer) context.getRoute("stream").getConsumer();
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getSession() != null
                && consumer.getSession().getState() == WebSocketSession.State.CONNECTED
                && sim.openConnections() >= 1);
    }

    private FrameAck awaitAck(String streamMessageId) {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> sim.acks().stream().anyMatch(a -> streamMessageId.equals(a.messageId())));
        return sim.acks().stream().filter(a -> streamMessageId.equals(a.messageId())).findFirst().orElseThrow();
    }

    @Test
    void robotMessageIsRoutedWithHeadersAndAcknowledgedAfterwards() {
        InboundMessage sent = sim.userSendsText("alice", GROUP, "deploy status");
        Exchange x = awaitRouted(sent.msgId());

        DingTalkRobotMessage body = x.getMessage().getBody(DingTalkRobotMessage.class);
        assertThat(body.plainText()).isEqualTo("deploy status");
        assertThat(x.getMessage().getHeaders())
                .containsEntry(ChatHeaders.PLATFORM, "dingtalk")
                .containsEntry(ChatHeaders.EVENT_TYPE, "message")
                .containsEntry(ChatHeaders.CONVERSATION_ID, GROUP)
                .containsEntry(ChatHeaders.CONVERSATION_TYPE, "group")
                .containsEntry(ChatHeaders.SENDER_ID, "alice")
                .containsEntry(DingTalkConstants.SESSION_WEBHOOK, sent.sessionWebhook())
                .containsEntry(DingTalkConstants.SESSION_WEBHOOK_EXPIRES, sent.sessionWebhookExpiredTime())
                .containsEntry(DingTalkConstants.CONVERSATION_TITLE, "Ops room")
                .containsEntry(DingTalkConstants.IN_AT_LIST, true);
        assertThat(x.getMessage().getHeader(ChatHeaders.TIMESTAMP, Long.class)).isEqualTo(sent.createAt());

        ChatMessage chat = x.getMessage().getBody(ChatMessage.class);
        assertThat(chat.getText()).isEqualTo("deploy status");
        assertThat(chat.getSenderId()).isEqualTo("alice");
        assertThat(x.getMessage().getBody(String.class)).isEqualTo("deploy status");

        FrameAck ack = awaitAck(sent.streamMessageId());
        assertThat(ack.code()).isEqualTo(200);
        assertThat(ack.raw()).contains("\\\"response\\\":null");
        assertThat(sim.registrationRequests().get(0).get("subscriptions").toString())
                .contains("/v1.0/im/bot/messages/get", "/v1.0/card/instances/callback", "EVENT");
    }

    @Test
    void failedRouteAnswersCallbackWithAnErrorCode() {
        InboundMessage sent = sim.userSendsText("bob", null, "please explode");
        FrameAck ack = awaitAck(sent.streamMessageId());
        assertThat(ack.code()).isEqualTo(500);
        assertThat(out().getExchanges())
                .noneMatch(x -> sent.msgId().equals(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID)));
    }

    @Test
    void pictureAndFileMessagesCarryAttachmentReferences() {
        InboundMessage pic = sim.userSendsPicture("carol", null, new byte[]{ (byte) 0x89, 'P', 'N', 'G' });
        ChatMessage chat = awaitRouted(pic.msgId()).getMessage().getBody(ChatMessage.class);
        assertThat(chat.getAttachments()).singleElement().satisfies(a -> {
            assertThat(a.getKind().name()).isEqualTo("image");
            assertThat(a.getReference()).isEqualTo(pic.downloadCode());
            // nothing downloaded yet; a producer of another platform loads it through the consuming endpoint
            assertThat(a.hasData()).isFalse();
            assertThat(a.load()).isEqualTo(new byte[]{ (byte) 0x89, 'P', 'N', 'G' });
        });
        InboundMessage file = sim.userSendsFile("carol", null, "report.pdf", "%PDF-1.4".getBytes());
        ChatMessage fileChat = awaitRouted(file.msgId()).getMessage().getBody(ChatMessage.class);
        assertThat(fileChat.getAttachments()).singleElement()
                .satisfies(a -> assertThat(a.getName()).isEqualTo("report.pdf"));
    }

    @Test
    void eventIsAcknowledgedWithSuccessAfterTheRoute() {
        String eventId = sim.pushEvent("user_add_org", Map.of("UserId", List.of("u1"), "CorpId", "dingcorp"));
        Exchange x = awaitRouted(eventId);
        DingTalkEvent event = x.getMessage().getBody(DingTalkEvent.class);
        assertThat(event.eventType()).isEqualTo("user_add_org");
        assertThat(event.data()).containsKey("UserId");
        assertThat(x.getMessage().getHeader(ChatHeaders.EVENT_TYPE)).isEqualTo("user_add_org");
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(eventId));
        assertThat(sim.deliveries(eventId)).isEqualTo(1);
    }

    @Test
    void aBurstOfEventsIsRoutedAndAcknowledgedOnce() {
        awaitConnected();
        long before = sim.acknowledgedEvents();
        List<String> ids = sim.pushEvents(500, "burst_event", Map.of("k", "v"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.acknowledgedEvents() - before == 500);
        assertThat(routedIds).containsAll(ids);
        // on a loaded machine an ack may come after the simulator's timeout: the event is then delivered again, under
        // its own id, and routed again; never under another id, and never more often than it was delivered
        assertThat(ids).allSatisfy(id -> assertThat(routedIds.stream().filter(id::equals).count())
                .isBetween(1L, (long) sim.deliveries(id)));
    }

    @Test
    void failedEventIsAnsweredLaterAndRedeliveredWithTheSameId() {
        String eventId = sim.pushEvent("chat_update_title", Map.of("failFirst", true));
        await().atMost(Duration.ofSeconds(15)).until(() -> sim.isAcknowledged(eventId));
        assertThat(seen.get(eventId).get()).isEqualTo(2);
        assertThat(sim.deliveries(eventId)).isEqualTo(2);
        List<FrameAck> acks = sim.acks().stream().filter(a -> "EVENT".equals(a.type()))
                .filter(a -> a.data() != null && a.data().get("status") != null).toList();
        assertThat(acks).anyMatch(a -> "LATER".equals(a.data().get("status")));
        assertThat(out().getExchanges())
                .filteredOn(x -> eventId.equals(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID)))
                .hasSize(1);
    }

    @Test
    void cardCallbackAnswerCarriesTheRoutesCardUpdate() {
        String track = sim.pushCardCallback("alice", "track-1", Map.of("choice", "yes"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.cardCallbackResponse(track) != null);
        assertThat(sim.cardCallbackResponse(track).toString()).contains("cardParamMap", "clicked");
    }

    @Test
    void droppedSocketEveryFewFramesLosesNoEvent() {
        awaitConnected();
        sim.faults().dropConnectionsEvery(3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // one at a time, as events arrive in life: every third frame written kills the socket it went out on
            String id = sim.pushEvent("bulk_event", Map.of("i", i));
            ids.add(id);
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.deliveries(id) >= 1);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(sim::isAcknowledged));
        assertThat(new HashSet<>(routedIds)).containsAll(ids);
        // redeliveries carry the same CamelChatMessageId: nothing was routed under a new id
        assertThat(routedIds.stream().filter(id -> !ids.contains(id)).filter(id -> id.startsWith("bulk")).count())
                .isZero();
        assertThat(routedIds.stream().filter(ids::contains).count()).isGreaterThanOrEqualTo(ids.size());
        assertThat(sim.registrations()).isGreaterThan(1);
    }

    @Test
    void disconnectFrameOpensANewConnectionWithoutLosingEvents() {
        // a disconnect sent while the consumer's socket is still opening would miss it
        awaitConnected();
        long before = sim.registrations();
        sim.faults().sendDisconnect();
        String eventId = sim.pushEvent("after_disconnect", Map.of("x", 1));
        await().atMost(Duration.ofSeconds(15)).until(() -> sim.isAcknowledged(eventId));
        assertThat(sim.registrations()).isGreaterThan((int) before);
    }

    @Test
    void malformedAndOversizeFramesAreRefusedAndTheStreamGoesOn() {
        awaitConnected();
        sim.faults().sendRaw("{this is not json");
        sim.faults().sendRaw(
                "{\"type\":\"CALLBACK\",\"headers\":{\"messageId\":\"m-bad\",\"topic\":\"/v1.0/im/bot/messages/get\"},\"data\":\"not json\"}");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sim.acks().stream().anyMatch(a -> "m-bad".equals(a.messageId())));
        assertThat(sim.acks().stream().filter(a -> "m-bad".equals(a.messageId())).findFirst().orElseThrow().code())
                .isEqualTo(400);
        DingTalkStreamConsumer consumer = (DingTalkStreamConsumer) context.getRoute("stream").getConsumer();
        long connects = consumer.getSession().getConnectCount();
        sim.faults().sendOversize(2 * 1024 * 1024);
        // the oversize frame closes the socket with 1009; robot messages are never redelivered, so wait for the new one
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getSession().getConnectCount() > connects);
        awaitConnected();
        InboundMessage after = sim.userSendsText("alice", null, "still there?");
        awaitRouted(after.msgId());
        assertThat(consumer.getBadFrameCount()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void missedHeartbeatsReplaceTheConnection() {
        DingTalkStreamConsumer consumer = (DingTalkStreamConsumer) context.getRoute("stream").getConsumer();
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getSession().getConnectCount() >= 1);
        long connects = consumer.getSession().getConnectCount();
        sim.faults().answerWebSocketPings(false);
        await().atMost(Duration.ofSeconds(15)).until(() -> consumer.getSession().getConnectCount() > connects);
        sim.faults().answerWebSocketPings(true);
        InboundMessage after = sim.userSendsText("alice", null, "after heartbeat loss");
        awaitRouted(after.msgId());
    }

    @Test
    void suspendedRouteClosesTheConnectionAndEventsWaitUntilResume() throws Exception {
        awaitConnected();
        context.getRouteController().suspendRoute("stream");
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.openConnections() == 0);
        String eventId = sim.pushEvent("while_suspended", Map.of("x", 1));
        context.getRouteController().resumeRoute("stream");
        awaitRouted(eventId);
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(eventId));
    }

    @Test
    void healthCheckFollowsTheConnection() {
        DingTalkStreamConsumer consumer = (DingTalkStreamConsumer) context.getRoute("stream").getConsumer();
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getSession().getConnectCount() >= 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> health() == HealthCheck.State.UP);
        sim.faults().rejectRegistrations(1000);
        sim.faults().dropAllConnections();
        await().atMost(Duration.ofSeconds(20)).until(() -> health() == HealthCheck.State.DOWN);
        sim.faults().rejectRegistrations(0);
        sim.faults().reset();
        await().atMost(Duration.ofSeconds(30)).until(() -> health() == HealthCheck.State.UP);
    }

    private HealthCheck.State health() {
        return HealthCheckHelper.invoke(context).stream()
                .filter(r -> r.getCheck().getId().contains("stream"))
                .map(HealthCheck.Result::getState).findFirst().orElse(HealthCheck.State.UNKNOWN);
    }
}
