package io.camelchat.simulator.openim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.google.protobuf.ByteString;
import io.camelchat.simulator.openim.proto.SimMsg.GetConversationsHasReadAndMaxSeqReq;
import io.camelchat.simulator.openim.proto.SimMsg.GetConversationsHasReadAndMaxSeqResp;
import io.camelchat.simulator.openim.proto.SimMsg.SendMsgResp;
import io.camelchat.simulator.openim.proto.SimPush.DelUserPushTokenReq;
import io.camelchat.simulator.openim.proto.SimSdkws.GetMaxSeqReq;
import io.camelchat.simulator.openim.proto.SimSdkws.GetMaxSeqResp;
import io.camelchat.simulator.openim.proto.SimSdkws.MsgData;
import io.camelchat.simulator.openim.proto.SimSdkws.PullMessageBySeqsReq;
import io.camelchat.simulator.openim.proto.SimSdkws.PullMessageBySeqsResp;
import io.camelchat.simulator.openim.proto.SimSdkws.PullMsgs;
import io.camelchat.simulator.openim.proto.SimSdkws.PushMessages;
import io.camelchat.simulator.openim.proto.SimSdkws.SeqRange;
import io.camelchat.simulator.openim.proto.SimSdkws.SetAppBackgroundStatusReq;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.openim.ImHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OpenImGatewayMessagesTest {

    private OpenImSimulator sim;

    @BeforeEach
    void start() {
        sim = OpenImSimulator.builder().user("bot", "Bot").user("ann", "Ann").user("bob", "Bob")
                .group("g1", "Team", "bot", "ann").start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static byte[] text(String sendId, String recvId, String groupId, int sessionType, String text) {
        return MsgData.newBuilder().setSendID(sendId).setRecvID(recvId).setGroupID(groupId)
                .setClientMsgID("c0ffee" + System.nanoTime()).setSenderPlatformID(1).setSessionType(sessionType)
                .setMsgFrom(100).setContentType(101).setCreateTime(System.currentTimeMillis()).setStatus(1)
                .setContent(ByteString.copyFromUtf8("{\"content\":\"" + text + "\"}")).build().toByteArray();
    }

    private static PushMessages push(TestGob.Decoded d) throws Exception {
        assertThat(d.reqIdentifier()).isEqualTo(2001);
        assertThat(d.str("MsgIncr")).isEmpty();
        assertThat(d.str("OperationID")).isNotEmpty();
        return PushMessages.parseFrom(d.data());
    }

    private void awaitConnections(String user, int n) {
        await().until(() -> sim.connections(user).size() == n);
    }

    @Test
    void sendIsAnsweredAndPushedToTheOthers() throws Exception {
        try (ImWs bot = ImWs.login(sim, "bot", 1);
                ImWs botPc = ImWs.login(sim, "bot", 3);
                ImWs ann = ImWs.login(sim, "ann", 2)) {
            awaitConnections("bot", 2);
            awaitConnections("ann", 1);
            bot.request(1003, "bot", "m1", text("bot", "ann", "", 1, "hi ann"));
            TestGob.Decoded reply = bot.nextResp();
            assertThat(reply.typeName()).isEqualTo("Resp");
            assertThat(reply.typeId()).as("the connection decoded a request").isEqualTo(66);
            assertThat(reply.fieldOrder()).containsExactly("ReqIdentifier", "MsgIncr", "OperationID", "ErrCode",
                    "ErrMsg", "Data");
            assertThat(reply.reqIdentifier()).isEqualTo(1003);
            assertThat(reply.str("MsgIncr")).isEqualTo("m1");
            assertThat(reply.str("OperationID")).isEqualTo("op-m1");
            assertThat(reply.errCode()).isZero();
            SendMsgResp resp = SendMsgResp.parseFrom(reply.data());
            assertThat(resp.getServerMsgID()).matches("[0-9a-f]{32}");
            assertThat(resp.getClientMsgID()).startsWith("c0ffee");
            assertThat(resp.getSendTime()).isPositive();

            for (ImWs other : new ImWs[]{ ann, botPc }) {
                TestGob.Decoded p = other.nextResp();
                assertThat(p.typeId()).as("no request decoded on this connection").isEqualTo(65);
                PushMessages pm = push(p);
                assertThat(pm.getNotificationMsgsMap()).isEmpty();
                assertThat(pm.getMsgsMap()).containsOnlyKeys("si_ann_bot");
                MsgData m = pm.getMsgsMap().get("si_ann_bot").getMsgs(0);
                assertThat(m.getSeq()).isEqualTo(1);
                assertThat(m.getStatus()).isEqualTo(2);
                assertThat(m.getServerMsgID()).isEqualTo(resp.getServerMsgID());
                assertThat(m.getContent().toStringUtf8()).isEqualTo("{\"content\":\"hi ann\"}");
            }
            assertThat(sim.sentBy("bot")).singleElement().satisfies(m -> {
                assertThat(m.text()).isEqualTo("hi ann");
                assertThat(m.seq()).isEqualTo(1);
            });

            // a user played by the test: pushed to both bot connections, with seq 2
            OpenImMessage m = sim.sendText("ann", "bot", "hello bot");
            assertThat(m.seq()).isEqualTo(2);
            for (ImWs b : new ImWs[]{ bot, botPc }) {
                PullMsgs pm = push(b.nextResp()).getMsgsMap().get("si_ann_bot");
                assertThat(pm.getMsgs(0).getSendID()).isEqualTo("ann");
                assertThat(pm.getMsgs(0).getSeq()).isEqualTo(2);
            }
            assertThat(push(ann.nextResp()).getMsgsMap()).containsKey("si_ann_bot");

            // group (session type 3) to every member, session type 2 refused, non-members refused
            bot.request(1003, "bot", "m2", text("bot", "", "g1", 3, "team"));
            assertThat(bot.nextResp().errCode()).isZero();
            assertThat(push(ann.nextResp()).getMsgsMap()).containsKey("sg_g1");
            assertThat(push(botPc.nextResp()).getMsgsMap()).containsKey("sg_g1");
            bot.request(1003, "bot", "m3", text("bot", "", "g1", 2, "write group"));
            TestGob.Decoded two = bot.nextResp();
            assertThat(two.errCode()).isEqualTo(1001);
            assertThat(two.str("ErrMsg")).isEqualTo("ArgsError");
            assertThat(two.data()).isEmpty();
            assertThat(two.str("MsgIncr")).isEqualTo("m3");
            try (ImWs bob = ImWs.login(sim, "bob", 1)) {
                awaitConnections("bob", 1);
                bob.request(1003, "bob", "b1", text("bob", "", "g1", 3, "let me in"));
                assertThat(bob.nextResp().errCode()).isEqualTo(1203);
                bob.request(1003, "bob", "b2", new byte[]{ (byte) 0xff, 0x01 });
                assertThat(bob.nextResp().errCode()).isEqualTo(500);
                bob.request(1004, "bob", "b3", new byte[0]);
                assertThat(bob.nextResp().errCode()).isEqualTo(1001);
            }
            assertThat(bot.events).isEmpty();
        }
    }

    @Test
    void newestSeqPullAndConversationSeqs() throws Exception {
        sim.sendText("ann", "bot", "one");
        sim.sendText("bot", "ann", "two");
        sim.sendGroupText("ann", "g1", "three");
        try (ImWs bot = ImWs.login(sim, "bot", 1)) {
            bot.request(1001, "bot", "s1", GetMaxSeqReq.newBuilder().setUserID("bot").build().toByteArray());
            GetMaxSeqResp max = GetMaxSeqResp.parseFrom(bot.nextResp().data());
            assertThat(max.getMaxSeqsMap()).containsEntry("si_ann_bot", 2L).containsEntry("sg_g1", 1L).hasSize(2);
            assertThat(max.getMinSeqsMap()).isEmpty();

            bot.request(1001, "bot", "s2", GetMaxSeqReq.newBuilder().setUserID("ann").build().toByteArray());
            assertThat(bot.nextResp().errCode()).isEqualTo(1002);

            bot.request(1002, "bot", "p1", PullMessageBySeqsReq.newBuilder().setUserID("bot")
                    .addSeqRanges(SeqRange.newBuilder().setConversationID("si_ann_bot").setBegin(1).setEnd(2).setNum(2))
                    .addSeqRanges(SeqRange.newBuilder().setConversationID("sg_g1").setBegin(1).setEnd(1).setNum(1))
                    .build().toByteArray());
            PullMessageBySeqsResp pulled = PullMessageBySeqsResp.parseFrom(bot.nextResp().data());
            PullMsgs single = pulled.getMsgsMap().get("si_ann_bot");
            assertThat(single.getMsgsList()).extracting(MsgData::getSeq).containsExactly(1L, 2L);
            assertThat(single.getIsEnd()).isTrue();
            assertThat(pulled.getMsgsMap().get("sg_g1").getMsgs(0).getContent().toStringUtf8()).contains("three");

            bot.request(1006, "bot", "r1", GetConversationsHasReadAndMaxSeqReq.newBuilder().setUserID("bot").build()
                    .toByteArray());
            GetConversationsHasReadAndMaxSeqResp seqs = GetConversationsHasReadAndMaxSeqResp.parseFrom(bot.nextResp()
                    .data());
            assertThat(seqs.getSeqsMap().get("si_ann_bot").getMaxSeq()).isEqualTo(2);
            assertThat(seqs.getSeqsMap().get("si_ann_bot").getMaxSeqTime()).isPositive();

            bot.request(2004, "bot", "bg", SetAppBackgroundStatusReq.newBuilder().setUserID("bot").setIsBackground(true)
                    .build().toByteArray());
            TestGob.Decoded bg = bot.nextResp();
            assertThat(bg.errCode()).isZero();
            assertThat(bg.data()).isEmpty();
            assertThat(sim.connections("bot").get(0).background()).isTrue();

            bot.request(2003, "bot", "bye", DelUserPushTokenReq.newBuilder().setUserID("bot").setPlatformID(1).build()
                    .toByteArray());
            TestGob.Decoded bye = bot.nextResp();
            assertThat(bye.reqIdentifier()).isEqualTo(2003);
            assertThat(bye.errCode()).isZero();
            bot.assertClosedWithoutReply();
        }
        await().until(() -> sim.connections("bot").isEmpty());
    }

    @Test
    void revokeNotificationIsPushedUnderNotificationMsgs() throws Exception {
        try (ImWs bot = ImWs.login(sim, "bot", 1); ImWs ann = ImWs.login(sim, "ann", 1)) {
            awaitConnections("bot", 1);
            awaitConnections("ann", 1);
            OpenImMessage m = sim.sendText("bot", "ann", "take back");
            push(bot.nextResp());
            push(ann.nextResp());
            ImHttp.ok(sim, "/msg/revoke_msg", sim.userToken("bot", 3), Map.of("userID", "bot", "conversationID",
                    m.conversationId(), "seq", m.seq()));
            for (ImWs c : new ImWs[]{ bot, ann }) {
                PushMessages pm = push(c.nextResp());
                assertThat(pm.getMsgsMap()).isEmpty();
                MsgData n = pm.getNotificationMsgsMap().get("n_ann_bot").getMsgs(0);
                assertThat(n.getContentType()).isEqualTo(2101);
                assertThat(n.getSeq()).isEqualTo(1);
                assertThat(parse(n.getContent().toStringUtf8())).containsKey("detail");
            }
        }
    }

    @Test
    void gzipFrames() throws Exception {
        String token = sim.userToken("bot", 1);
        try (ImWs bot = ImWs.connect(sim, ImWs.query("bot", token, 1) + "&compression=gzip");
                ImWs ann = ImWs.login(sim, "ann", 1)) {
            awaitConnections("bot", 1);
            assertThat(sim.connections("bot").get(0).gzip()).isTrue();
            bot.request(1003, "bot", "z1", text("bot", "ann", "", 1, "zipped"));
            TestGob.Decoded reply = bot.nextResp(); // nextBinary checks the gzip magic
            assertThat(reply.errCode()).isZero();
            assertThat(push(ann.nextResp()).getMsgsMap().get("si_ann_bot").getMsgs(0).getContent().toStringUtf8())
                    .contains("zipped");
            sim.sendText("ann", "bot", "back");
            assertThat(push(bot.nextResp()).getMsgsMap()).containsKey("si_ann_bot");
            // an uncompressed frame on a gzip connection closes it
            bot.sendRawBinary(TestGob.request(1001, "", "bot", "o", "z2", new byte[0]));
            bot.assertClosedWithoutReply();
        }
    }

    @Test
    void jsonFramesForSdkTypeJs() throws Exception {
        String token = sim.userToken("bot", 5);
        try (ImWs bot = ImWs.connect(sim, ImWs.query("bot", token, 5) + "&sdkType=js");
                ImWs ann = ImWs.login(sim, "ann", 1)) {
            awaitConnections("bot", 1);
            assertThat(sim.connections("bot").get(0).sdkType()).isEqualTo("js");
            String req = ImHttp.json(Map.of("reqIdentifier", 1003, "sendID", "bot", "operationID", "jop",
                    "msgIncr", "j1", "data", Base64.getEncoder().encodeToString(text("bot", "ann", "", 1, "json!"))));
            bot.sendBinary(req.getBytes(StandardCharsets.UTF_8));
            Map<String, Object> reply = parse(new String(bot.nextBinary(), StandardCharsets.UTF_8));
            assertThat(reply).containsOnlyKeys("reqIdentifier", "msgIncr", "operationID", "errCode", "errMsg", "data")
                    .containsEntry("reqIdentifier", 1003).containsEntry("msgIncr", "j1")
                    .containsEntry("operationID", "jop").containsEntry("errCode", 0).containsEntry("errMsg", "");
            SendMsgResp resp = SendMsgResp.parseFrom(Base64.getDecoder().decode((String) reply.get("data")));
            assertThat(resp.getServerMsgID()).hasSize(32);
            assertThat(push(ann.nextResp()).getMsgsMap()).containsKey("si_ann_bot");

            sim.sendText("ann", "bot", "to js");
            Map<String, Object> push = parse(new String(bot.nextBinary(), StandardCharsets.UTF_8));
            assertThat(push).containsEntry("reqIdentifier", 2001).containsEntry("msgIncr", "");
            PushMessages pm = PushMessages.parseFrom(Base64.getDecoder().decode((String) push.get("data")));
            assertThat(pm.getMsgsMap().get("si_ann_bot").getMsgs(0).getSendID()).isEqualTo("ann");

            // an error reply has data null
            bot.sendBinary(ImHttp.json(Map.of("reqIdentifier", 1001, "sendID", "bot", "operationID", "jop",
                    "msgIncr", "j2", "data", Base64.getEncoder().encodeToString(GetMaxSeqReq.newBuilder()
                            .setUserID("ann").build().toByteArray())))
                    .getBytes(StandardCharsets.UTF_8));
            Map<String, Object> err = parse(new String(bot.nextBinary(), StandardCharsets.UTF_8));
            assertThat(err).containsEntry("errCode", 1002).containsEntry("errMsg", "NoPermissionError")
                    .containsEntry("data", null);
        }
    }
}
