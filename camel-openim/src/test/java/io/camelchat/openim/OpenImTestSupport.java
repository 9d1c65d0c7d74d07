package io.camelchat.openim;

import java.util.List;

import io.camelchat.simulator.openim.OpenImMessage;
import io.camelchat.simulator.openim.OpenImSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One OpenIM simulator per test class: the admin imAdmin, the bot (the endpoints' user), ann and bob, and the group
 * g1 of the three. The component's defaults point at it with the admin credentials.
 */
abstract class OpenImTestSupport extends CamelTestSupport {

    static final String SECRET = "openIM123-test";
    static final String ADMIN = "imAdmin";
    static final String BOT = "bot";
    static final String ANN = "ann";
    static final String BOB = "bob";
    static final String GROUP = "g1";

    static OpenImSimulator sim;

    /** A message the simulator stored, as the tests read it. */
    record Stored(String conversationId, long seq, String sendId, String recvId, String groupId, int sessionType,
            int contentType, String content, String text, String clientMsgId, String serverMsgId,
            String nickname, String ex, boolean revoked) {
        static Stored of(OpenImMessage m) {
            return new Stored(m.conversationId(), m.seq(), m.sendId(), m.recvId(), m.groupId(), m.sessionType(),
                    m.contentType(), m.content(), m.text(), m.clientMsgId(), m.serverMsgId(),
                    m.data().getSenderNickname(), m.data().getEx(), m.revoked());
        }
    }

    /** The stored messages of a conversation in seq order. */
    static List<Stored> stored(String conversationId) {
        return sim.messages(conversationId).stream().map(Stored::of).toList();
    }

    /** The newest stored message of a conversation. */
    static Stored last(String conversationId) {
        List<Stored> list = stored(conversationId);
        return list.get(list.size() - 1);
    }

    @BeforeAll
    static void startSimulator() {
        sim = OpenImSimulator.builder().secret(SECRET).adminUserId(ADMIN).user(BOT, "Bot").user(ANN, "Ann")
                .user(BOB, "Bob").group(GROUP, "Team", BOT, ANN, BOB).minPartSize(64).start();
    }

    @AfterAll
    static void stopSimulator() {
        if (sim != null) {
            sim.close();
            sim = null;
        }
    }

    @BeforeEach
    void resetFaults() {
        sim.faults().reset();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        OpenImComponent component = new OpenImComponent();
        OpenImConfiguration c = component.getConfiguration();
        c.setApiUrl(sim.apiUrl());
        c.setWsUrl(sim.wsUrl());
        c.setAdminUserId(ADMIN);
        c.setSecret(SECRET);
        c.setUserId(BOT);
        c.setRetryDelay(20);
        c.setDelay(100);
        c.setReconnectDelay(100);
        c.setMaxReconnectDelay(500);
        context.addComponent("openim", component);
        return context;
    }
}
