package io.camelchat.simulator.openim;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.openim.ImHttp.error;
import static io.camelchat.simulator.openim.ImHttp.list;
import static io.camelchat.simulator.openim.ImHttp.map;
import static io.camelchat.simulator.openim.ImHttp.ok;
import static io.camelchat.simulator.openim.ImHttp.parse;
import static io.camelchat.simulator.openim.ImHttp.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

class OpenImHttpApiTest {

    private OpenImSimulator sim;
    private String admin;

    @BeforeEach
    void start() {
        sim = OpenImSimulator.builder().secret("openIM123").adminUserId("imAdmin").user("bot", "Bot")
                .user("ann", "Ann").user("bob", "Bob").group("g1", "Team", "bot", "ann").start();
        admin = ImHttp.adminToken(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void tokensAreIssuedParsedAndChecked() {
        Map<String, Object> a = ok(sim, "/auth/get_admin_token", null,
                Map.of("secret", "openIM123", "userID", "imAdmin"));
        assertThat(((Number) a.get("expireTimeSeconds")).longValue()).isEqualTo(Duration.ofDays(90).toSeconds());
        error(sim, "/auth/get_admin_token", null, Map.of("secret", "wrong", "userID", "imAdmin"), 1002,
                "NoPermissionError");
        error(sim, "/auth/get_admin_token", null, Map.of("secret", "openIM123", "userID", "bot"), 1001, "ArgsError");

        String bot = ImHttp.userToken(sim, admin, "bot", 1);
        Map<String, Object> parsed = ok(sim, "/auth/parse_token", null, Map.of("token", bot));
        assertThat(parsed).containsEntry("userID", "bot").containsEntry("platformID", 1);
        assertThat(((Number) parsed.get("expireTimeSeconds")).longValue())
                .isGreaterThan(System.currentTimeMillis() / 1000 + Duration.ofDays(89).toSeconds());

        // the pre-3.8.1 name
        Map<String, Object> legacy = ok(sim, "/auth/user_token", null,
                Map.of("secret", "openIM123", "userID", "ann", "platformID", 5));
        assertThat(ok(sim, "/auth/parse_token", null, Map.of("token", legacy.get("token"))))
                .containsEntry("userID", "ann").containsEntry("platformID", 5);

        // get_user_token needs an admin token, no admin platform, no admin user, a known user
        error(sim, "/auth/get_user_token", bot, Map.of("userID", "ann", "platformID", 1), 1002, "NoPermissionError");
        error(sim, "/auth/get_user_token", admin, Map.of("userID", "ann", "platformID", 10), 1002, "NoPermissionError");
        error(sim, "/auth/get_user_token", admin, Map.of("userID", "imAdmin", "platformID", 1), 1002,
                "NoPermissionError");
        error(sim, "/auth/get_user_token", admin, Map.of("userID", "nobody", "platformID", 1), 1004,
                "RecordNotFoundError");
    }

    @Test
    void legacyUserTokenPathCanBeSwitchedOff() {
        try (OpenImSimulator v381 = OpenImSimulator.builder().legacyUserTokenPath(false).user("bot", "Bot").start()) {
            HttpResponse<String> r = raw(v381, "/auth/user_token", null, true,
                    Map.of("secret", "openIM123", "userID", "bot", "platformID", 1));
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(v381.protocolErrors()).anyMatch(e -> e.contains("/auth/user_token"));
        }
    }

    @Test
    void headersAndTokenErrorsGiveEnvelopesWithHttp200() {
        HttpResponse<String> noOp = raw(sim, "/user/get_users_info", admin, false, Map.of("userIDs", List.of("bot")));
        assertThat(noOp.statusCode()).isEqualTo(200);
        assertThat(parse(noOp.body())).containsEntry("errCode", 1001).containsEntry("errMsg", "ArgsError")
                .containsEntry("errDlt", "header must have operationID").doesNotContainKey("data");
        assertThat(error(sim, "/user/get_users_info", null, Map.of("userIDs", List.of("bot")), 1001, "ArgsError"))
                .isEqualTo("header must have token");
        error(sim, "/user/get_users_info", "abc", Map.of("userIDs", List.of("bot")), 1503, "TokenMalformedError");
        String forged = admin.substring(0, admin.lastIndexOf('.') + 1) + "AAAA";
        error(sim, "/user/get_users_info", forged, Map.of("userIDs", List.of("bot")), 1505, "TokenUnknownError");

        String bot = ImHttp.userToken(sim, admin, "bot", 1);
        sim.expireToken(bot);
        error(sim, "/user/get_users_info", bot, Map.of("userIDs", List.of("bot")), 1501, "TokenExpiredError");

        String ann = ImHttp.userToken(sim, admin, "ann", 2);
        ok(sim, "/auth/force_logout", admin, Map.of("userID", "ann", "platformID", 2));
        error(sim, "/user/get_users_info", ann, Map.of("userIDs", List.of("bot")), 1506, "TokenKickedError");

        try (OpenImSimulator other = OpenImSimulator.builder().user("ann", "Ann").start()) {
            // signed with the same secret, never stored by this server
            error(other, "/user/get_users_info", ImHttp.userToken(sim, admin, "ann", 3), Map.of("userIDs",
                    List.of("ann")), 1507, "TokenNotExistError");
        }
        error(sim, "/user/get_users_info", admin, "[1,2]", 1001, "ArgsError");
        error(sim, "/msg/newest_seq", admin, Map.of("userID", 5), 1001, "ArgsError");
    }

    @Test
    void shortTokenTtlExpires() {
        try (OpenImSimulator s = OpenImSimulator.builder().tokenTtl(Duration.ofSeconds(1)).user("bot", "Bot").start()) {
            String t = s.userToken("bot", 1);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(
                    () -> error(s, "/auth/parse_token", null, Map.of("token", t), 1501, "TokenExpiredError"));
        }
    }

    @Test
    void usersAndGroups() {
        String bot = sim.userToken("bot", 1);
        Map<String, Object> users = ok(sim, "/user/get_users_info", bot, Map.of("userIDs", List.of("ann", "ghost")));
        assertThat(list(users.get("usersInfo"))).singleElement().satisfies(u -> assertThat(u)
                .containsEntry("userID", "ann").containsEntry("nickname", "Ann").containsKeys("faceURL", "ex",
                        "createTime", "appMangerLevel", "globalRecvMsgOpt"));
        Map<String, Object> ids = ok(sim, "/user/get_all_users_uid", admin,
                Map.of("pagination", Map.of("pageNumber", 1, "showNumber", 2)));
        assertThat(ids).containsEntry("total", 4).containsEntry("userIDs", List.of("imAdmin", "bot"));

        Map<String, Object> groups = ok(sim, "/group/get_groups_info", bot, Map.of("groupIDs", List.of("g1", "gx")));
        assertThat(list(groups.get("groupInfos"))).singleElement().satisfies(g -> assertThat(g)
                .containsEntry("groupID", "g1").containsEntry("groupName", "Team").containsEntry("ownerUserID", "bot")
                .containsEntry("memberCount", 2).containsEntry("status", 0));
        error(sim, "/group/get_groups_info", bot, Map.of("groupIDs", List.of()), 1001, "ArgsError");

        Map<String, Object> members = ok(sim, "/group/get_group_member_list", bot,
                Map.of("groupID", "g1", "pagination", Map.of("pageNumber", 1, "showNumber", 10)));
        assertThat(members).containsEntry("total", 2);
        assertThat(list(members.get("members"))).extracting(m -> m.get("userID"), m -> m.get("roleLevel"),
                m -> m.get("nickname")).containsExactly(tuple("bot", 100, "Bot"),
                        tuple("ann", 20, "Ann"));
        Map<String, Object> info = ok(sim, "/group/get_group_members_info", bot,
                Map.of("groupID", "g1", "userIDs", List.of("ann", "bob")));
        assertThat(list(info.get("members"))).extracting(m -> m.get("userID")).containsExactly("ann");
        Map<String, Object> joined = ok(sim, "/group/get_joined_group_list", bot, Map.of("fromUserID", "bot"));
        assertThat(joined).containsEntry("total", 1);
        error(sim, "/group/get_joined_group_list", bot, Map.of("fromUserID", "ann"), 1002, "NoPermissionError");
    }

    @Test
    void sendMsgIsAdminOnlyAndStoresWithSeqs() {
        String bot = sim.userToken("bot", 1);
        Map<String, Object> send = Map.of("sendID", "bot", "recvID", "ann", "senderPlatformID", 1, "content",
                Map.of("content", "hello <ann>"), "contentType", 101, "sessionType", 1);
        error(sim, "/msg/send_msg", bot, send, 1002, "NoPermissionError");
        Map<String, Object> sent = ok(sim, "/msg/send_msg", admin, send);
        assertThat((String) sent.get("serverMsgID")).matches("[0-9a-f]{32}");
        assertThat((String) sent.get("clientMsgID")).matches("[0-9a-f]{32}");
        assertThat(((Number) sent.get("sendTime")).longValue()).isPositive();

        String conv = OpenImSimulator.singleConversationId("bot", "ann");
        assertThat(conv).isEqualTo("si_ann_bot");
        OpenImMessage stored = sim.messages(conv).get(0);
        assertThat(stored.seq()).isEqualTo(1);
        assertThat(stored.data().getMsgFrom()).isEqualTo(200);
        assertThat(stored.content()).isEqualTo("{\"content\":\"hello \\u003cann\\u003e\"}");
        assertThat(stored.text()).isEqualTo("hello <ann>");
        assertThat(sim.sentBy("bot")).containsExactly(stored);
        ok(sim, "/msg/send_msg", admin, Map.of("sendID", "bot", "groupID", "g1", "content", Map.of("content", "team"),
                "contentType", 101, "sessionType", 3));

        // bad requests
        error(sim, "/msg/send_msg", admin, Map.of("sendID", "bot", "recvID", "ann", "content", Map.of("x", 1),
                "contentType", 118, "sessionType", 1), 1001, "ArgsError");
        error(sim, "/msg/send_msg", admin, Map.of("sendID", "bot", "recvID", "ann", "content", Map.of("content", ""),
                "contentType", 101, "sessionType", 1), 1001, "ArgsError");
        error(sim, "/msg/send_msg", admin, Map.of("sendID", "bot", "groupID", "g1", "content", Map.of("content", "x"),
                "contentType", 101, "sessionType", 2), 1001, "ArgsError");
        error(sim, "/msg/send_msg", admin, Map.of("sendID", "bot", "groupID", "nope", "content", Map.of("content",
                "x"), "contentType", 101, "sessionType", 3), 1004, "RecordNotFoundError");
        error(sim, "/msg/send_msg", admin, Map.of("sendID", "bot", "content", Map.of("content", "x"),
                "contentType", 101, "sessionType", 1), 1001, "ArgsError");

        // newest seq and pull, as the bot
        sim.sendText("ann", "bot", "second");
        Map<String, Object> seqs = ok(sim, "/msg/newest_seq", bot, Map.of("userID", "bot"));
        assertThat(map(seqs.get("maxSeqs"))).containsEntry(conv, 2).containsEntry("sg_g1", 1);
        assertThat(seqs).containsEntry("minSeqs", null);
        error(sim, "/msg/newest_seq", bot, Map.of("userID", "ann"), 1002, "NoPermissionError");
        assertThat(map(ok(sim, "/msg/newest_seq", sim.userToken("bob", 1), Map.of("userID", "bob")).get("maxSeqs")))
                .isEmpty();

        Map<String, Object> pulled = ok(sim, "/msg/pull_msg_by_seq", bot, Map.of("userID", "bot", "order", 0,
                "seqRanges", List.of(Map.of("conversationID", conv, "begin", 1, "end", 2, "num", 2),
                        Map.of("conversationID", "si_bob_bot", "begin", 1, "end", 5, "num", 5))));
        Map<String, Object> pm = map(map(pulled.get("msgs")).get(conv));
        assertThat(pm).containsEntry("isEnd", true).containsEntry("endSeq", 0);
        List<Map<String, Object>> msgs = list(pm.get("Msgs"));
        assertThat(msgs).extracting(m -> m.get("seq")).containsExactly(1, 2);
        assertThat(msgs.get(1)).containsEntry("sendID", "ann").containsEntry("recvID", "bot")
                .containsEntry("contentType", 101).containsEntry("status", 2).containsEntry("msgFrom", 100)
                .containsKeys("offlinePushInfo", "atUserIDList", "attachedInfo", "ex", "isRead")
                .containsEntry("options", null);
        assertThat(new String(Base64.getDecoder().decode((String) msgs.get(1).get("content")), StandardCharsets.UTF_8))
                .isEqualTo("{\"content\":\"second\"}");
        assertThat(map(pulled.get("msgs"))).doesNotContainKey("si_bob_bot");
        assertThat(map(pulled.get("notificationMsgs"))).isEmpty();

        Map<String, Object> partial = ok(sim, "/msg/pull_msg_by_seq", bot, Map.of("userID", "bot", "seqRanges",
                List.of(Map.of("conversationID", conv, "begin", 1, "end", 1, "num", 1))));
        assertThat(map(map(partial.get("msgs")).get(conv))).containsEntry("isEnd", false);
        Map<String, Object> desc = ok(sim, "/msg/pull_msg_by_seq", bot, Map.of("userID", "bot", "order", 1,
                "seqRanges", List.of(Map.of("conversationID", conv, "begin", 1, "end", 2, "num", 1))));
        assertThat(list(map(map(desc.get("msgs")).get(conv)).get("Msgs"))).extracting(m -> m.get("seq"))
                .containsExactly(2);
    }

    @Test
    void revokeMarksTheMessageAndSendsA2101Notification() {
        String bot = sim.userToken("bot", 1);
        String ann = sim.userToken("ann", 1);
        OpenImMessage m = sim.sendText("bot", "ann", "oops");
        String conv = m.conversationId();
        error(sim, "/msg/revoke_msg", ann, Map.of("userID", "ann", "conversationID", conv, "seq", 1), 1002,
                "NoPermissionError");
        error(sim, "/msg/revoke_msg", bot, Map.of("userID", "ann", "conversationID", conv, "seq", 1), 1002,
                "NoPermissionError");
        error(sim, "/msg/revoke_msg", bot, Map.of("userID", "bot", "conversationID", conv, "seq", 9), 1004,
                "RecordNotFoundError");
        error(sim, "/msg/revoke_msg", bot, Map.of("userID", "bot", "conversationID", "", "seq", 1), 1001,
                "ArgsError");
        assertThat(ok(sim, "/msg/revoke_msg", bot, Map.of("userID", "bot", "conversationID", conv, "seq", 1)))
                .isEmpty();
        error(sim, "/msg/revoke_msg", bot, Map.of("userID", "bot", "conversationID", conv, "seq", 1), 1404,
                "MsgAlreadyRevoke");
        assertThat(sim.messages(conv).get(0).revoked()).isTrue();

        List<OpenImMessage> notes = sim.messages("n_ann_bot");
        assertThat(notes).singleElement().satisfies(n -> {
            assertThat(n.contentType()).isEqualTo(2101);
            assertThat(n.sendId()).isEqualTo("bot");
            assertThat(n.recvId()).isEqualTo("ann");
            assertThat(n.data().getMsgFrom()).isEqualTo(200);
            assertThat(n.data().getOptionsMap()).containsEntry("isNotNotification", false)
                    .containsEntry("isSendMsg", false).containsEntry("history", true);
            Map<String, Object> tips = parse((String) parse(n.content()).get("detail"));
            assertThat(tips).containsEntry("revokerUserID", "bot").containsEntry("clientMsgID", m.clientMsgId())
                    .containsEntry("seq", 1).containsEntry("conversationID", conv).containsEntry("sesstionType", 1)
                    .containsEntry("isAdminRevoke", false);
        });

        Map<String, Object> seqs = ok(sim, "/msg/newest_seq", ann, Map.of("userID", "ann"));
        assertThat(map(seqs.get("maxSeqs"))).containsEntry("n_ann_bot", 1).containsEntry(conv, 1);
        Map<String, Object> pulled = ok(sim, "/msg/pull_msg_by_seq", ann, Map.of("userID", "ann", "seqRanges", List.of(
                Map.of("conversationID", conv, "begin", 1, "end", 1, "num", 1),
                Map.of("conversationID", "n_ann_bot", "begin", 1, "end", 1, "num", 1))));
        Map<String, Object> revoked = list(map(map(pulled.get("msgs")).get(conv)).get("Msgs")).get(0);
        assertThat(revoked).containsEntry("contentType", 2101);
        Map<String, Object> detail = parse((String) parse(new String(Base64.getDecoder().decode(
                (String) revoked.get("content")), StandardCharsets.UTF_8)).get("detail"));
        assertThat(detail).containsEntry("revokerID", "bot").containsEntry("sourceMessageSendID", "bot");
        assertThat(((Number) detail.get("revokeTime")).longValue()).isPositive();
        assertThat(map(pulled.get("notificationMsgs"))).containsKey("n_ann_bot");

        // group: an ordinary member may not revoke another's message, the owner may
        OpenImMessage g = sim.sendGroupText("ann", "g1", "team oops");
        assertThat(g.seq()).isEqualTo(1);
        sim.revoke("ann", "sg_g1", 1);
        OpenImMessage g2 = sim.sendGroupText("bot", "g1", "owner says");
        error(sim, "/msg/revoke_msg", ann, Map.of("userID", "ann", "conversationID", "sg_g1", "seq", g2.seq()), 1002,
                "NoPermissionError");
        OpenImMessage g3 = sim.sendGroupText("ann", "g1", "member says");
        ok(sim, "/msg/revoke_msg", bot, Map.of("userID", "bot", "conversationID", "sg_g1", "seq", g3.seq()));
        assertThatThrownBy(() -> sim.revoke("ann", "sg_g1", g2.seq())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1002");
        assertThat(sim.messages("n_g1")).extracting(OpenImMessage::contentType).containsExactly(2101, 2101);
    }

    @Test
    void faultsAndUnknownPaths() {
        sim.faults().failNextHttp(2, 503);
        assertThat(raw(sim, "/auth/parse_token", null, true, Map.of("token", admin)).statusCode()).isEqualTo(503);
        assertThat(raw(sim, "/auth/parse_token", null, true, Map.of("token", admin)).statusCode()).isEqualTo(503);
        ok(sim, "/auth/parse_token", null, Map.of("token", admin));

        sim.faults().slowHttp(Duration.ofMillis(400));
        long t0 = System.nanoTime();
        ok(sim, "/auth/parse_token", null, Map.of("token", admin));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(380));
        sim.faults().reset();

        HttpResponse<String> missing = raw(sim, "/msg/nothing_here", admin, true, Map.of());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(sim.inbound()).contains("http POST /msg/nothing_here");
    }
}
