package io.camelchat.it.scale;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.camelchat.it.nodes.NodeProcess;
import io.camelchat.it.reliability.Reliability;
import io.camelchat.it.reliability.ReliabilityReport;
import io.camelchat.simulator.common.Balancing;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import io.camelchat.simulator.symphony.SymUser;
import io.camelchat.simulator.symphony.SymphonySimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scale-out on the platforms' own balancing: three Camel nodes, each in its own JVM ({@link ScaleNode} run by
 * {@link NodeProcess}), consume one app's events through {@code dingtalk:stream}, {@code lark:stream} and
 * {@code symphony:datafeed} (v2, one feed shared by the three). The simulators hand each event to one of the app's
 * connections (or reads), as the platforms document.
 *
 * <p>First half of the events with every node live: each is handled exactly once overall, and every node handles
 * some. Second half: one node is killed with {@code destroyForcibly} while the events flow; what it had not
 * acknowledged goes to the two others, so none is lost, and an event handled twice was one the killed node handled
 * (it died before its acknowledgement left) and carries the same {@code CamelChatMessageId}.
 *
 * <p>600 events per platform in the test command, 30,000 in the {@code reliability} profile.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ScaleOutTest {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleOutTest.class);
    private static final int EVENTS = Reliability.scaled(600, 30_000);
    private static final int NODES = 3;
    private static final long HANDLE_DELAY_MS = 1;

    private final List<NodeProcess> nodes = new ArrayList<>();
    /** CamelChatMessageId to the nodes that handled it, one entry per time. */
    private final Map<String, List<String>> handled = new ConcurrentHashMap<>();
    private final Map<String, Integer> perNode = new ConcurrentHashMap<>();
    private final List<String> unexpectedLines = new CopyOnWriteArrayList<>();
    private AutoCloseable simulator;

    @TempDir
    Path tmp;

    @AfterEach
    void stopAll() throws Exception {
        for (NodeProcess n : nodes) {
            n.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void dingTalkStreamSpreadsOverThreeNodesAndLosesNothingWhenOneIsKilled() {
        DingTalkSimulator sim = DingTalkSimulator.builder().clientId("dingscaleclient").clientSecret("scale-secret")
                // long enough never to expire while a live node works; a killed node's events move on at once
                .ackTimeout(Duration.ofSeconds(60))
                .eventRedeliveryDelays(List.of(Duration.ofMillis(200), Duration.ofSeconds(1)))
                .balancing(Balancing.RANDOM)
                .start();
        simulator = sim;
        Map<String, Object> options = Map.of("clientId", "dingscaleclient", "clientSecret", "scale-secret",
                "apiUrl", sim.apiUrl(), "oapiUrl", sim.oapiUrl(), "reconnectDelay", "100");
        run("dingtalk", "dingtalk:stream?subscriptions=event", options, () -> sim.openConnections() == NODES,
                count -> sim.pushEvents(count, "scale_event", Map.of("k", "v")),
                i -> sim.deliveries(i) > 1);
    }

    @Test
    void larkStreamSpreadsOverThreeNodesAndLosesNothingWhenOneIsKilled() {
        LarkSimulator sim = LarkSimulator.builder().appId("cli_scale0123456789").appSecret("lark-scale-secret")
                .ackTimeout(Duration.ofSeconds(60))
                .redeliveryDelays(List.of(Duration.ofMillis(200), Duration.ofSeconds(1)))
                .balancing(Balancing.RANDOM)
                .start();
        simulator = sim;
        sim.addUser(new LarkUser("ou_scaleuser", "scaleuser", "on_scaleuser", "Scale User", "scale@example.com",
                "+10000000001"));
        Map<String, Object> options = Map.of("appId", "cli_scale0123456789", "appSecret", "lark-scale-secret",
                "apiUrl", sim.apiUrl(), "reconnectDelay", "100");
        Map<String, String> eventIdByMessageId = new ConcurrentHashMap<>();
        run("lark", "lark:stream", options, () -> sim.openConnections() == NODES, count -> {
            List<String> ids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                var e = sim.userSendsText("ou_scaleuser", null, "event " + i);
                eventIdByMessageId.put(e.messageId(), e.eventId());
                ids.add(e.messageId());
            }
            return ids;
        }, id -> sim.deliveries(eventIdByMessageId.get(id)) > 1);
    }

    @Test
    void symphonyDatafeedV2SharedByThreeNodesLosesNothingWhenOneIsKilled() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        Path key = tmp.resolve("bot.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                               + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                               + "\n-----END PRIVATE KEY-----\n",
                StandardCharsets.UTF_8);
        long botId = 349026222342L;
        long alice = 349026222343L;
        SymphonySimulator sim = SymphonySimulator.builder().botUsername("scale-bot").botId(botId)
                .botPublicKey(pair.getPublic())
                .longPollTimeout(Duration.ofSeconds(1))
                // a batch a live node has not acknowledged after this long goes to another read
                .redeliveryDelay(Duration.ofSeconds(5))
                // the three nodes' reads share the feed: a read takes at most this many events
                .maxEventsPerRead(20)
                // the tag is the feed id, so the three nodes find one feed however they start
                .tagAsFeedId(true)
                .start();
        simulator = sim;
        sim.addUser(new SymUser(alice, "alice", "alice@acme.example", "Alice", "Smith", "Alice Smith"));
        String im = sim.createIm(alice, botId);
        Map<String, Object> options = Map.of("botUsername", "scale-bot", "privateKeyFile", key.toString(),
                "podUrl", sim.podUrl(), "agentUrl", sim.agentUrl(), "keyManagerUrl", sim.keyManagerUrl(),
                "reconnectDelay", "100", "datafeedTag", "scale-out");
        Map<String, String> eventIdByMessageId = new ConcurrentHashMap<>();
        run("symphony", "symphony:datafeed?eventTypes=MESSAGESENT", options,
                // every node authenticated, then read at least once more than the nodes (so each is reading)
                () -> sim.authentications().size() >= NODES && sim.datafeeds().size() == 1
                        && sim.datafeeds().get(0).reads() > NODES,
                count -> {
                    List<String> ids = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        var e = sim.userPostsMessage(alice, im, "<messageML>event " + i + "</messageML>");
                        eventIdByMessageId.put(e.messageId(), e.id());
                        ids.add(e.messageId());
                    }
                    return ids;
                }, id -> sim.deliveries(eventIdByMessageId.get(id)) > 1);
        assertThat(sim.datafeeds()).as("one feed shared by the nodes").hasSize(1);
    }

    /**
     * Starts the nodes, pushes half of the events with all live, then the other half while one node is killed.
     *
     * @param push        pushes {@code n} events, answers their expected CamelChatMessageIds in push order
     * @param redelivered whether the simulator delivered the event with this id more than once
     */
    private void run(String platform, String uri, Map<String, Object> options, Callable<Boolean> connected,
                     IntFunction<List<String>> push, Predicate<String> redelivered) {
        for (int n = 1; n <= NODES; n++) {
            String name = platform + "-node" + n;
            NodeProcess.Builder b = NodeProcess.builder(name, ScaleNode.class).onLine(this::onLine)
                    .config("scheme", platform).config("uri", uri).config("node", name)
                    .config("handleDelayMs", HANDLE_DELAY_MS);
            options.forEach((k, v) -> b.config("option." + k, v));
            nodes.add(b.start());
        }
        for (NodeProcess n : nodes) {
            n.awaitLine(l -> l.startsWith("READY"), Duration.ofSeconds(60));
        }
        await().atMost(Duration.ofSeconds(30)).until(connected);

        // all live: each event handled once overall, spread over every node
        int half = EVENTS / 2;
        List<String> first = push.apply(half);
        awaitHandled(first, Duration.ofSeconds(60 + EVENTS / 200));
        Map<String, Long> duplicatesLive = duplicates(first);
        assertThat(duplicatesLive).as("events handled twice while all nodes live").isEmpty();
        Map<String, Integer> liveShare = new TreeMap<>(perNode);
        assertThat(liveShare).as("events per node, all live").hasSize(NODES)
                .allSatisfy((node, count) -> assertThat(count).isPositive());

        // one node killed while the second half flows
        NodeProcess victim = nodes.get(1);
        String victimName = victim.name();
        int victimBefore = perNode.getOrDefault(victimName, 0);
        AtomicReference<List<String>> second = new AtomicReference<>();
        AtomicReference<Throwable> pushFailure = new AtomicReference<>();
        Thread pusher = new Thread(() -> {
            try {
                List<String> ids = new ArrayList<>();
                int chunk = Math.max(1, (EVENTS - half) / 20);
                for (int done = 0; done < EVENTS - half; done += chunk) {
                    ids.addAll(push.apply(Math.min(chunk, EVENTS - half - done)));
                    Thread.sleep(20);
                }
                second.set(ids);
            } catch (Throwable t) {
                pushFailure.set(t);
            }
        }, "scale-pusher");
        pusher.start();
        int killAfter = Math.max(5, (EVENTS - half) / NODES / 5);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> perNode.getOrDefault(victimName, 0) - victimBefore >= killAfter);
        victim.kill();
        try {
            pusher.join(Duration.ofSeconds(120).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(pushFailure.get()).as("pushing the second half").isNull();
        assertThat(second.get()).as("second half pushed").hasSize(EVENTS - half);
        awaitHandled(second.get(), Duration.ofSeconds(60 + EVENTS / 200));

        List<String> all = new ArrayList<>(first);
        all.addAll(second.get());
        long lost = all.stream().filter(id -> !handled.containsKey(id)).count();
        assertThat(lost).as("events lost").isZero();
        Map<String, Long> dup = duplicates(all);
        // a duplicate is an event the killed node handled but could not acknowledge before it died
        assertThat(dup.keySet()).as("events handled twice").allSatisfy(
                id -> assertThat(handled.get(id)).as("nodes that handled " + id).contains(victimName));
        Set<String> unknown = handled.keySet().stream().filter(id -> !all.contains(id)).collect(Collectors.toSet());
        assertThat(unknown).as("handled ids nobody pushed").isEmpty();
        assertThat(unexpectedLines).as("lines the nodes printed besides READY and HANDLED").isEmpty();
        long redeliveredCount = all.stream().filter(redelivered::test).count();

        String shares = liveShare.values().stream().map(String::valueOf).collect(Collectors.joining("/"));
        ReliabilityReport.record("scale-out", platform, "3 nodes", "events handled per node, all live, of " + half,
                shares, "each > 0");
        ReliabilityReport.record("scale-out", platform, "3 nodes", "events handled twice, all live", 0, "0");
        ReliabilityReport.record("scale-out", platform, "3 nodes",
                "events lost of " + (EVENTS - half) + " with a node killed", lost, "0");
        ReliabilityReport.record("scale-out", platform, "3 nodes",
                "events handled twice after the kill (same CamelChatMessageId)", dup.size(), "killed node's only");
        ReliabilityReport.record("scale-out", platform, "3 nodes", "events delivered again by the platform",
                redeliveredCount, "-");
        LOG.info("{}: per node all live {}, after kill {}, duplicates {}, redelivered {}", platform, liveShare,
                new TreeMap<>(perNode), dup.size(), redeliveredCount);
    }

    private void onLine(String line) {
        String[] parts = line.split(" ");
        if (parts.length == 3 && "HANDLED".equals(parts[0])) {
            handled.computeIfAbsent(parts[2], k -> new CopyOnWriteArrayList<>()).add(parts[1]);
            perNode.merge(parts[1], 1, Integer::sum);
        } else if (!line.startsWith("READY")) {
            unexpectedLines.add(line);
        }
    }

    private void awaitHandled(List<String> ids, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> ids.stream()
                .allMatch(handled::containsKey) || nodes.stream().noneMatch(NodeProcess::isAlive));
        List<String> missing = ids.stream().filter(id -> !handled.containsKey(id)).toList();
        assertThat(missing).as("events not handled; " + nodes.stream().map(NodeProcess::describe).toList())
                .isEmpty();
    }

    private Map<String, Long> duplicates(List<String> ids) {
        return ids.stream().filter(id -> handled.getOrDefault(id, List.of()).size() > 1)
                .collect(Collectors.toMap(id -> id, id -> (long) handled.get(id).size()));
    }
}
