package io.camelchat.lark;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One Lark simulator per test class; the lark component points at it. */
abstract class LarkTestSupport extends CamelTestSupport {

    static final String APP_ID = "cli_0123456789abcdef";
    static final String APP_SECRET = "lark-secret-0123456789";
    static final String VERIFICATION_TOKEN = "vtoken-0001";
    static final String ENCRYPT_KEY = "encrypt-key-0001";
    static final String CHAT = "oc_testchat0001";
    static final String ALICE = "ou_alice0001";
    static final String BOB = "ou_bob0002";

    static LarkSimulator sim;

    static LarkSimulator.Builder simulator() {
        return LarkSimulator.builder().appId(APP_ID).appSecret(APP_SECRET)
                .verificationToken(VERIFICATION_TOKEN).encryptKey(ENCRYPT_KEY)
                .redeliveryDelays(Collections.nCopies(40, Duration.ofMillis(300)))
                .ackTimeout(Duration.ofSeconds(2));
    }

    @BeforeAll
    static void startSimulator() {
        sim = simulator().start();
        sim.addUser(new LarkUser(ALICE, "u_alice", "on_alice", "Alice", "alice@example.com", "+8613800000001"));
        sim.addUser(new LarkUser(BOB, "u_bob", "on_bob", "Bob", "bob@example.com", "+8613800000002"));
        sim.addChat(new LarkChat(CHAT, "Ops", List.of(ALICE, BOB)));
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
        LarkConfiguration c = context.getComponent("lark", LarkComponent.class).getConfiguration();
        c.setAppId(APP_ID);
        c.setAppSecret(APP_SECRET);
        c.setApiUrl(sim.apiUrl());
        c.setVerificationToken(VERIFICATION_TOKEN);
        c.setEncryptKey(ENCRYPT_KEY);
        c.setReconnectDelay(100);
        c.setMaxReconnectDelay(1000);
        c.setRetryDelay(50);
        return context;
    }
}
