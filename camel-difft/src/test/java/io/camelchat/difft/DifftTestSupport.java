package io.camelchat.difft;

import java.time.Duration;
import java.util.Map;

import io.camelchat.simulator.difft.DifftMessage;
import io.camelchat.simulator.difft.DifftSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One Difft simulator per test class: the app {@value #APP} whose bot is {@value #BOT}, the users Alice, Bob and Carol
 * (not in the group), and the group Ops of the bot, Alice and Bob. The component's defaults point at it; the
 * simulator's rate limit and the component's send interval are both {@link #interval()}.
 */
abstract class DifftTestSupport extends CamelTestSupport {

    static final String APP = "demoapp0001";
    static final String SECRET = "demo-secret";
    static final String BOT = "+60000";
    static final String ALICE = "+76459652574";
    static final String BOB = "+75853524385";
    static final String CAROL = "+71111111111";
    static final String GROUP = "a9de6b3ae8c8456d888c4532b487e822";

    static DifftSimulator sim;

    /** The simulator's rate limit and the endpoints' sendInterval. */
    static Duration interval() {
        return Duration.ofMillis(150);
    }

    static DifftSimulator.Builder simulator(Duration messageInterval) {
        return DifftSimulator.builder().app(APP, SECRET, BOT)
                .account(ALICE, "alice@example.org", "Alice")
                .account(BOB, "bob@example.org", "Bob")
                .account(CAROL, "carol@example.org", "Carol")
                .group(GROUP, "Ops", BOT, ALICE, BOB)
                .messageInterval(messageInterval)
                .rateLimitFileApi(true);
    }

    @BeforeAll
    static void startSimulator() throws Exception {
        sim = simulator(interval()).start();
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

    /** What the bot sent last. */
    static DifftMessage lastSent() {
        var all = sim.sent();
        return all.get(all.size() - 1);
    }

    Exchange send(String uri, Object body, Map<String, Object> headers) {
        return template.request(uri, x -> {
            x.getMessage().setBody(body);
            headers.forEach(x.getMessage()::setHeader);
        });
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        DifftComponent component = new DifftComponent();
        DifftConfiguration c = component.getConfiguration();
        c.setApiUrl(sim.baseUrl());
        c.setAppId(APP);
        c.setAppSecret(SECRET);
        c.setBotId(BOT);
        c.setSendInterval(interval().toMillis());
        c.setRetryDelay(20);
        context.addComponent("difft", component);
        return context;
    }
}
