package io.camelchat.openim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.protobuf.ByteString;
import io.camelchat.common.health.ChatConsumerHealthCheck;
import io.camelchat.simulator.openim.OpenImSimulator;
import io.camelchat.simulator.openim.proto.SimSdkws.MsgData;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * openim:stream at start-up (messages sent while the first sync runs) and under a burst of pushes much larger than
 * maxInFlight while the sync thread waits for a gap-fill reply. Each test uses its own conversation.
 */
class OpenImStreamStartAndBurstTest extends OpenImTestSupport {

    private final List<String> received = new CopyOnWriteArrayList<>();

    private static ConditionFactory within(int seconds) {
        return await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(20));
    }

    private OpenImStreamConsumer startRoute(String uri, long delayMillis) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("s").process(e -> {
                    if (delayMillis > 0) {
                        Thread.sleep(delayMillis);
                    }
                    record(e);
                });
            }
        });
        return (OpenImStreamConsumer) context.getRoute("s").getConsumer();
    }

    private void record(Exchange e) {
        received.add(e.getMessage().getBody(String.class));
    }

    @Test
    void aMessageSentAsSoonAsTheConnectionAppearsIsRouted() throws Exception {
        OpenImStreamConsumer c = startRoute("openim:stream", 0);
        within(20).until(() -> !sim.connections(BOT).isEmpty());
        var m = sim.sendGroupText(ANN, GROUP, "right after the connection");
        within(20).untilAsserted(() -> assertThat(received).contains(m.text()));
        within(20).until(() -> c.getStoredSeqs().getOrDefault(OpenImSimulator.groupConversationId(GROUP), -1L) == m
                .seq());
        assertThat(received).containsExactly(m.text());
    }

    @Test
    void aMessageSentBeforeTheFirstSyncAnsweredIsRoutedAndTheConsumerIsNotReadyUntilThen() throws Exception {
        // the 1001 reply comes 5 s late: the message is sent (and pushed) between the connection and the first sync,
        // and the newest seq the reply carries includes it
        sim.faults().slowGatewayReplies(Duration.ofSeconds(5));
        OpenImStreamConsumer c = startRoute("openim:stream", 0);
        within(20).until(() -> !sim.connections(BOT).isEmpty());
        ChatConsumerHealthCheck.Status before = c.currentStatus();
        boolean syncedBefore = c.getSyncCount() > 0;
        var m = sim.sendText(ANN, BOT, "before the first sync");
        if (!syncedBefore) {
            assertThat(before.up()).as("ready before the first sync: " + before).isFalse();
        }
        assertThat(c.getSyncCount()).as("the send landed before the first sync answered").isZero();
        within(30).until(() -> c.getSyncCount() >= 1);
        sim.faults().slowGatewayReplies(Duration.ZERO);
        within(20).untilAsserted(() -> assertThat(received).contains(m.text()));
        within(20).untilAsserted(() -> assertThat(c.currentStatus().up()).isTrue());
        String conv = OpenImSimulator.singleConversationId(ANN, BOT);
        within(20).until(() -> c.getStoredSeqs().getOrDefault(conv, -1L) == m.seq());
        assertThat(received).containsExactly(m.text());
    }

    @Test
    void aBurstOfManyTimesMaxInFlightWithAGapIsRoutedWithoutAResponseTimeout() throws Exception {
        OpenImStreamConsumer c = startRoute("openim:stream?maxInFlight=5&responseTimeout=15000", 2);
        within(20).until(() -> c.getSyncCount() >= 1);
        String conv = OpenImSimulator.singleConversationId(BOB, BOT);
        // replies (the gap fills) come late while the pushes keep coming
        sim.faults().slowGatewayReplies(Duration.ofMillis(300));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            if (i == 20 || i == 120) {
                // stored, not pushed to the bot: the next push skips a seq and the consumer pulls it
                sim.send(MsgData.newBuilder().setSendID(BOT).setRecvID(BOB).setClientMsgID("silent" + i)
                        .setSessionType(1).setMsgFrom(100).setContentType(101).putOptions("senderSync", false)
                        .setContent(ByteString.copyFromUtf8("{\"content\":\"silent\"}")).build());
            }
            sent.add(sim.sendText(BOB, BOT, "burst " + i).text());
        }
        long last = last(conv).seq();
        within(120).until(() -> c.getStoredSeqs().getOrDefault(conv, -1L) == last);
        assertThat(received).containsExactlyElementsOf(sent);
        assertThat(c.getGapFillCount()).isPositive();
        assertThat(c.getSyncCount()).as("no reconnect, no second sync").isEqualTo(1);
        assertThat(c.currentStatus().details()).containsEntry("connects", 1L);
        assertThat(sim.connections(BOT)).hasSize(1);
    }
}
