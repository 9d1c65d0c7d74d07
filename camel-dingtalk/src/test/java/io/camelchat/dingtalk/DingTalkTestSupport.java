package io.camelchat.dingtalk;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.SimGroup;
import io.camelchat.simulator.dingtalk.SimUser;
import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Starts one DingTalk simulator per test class and points the dingtalk component at it. Tests use their own users
 * and texts, so that they do not see each other's messages.
 */
abstract class DingTalkTestSupport extends CamelTestSupport {

    static final String CLIENT_ID = "dingtestclient";
    static final String CLIENT_SECRET = "test-secret-0123456789";
    static final String GROUP = "cidTESTgroup0001==";

    static DingTalkSimulator sim;

    @BeforeAll
    static void startSimulator() {
        sim = DingTalkSimulator.builder()
                .clientId(CLIENT_ID).clientSecret(CLIENT_SECRET)
                .eventRedeliveryDelays(Collections.nCopies(40, Duration.ofMillis(300)))
                .ackTimeout(Duration.ofSeconds(2))
                .disconnectCloseDelay(Duration.ofSeconds(2))
                .start();
        sim.addUser(new SimUser("alice", "unionAlice", "Alice", "+8613800000001", "alice@example.com"));
        sim.addUser(new SimUser("bob", "unionBob", "Bob", "+8613800000002", "bob@example.com"));
        sim.addUser(new SimUser("carol", "unionCarol", "Carol", "+8613800000003", "carol@example.com"));
        sim.addGroup(new SimGroup(GROUP, "Ops room", List.of("alice", "bob", "carol")));
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
        DingTalkComponent component = context.getComponent("dingtalk", DingTalkComponent.class);
        DingTalkConfiguration c = component.getConfiguration();
        c.setClientId(CLIENT_ID);
        c.setClientSecret(CLIENT_SECRET);
        c.setApiUrl(sim.apiUrl());
        c.setOapiUrl(sim.oapiUrl());
        c.setReconnectDelay(100);
        c.setMaxReconnectDelay(1000);
        c.setRetryDelay(50);
        return context;
    }
}
