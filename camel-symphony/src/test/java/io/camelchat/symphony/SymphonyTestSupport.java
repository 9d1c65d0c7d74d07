package io.camelchat.symphony;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;

import io.camelchat.simulator.symphony.SymUser;
import io.camelchat.simulator.symphony.SymphonySimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One Symphony simulator per test class, with a bot whose RSA key is made for the test. */
abstract class SymphonyTestSupport extends CamelTestSupport {

    static final String BOT = "camel-bot";
    static final long BOT_ID = 349026222340001L;
    static final long ALICE = 349026222344902L;
    static final long BOB = 349026222344903L;

    static SymphonySimulator sim;
    static String privateKeyPem;
    static String aliceIm;

    @BeforeAll
    static void startSimulator() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        privateKeyPem = "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n";
        sim = SymphonySimulator.builder().botUsername(BOT).botId(BOT_ID).botPublicKey(pair.getPublic())
                .longPollTimeout(Duration.ofSeconds(1)).redeliveryDelay(Duration.ofMillis(500)).start();
        sim.addUser(new SymUser(ALICE, "alice", "alice@acme.example", "Alice", "Smith", "Alice Smith"));
        sim.addUser(new SymUser(BOB, "bob", "bob@acme.example", "Bob", "Jones", "Bob Jones"));
        aliceIm = sim.createIm(ALICE, BOT_ID);
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
        botSettings(context, sim, privateKeyPem);
        return context;
    }

    /** Points the context's Symphony component at a simulator's bot, with short test delays. */
    static SymphonyConfiguration botSettings(CamelContext context, SymphonySimulator simulator, String privateKey) {
        SymphonyConfiguration c = context.getComponent("symphony", SymphonyComponent.class).getConfiguration();
        c.setBotUsername(BOT);
        c.setPrivateKey(privateKey);
        c.setPodUrl(simulator.podUrl());
        c.setAgentUrl(simulator.agentUrl());
        c.setKeyManagerUrl(simulator.keyManagerUrl());
        c.setSessionAuthUrl(simulator.sessionAuthUrl());
        c.setReconnectDelay(100);
        c.setMaxReconnectDelay(500);
        c.setRetryDelay(50);
        return c;
    }
}
