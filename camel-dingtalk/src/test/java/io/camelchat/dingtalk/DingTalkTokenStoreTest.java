package io.camelchat.dingtalk;

import java.util.ArrayList;
import java.util.List;

import io.camelchat.common.token.InMemoryTokenStore;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tokenStore}: contexts (standing for nodes) that share a store fetch the app's access token once between
 * them, under a key that shows neither the client id nor the secret.
 */
class DingTalkTokenStoreTest extends DingTalkTestSupport {

    private final List<CamelContext> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(CamelContext::stop);
    }

    private CamelContext node(InMemoryTokenStore store) {
        CamelContext node = new DefaultCamelContext();
        DingTalkConfiguration c = node.getComponent("dingtalk", DingTalkComponent.class).getConfiguration();
        c.setClientId(CLIENT_ID);
        c.setClientSecret(CLIENT_SECRET);
        c.setApiUrl(sim.apiUrl());
        c.setOapiUrl(sim.oapiUrl());
        c.setTokenStore(store);
        node.start();
        nodes.add(node);
        return node;
    }

    @Test
    void nodesSharingAStoreFetchOneToken() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        int before = sim.tokenIssuances();
        for (String text : List.of("from a", "from b", "from c")) {
            node(store).createProducerTemplate().sendBody("dingtalk:message?to=user:carol", text);
        }
        assertThat(sim.tokenIssuances() - before).as("access tokens fetched by three nodes").isEqualTo(1);
        assertThat(store.keys()).singleElement().asString().startsWith("dingtalk:" + sim.apiUrl() + ":app:")
                .doesNotContain(CLIENT_ID).doesNotContain(CLIENT_SECRET);
    }
}
