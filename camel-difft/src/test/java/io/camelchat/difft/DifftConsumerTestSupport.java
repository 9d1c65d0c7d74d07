package io.camelchat.difft;

import java.time.Duration;
import java.util.Collections;

import io.camelchat.simulator.difft.DifftSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Starts one Difft simulator per test class for the consumer tests and points the difft component at it: the bot
 * {@link #BOT} of app {@link #APP}, two users and a group with the three of them; a second app whose bot has no
 * websocket permission. Tests use their own texts, so that they do not see each other's messages.
 */
abstract class DifftConsumerTestSupport extends CamelTestSupport {

    static final String APP = "demoapp0001";
    static final String SECRET = "demo-secret";
    static final String BOT = "+60000";
    static final String DENIED_APP = "deniedapp0002";
    static final String DENIED_BOT = "+60002";
    static final String ALICE = "+76459652574";
    static final String BOB = "+75853524385";
    static final String GID = "a9de6b3ae8c8456d888c4532b487e822";

    static DifftSimulator sim;

    @BeforeAll
    static void startSimulator() {
        sim = DifftSimulator.builder()
                .app(APP, SECRET, BOT)
                .app(DENIED_APP, SECRET, DENIED_BOT)
                .websocketDenied(DENIED_APP)
                .account(ALICE, "alice@example.org", "Alice")
                .account(BOB, "bob@example.org", "Bob")
                .group(GID, "Ops", BOT, ALICE, BOB)
                .messageInterval(Duration.ZERO)
                .redeliveryDelays(Collections.nCopies(40, Duration.ofMillis(200)))
                .ackTimeout(Duration.ofSeconds(20))
                .start();
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
        DifftConfiguration c = context.getComponent("difft", DifftComponent.class).getConfiguration();
        c.setAppId(APP);
        c.setAppSecret(SECRET);
        c.setBotId(BOT);
        c.setApiUrl(sim.baseUrl());
        c.setReconnectDelay(100);
        c.setMaxReconnectDelay(1000);
        return context;
    }

    HealthCheck.Result health(String routeId) {
        return HealthCheckHelper.invoke(context).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:" + routeId))
                .findFirst().orElse(null);
    }

    HealthCheck.State healthState(String routeId) {
        HealthCheck.Result r = health(routeId);
        return r == null ? HealthCheck.State.UNKNOWN : r.getState();
    }
}
