package io.camelchat.simulator.difft;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The play-user methods: the inbound frame shapes of section 8.4, and what the bot sent (inspection). */
class DifftPlayUserTest {

    static final String APP = "demoapp0001";
    static final String BOT = "+60000";
    static final String ALICE = "+76459652574";
    static final String BOB = "+75853524385";
    static final String GID = "a9de6b3ae8c8456d888c4532b487e822";

    private final TestSigner client = new TestSigner(APP, "demo-secret");
    private DifftSimulator sim;
    private DifftWebsocketTest.Client ws;

    @BeforeEach
    void start() {
        sim = DifftSimulator.builder().app(APP, "demo-secret", BOT).account(ALICE, "alice@example.org", "Allen")
                .account(BOB, "bob@example.org", "Bob").group(GID, "Ops", BOT, ALICE, BOB)
                .messageInterval(Duration.ZERO).start();
        ws = TestWebsocket.connect(sim.websocketUrl(), client);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Map<String, Object> next() throws InterruptedException {
        return TestWebsocket.fetchOne(ws);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static void assertRef(Map<String, Object> d, String ref) {
        assertThat(ref).isEqualTo("v1:" + d.get("timestamp") + ":" + d.get("src"));
        assertThat(d).containsEntry("version", 1).containsEntry("srcDevice", 1);
    }

    @Test
    void quoteReplyDirectAndInAGroup() throws Exception {
        String ref = sim.sendQuote(ALICE, BOT, "yes, please", "v1:1700000000000:+60000", "shall I deploy?");
        Map<String, Object> d = next();
        assertRef(d, ref);
        assertThat(d).containsEntry("type", "TEXT").containsEntry("src", ALICE).containsEntry("fromName", "Allen")
                .containsEntry("dest", Map.of("type", "USER", "wuid", List.of(BOT)));
        assertThat(d.get("msg")).isEqualTo(Map.of("body", "yes, please", "quote",
                Map.of("refID", "v1:1700000000000:+60000", "text", "shall I deploy?")));
        String groupRef = sim.sendQuote(BOB, GID, "me too", ref, "yes, please");
        Map<String, Object> g = next();
        assertRef(g, groupRef);
        assertThat(g).containsEntry("dest", Map.of("type", "GROUP", "groupID", GID));
        assertThat(map(map(g.get("msg")).get("quote"))).containsEntry("refID", ref);
    }

    @Test
    void groupMentionWritesTheNameAndAtPersons() throws Exception {
        String ref = sim.sendGroupMention(ALICE, GID, "status?", BOT);
        Map<String, Object> d = next();
        assertRef(d, ref);
        assertThat(d.get("msg")).isEqualTo(Map.of("body", "@bot demoapp0001 status?", "atPersons", List.of(BOT)));
        sim.sendGroupMention(ALICE, GID, "look", BOB, BOT);
        assertThat(next().get("msg")).isEqualTo(Map.of("body", "@Bob @bot demoapp0001 look", "atPersons",
                List.of(BOB, BOT)));
        assertThatThrownBy(() -> sim.sendGroupMention(ALICE, GID, "nobody")).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void cardFromAUser() throws Exception {
        String ref = sim.sendCard(ALICE, BOT, "card-1", "# Title\n**bold**");
        Map<String, Object> d = next();
        assertRef(d, ref);
        assertThat(d).containsEntry("type", "CARD").doesNotContainKey("msg");
        assertThat(map(d.get("card"))).containsEntry("id", "card-1").containsEntry("content", "# Title\n**bold**")
                .containsEntry("creator", ALICE).containsEntry("timestamp", d.get("timestamp"));
    }

    @Test
    void forwardWithAndWithoutAFile() throws Exception {
        String ref = sim.sendForward(ALICE, BOT, BOB, "from Bob");
        Map<String, Object> d = next();
        assertRef(d, ref);
        assertThat(d).containsEntry("type", "FORWARD").doesNotContainKey("msg");
        assertThat(map(d.get("forwarded"))).containsEntry("author", BOB).containsEntry("text", "from Bob")
                .containsEntry("isFromGroup", false).doesNotContainKey("attachments").containsKey("id");
        byte[] content = "forwarded file".getBytes(StandardCharsets.UTF_8);
        sim.sendForward(ALICE, GID, BOB, "see file", "f.txt", "text/plain", content);
        Map<String, Object> g = next();
        assertThat(g).containsEntry("dest", Map.of("type", "GROUP", "groupID", GID));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> atts = (List<Map<String, Object>>) map(g.get("forwarded")).get("attachments");
        assertThat(atts).singleElement().satisfies(a -> assertThat(a).containsEntry("fileName", "f.txt")
                .containsEntry("size", content.length));
        assertThat(download(atts.get(0))).isEqualTo(content);
        sim.sendForward(ALICE, BOT, Map.of("id", 7, "author", BOB, "text", "raw", "forwards", List.of()));
        assertThat(next().get("forwarded")).isEqualTo(Map.of("id", 7, "author", BOB, "text", "raw", "forwards",
                List.of()));
    }

    @Test
    void recallOfTheUsersOwnMessage() throws Exception {
        String original = sim.sendGroupText(ALICE, GID, "oops");
        Map<String, Object> o = next();
        String ref = sim.sendRecall(ALICE, original);
        Map<String, Object> d = next();
        assertRef(d, ref);
        assertThat(d).containsEntry("type", "RECALL").containsEntry("dest", o.get("dest")).doesNotContainKey("msg");
        assertThat(d.get("recall")).isEqualTo(Map.of("realSource", Map.of("source", ALICE, "sourceDevice", 1,
                "timestamp", o.get("timestamp")), "refID", ""));
        assertThatThrownBy(() -> sim.sendRecall(BOB, original)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("own");
        assertThatThrownBy(() -> sim.sendRecall(ALICE, "v1:1:+1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readReceipt() throws Exception {
        String ref = sim.sendReceipt(ALICE, BOT, 1710000001000L, 1710000002000L);
        Map<String, Object> d = next();
        assertRef(d, ref);
        assertThat(d).containsEntry("type", "RECEIPT").doesNotContainKey("msg")
                .containsEntry("dest", Map.of("type", "USER", "wuid", List.of(BOT)));
        assertThat(d.get("receipt")).isEqualTo(Map.of("type", "READ", "timestamps",
                List.of(1710000001000L, 1710000002000L)));
    }

    @Test
    void groupFileIsAuthorizedForTheGroup() throws Exception {
        byte[] content = "group file".getBytes(StandardCharsets.UTF_8);
        String ref = sim.sendGroupFile(ALICE, GID, "g.txt", "text/plain", content);
        Map<String, Object> d = next();
        assertRef(d, ref);
        assertThat(d).containsEntry("dest", Map.of("type", "GROUP", "groupID", GID));
        Map<String, Object> att = map(map(d.get("msg")).get("attachment"));
        assertThat(att).containsEntry("fileName", "g.txt").containsEntry("contentType", "text/plain");
        assertThat(download(att)).isEqualTo(content);
        assertThat(sim.inboundMessages()).singleElement().isEqualTo(d);
        ws.send("{\"cmd\":\"fetch\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.isAcknowledged(APP, ref));
    }

    @Test
    void whatTheBotSentCanBeInspected() {
        long ts = System.currentTimeMillis();
        send(ts, Map.of("wuid", List.of(ALICE), "type", "USER"), "TEXT", Map.of("msg", Map.of("body", "answer",
                "quote", Map.of("refID", "v1:1:" + ALICE, "text", "q"))));
        send(ts + 1, Map.of("groupID", GID, "type", "GROUP"), "CARD", Map.of("card", Map.of("appID", APP, "id",
                "c1", "content", "**md**")));
        send(ts + 2, Map.of("groupID", GID, "type", "GROUP"), "FORWARD", Map.of("forwarded", Map.of("author",
                ALICE, "text", "t")));
        send(ts + 3, Map.of("groupID", GID, "type", "GROUP"), "RECALL", Map.of("recall", Map.of("realSource",
                Map.of("source", BOT, "sourceDevice", 1, "timestamp", ts + 1), "refID", "")));
        List<DifftMessage> sent = sim.sent();
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0).quote()).containsEntry("text", "q");
        assertThat(sent.get(0).isGroup()).isFalse();
        assertThat(sent.get(0).attachment()).isNull();
        assertThat(sent.get(0).fileName()).isNull();
        assertThat(sent.get(1).cardContent()).isEqualTo("**md**");
        assertThat(sent.get(1).card()).containsEntry("id", "c1");
        assertThat(sent.get(2).forwarded()).containsEntry("author", ALICE);
        assertThat(sim.recalled()).containsExactly(sent.get(1));
        assertThat(sim.sentTo(GID)).extracting(DifftMessage::type).containsExactly("CARD", "FORWARD");
        assertThat(sim.sentTo(ALICE)).extracting(DifftMessage::body).containsExactly("answer");
    }

    private void send(long ts, Map<String, Object> dest, String type, Map<String, Object> extra) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("version", 1);
        b.put("src", BOT);
        b.put("dest", dest);
        b.put("type", type);
        b.put("timestamp", ts);
        b.putAll(extra);
        assertThat(TestSigner.parse(client.post(sim.baseUrl(), "/v1/messages", b).body())).containsEntry("status",
                0);
    }

    private byte[] download(Map<String, Object> att) throws Exception {
        String fileHash = TestCrypto.fileHashOfKey((String) att.get("key"));
        Map<String, Object> dl = TestSigner.parse(client.post(sim.baseUrl(), "/v1/file/download", Map.of("wuid", BOT,
                "fileHash", fileHash, "authorizeId", att.get("authorizeId"))).body());
        assertThat(dl).as(dl.toString()).containsEntry("status", 0);
        String url = (String) map(dl.get("data")).get("url");
        byte[] blob = TestSigner.HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        return TestCrypto.decrypt(blob, (String) att.get("key"), (String) att.get("digest"));
    }
}
