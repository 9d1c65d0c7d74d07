package io.camelchat.difft;

import java.time.Duration;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ws.WebSocketSession;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How {@code difft:stream} reports refused upgrades and server closes (reference section 8.3). */
class DifftStreamRefusalTest extends DifftConsumerTestSupport {

    /**
     * Adds and starts a route now (Camel's consumer check consults the consumer's own check only for routes that
     * start by themselves, so none is added with autoStartup false).
     */
    private void start(String routeId, String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(routeId).setHeader("seen", header(ChatHeaders.MESSAGE_ID)).to("mock:" + routeId);
            }
        });
    }

    private DifftStreamConsumer consumer(String routeId) {
        return (DifftStreamConsumer) context.getRoute(routeId).getConsumer();
    }

    @Test
    void aRefusedSignedUpgradeIsReportedDownWithTheReason() throws Exception {
        start("wrongSecret", "difft:stream?appSecret=RAW(not-the-secret)");
        DifftStreamConsumer c = consumer("wrongSecret");
        await().atMost(Duration.ofSeconds(10)).until(() -> c.getRefusal() != null);
        assertThat(c.getRefusal()).contains("HTTP 401").contains("invalid signature").contains("appSecret")
                .doesNotContain("not-the-secret");
        await().atMost(Duration.ofSeconds(10)).until(() -> healthState("wrongSecret") == HealthCheck.State.DOWN);
        HealthCheck.Result r = health("wrongSecret");
        assertThat(r.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("HTTP 401"));
        assertThat(c.getSession().getState()).isNotEqualTo(WebSocketSession.State.CONNECTED);
        assertThat(sim.protocolErrors()).anyMatch(e -> e.startsWith("websocket upgrade"));
        assertThat(getMockEndpoint("mock:wrongSecret").getReceivedCounter()).isZero();
    }

    @Test
    void refusedUpgradesAreRetriedUntilAccepted() throws Exception {
        sim.faults().refuseUpgrades(3, 401);
        start("main", "difft:stream");
        DifftStreamConsumer c = consumer("main");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> c.getSession().getState() == WebSocketSession.State.CONNECTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> healthState("main") == HealthCheck.State.UP);
        String ref = sim.sendText(ALICE, BOT, "after the refusals");
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(APP, ref));
        assertThat(getMockEndpoint("mock:main").getExchanges())
                .anyMatch(x -> ref.equals(x.getMessage().getHeader("seen")));
    }

    @Test
    void aCloseWith1008StopsTheConsumerForGood() throws Exception {
        start("denied", "difft:stream?appId=" + DENIED_APP + "&botId=RAW(" + DENIED_BOT + ")");
        DifftStreamConsumer c = consumer("denied");
        await().atMost(Duration.ofSeconds(10)).until(() -> c.getStopReason() != null);
        assertThat(c.getStopReason()).contains("1008").contains("not reconnecting");
        assertThat(c.getSession().isHalted()).isTrue();
        assertThat(c.getSession().getState()).isEqualTo(WebSocketSession.State.FAILED);
        await().atMost(Duration.ofSeconds(10)).until(() -> healthState("denied") == HealthCheck.State.DOWN);
        assertThat(health("denied").getMessage()).hasValueSatisfying(m -> assertThat(m).contains("1008"));
        assertThat(sim.connections(DENIED_APP)).isZero();
    }

    @Test
    void otherClosesReconnect() throws Exception {
        start("main", "difft:stream");
        DifftStreamConsumer c = consumer("main");
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.connections(APP) == 1);
        long connects = c.getSession().getConnectCount();
        sim.faults().closeWebsocket(APP, 1011, "server error");
        await().atMost(Duration.ofSeconds(10)).until(() -> c.getSession().getConnectCount() > connects
                && sim.connections(APP) == 1);
        assertThat(c.getStopReason()).isNull();
        String ref = sim.sendText(BOB, BOT, "after the 1011 close");
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(APP, ref));
    }
}
