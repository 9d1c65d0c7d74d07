package io.camelchat.openim;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.camelchat.openim.api.OpenImClient;
import io.camelchat.simulator.openim.OpenImSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At-least-once through the offsetRepository: a failed exchange's seq is not stored and its message comes again,
 * also after a restart; a restart resumes after the stored seqs; 5xx bursts, expired and refused tokens.
 */
class OpenImDatafeedFaultsTest extends OpenImTestSupport {

    private final MemoryStateRepository offsets = new MemoryStateRepository();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> completed = new CopyOnWriteArrayList<>();
    private final AtomicBoolean poisonFails = new AtomicBoolean(true);

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // started here, so that the consumer does not stop it (a stopped memory repository forgets everything; a
        // FileStateRepository keeps it on disk)
        offsets.start();
        context.getRegistry().bind("offsets", offsets);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("openim:datafeed?offsetRepository=#offsets").routeId("feed").autoStartup(false)
                        .process(e -> {
                            String text = e.getMessage().getBody(String.class);
                            received.add(text);
                            if (text.startsWith("poison") && poisonFails.get()) {
                                throw new IllegalStateException("cannot handle " + text);
                            }
                            completed.add(text);
                        });
                from("openim:datafeed?userId=" + BOB + "&adminUserId=&secret=&token=RAW(" + sim.userToken(ANN, 1) + ")")
                        .routeId("forbidden").autoStartup(false).to("mock:never");
            }
        };
    }

    private OpenImDatafeedConsumer datafeed(String route) {
        return (OpenImDatafeedConsumer) context.getRoute(route).getConsumer();
    }

    private void startFeed() throws Exception {
        context.getRouteController().startRoute("feed");
        await().atMost(Duration.ofSeconds(10)).until(() -> "polling".equals(datafeed("feed").getState()));
    }

    private String storedSeq(String conversation) {
        return offsets.getState("openim." + BOT + "." + conversation);
    }

    @Test
    void aFailedSeqIsNotStoredAndComesAgainAfterARestart() throws Exception {
        String conv = OpenImSimulator.singleConversationId(ANN, BOT);
        startFeed();
        long ok1 = sim.sendText(ANN, BOT, "ok 1").seq();
        long poison = sim.sendText(ANN, BOT, "poison 1").seq();
        long ok2 = sim.sendText(ANN, BOT, "ok 2").seq();
        await().atMost(Duration.ofSeconds(10)).until(() -> completed.contains("ok 2"));
        // never past the failed seq, although the one after it completed
        assertThat(storedSeq(conv)).isEqualTo(Long.toString(ok1));
        assertThat(poison).isEqualTo(ok1 + 1);
        assertThat(datafeed("feed").getFailedCount()).isPositive();

        context.getRouteController().stopRoute("feed");
        assertThat(storedSeq(conv)).isEqualTo(Long.toString(ok1));
        poisonFails.set(false);
        received.clear();
        completed.clear();
        startFeed();
        await().atMost(Duration.ofSeconds(10)).until(() -> completed.contains("ok 2"));
        // pulled again from after the stored seq: the poison message first, then the one after it
        assertThat(completed).startsWith("poison 1", "ok 2").doesNotContain("ok 1");
        await().atMost(Duration.ofSeconds(5)).until(() -> Long.toString(ok2).equals(storedSeq(conv)));
    }

    @Test
    void aRestartResumesAfterTheStoredSeqs() throws Exception {
        String conv = OpenImSimulator.groupConversationId(GROUP);
        startFeed();
        long before = sim.sendGroupText(ANN, GROUP, "before the restart").seq();
        await().atMost(Duration.ofSeconds(10)).until(() -> completed.contains("before the restart"));
        await().atMost(Duration.ofSeconds(5)).until(() -> Long.toString(before).equals(storedSeq(conv)));
        context.getRouteController().stopRoute("feed");
        sim.sendGroupText(BOB, GROUP, "while stopped 1");
        long last = sim.sendGroupText(ANN, GROUP, "while stopped 2").seq();
        completed.clear();
        startFeed();
        await().atMost(Duration.ofSeconds(10)).until(() -> completed.contains("while stopped 2"));
        assertThat(completed).containsExactly("while stopped 1", "while stopped 2");
        await().atMost(Duration.ofSeconds(5)).until(() -> Long.toString(last).equals(storedSeq(conv)));
    }

    @Test
    void aBurstOfServerErrorsIsRidden() throws Exception {
        startFeed();
        sim.faults().failNextHttp(8, 503);
        sim.sendText(BOB, BOT, "after the burst");
        await().atMost(Duration.ofSeconds(20)).until(() -> completed.contains("after the burst"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "polling".equals(datafeed("feed").getState()));
    }

    @Test
    void anExpiredTokenIsReplacedOnce() throws Exception {
        startFeed();
        OpenImClient client = ((OpenImEndpoint) datafeed("feed").getEndpoint()).getClient();
        long fetches = client.getTokenFetches();
        sim.expireToken(client.adminToken());
        sim.sendText(ANN, BOT, "after the expiry");
        await().atMost(Duration.ofSeconds(10)).until(() -> completed.contains("after the expiry"));
        assertThat(client.getTokenFetches()).isEqualTo(fetches + 1);
    }

    @Test
    void aPermissionErrorIsNeitherRetriedNorALogin() throws Exception {
        // ann's token reading bob's conversations: 1002 NoPermissionError
        context.getRouteController().startRoute("forbidden");
        OpenImDatafeedConsumer forbidden = datafeed("forbidden");
        await().atMost(Duration.ofSeconds(10)).until(() -> "forbidden".equals(forbidden.getState()));
        assertThat(forbidden.currentStatus().up()).isFalse();
        assertThat(forbidden.currentStatus().lastError()).contains("1002");
        OpenImClient client = ((OpenImEndpoint) forbidden.getEndpoint()).getClient();
        // the configured token, taken once; never a new one
        assertThat(client.getTokenFetches()).isEqualTo(1);
        long calls = client.http().getCallCount();
        long retries = client.http().getRetryCount();
        assertThat(retries).isZero();
        assertThat(calls).isPositive();
        assertThat(forbidden.currentStatus().lastError()).doesNotContain(sim.userToken(ANN, 1).substring(0, 20));
    }
}
