package io.camelchat.simulator.openim;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.openim.ImHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OpenImGatewayHandshakeTest {

    private OpenImSimulator sim;

    @BeforeEach
    void start() {
        sim = OpenImSimulator.builder().user("bot", "Bot").user("ann", "Ann").start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** Asserts an HTTP 200 JSON refusal (no upgrade) and returns errDlt. */
    private String refused(String query, int code, String errMsg) {
        ImWs.Raw r = ImWs.handshake(sim, query);
        assertThat(r.status()).as(query + " -> " + r.body()).isEqualTo(200);
        assertThat(r.headers().get("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(r.headers()).doesNotContainKey("upgrade");
        Map<String, Object> env = parse(r.body());
        assertThat(env).containsEntry("errCode", code).containsEntry("errMsg", errMsg).doesNotContainKey("data");
        return (String) env.get("errDlt");
    }

    @Test
    void argumentChecksGive1602() {
        String t = sim.userToken("bot", 1);
        String args = "args err, need token, sendID, platformID";
        assertThat(refused("sendID=bot&platformID=1", 1602, args)).contains("token is empty");
        assertThat(refused("token=" + t + "&platformID=1", 1602, args)).contains("sendID is empty");
        assertThat(refused("token=" + t + "&sendID=bot", 1602, args)).contains("platformID is empty");
        assertThat(refused("token=" + t + "&sendID=bot&platformID=ios", 1602, args)).contains("platformID is not int");
        assertThat(refused("token=" + t + "&sendID=bot&platformID=1&sdkType=rust", 1602, args))
                .contains("sdkType is not go or js");
        assertThat(sim.connections()).isEmpty();
    }

    @Test
    void tokenChecksGive1501To1507() {
        String bot = sim.userToken("bot", 1);
        refused(ImWs.query("bot", "", 1), 1503, "TokenMalformedError");
        refused(ImWs.query("bot", "a.b", 1), 1503, "TokenMalformedError");
        refused(ImWs.query("bot", bot.substring(0, bot.length() - 4) + "AAAA", 1), 1505, "TokenUnknownError");
        assertThat(refused(ImWs.query("ann", bot, 1), 1502, "TokenInvalidError"))
                .contains("token uid bot != userID ann");
        assertThat(refused(ImWs.query("bot", bot, 2), 1502, "TokenInvalidError"))
                .contains("token platform 1 != platformID 2");

        String expired = sim.userToken("bot", 3);
        sim.expireToken(expired);
        refused(ImWs.query("bot", expired, 3), 1501, "TokenExpiredError");

        String kicked = sim.userToken("ann", 1);
        sim.kick("ann");
        refused(ImWs.query("ann", kicked, 1), 1506, "TokenKickedError");

        try (OpenImSimulator other = OpenImSimulator.builder().user("bot", "Bot").start()) {
            ImWs.Raw r = ImWs.handshake(other, ImWs.query("bot", bot, 1));
            assertThat(parse(r.body())).containsEntry("errCode", 1507).containsEntry("errMsg", "TokenNotExistError");
        }
        // a refused handshake is plain HTTP too without the upgrade headers
        assertThat(ImHttp.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                                                 + sim.wsPort() + "/?" + ImWs.query("bot", expired, 3)))
                .build()).body()).contains("1501");
    }

    @Test
    void fullGatewayGives1601() {
        sim.faults().gatewayFull(true);
        refused(ImWs.query("bot", sim.userToken("bot", 1), 1), 1601, "ConnOverMaxNumLimit");
        sim.faults().gatewayFull(false);
        try (OpenImSimulator one = OpenImSimulator.builder().user("bot", "Bot").maxConnections(1).start();
                ImWs first = ImWs.login(one, "bot", 1)) {
            await().until(() -> one.connections().size() == 1);
            ImWs.Raw r = ImWs.handshake(one, ImWs.query("bot", one.userToken("bot", 2), 2));
            assertThat(parse(r.body())).containsEntry("errCode", 1601);
            assertThat(first.events).isEmpty();
        }
    }

    @Test
    void isMsgRespAnswersWithTextFrames() {
        String expired = sim.userToken("bot", 5);
        sim.expireToken(expired);
        List<String> refusal = ImWs.upgradeAndReadTexts(sim, ImWs.query("bot", expired, 5)
                                                             + "&isMsgResp=true&sdkType=js");
        assertThat(refusal).singleElement().satisfies(t -> assertThat(parse(t)).containsEntry("errCode", 1501)
                .containsEntry("errMsg", "TokenExpiredError"));
        // v3.8.3: the uid check stays an HTTP answer even with isMsgResp
        ImWs.Raw r = ImWs.handshake(sim, ImWs.query("ann", sim.userToken("bot", 5), 5) + "&isMsgResp=true");
        assertThat(parse(r.body())).containsEntry("errCode", 1502);

        String token = sim.userToken("bot", 5);
        assertThat(ImWs.upgradeAndReadTexts(sim, ImWs.query("bot", token, 5) + "&isMsgResp=true"))
                .containsExactly("{\"errCode\":0,\"errMsg\":\"\",\"errDlt\":\"\"}", "<still open>");
        try (ImWs ok = ImWs.connect(sim, ImWs.query("bot", token, 5))) {
            await().until(() -> sim.connections("bot").size() == 1);
            OpenImConnection c = sim.connections("bot").get(0);
            assertThat(c.platformId()).isEqualTo(5);
            assertThat(c.sdkVersion()).isEqualTo("test-1.0");
            assertThat(c.operationId()).isEqualTo("op-bot");
            assertThat(c.background()).isFalse();
        }
    }

    @Test
    void kickSends2002ThenClosesAndTheTokenIsKicked() {
        String token = sim.userToken("bot", 1);
        try (ImWs ws = ImWs.connect(sim, ImWs.query("bot", token, 1))) {
            await().until(() -> sim.connections("bot").size() == 1);
            sim.kick("bot");
            TestGob.Decoded kick = ws.nextResp();
            assertThat(kick.reqIdentifier()).isEqualTo(2002);
            assertThat(kick.values()).containsOnlyKeys("ReqIdentifier");
            assertThat(kick.typeId()).as("no request decoded yet").isEqualTo(65);
            ws.assertClosedWithoutReply();
        }
        refused(ImWs.query("bot", token, 1), 1506, "TokenKickedError");
        await().until(() -> sim.connections("bot").isEmpty());
    }

    @Test
    void multiLoginKicksTheSamePlatformOnly() {
        String first = sim.userToken("bot", 1);
        try (ImWs a = ImWs.connect(sim, ImWs.query("bot", first, 1));
                ImWs pc = ImWs.login(sim, "bot", 3)) {
            await().until(() -> sim.connections("bot").size() == 2);
            try (ImWs b = ImWs.login(sim, "bot", 1)) {
                assertThat(a.nextResp().reqIdentifier()).isEqualTo(2002);
                a.assertClosedWithoutReply();
                await().until(() -> sim.connections("bot").size() == 2);
                assertThat(sim.connections("bot")).extracting(OpenImConnection::platformId)
                        .containsExactlyInAnyOrder(1, 3);
                assertThat(pc.events).isEmpty();
                assertThat(b.events).isEmpty();
            }
        }
        refused(ImWs.query("bot", first, 1), 1506, "TokenKickedError");
    }

    @Test
    void policyZeroKeepsEveryone() {
        try (OpenImSimulator s = OpenImSimulator.builder().user("bot", "Bot").multiLoginPolicy(0).start();
                ImWs a = ImWs.login(s, "bot", 1);
                ImWs b = ImWs.login(s, "bot", 1)) {
            await().until(() -> s.connections("bot").size() == 2);
            assertThat(a.events).isEmpty();
        }
    }
}
