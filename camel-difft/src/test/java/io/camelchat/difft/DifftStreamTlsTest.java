package io.camelchat.difft;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatMessage;
import io.camelchat.simulator.common.SimulatorTls;
import io.camelchat.simulator.difft.DifftSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code difft:stream} over {@code wss://} (the websocket URL derived from an {@code https} apiUrl), trusting the
 * simulator's certificate through {@code sslContextParameters}; a received file downloads over {@code https} too.
 */
class DifftStreamTlsTest extends CamelTestSupport {

    private static final String APP = "tlsapp0001";
    private static final String SECRET = "tls-secret";
    private static final String BOT = "+61000";
    private static final String ALICE = "+76459652574";

    private static DifftSimulator sim;

    @BeforeAll
    static void startSimulator() {
        sim = DifftSimulator.builder().app(APP, SECRET, BOT).account(ALICE, "alice@example.org", "Alice").tls(true)
                .messageInterval(Duration.ZERO).start();
    }

    @AfterAll
    static void stopSimulator() {
        if (sim != null) {
            sim.close();
            sim = null;
        }
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        SSLContextParameters ssl = new SSLContextParameters();
        KeyStoreParameters trust = new KeyStoreParameters();
        trust.setResource("file:" + SimulatorTls.trustStoreFile());
        trust.setType("PKCS12");
        trust.setPassword(SimulatorTls.PASSWORD);
        TrustManagersParameters tmp = new TrustManagersParameters();
        tmp.setKeyStore(trust);
        ssl.setTrustManagers(tmp);
        DifftConfiguration c = context.getComponent("difft", DifftComponent.class).getConfiguration();
        c.setAppId(APP);
        c.setAppSecret(SECRET);
        c.setBotId(BOT);
        c.setApiUrl(sim.httpsUrl());
        c.setReconnectDelay(100);
        c.setSslContextParameters(ssl);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("difft:stream").routeId("stream").to("mock:out");
            }
        };
    }

    @Test
    void messagesAndFilesArriveOverTls() throws Exception {
        byte[] content = "over tls".getBytes(StandardCharsets.UTF_8);
        String text = sim.sendText(ALICE, BOT, "hello over wss");
        String file = sim.sendFile(ALICE, BOT, "tls.txt", "text/plain", content);
        MockEndpoint out = getMockEndpoint("mock:out");
        await().atMost(Duration.ofSeconds(15)).until(() -> sim.isAcknowledged(APP, text)
                && sim.isAcknowledged(APP, file));
        assertThat(sim.requests()).anyMatch(l -> l.startsWith("websocket upgrade"));
        Exchange f = out.getExchanges().stream()
                .filter(x -> file.equals(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID))).findFirst().orElseThrow();
        ChatAttachment a = f.getMessage().getBody(ChatMessage.class).getAttachments().get(0);
        assertThat(a.load()).isEqualTo(content);
        assertThat(out.getExchanges()).anyMatch(x -> "hello over wss".equals(x.getMessage().getBody(String.class)));
    }
}
