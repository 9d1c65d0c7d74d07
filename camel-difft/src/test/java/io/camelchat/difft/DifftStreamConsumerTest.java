package io.camelchat.difft;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.ws.WebSocketSession;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code difft:stream} against the simulator's websocket listener: normalization, acknowledgement, redelivery. */
class DifftStreamConsumerTest extends DifftConsumerTestSupport {

    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final List<String> routedIds = Collections.synchronizedList(new ArrayList<>());
    private volatile CountDownLatch gate;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("difft:stream?heartbeatInterval=1s").routeId("stream")
                        .process(e -> {
                            String id = e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
                            routedIds.add(id);
                            int n = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                            String text = e.getMessage().getBody(DifftInboundMessage.class).getText();
                            if (text.contains("fail-once") && n == 1) {
                                throw new IllegalStateException("route failed on purpose");
                            }
                            if (text.contains("wait-for-gate")) {
                                gate.await(30, TimeUnit.SECONDS);
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
        await().atMost(Duration.ofSeconds(20)).until(() -> out().getExchanges().stream()
                .anyMatch(x -> messageId.equals(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID))));
        return out().getExchanges().stream()
                .filter(x -> messageId.equals(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID))).findFirst()
                .orElseThrow();
    }

    private DifftStreamConsumer streamConsumer() {
        return (DifftStreamConsumer) context.getRoute("stream").getConsumer();
    }

    private void awaitConnected() {
        await().atMost(Duration.ofSeconds(10)).until(() -> streamConsumer().getSession() != null
                && streamConsumer().getSession().getState() == WebSocketSession.State.CONNECTED
                && sim.connections(APP) >= 1);
    }

    @Test
    void directTextIsNormalizedRoutedAndAcknowledged() {
        String ref = sim.sendText(ALICE, BOT, "hello bot");
        Exchange x = awaitRouted(ref);
        assertThat(x.getMessage().getHeaders())
                .containsEntry(ChatHeaders.PLATFORM, "difft")
                .containsEntry(ChatHeaders.EVENT_TYPE, "message")
                .containsEntry(ChatHeaders.CONVERSATION_TYPE, "direct")
                .containsEntry(ChatHeaders.CONVERSATION_ID, ALICE)
                .containsEntry(ChatHeaders.SENDER_ID, ALICE)
                .containsEntry(ChatHeaders.SENDER_NAME, "Alice")
                .containsEntry(DifftConstants.MESSAGE_TYPE, "TEXT")
                .containsEntry(DifftConstants.MENTIONED, false);
        DifftInboundMessage m = x.getMessage().getBody(DifftInboundMessage.class);
        assertThat(m.getText()).isEqualTo("hello bot");
        assertThat(x.getMessage().getHeader(ChatHeaders.TIMESTAMP, Long.class)).isEqualTo(m.getTimestamp());
        assertThat(ref).isEqualTo("v1:" + m.getTimestamp() + ":" + ALICE);
        assertThat(x.getMessage().getBody(String.class)).isEqualTo("hello bot");
        ChatMessage chat = x.getMessage().getBody(ChatMessage.class);
        assertThat(chat.getText()).isEqualTo("hello bot");
        assertThat(chat.getId()).isEqualTo(ref);
        assertThat(chat.getSenderId()).isEqualTo(ALICE);
        assertThat(chat.getConversationId()).isEqualTo(ALICE);
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(APP, ref));
    }

    @Test
    void groupTextMentionAndQuoteAreNormalized() {
        String plain = sim.sendGroupText(BOB, GID, "group hello");
        Exchange g = awaitRouted(plain);
        assertThat(g.getMessage().getHeaders()).containsEntry(ChatHeaders.CONVERSATION_TYPE, "group")
                .containsEntry(ChatHeaders.CONVERSATION_ID, GID).containsEntry(DifftConstants.GROUP_ID, GID)
                .containsEntry(ChatHeaders.SENDER_ID, BOB).containsEntry(DifftConstants.MENTIONED, false);

        String mention = sim.sendGroupMention(ALICE, GID, "status please", BOT);
        Exchange at = awaitRouted(mention);
        assertThat(at.getMessage().getHeaders()).containsEntry(DifftConstants.MENTIONED, true)
                .containsEntry(DifftConstants.AT_PERSONS, List.of(BOT));
        assertThat(at.getMessage().getBody(DifftInboundMessage.class).getText()).isEqualTo("@bot " + APP
                                                                                           + " status please");
        ChatMessage chat = at.getMessage().getBody(ChatMessage.class);
        assertThat(chat.getMentions()).extracting(mm -> mm.id()).containsExactly(BOT);

        String quote = sim.sendQuote(ALICE, GID, "yes, that one", plain, "group hello");
        Exchange q = awaitRouted(quote);
        // the quote is in the body, not in the producer's quote header (a reply must not quote the quoted message)
        assertThat(q.getMessage().getHeaders()).doesNotContainKey(DifftConstants.QUOTE_REF_ID);
        ChatMessage quoted = q.getMessage().getBody(ChatMessage.class);
        assertThat(quoted.getReplyToId()).isEqualTo(plain);
        assertThat(quoted.getQuotedText()).isEqualTo("group hello");
        assertThat(quoted.getText()).isEqualTo("yes, that one");
    }

    @Test
    void cardAndForwardAreNormalized() {
        String card = sim.sendCard(ALICE, BOT, "card-1", "# Report\n**all good**");
        Exchange c = awaitRouted(card);
        assertThat(c.getMessage().getHeaders()).containsEntry(DifftConstants.MESSAGE_TYPE, "CARD");
        assertThat(c.getMessage().getBody(DifftInboundMessage.class).getText()).isEqualTo("# Report\n**all good**");
        assertThat(c.getMessage().getBody(ChatMessage.class).getMarkdown()).isEqualTo("# Report\n**all good**");

        String fwd = sim.sendForward(BOB, GID, ALICE, "forwarded words");
        Exchange f = awaitRouted(fwd);
        DifftInboundMessage m = f.getMessage().getBody(DifftInboundMessage.class);
        assertThat(f.getMessage().getHeaders()).containsEntry(DifftConstants.MESSAGE_TYPE, "FORWARD")
                .containsEntry(ChatHeaders.CONVERSATION_ID, GID);
        assertThat(m.getText()).isEmpty();
        assertThat(m.getForwarded().path("text").asText()).isEqualTo("forwarded words");
        assertThat(f.getMessage().getBody(ChatMessage.class).getText()).isEqualTo("forwarded words");
    }

    @Test
    void fileIsAnAttachmentLoadedThroughTheConsumingEndpoint() throws Exception {
        byte[] content = "quarterly numbers".getBytes(StandardCharsets.UTF_8);
        String ref = sim.sendFile(ALICE, BOT, "numbers.txt", "text/plain", content);
        Exchange x = awaitRouted(ref);
        ChatMessage chat = x.getMessage().getBody(ChatMessage.class);
        assertThat(chat.getAttachments()).hasSize(1);
        ChatAttachment a = chat.getAttachments().get(0);
        assertThat(a.getName()).isEqualTo("numbers.txt");
        assertThat(a.getContentType()).isEqualTo("text/plain");
        assertThat(a.getSize()).isEqualTo(content.length);
        assertThat(a.isLoadable()).isTrue();
        assertThat(a.load()).isEqualTo(content);
    }

    @Test
    void acknowledgedOnlyAfterTheRouteCompleted() throws Exception {
        gate = new CountDownLatch(1);
        String ref = sim.sendText(BOB, BOT, "wait-for-gate please");
        await().atMost(Duration.ofSeconds(10)).until(() -> routedIds.contains(ref));
        // being routed: the batch is not acknowledged, however long it takes
        assertThat(sim.isAcknowledged(APP, ref)).isFalse();
        assertThat(out().getExchanges()).noneMatch(x -> ref.equals(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID)));
        gate.countDown();
        awaitRouted(ref);
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(APP, ref));
    }

    @Test
    void aFailedRouteIsRedeliveredWithTheSameMessageId() {
        String ok = sim.sendText(ALICE, BOT, "routed fine before the failure");
        awaitRouted(ok);
        String ref = sim.sendText(ALICE, BOT, "fail-once then succeed");
        Exchange x = awaitRouted(ref);
        assertThat(attempts.get(ref).get()).isEqualTo(2);
        assertThat(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID)).isEqualTo(ref);
        assertThat(sim.deliveries(APP, ref)).isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(APP, ref));
        assertThat(streamConsumer().getRedeliveryCount()).isGreaterThanOrEqualTo(1);
        // the message routed before the failure is not routed again
        assertThat(attempts.get(ok).get()).isEqualTo(1);
    }

    @Test
    void theBotsOwnEchoAndReceiptsAreSkippedButAcknowledged() {
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("version", 1);
        echo.put("src", BOT);
        echo.put("dest", Map.of("type", "USER", "wuid", List.of(ALICE)));
        echo.put("type", "TEXT");
        echo.put("timestamp", System.currentTimeMillis() - 5000);
        echo.put("msg", Map.of("body", "the bot's own words"));
        sim.inject(APP, echo);
        String echoRef = "v1:" + echo.get("timestamp") + ":" + BOT;
        String receipt = sim.sendReceipt(ALICE, BOT, 1710000000000L);
        String after = sim.sendText(ALICE, BOT, "after the echo and the receipt");
        awaitRouted(after);
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(APP, echoRef)
                && sim.isAcknowledged(APP, receipt) && sim.isAcknowledged(APP, after));
        assertThat(routedIds).doesNotContain(echoRef, receipt);
        assertThat(streamConsumer().getSkippedEchoCount()).isGreaterThanOrEqualTo(1);
        assertThat(streamConsumer().getSkippedReceiptCount()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void droppedWebsocketsLoseNothingAndRouteNothingTwice() {
        awaitConnected();
        List<String> refs = new ArrayList<>();
        sim.faults().dropWithNextBatch(APP);
        for (int i = 0; i < 12; i++) {
            refs.add(sim.sendText(i % 2 == 0 ? ALICE : BOB, BOT, "burst " + i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> routedIds.containsAll(refs.subList(0, 6)));
        sim.dropWebsocket(APP);
        for (int i = 12; i < 25; i++) {
            refs.add(sim.sendText(i % 2 == 0 ? ALICE : BOB, BOT, "burst " + i));
            if (i == 18) {
                sim.faults().dropWithNextBatch(APP);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> refs.stream().allMatch(r -> sim.isAcknowledged(APP, r)));
        for (String r : refs) {
            assertThat(attempts.get(r)).as("attempts of %s", r).isNotNull();
            assertThat(attempts.get(r).get()).as("attempts of %s", r).isEqualTo(1);
        }
        assertThat(streamConsumer().getSession().getConnectCount()).isGreaterThanOrEqualTo(2);
        // the batches in flight at the drops were delivered again, and not routed again
        assertThat(refs.stream().mapToInt(r -> sim.deliveries(APP, r)).max().orElse(0)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void unreadableFramesAreCountedAndTheStreamGoesOn() {
        awaitConnected();
        long before = streamConsumer().getBadFrameCount();
        sim.faults().sendNonJsonFrame(APP);
        sim.faults().sendMessagesNotArrayFrame(APP);
        sim.faults().sendElementWithoutDataFrame(APP);
        String ref = sim.sendText(BOB, BOT, "after the bad frames");
        awaitRouted(ref);
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(APP, ref));
        assertThat(streamConsumer().getBadFrameCount()).isGreaterThanOrEqualTo(before + 3);
        assertThat(healthState("stream")).isEqualTo(HealthCheck.State.UP);
    }
}
