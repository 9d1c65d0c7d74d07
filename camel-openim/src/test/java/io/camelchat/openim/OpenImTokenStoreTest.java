package io.camelchat.openim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.camelchat.common.token.InMemoryTokenStore;
import io.camelchat.common.token.TokenStore;
import io.camelchat.simulator.openim.OpenImSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code tokenStore}: contexts (standing for nodes) that share a store fetch the admin token once between them, and
 * the bot's user token once; without a shared store each fetches its own.
 */
class OpenImTokenStoreTest extends OpenImTestSupport {

    private final List<CamelContext> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(CamelContext::stop);
    }

    /** A context of its own pointed at the simulator, with the shared store when given. */
    private CamelContext node(TokenStore store) {
        CamelContext node = new DefaultCamelContext();
        OpenImConfiguration c = node.getComponent("openim", OpenImComponent.class).getConfiguration();
        c.setApiUrl(sim.apiUrl());
        c.setWsUrl(sim.wsUrl());
        c.setAdminUserId(ADMIN);
        c.setSecret(SECRET);
        c.setUserId(BOT);
        c.setReconnectDelay(100);
        c.setTokenStore(store);
        node.start();
        nodes.add(node);
        return node;
    }

    private static void send(CamelContext node, String text) {
        node.createProducerTemplate().sendBody("openim:message?to=user:" + ANN, text);
    }

    @Test
    void nodesSharingAStoreFetchOneAdminTokenAndOneUserToken() throws Exception {
        TokenStore store = new InMemoryTokenStore();
        int admin = sim.tokenRequests(ADMIN);
        int bot = sim.tokenRequests(BOT);
        CamelContext a = node(store);
        CamelContext b = node(store);
        send(a, "from a");
        send(b, "from b");
        send(node(store), "from c");
        assertThat(sim.tokenRequests(ADMIN) - admin).as("admin tokens fetched by three nodes").isEqualTo(1);
        assertThat(stored(OpenImSimulator.singleConversationId(BOT, ANN))).extracting(Stored::text)
                .contains("from a", "from b", "from c");

        // the stream's user token: fetched by the first node, read from the store by the second
        List<String> routed = new CopyOnWriteArrayList<>();
        for (CamelContext node : List.of(a, b)) {
            node.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("openim:stream").routeId("s").process(e -> routed.add(e.getMessage().getBody(String.class)));
                }
            });
            OpenImStreamConsumer stream = (OpenImStreamConsumer) node.getRoute("s").getConsumer();
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.getSyncCount() >= 1);
            node.getRouteController().stopRoute("s");
        }
        assertThat(sim.tokenRequests(BOT) - bot).as("user tokens fetched by two nodes").isEqualTo(1);
        assertThat(sim.tokenRequests(ADMIN) - admin).isEqualTo(1);
    }

    @Test
    void withoutASharedStoreEachNodeFetchesItsOwn() {
        int admin = sim.tokenRequests(ADMIN);
        send(node(null), "alone 1");
        send(node(null), "alone 2");
        assertThat(sim.tokenRequests(ADMIN) - admin).isEqualTo(2);
    }

    @Test
    void theEndpointsOfOneComponentShareTheTokenByDefault() {
        int admin = sim.tokenRequests(ADMIN);
        CamelContext node = node(null);
        node.createProducerTemplate().sendBody("openim:message?to=user:" + ANN, "first endpoint");
        node.createProducerTemplate().sendBody("openim:message?to=user:" + BOB, "second endpoint");
        assertThat(sim.tokenRequests(ADMIN) - admin).isEqualTo(1);
    }
}
