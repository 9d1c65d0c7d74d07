package io.camelchat.simulator.openim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.camelchat.simulator.openim.proto.SimSdkws.GetMaxSeqReq;
import io.camelchat.simulator.openim.proto.SimSdkws.GetMaxSeqResp;
import io.camelchat.simulator.openim.proto.SimSdkws.MsgData;
import io.camelchat.simulator.openim.proto.SimSdkws.PushMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.openim.ImHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class OpenImGatewayFramesTest {

    /** Reference section 2.5's worked example: GeneralWsReq{1001, SendID u1, OperationID o1, MsgIncr m1, Data}. */
    static final String REFERENCE_REQ = "66ff810301010c47656e6572616c577352657101ff82000106010d5265714964656e7469666965"
                                        + "720104000105546f6b656e010c00010653656e644944010c00010b4f7065726174696f6e4944"
                                        + "010c0001074d7367496e6372010c00010444617461010a00000019ff8201fe07d20202753101"
                                        + "026f3101026d3101040a02753100";

    private OpenImSimulator sim;

    @BeforeEach
    void start() {
        sim = OpenImSimulator.builder().user("bot", "Bot").user("u1", "U1").user("ann", "Ann")
                .idleTimeout(Duration.ofMillis(1500)).webPingInterval(Duration.ofMillis(200)).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private void awaitConnections(String user, int n) {
        await().until(() -> sim.connections(user).size() == n);
    }

    @Test
    void gobBytesMatchTheReference() throws Exception {
        byte[] data = HexFormat.of().parseHex("0a027531");
        assertThat(HexFormat.of().formatHex(TestGob.request(1001, "", "u1", "o1", "m1", data)))
                .isEqualTo(REFERENCE_REQ);
        // the simulator's decoder takes the reference bytes (and the Go SDK's field order) by name
        assertThat(GobCodec.decode(HexFormat.of().parseHex(REFERENCE_REQ))).containsEntry("ReqIdentifier", 1001L)
                .containsEntry("SendID", "u1").containsEntry("OperationID", "o1").containsEntry("MsgIncr", "m1");
        // and refuses malformations
        byte[] ok = HexFormat.of().parseHex(REFERENCE_REQ);
        assertThatThrownBy(() -> GobCodec.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GobCodec.decode(Arrays.copyOf(ok, ok.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] trailing = Arrays.copyOf(ok, ok.length + 1);
        assertThatThrownBy(() -> GobCodec.decode(trailing)).hasMessageContaining("trailing");
        byte[] valueOnly = Arrays.copyOfRange(ok, 0x67, ok.length);
        assertThatThrownBy(() -> GobCodec.decode(valueOnly)).hasMessageContaining("undefined type");

        try (ImWs u1 = ImWs.login(sim, "u1", 1)) {
            awaitConnections("u1", 1);
            u1.sendBinary(HexFormat.of().parseHex(REFERENCE_REQ));
            byte[] frame = u1.nextBinary();
            // Resp definition: 0x60 bytes, type id 66 (ff 83) once a request was decoded
            assertThat(frame[0] & 0xff).isEqualTo(0x60);
            assertThat(HexFormat.of().formatHex(frame, 1, 3)).isEqualTo("ff83");
            TestGob.Decoded d = TestGob.decode(frame);
            assertThat(d.reqIdentifier()).isEqualTo(1001);
            assertThat(d.str("MsgIncr")).isEqualTo("m1");
            assertThat(GetMaxSeqResp.parseFrom(d.data()).getMaxSeqsMap()).isEmpty();
        }
    }

    @Test
    void heartbeats() {
        try (ImWs bot = ImWs.login(sim, "bot", 1)) {
            awaitConnections("bot", 1);
            bot.ping("op-123".getBytes(StandardCharsets.UTF_8));
            ImWs.Event pong = bot.next();
            assertThat(pong.kind()).isEqualTo("pong");
            assertThat(new String(pong.bytes(), StandardCharsets.UTF_8)).isEqualTo("op-123");

            bot.sendText("{\"type\":\"ping\",\"body\":{\"n\":1}}");
            ImWs.Event text = bot.nextFrame();
            assertThat(parse(text.text())).containsEntry("type", "pong").containsEntry("body", Map.of("n",
                    1));
            bot.sendText("{\"type\":\"pong\"}");
            bot.sendText("{\"type\":\"ping\"}");
            assertThat(bot.nextFrame().text()).isEqualTo("{\"type\":\"pong\",\"body\":null}");
            assertThat(bot.events).isEmpty();
            bot.sendText("{\"type\":\"hello\"}");
            bot.assertClosedWithoutReply();
        }
        assertThat(sim.protocolErrors()).anyMatch(e -> e.contains("unknown type hello"));
    }

    @Test
    void idleConnectionsCloseAndPingsKeepThemOpen() throws Exception {
        try (ImWs quiet = ImWs.login(sim, "bot", 1); ImWs chatty = ImWs.login(sim, "ann", 1)) {
            awaitConnections("bot", 1);
            long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();
            while (System.nanoTime() < end) {
                chatty.ping(new byte[0]);
                Thread.sleep(300);
            }
            ImWs.Event e = quiet.nextFrame();
            assertThat(e.closed()).isTrue();
            assertThat(sim.connections("ann")).hasSize(1);
            assertThat(sim.connections("bot")).isEmpty();
        }
    }

    @Test
    void webConnectionsGetServerPings() {
        try (ImWs web = ImWs.login(sim, "bot", 5)) {
            ImWs.Event e = web.next();
            assertThat(e.kind()).isEqualTo("ping");
            assertThat(web.next().kind()).isEqualTo("ping");
        }
    }

    @Test
    void badFramesCloseWithoutReply() {
        List<byte[]> bad = List.of(new byte[]{ 1, 2, 3 },
                TestGob.request(9999, "", "bot", "o", "x1", new byte[0]),
                TestGob.request(1001, "", "ann", "o", "x2", new byte[0]),
                TestGob.request(1001, "", "bot", "o", "", new byte[0]),
                TestGob.request(1001, "", "bot", "", "x3", new byte[0]),
                "{\"reqIdentifier\":1001}".getBytes(StandardCharsets.UTF_8),
                TestGob.request(1001, "", "bot", "o", "big", new byte[52_000]));
        for (byte[] frame : bad) {
            try (ImWs bot = ImWs.login(sim, "bot", 1)) {
                awaitConnections("bot", 1);
                bot.sendBinary(frame);
                bot.assertClosedWithoutReply();
            }
            await().until(() -> sim.connections("bot").isEmpty());
        }
        assertThat(sim.protocolErrors()).anyMatch(e -> e.contains("unknown ReqIdentifier 9999"))
                .anyMatch(e -> e.contains("SendID ann != connection user bot"))
                .anyMatch(e -> e.contains("undecodable frame"));
    }

    @Test
    void framesUpToTheLimitAreRead() {
        try (ImWs bot = ImWs.login(sim, "bot", 1)) {
            awaitConnections("bot", 1);
            // 50000 zero bytes are no GetMaxSeqReq: an error reply, but the frame was read
            bot.request(1001, "bot", "near", new byte[50_000]);
            TestGob.Decoded d = bot.nextResp();
            assertThat(d.errCode()).isEqualTo(500);
            assertThat(d.str("ErrMsg")).isEqualTo("ServerInternalError");
        }
    }

    @Test
    void faults() throws Exception {
        try (ImWs bot = ImWs.login(sim, "bot", 1)) {
            awaitConnections("bot", 1);
            // a message in flight when the connection drops: stored, found again by newest seq
            sim.faults().dropOnNextPush("bot");
            OpenImMessage lost = sim.sendText("ann", "bot", "lost in flight");
            bot.assertClosedWithoutReply();
            assertThat(sim.messages(lost.conversationId())).containsExactly(lost);
        }
        try (ImWs bot = ImWs.login(sim, "bot", 1)) {
            awaitConnections("bot", 1);
            bot.request(1001, "bot", "n1", GetMaxSeqReq.newBuilder().setUserID("bot").build().toByteArray());
            assertThat(GetMaxSeqResp.parseFrom(bot.nextResp().data()).getMaxSeqsMap()).containsEntry("si_ann_bot", 1L);
            sim.sendText("ann", "bot", "after");
            assertThat(PushMessages.parseFrom(bot.nextResp().data()).getMsgsMap()).containsKey("si_ann_bot");

            sim.faults().sendMalformedFrame("bot");
            byte[] junk = bot.nextBinary();
            assertThatThrownBy(() -> TestGob.decode(junk)).isInstanceOfAny(RuntimeException.class,
                    AssertionError.class);

            sim.faults().slowGatewayReplies(Duration.ofMillis(500));
            long t0 = System.nanoTime();
            bot.request(1001, "bot", "slow", GetMaxSeqReq.newBuilder().setUserID("bot").build().toByteArray());
            assertThat(bot.nextResp().str("MsgIncr")).isEqualTo("slow");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
            sim.faults().slowGatewayReplies(Duration.ZERO);

            sim.faults().failNextSends(1);
            bot.request(1003, "bot", "f1", MsgData.newBuilder()
                    .setSendID("bot").setRecvID("ann").setSessionType(1).setContentType(101).build().toByteArray());
            assertThat(bot.nextResp().errCode()).isEqualTo(500);

            sim.faults().dropConnections("bot");
            bot.assertClosedWithoutReply();
        }
        String token = sim.userToken("bot", 2);
        try (ImWs bot = ImWs.connect(sim, ImWs.query("bot", token, 2))) {
            awaitConnections("bot", 1);
            sim.faults().expireTokensMidStream("bot");
            bot.assertClosedWithoutReply();
        }
        assertThat(parse(ImWs.handshake(sim, ImWs.query("bot", token, 2)).body())).containsEntry("errCode", 1501);
    }
}
