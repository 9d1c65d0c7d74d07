package io.camelchat.it.reliability;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;

import io.camelchat.simulator.symphony.SymUser;
import io.camelchat.simulator.symphony.SymphonySimulator;
import io.camelchat.symphony.SymphonyComponent;
import io.camelchat.symphony.SymphonyConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Datafeed losses under load for {@code symphony:datafeed}, v1 and v2: the agent forgets every datafeed right after the
 * read answer that carries every {@code DROP_EVERY}-th event ({@code Faults.loseFeedsEvery}), so that the consumer's
 * next read gets 400 and it must create a new feed; events posted meanwhile wait for the next feed (the simulator's
 * {@code bufferEventsWithoutFeed}: a real agent drops events of a lost feed and posted while none is live, which no
 * client can recover). Same checks as {@link StreamDropsTest}: 0 lost, duplicates under the same id and content,
 * exactly once after the idempotent consumer.
 */
class DatafeedDropsTest {

    private static final long BOT_ID = 349026222340042L;
    private static final long ALICE = 349026222344042L;

    @ParameterizedTest
    @ValueSource(strings = { "v1", "v2" })
    void symphonyDatafeed(String version) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        int events = StreamDropsTest.EVENTS;
        int dropEvery = StreamDropsTest.DROP_EVERY;
        try (SymphonySimulator sim = SymphonySimulator.builder().botUsername("drops-bot").botId(BOT_ID)
                .botPublicKey(pair.getPublic()).longPollTimeout(Duration.ofSeconds(1))
                .redeliveryDelay(Duration.ofSeconds(2)).start()) {
            sim.addUser(new SymUser(ALICE, "alice", "alice@acme.example", "Alice", "Smith", "Alice Smith"));
            String im = sim.createIm(ALICE, BOT_ID);
            try (StreamDropRun run = new StreamDropRun("symphony", "datafeed " + version, events, dropEvery, c -> {
                SymphonyConfiguration s = c.getComponent("symphony", SymphonyComponent.class).getConfiguration();
                s.setBotUsername("drops-bot");
                s.setPrivateKey(pem);
                s.setPodUrl(sim.podUrl());
                s.setAgentUrl(sim.agentUrl());
                s.setKeyManagerUrl(sim.keyManagerUrl());
                s.setReconnectDelay(50);
                s.setMaxReconnectDelay(200);
            }, "symphony:datafeed?datafeedVersion=" + version, ReliabilitySupport::messageText)) {
                run.start();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> !sim.datafeeds().isEmpty());
                sim.faults().loseFeedsEvery(dropEvery);
                run.pushAndAwaitRouted(i -> sim.userPostsMessage(ALICE, im,
                        "<messageML>" + ReliabilitySupport.eventText(i) + "</messageML>").id());
                sim.faults().reset();
                assertThat(sim.datafeeds()).allSatisfy(f -> assertThat(f.version()).isEqualTo(version));
                run.finish(() -> sim.datafeeds().size() - 1);
            }
        }
    }
}
