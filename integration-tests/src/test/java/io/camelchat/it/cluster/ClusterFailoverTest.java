package io.camelchat.it.cluster;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelchat.common.webhook.WebhookSecurity;
import io.camelchat.it.nodes.NodeProcess;
import io.camelchat.it.reliability.Reliability;
import io.camelchat.it.reliability.ReliabilityReport;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.InboundMessage;
import io.camelchat.simulator.dingtalk.SimUser;
import io.camelchat.simulator.openim.OpenImMessage;
import io.camelchat.simulator.openim.OpenImSimulator;
import io.camelchat.simulator.symphony.SymUser;
import io.camelchat.simulator.symphony.SymphonySimulator;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes, each a JVM of its own ({@link ClusterNode}), share a ZooKeeper (Curator's {@link TestingServer}) and a
 * database ({@link ClusterDatabase}: PostgreSQL when installed, else H2). The OpenIM stream runs behind
 * {@code master:} on the leader only, with its offsets in the database: the leader is killed mid-stream and another
 * node continues from the stored offsets, losing nothing. A DingTalk webhook request accepted by one node is refused
 * by another (the replay keys are in the database). The Symphony datafeed v1 (one queue, one reader) runs behind
 * {@code master:} too: its leader is killed and another node reads the same feed (its id in the database). The access
 * tokens are in the database as well
 * ({@code JdbcTokenStore}): the OpenIM server issues one admin and one user token to the three nodes, fail-over
 * included.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverTest {

    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String BOT = "clusterbot";
    private static final String ANN = "ann";
    private static final String GROUP = "gcluster";
    private static final String IM_SECRET = "cluster-im-secret";
    private static final String DING_ID = "dingcluster";
    private static final String DING_SECRET = "cluster-ding-secret";

    private static final String SYM_BOT = "cluster-bot";
    private static final long SYM_BOT_ID = 349026222350001L;
    private static final long SYM_ALICE = 349026222350002L;

    private static TestingServer zookeeper;
    private static ClusterDatabase database;
    private static OpenImSimulator openim;
    private static DingTalkSimulator dingtalk;
    private static SymphonySimulator symphony;
    private static String symphonyIm;
    private static final List<NodeProcess> NODES = new ArrayList<>();
    private static final Map<NodeProcess, Integer> HTTP_PORTS = new HashMap<>();

    @BeforeAll
    static void startCluster() throws Exception {
        File zkData = Files.createTempDirectory("camelchat-zk").toFile();
        // tick 500 ms: ZooKeeper accepts sessions from 1 s, so a crashed leader's session ends within seconds
        zookeeper = new TestingServer(new InstanceSpec(zkData, -1, -1, -1, true, 1, 500, 100), true);
        database = ClusterDatabase.start();
        database.createMessageIdTable();
        openim = OpenImSimulator.builder().secret(IM_SECRET).adminUserId("imAdmin").user(BOT, "Cluster bot")
                .user(ANN, "Ann").group(GROUP, "Cluster", ANN, BOT).start();
        dingtalk = DingTalkSimulator.builder().clientId(DING_ID).clientSecret(DING_SECRET).start();
        dingtalk.addUser(new SimUser("carol", "unionCarol", "Carol", "+8613800000009", "carol@example.com"));
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        Path key = Files.createTempFile("cluster-bot", ".pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                               + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                               + "\n-----END PRIVATE KEY-----\n",
                StandardCharsets.UTF_8);
        key.toFile().deleteOnExit();
        symphony = SymphonySimulator.builder().botUsername(SYM_BOT).botId(SYM_BOT_ID).botPublicKey(pair.getPublic())
                .longPollTimeout(Duration.ofSeconds(1)).start();
        symphony.addUser(new SymUser(SYM_ALICE, "alice", "alice@acme.example", "Alice", "Smith", "Alice Smith"));
        symphonyIm = symphony.createIm(SYM_ALICE, SYM_BOT_ID);
        for (int i = 1; i <= 3; i++) {
            int port = AvailablePortFinder.getNextAvailable();
            NodeProcess node = NodeProcess.builder("node" + i, ClusterNode.class).jvmArg("-XX:TieredStopAtLevel=1")
                    .config(Map.ofEntries(Map.entry("node", "node" + i), Map.entry("zk", zookeeper.getConnectString()),
                            Map.entry("jdbcUrl", database.url()), Map.entry("jdbcUser", database.user()),
                            Map.entry("jdbcPassword", database.password()), Map.entry("openimApi", openim.apiUrl()),
                            Map.entry("openimWs", openim.wsUrl()), Map.entry("openimUser", BOT),
                            Map.entry("openimAdmin", "imAdmin"), Map.entry("openimSecret", IM_SECRET),
                            Map.entry("httpPort", port), Map.entry("dingtalkClientId", DING_ID),
                            Map.entry("dingtalkSecret", DING_SECRET), Map.entry("workMillis", 5),
                            Map.entry("symphonyBot", SYM_BOT), Map.entry("symphonyKeyFile", key.toString()),
                            Map.entry("symphonyPod", symphony.podUrl()),
                            Map.entry("symphonyAgent", symphony.agentUrl()),
                            Map.entry("symphonyKeyManager", symphony.keyManagerUrl())))
                    .start();
            NODES.add(node);
            HTTP_PORTS.put(node, port);
        }
        for (NodeProcess node : NODES) {
            node.awaitReport("READY"::equals, START);
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (NodeProcess node : NODES) {
            node.close();
        }
        if (openim != null) {
            openim.close();
        }
        if (dingtalk != null) {
            dingtalk.close();
        }
        if (symphony != null) {
            symphony.close();
        }
        if (database != null) {
            database.close();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    @Test
    @Order(1)
    void aWebhookRequestAcceptedByOneNodeIsRefusedByAnother() throws Exception {
        int requests = Reliability.scaled(5, 200);
        HttpClient http = HttpClient.newHttpClient();
        long now = System.currentTimeMillis();
        int refused = 0;
        for (int i = 0; i < requests; i++) {
            NodeProcess first = NODES.get(i % 2);
            NodeProcess second = NODES.get((i + 1) % 2);
            InboundMessage message = dingtalk.newTextMessage("carol", null, "webhook-" + i);
            // DingTalk signs the timestamp only: one distinct timestamp per request
            long timestamp = now - i;
            String sign = WebhookSecurity.hmacSha256Base64(DING_SECRET, timestamp + "\n" + DING_SECRET);
            assertThat(post(http, first, message, timestamp, sign).statusCode()).as("accepted by " + first.name())
                    .isEqualTo(200);
            HttpResponse<String> replay = post(http, second, message, timestamp, sign);
            assertThat(replay.statusCode()).as("the same request replayed to " + second.name()).isEqualTo(401);
            assertThat(replay.body()).contains("replay");
            refused++;
            String text = "webhook-" + i;
            first.awaitReport(e -> e.startsWith("WEBHOOK ") && e.endsWith(" " + text), WAIT);
        }
        for (NodeProcess node : NODES) {
            Set<String> texts = new HashSet<>();
            for (String e : node.reports()) {
                if (e.startsWith("WEBHOOK ")) {
                    assertThat(texts.add(e.substring(e.lastIndexOf(' ') + 1))).as("routed once: " + e).isTrue();
                }
            }
        }
        long routed = NODES.stream().flatMap(n -> n.reports().stream()).filter(e -> e.startsWith("WEBHOOK ")).count();
        assertThat(routed).isEqualTo(requests);
        ReliabilityReport.record("scale-out", "dingtalk", "webhook, replay keys in " + database.kind(),
                "replays to another node refused of " + requests, refused, Integer.toString(requests));
    }

    private static HttpResponse<String> post(HttpClient http, NodeProcess node, InboundMessage message, long timestamp,
                                             String sign)
            throws Exception {
        HttpRequest request = HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORTS.get(node) + "/dingtalk/robot"))
                .header("timestamp", Long.toString(timestamp)).header("sign", sign)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(message.json()))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(2)
    void theOpenImStreamContinuesOnAnotherNodeWhenTheLeaderIsKilled() throws Exception {
        await().atMost(WAIT).until(() -> !openim.connections(BOT).isEmpty());
        Map<String, String> expectedIds = new HashMap<>();
        OpenImMessage warmUp = openim.sendGroupText(ANN, GROUP, "warm-up");
        expectedIds.put("warm-up", id(warmUp));
        await().atMost(WAIT).until(() -> leader() != null);
        NodeProcess leader = leader();
        for (NodeProcess other : NODES) {
            if (other != leader) {
                assertThat(openImEvents(other)).as("single active: " + other.name() + " routes nothing").isEmpty();
            }
        }

        int total = Reliability.scaled(300, 3000);
        int half = total / 2;
        for (int i = 0; i < half; i++) {
            expectedIds.put("m-" + i, id(openim.sendGroupText(ANN, GROUP, "m-" + i)));
        }
        await().atMost(WAIT).until(() -> openImEvents(leader).size() >= half / 3);
        leader.kill();
        long killedAt = System.nanoTime();
        int routedByLeader = openImEvents(leader).size();
        assertThat(routedByLeader).as("killed mid-stream").isLessThan(half);
        for (int i = half; i < total; i++) {
            expectedIds.put("m-" + i, id(openim.sendGroupText(ANN, GROUP, "m-" + i)));
        }

        await().atMost(WAIT).until(() -> routedTexts().keySet().containsAll(expectedIds.keySet()));
        long takeoverMillis = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
        List<NodeProcess> successors = NODES.stream().filter(n -> n != leader && !openImEvents(n).isEmpty()).toList();
        assertThat(successors).as("one node took over").hasSize(1);

        Map<String, Set<String>> routed = routedTexts();
        int lines = 0;
        for (Map.Entry<String, Set<String>> e : routed.entrySet()) {
            assertThat(expectedIds).as("nothing routed that was not sent").containsKey(e.getKey());
            assertThat(e.getValue()).as("every copy of " + e.getKey() + " has the message's id")
                    .containsExactly(expectedIds.get(e.getKey()));
        }
        for (NodeProcess node : NODES) {
            lines += openImEvents(node).size();
        }
        int duplicates = lines - routed.size();
        long lost = expectedIds.keySet().stream().filter(t -> !routed.containsKey(t)).count();
        assertThat(lost).isZero();

        // the successor stores its progress where the next node would read it
        long lastSeq = openim.messages(OpenImSimulator.groupConversationId(GROUP)).stream()
                .mapToLong(OpenImMessage::seq).max().orElseThrow();
        await().atMost(WAIT).until(() -> storedSeq() == lastSeq);

        String subject = "stream behind master: (ZooKeeper), offsets in " + database.kind();
        ReliabilityReport.record("scale-out", "openim", subject,
                "events lost of " + total + ", leader killed after " + routedByLeader, lost, "0");
        ReliabilityReport.record("scale-out", "openim", subject, "events routed twice (same CamelChatMessageId)",
                duplicates, "few, same id");
        ReliabilityReport.record("scale-out", "openim", subject, "ms from the kill to the last event routed",
                takeoverMillis, "measured");

        // the tokens are in the database too: the successor connected with the user token the killed leader had
        // fetched (with the admin token) and stored, so the server issued one of each for the three nodes
        assertThat(openim.tokenRequests(BOT)).as("user tokens fetched by the nodes").isEqualTo(1);
        assertThat(openim.tokenRequests("imAdmin")).as("admin tokens fetched by the nodes").isEqualTo(1);
        assertThat(tokenRows()).as("tokens stored").isEqualTo(2);
        ReliabilityReport.record("scale-out", "openim", "access tokens in " + database.kind() + " (JdbcTokenStore)",
                "tokens the server issued to 3 nodes across a fail-over (user + admin)",
                openim.tokenRequests(BOT) + openim.tokenRequests("imAdmin"), "2");
    }

    private static int tokenRows() throws Exception {
        try (Connection c = database.connect();
                PreparedStatement ps = c
                        .prepareStatement("SELECT COUNT(*) FROM CAMELCHAT_TOKEN WHERE TOKEN_KEY LIKE 'openim:%'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    @Order(3)
    void theSymphonyDatafeedV1ContinuesOnAnotherNodeWhenTheLeaderIsKilled() throws Exception {
        List<NodeProcess> live = NODES.stream().filter(NodeProcess::isAlive).toList();
        Set<String> expected = new HashSet<>();
        expected.add(symphony.userPostsMessage(SYM_ALICE, symphonyIm, "<messageML>warm-up</messageML>").messageId());
        await().atMost(WAIT).until(() -> symphonyRouted(live).containsAll(expected));
        NodeProcess leader = live.stream().filter(n -> !symphonyEvents(n).isEmpty()).findFirst().orElseThrow();
        for (NodeProcess other : live) {
            if (other != leader) {
                assertThat(symphonyEvents(other)).as("single active: " + other.name() + " reads nothing").isEmpty();
            }
        }

        int total = Reliability.scaled(200, 2000);
        int half = total / 2;
        for (int i = 0; i < half; i++) {
            expected.add(post(i));
        }
        // v1 has no acknowledgement: a batch read by a node that dies before routing it is gone, as with a real
        // agent. The leader is killed between batches (all it read was routed, its next read waiting), and the other
        // half is posted while no node leads: it waits in the feed for the node that takes over
        await().atMost(WAIT).until(() -> symphonyRouted(live).containsAll(expected));
        leader.kill();
        long killedAt = System.nanoTime();
        int routedByLeader = symphonyEvents(leader).size();
        for (int i = half; i < total; i++) {
            expected.add(post(i));
        }
        await().atMost(WAIT).until(() -> symphonyRouted(live).containsAll(expected));
        long takeoverMillis = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();

        List<NodeProcess> successors = live.stream().filter(n -> n != leader && !symphonyEvents(n).isEmpty())
                .toList();
        assertThat(successors).as("one node took over").hasSize(1);
        Set<String> routed = symphonyRouted(live);
        assertThat(routed).as("nothing routed that was not posted").isSubsetOf(expected);
        long lost = expected.stream().filter(id -> !routed.contains(id)).count();
        assertThat(lost).isZero();
        int lines = live.stream().mapToInt(n -> symphonyEvents(n).size()).sum();
        assertThat(symphony.datafeeds()).as("the successor read the leader's feed (its id in the database)")
                .hasSize(1);
        long logins = symphony.authentications().stream().filter(a -> a.success() && a.endpoint().startsWith("/login/"))
                .count();
        assertThat(logins).as("logins of the nodes: the successor took the session from the database").isEqualTo(1);

        String subject = "datafeed v1 behind master: (ZooKeeper), feed id and session in " + database.kind();
        ReliabilityReport.record("scale-out", "symphony", subject,
                "events lost of " + total + ", leader killed after " + routedByLeader, lost, "0");
        ReliabilityReport.record("scale-out", "symphony", subject, "events routed twice", lines - routed.size(),
                "0 (v1: no redelivery)");
        ReliabilityReport.record("scale-out", "symphony", subject, "logins of the nodes", logins, "1");
        ReliabilityReport.record("scale-out", "symphony", subject, "ms from the kill to the last event routed",
                takeoverMillis, "measured");
    }

    private static String post(int i) {
        return symphony.userPostsMessage(SYM_ALICE, symphonyIm, "<messageML>s-" + i + "</messageML>").messageId();
    }

    private static List<String> symphonyEvents(NodeProcess node) {
        return node.reports().stream().filter(e -> e.startsWith("SYMPHONY ")).toList();
    }

    /** The message ids routed by the nodes. */
    private static Set<String> symphonyRouted(List<NodeProcess> nodes) {
        Set<String> ids = new HashSet<>();
        for (NodeProcess node : nodes) {
            for (String e : symphonyEvents(node)) {
                ids.add(e.substring("SYMPHONY ".length()));
            }
        }
        return ids;
    }

    private static String id(OpenImMessage message) {
        return message.conversationId() + "#" + message.data().getClientMsgID();
    }

    private static List<String> openImEvents(NodeProcess node) {
        return node.reports().stream().filter(e -> e.startsWith("OPENIM ")).toList();
    }

    /** The node that routed the warm-up message. */
    private static NodeProcess leader() {
        return NODES.stream().filter(n -> openImEvents(n).stream().anyMatch(e -> e.endsWith(" warm-up"))).findFirst()
                .orElse(null);
    }

    /** Per text routed by any node: the message ids it was routed with. */
    private static Map<String, Set<String>> routedTexts() {
        Map<String, Set<String>> routed = new HashMap<>();
        for (NodeProcess node : NODES) {
            for (String e : openImEvents(node)) {
                String[] parts = e.split(" ", 3);
                routed.computeIfAbsent(parts[2], t -> new HashSet<>()).add(parts[1]);
            }
        }
        return routed;
    }

    private static long storedSeq() throws Exception {
        try (Connection c = database.connect();
                PreparedStatement ps = c
                        .prepareStatement("SELECT STATE_VALUE FROM CAMELCHAT_STATE WHERE STATE_KEY = ?")) {
            ps.setString(1, "openim." + BOT + "." + OpenImSimulator.groupConversationId(GROUP));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Long.parseLong(rs.getString(1)) : -1;
            }
        }
    }
}
