package io.camelchat.simulator.difft;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /v1/messages (section 4), accounts (5), groups (6) and the rate limit (10) over real sockets. */
class DifftMessagesTest {

    static final String BOT = "+60000";
    static final String ALICE = "+76459652574";
    static final String BOB = "+75853524385";
    static final String GID = "a9de6b3ae8c8456d888c4532b487e822";
    static final String OTHER_GID = "00000000000000000000000000000001";

    private final TestSigner client = new TestSigner("demoapp0001", "demo-secret");
    private DifftSimulator sim;

    @BeforeEach
    void start() {
        sim = builder().messageInterval(Duration.ZERO).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static DifftSimulator.Builder builder() {
        return DifftSimulator.builder().app("demoapp0001", "demo-secret", BOT)
                .account(ALICE, "alice@example.org", "Allen").account(BOB, "bob@example.org", "Bob")
                .group(GID, "Ops", BOT, ALICE, BOB).group(OTHER_GID, "Elsewhere", ALICE);
    }

    @Test
    void textToUsersAnswersRefIdAndPerRecipientErrors() {
        long ts = System.currentTimeMillis();
        Map<String, Object> answer = ok(send(ts, users(ALICE, BOB, "+70000000001"), "TEXT",
                Map.of("msg", Map.of("body", "hello"))));
        assertThat(answer).containsEntry("refID", "v1:" + ts + ":" + BOT);
        assertThat(answer.get("errors")).isEqualTo(List.of(Map.of("wuid", "+70000000001", "groupID", "",
                "reason", "user not found")));
        assertThat(sim.sent()).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo("hello");
            assertThat(m.wuids()).containsExactly(ALICE, BOB, "+70000000001");
            assertThat(m.groupId()).isNull();
            assertThat(m.timestamp()).isEqualTo(ts);
        });
    }

    @Test
    void groupTextWithMentionsAndQuote() {
        Map<String, Object> msg = Map.of("body", "@Allen build finished", "atPersons", List.of(ALICE),
                "quote", Map.of("refID", "v1:1700000000000:" + ALICE, "text", "is it built?"));
        ok(send(System.currentTimeMillis(), group(GID), "TEXT", Map.of("msg", msg)));
        DifftMessage m = sim.sent().get(0);
        assertThat(m.groupId()).isEqualTo(GID);
        assertThat(m.atPersons()).containsExactly(ALICE);
        assertThat(m.part("quote")).containsEntry("refID", "v1:1700000000000:" + ALICE);
    }

    @Test
    void cliStyleEmptyAtPersonsIsTolerated() {
        ok(send(System.currentTimeMillis(), group(GID), "TEXT",
                Map.of("msg", Map.of("body", "hi", "atPersons", List.of("")))));
        assertThat(sim.sent()).hasSize(1);
    }

    @Test
    void cardAndForward() {
        Map<String, Object> card = Map.of("appID", "demoapp0001", "id", "c1", "content", "# Build\n**green**",
                "fixedWidth", true);
        ok(send(System.currentTimeMillis(), users(ALICE), "CARD", Map.of("card", card)));
        Map<String, Object> forwarded = Map.of("id", 1, "author", ALICE, "text", "fwd me");
        ok(send(System.currentTimeMillis() + 1, group(GID), "FORWARD", Map.of("forwarded", forwarded)));
        assertThat(sim.sent()).extracting(DifftMessage::type).containsExactly("CARD", "FORWARD");
        assertThat(sim.sent().get(0).part("card")).containsEntry("content", "# Build\n**green**");
        assertThat(sim.sent().get(1).part("forwarded")).isEqualTo(forwarded);
        // a card must name the caller's app
        invalid(send(System.currentTimeMillis() + 2, users(ALICE), "CARD",
                Map.of("card", Map.of("appID", "someone-else", "id", "c2", "content", "x"))));
    }

    @Test
    void recallNeedsTheOriginalTimestampAndDestination() {
        long ts = System.currentTimeMillis() - 5000;
        ok(send(ts, group(GID), "TEXT", Map.of("msg", Map.of("body", "deployed"))));
        Map<String, Object> recall = Map.of("realSource", Map.of("source", BOT, "sourceDevice", 1, "timestamp", ts),
                "refID", "");
        failed(send(ts + 10, users(ALICE), "RECALL", Map.of("recall", recall)), 3);
        failed(send(ts + 11, group(GID), "RECALL", Map.of("recall", Map.of("realSource",
                Map.of("source", BOT, "sourceDevice", 1, "timestamp", ts - 1), "refID", ""))), 3);
        assertThat(sim.isRecalled(sim.sent().get(0))).isFalse();
        ok(send(ts + 12, group(GID), "RECALL", Map.of("recall", recall)));
        assertThat(sim.sent()).hasSize(1);
        assertThat(sim.isRecalled(sim.sent().get(0))).isTrue();
    }

    @Test
    void unknownGroupAndGroupWithoutTheBotAreStatus3() {
        failed(send(System.currentTimeMillis(), group("ffffffffffffffffffffffffffffffff"), "TEXT",
                Map.of("msg", Map.of("body", "x"))), 3);
        failed(send(System.currentTimeMillis(), group(OTHER_GID), "TEXT", Map.of("msg", Map.of("body", "x"))), 3);
        assertThat(sim.sent()).isEmpty();
    }

    @Test
    void malformedRequestsAreInvalidParameters() {
        long ts = System.currentTimeMillis();
        invalid(client.post(sim.baseUrl(), "/v1/messages", "not json"));
        invalid(send(ts, Map.of("wuid", ALICE, "type", "USER"), "TEXT", Map.of("msg", Map.of("body", "x"))));
        invalid(send(ts, Map.of("groupID", GID, "type", "TEAM"), "TEXT", Map.of("msg", Map.of("body", "x"))));
        invalid(send(ts, users(ALICE), "TEXT", Map.of()));
        invalid(send(ts, users(ALICE), "VOICE", Map.of("msg", Map.of("body", "x"))));
        invalid(send(ts, users(ALICE), "FORWARD", Map.of()));
        Map<String, Object> notTheBot = body(ts, users(ALICE), "TEXT", Map.of("msg", Map.of("body", "x")));
        notTheBot.put("src", ALICE);
        invalid(client.post(sim.baseUrl(), "/v1/messages", notTheBot));
        assertThat(sim.sent()).isEmpty();
        assertThat(sim.protocolErrors()).hasSize(7);
    }

    @Test
    void oneMessagePerSecondPerApp() {
        try (DifftSimulator limited = builder().messageInterval(Duration.ofSeconds(30)).start()) {
            long ts = System.currentTimeMillis();
            assertThat(parse(client.post(limited.baseUrl(), "/v1/messages",
                    body(ts, users(ALICE), "TEXT", Map.of("msg", Map.of("body", "1")))))).containsEntry("status", 0);
            HttpResponse<String> second = client.post(limited.baseUrl(), "/v1/messages",
                    body(ts + 1, users(ALICE), "TEXT", Map.of("msg", Map.of("body", "2"))));
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(parse(second)).containsEntry("status", 4).containsEntry("reason", "too many requests");
            assertThat(limited.sent()).extracting(DifftMessage::body).containsExactly("1");
            // reads are not limited
            assertThat(parse(client.get(limited.baseUrl(), "/v1/groups", Map.of("operator", BOT))))
                    .containsEntry("status", 0);
        }
    }

    @Test
    void accountsByEmailAndByWuid() {
        Map<String, Object> byEmail = parse(client.get(sim.baseUrl(), "/v1/accounts",
                Map.of("email", "alice@example.org,nobody@example.org,bob@example.org", "operator", BOT)));
        assertThat(byEmail).containsEntry("ver", 1).containsEntry("status", 0).containsEntry("reason", "ok");
        assertThat(byEmail.get("data")).isEqualTo(Map.of("accounts", List.of(
                Map.of("wuid", ALICE, "email", "alice@example.org", "name", "Allen"),
                Map.of("wuid", BOB, "email", "bob@example.org", "name", "Bob"))));
        Map<String, Object> byWuid = parse(client.get(sim.baseUrl(), "/v1/accounts",
                Map.of("wuid", BOB, "operator", BOT)));
        assertThat(byWuid.get("data")).isEqualTo(Map.of("accounts", List.of(
                Map.of("wuid", BOB, "email", "bob@example.org", "name", "Bob"))));
        assertThat(parse(client.get(sim.baseUrl(), "/v1/accounts", Map.of("operator", BOT))))
                .containsEntry("status", 1);
        assertThat(parse(client.get(sim.baseUrl(), "/v1/accounts",
                Map.of("wuid", BOB, "email", "bob@example.org")))).containsEntry("status", 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void groupsOfTheBotAndTheirMembers() {
        Map<String, Object> groups = parse(client.get(sim.baseUrl(), "/v1/groups", Map.of("operator", BOT)));
        assertThat(groups.get("data")).isEqualTo(Map.of("groups", List.of(Map.of("gid", GID, "name", "Ops"))));
        Map<String, Object> members = parse(client.get(sim.baseUrl(), "/v1/groups/members",
                Map.of("operator", BOT, "gid", GID)));
        Map<String, Object> data = (Map<String, Object>) members.get("data");
        assertThat(data).containsEntry("name", "Ops").containsEntry("gid", GID);
        assertThat((List<Object>) data.get("members")).containsExactlyInAnyOrder(Map.of("wuid", BOT, "name",
                "bot demoapp0001"), Map.of("wuid", ALICE, "name", "Allen"), Map.of("wuid", BOB, "name", "Bob"));
        assertThat(parse(client.get(sim.baseUrl(), "/v1/groups/members",
                Map.of("operator", BOT, "gid", OTHER_GID)))).containsEntry("status", 3);
        assertThat(parse(client.get(sim.baseUrl(), "/v1/groups", Map.of("operator", ALICE))))
                .containsEntry("status", 1);
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> users(String... wuids) {
        return Map.of("wuid", List.of(wuids), "type", "USER");
    }

    private static Map<String, Object> group(String gid) {
        return Map.of("groupID", gid, "type", "GROUP");
    }

    private static Map<String, Object> body(long ts, Map<String, Object> dest, String type,
                                            Map<String, Object> extra) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("version", 1);
        b.put("src", BOT);
        b.put("dest", dest);
        b.put("type", type);
        b.put("timestamp", ts);
        b.putAll(extra);
        return b;
    }

    private HttpResponse<String> send(long ts, Map<String, Object> dest, String type, Map<String, Object> extra) {
        return client.post(sim.baseUrl(), "/v1/messages", body(ts, dest, type, extra));
    }

    private static Map<String, Object> parse(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestSigner.parse(r.body());
    }

    private static Map<String, Object> ok(HttpResponse<String> r) {
        Map<String, Object> m = parse(r);
        assertThat(m).as(r.body()).containsEntry("status", 0);
        return m;
    }

    private static void failed(HttpResponse<String> r, int status) {
        Map<String, Object> m = parse(r);
        assertThat(m).as(r.body()).containsEntry("status", status).containsKey("reason").containsKey("error");
    }

    private static void invalid(HttpResponse<String> r) {
        failed(r, 1);
    }
}
