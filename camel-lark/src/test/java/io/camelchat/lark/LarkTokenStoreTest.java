package io.camelchat.lark;

import java.util.ArrayList;
import java.util.List;

import io.camelchat.common.token.InMemoryTokenStore;
import io.camelchat.common.token.TokenStore;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code tokenStore}: contexts (standing for nodes) that share a store fetch the tenant token once between them; the
 * key shows neither the app id nor the secret, and an app with another secret never reads that token.
 */
class LarkTokenStoreTest extends LarkTestSupport {

    private final List<CamelContext> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(CamelContext::stop);
    }

    private CamelContext node(TokenStore store, String secret) {
        CamelContext node = new DefaultCamelContext();
        LarkConfiguration c = node.getComponent("lark", LarkComponent.class).getConfiguration();
        c.setAppId(APP_ID);
        c.setAppSecret(secret);
        c.setApiUrl(sim.apiUrl());
        c.setMaxRetries(0);
        c.setTokenStore(store);
        node.start();
        nodes.add(node);
        return node;
    }

    private static void send(CamelContext node, String text) {
        node.createProducerTemplate().sendBody("lark:message?to=chat_id:" + CHAT, text);
    }

    @Test
    void nodesSharingAStoreFetchOneTokenUnderAKeyThatShowsNoSecret() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        int before = sim.tokenIssuances();
        send(node(store, APP_SECRET), "from a");
        send(node(store, APP_SECRET), "from b");
        send(node(store, APP_SECRET), "from c");
        assertThat(sim.tokenIssuances() - before).as("tenant tokens fetched by three nodes").isEqualTo(1);
        assertThat(store.keys()).singleElement().asString().startsWith("lark:" + sim.apiUrl() + ":tenant:")
                .doesNotContain(APP_ID).doesNotContain(APP_SECRET);

        // another secret: another key, so the stored token is not used and Lark refuses the secret itself
        assertThatThrownBy(() -> send(node(store, "not-the-secret"), "from d"))
                .isInstanceOf(CamelExecutionException.class);
        assertThat(store.keys()).hasSize(1);
    }
}
