package io.camelchat.it.reliability;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.camelchat.common.consumer.ChatStreamConsumer;
import io.camelchat.difft.DifftComponent;
import io.camelchat.difft.DifftConfiguration;
import io.camelchat.dingtalk.DingTalkComponent;
import io.camelchat.dingtalk.DingTalkConfiguration;
import io.camelchat.dingtalk.api.DingTalkEvent;
import io.camelchat.lark.LarkComponent;
import io.camelchat.lark.LarkConfiguration;
import io.camelchat.openim.OpenImComponent;
import io.camelchat.openim.OpenImConfiguration;
import io.camelchat.simulator.difft.DifftSimulator;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import io.camelchat.simulator.openim.OpenImSimulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection drops under load, for every consumer that receives events over a websocket: the simulator closes the TCP
 * connection (no close frame) right after every {@code DROP_EVERY}-th event frame it writes while {@code EVENTS}
 * events are pushed. Whatever was in flight is redelivered by the platform (DingTalk events, Lark, Difft batches) or
 * found again by the client's sync after reconnecting (OpenIM). The route sees every event at least once, every
 * duplicate under the same {@code CamelChatMessageId} with the same content, and Camel's idempotent consumer on that
 * header makes it exactly once ({@link StreamDropRun}). DingTalk robot messages are never redelivered by DingTalk, so
 * its run uses events. Short form: 2,000 events, a drop every 500; reliability profile: 100,000, every 5,000.
 */
class StreamDropsTest {

    static final int EVENTS = Reliability.scaled(2_000, 100_000);
    static final int DROP_EVERY = Reliability.scaled(500, 5_000);
    /** The simulators' ack deadline and redelivery delays: short, so that what a drop lost comes back soon. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(1);
    static final List<Duration> REDELIVERY = Collections.nCopies(100, Duration.ofMillis(100));

    @Test
    void dingtalkStreamEvents() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.builder().clientId("dingdrops").clientSecret("drops-secret")
                .ackTimeout(ACK_TIMEOUT).eventRedeliveryDelays(REDELIVERY).start();
                StreamDropRun run = new StreamDropRun("dingtalk", "stream (events)", EVENTS, DROP_EVERY, c -> {
                    DingTalkConfiguration d = c.getComponent("dingtalk", DingTalkComponent.class).getConfiguration();
                    d.setClientId("dingdrops");
                    d.setClientSecret("drops-secret");
                    d.setApiUrl(sim.apiUrl());
                    d.setOapiUrl(sim.oapiUrl());
                    d.setReconnectDelay(50);
                    d.setMaxReconnectDelay(200);
                }, "dingtalk:stream?subscriptions=event", e -> {
                    DingTalkEvent ev = e.getMessage().getBody(DingTalkEvent.class);
                    return ev == null ? null : String.valueOf(ev.data().get("text"));
                })) {
            run.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.openConnections() == 1);
            long connects = connects(run);
            sim.faults().dropConnectionsEvery(DROP_EVERY);
            String[] ids = run.pushAndAwaitRouted(
                    i -> sim.pushEvent("reliability_event", Map.of("text", ReliabilitySupport.eventText(i))));
            // every event was routed under the drops; stop dropping, or on a slow machine the redelivered backlog can
            // outrun each new connection's acknowledgements again and again
            sim.faults().reset();
            run.awaitAcknowledged(ids, sim::isAcknowledged);
            assertThat(ids).allSatisfy(id -> assertThat(sim.isGivenUp(id)).isFalse());
            run.finish(() -> (int) (connects(run) - connects));
        }
    }

    @Test
    void larkStream() throws Exception {
        String user = "ou_drops0001";
        try (LarkSimulator sim = LarkSimulator.builder().appId("cli_drops0123456789").appSecret("drops-secret")
                .ackTimeout(ACK_TIMEOUT).redeliveryDelays(REDELIVERY).start();
                StreamDropRun run = new StreamDropRun("lark", "stream", EVENTS, DROP_EVERY, c -> {
                    LarkConfiguration l = c.getComponent("lark", LarkComponent.class).getConfiguration();
                    l.setAppId("cli_drops0123456789");
                    l.setAppSecret("drops-secret");
                    l.setApiUrl(sim.apiUrl());
                    l.setReconnectDelay(50);
                    l.setMaxReconnectDelay(200);
                }, "lark:stream", ReliabilitySupport::messageText)) {
            sim.addUser(new LarkUser(user, "u_drops", "on_drops", "Dana", "dana@example.com", "+8613800000042"));
            run.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.openConnections() == 1);
            long connects = connects(run);
            sim.faults().dropConnectionsEvery(DROP_EVERY);
            String[] ids = run.pushAndAwaitRouted(
                    i -> sim.userSendsText(user, null, ReliabilitySupport.eventText(i)).eventId());
            // every event was routed under the drops; stop dropping, or on a slow machine the redelivered backlog can
            // outrun each new connection's acknowledgements again and again
            sim.faults().reset();
            run.awaitAcknowledged(ids, sim::isAcknowledged);
            run.finish(() -> (int) (connects(run) - connects));
        }
    }

    @Test
    void openimStream() throws Exception {
        String bot = "dropsbot";
        String ann = "ann";
        try (OpenImSimulator sim = OpenImSimulator.builder().secret("drops-im-secret").adminUserId("imAdmin")
                .user(bot, "Drops bot").user(ann, "Ann").start();
                StreamDropRun run = new StreamDropRun("openim", "stream", EVENTS, DROP_EVERY, c -> {
                    OpenImConfiguration o = c.getComponent("openim", OpenImComponent.class).getConfiguration();
                    o.setUserId(bot);
                    o.setAdminUserId("imAdmin");
                    o.setSecret("drops-im-secret");
                    o.setApiUrl(sim.apiUrl());
                    o.setWsUrl(sim.wsUrl());
                    o.setReconnectDelay(50);
                    o.setMaxReconnectDelay(200);
                }, "openim:stream", ReliabilitySupport::messageText)) {
            run.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.connections(bot).size() == 1);
            long connects = connects(run);
            sim.faults().dropConnectionsEvery(DROP_EVERY);
            run.pushAndAwaitRouted(i -> sim.sendText(ann, bot, ReliabilitySupport.eventText(i)).clientMsgId());
            sim.faults().reset();
            // no acknowledgement in OpenIM: the client syncs by seq; wait until it is connected again and synced
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.connections(bot).size() == 1);
            run.finish(() -> (int) (connects(run) - connects));
        }
    }

    @Test
    void difftStream() throws Exception {
        String app = "dropsapp001";
        String bot = "+60042";
        String dan = "+71234500042";
        try (DifftSimulator sim = DifftSimulator.builder().app(app, "difft-drops-secret", bot)
                .account(dan, "dan@example.org", "Dan").messageInterval(Duration.ZERO).ackTimeout(ACK_TIMEOUT)
                .redeliveryDelays(REDELIVERY).start();
                StreamDropRun run = new StreamDropRun("difft", "stream", EVENTS, DROP_EVERY, c -> {
                    DifftConfiguration f = c.getComponent("difft", DifftComponent.class).getConfiguration();
                    f.setAppId(app);
                    f.setAppSecret("difft-drops-secret");
                    f.setBotId(bot);
                    f.setApiUrl(sim.baseUrl());
                    f.setWsUrl(sim.websocketUrl());
                    f.setReconnectDelay(50);
                    f.setMaxReconnectDelay(200);
                }, "difft:stream", ReliabilitySupport::messageText)) {
            run.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.connections(app) == 1);
            long connects = connects(run);
            sim.faults().dropConnectionsEvery(DROP_EVERY);
            String[] ids = run.pushAndAwaitRouted(i -> sim.sendText(dan, bot, ReliabilitySupport.eventText(i)));
            // every event was routed under the drops; stop dropping, or on a slow machine the redelivered backlog can
            // outrun each new connection's acknowledgements again and again
            sim.faults().reset();
            run.awaitAcknowledged(ids, id -> sim.isAcknowledged(app, id));
            run.finish(() -> (int) (connects(run) - connects));
        }
    }

    private static long connects(StreamDropRun run) {
        return run.consumer(ChatStreamConsumer.class).getSession().getConnectCount();
    }
}
