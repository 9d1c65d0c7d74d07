package io.camelchat.symphony;

import java.util.ArrayList;
import java.util.List;

import io.camelchat.common.token.InMemoryTokenStore;
import io.camelchat.common.token.TokenStore;
import io.camelchat.simulator.symphony.SymMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tokenStore}: contexts (standing for nodes) that share a store log the bot in once between them, and after
 * Symphony ends the session only one of them logs in again; without a shared store each logs in.
 */
class SymphonyTokenStoreTest extends SymphonyTestSupport {

    private final List<CamelContext> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(CamelContext::stop);
    }

    /** A context of its own with the bot's settings and, when given, the shared store. */
    private ProducerTemplate node(TokenStore store) {
        CamelContext node = new DefaultCamelContext();
        SymphonyConfiguration c = botSettings(node, sim, privateKeyPem);
        c.setTokenStore(store);
        node.start();
        nodes.add(node);
        return node.createProducerTemplate();
    }

    /** Successful logins at the pod (one per session: the key manager's login comes with it). */
    private static long sessionLogins() {
        return sim.authentications().stream()
                .filter(a -> a.success() && a.endpoint().startsWith("/login/")).count();
    }

    /** The messageML of every message the simulator received, as one text. */
    private static String sent() {
        return sim.sentMessages().stream().map(SymMessage::messageML).toList().toString();
    }

    private static void send(ProducerTemplate node, String text) {
        node.sendBody("symphony:message?to=stream:" + aliceIm, text);
    }

    @Test
    void nodesSharingAStoreLogInOnce() {
        TokenStore store = new InMemoryTokenStore();
        long before = sessionLogins();
        ProducerTemplate a = node(store);
        ProducerTemplate b = node(store);
        send(a, "from a");
        send(b, "from b");
        send(node(store), "from c");
        assertThat(sessionLogins() - before).as("logins of three nodes sharing a store").isEqualTo(1);
        assertThat(sent()).contains("from a", "from b", "from c");
    }

    @Test
    void anEndedSessionIsReplacedByOneLoginForAllNodes() {
        TokenStore store = new InMemoryTokenStore();
        ProducerTemplate a = node(store);
        ProducerTemplate b = node(store);
        send(a, "a before");
        send(b, "b before");
        long before = sessionLogins();
        sim.expireSessions();
        // a is refused, logs in and stores the new session; b is refused too and takes a's new session
        send(a, "a after");
        send(b, "b after");
        assertThat(sessionLogins() - before).as("logins after the session ended").isEqualTo(1);
        assertThat(sent()).contains("a after", "b after");
    }

    @Test
    void withoutASharedStoreEachNodeLogsIn() {
        long before = sessionLogins();
        send(node(null), "alone 1");
        send(node(null), "alone 2");
        assertThat(sessionLogins() - before).isEqualTo(2);
    }

    @Test
    void theEndpointsOfOneComponentShareTheSessionByDefault() {
        long before = sessionLogins();
        ProducerTemplate one = node(null);
        one.sendBody("symphony:message?to=stream:" + aliceIm, "first endpoint");
        one.sendBody("symphony:message?to=stream:" + aliceIm + "&retryDelay=60", "second endpoint");
        assertThat(sessionLogins() - before).isEqualTo(1);
    }
}
