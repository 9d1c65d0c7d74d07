package io.camelchat.difft;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.Json;
import io.camelchat.difft.api.DifftAttachment;
import io.camelchat.simulator.common.ConnectProxy;
import io.camelchat.simulator.common.SimulatorTls;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared options sslContextParameters and proxy*: sends, an encrypted upload to the storage URL and its download,
 * all over TLS through an authenticating CONNECT proxy.
 */
class DifftTlsAndProxyTest extends DifftTestSupport {

    static ConnectProxy proxy;

    @BeforeAll
    static void startSimulator() throws Exception {
        sim = simulator(interval()).tls(true).start();
        proxy = new ConnectProxy("proxy-user", "proxy-pass");
    }

    @AfterAll
    static void stopProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
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
        c.setApiUrl(sim.httpsUrl());
        c.setSslContextParameters(ssl);
        c.setProxyHost("127.0.0.1");
        c.setProxyPort(proxy.port());
        c.setProxyUsername("proxy-user");
        c.setProxyPassword("proxy-pass");
        return context;
    }

    @Test
    void sendsUploadsAndDownloadsOverTlsThroughTheProxy() {
        byte[] data = "over tls".getBytes(StandardCharsets.UTF_8);
        ChatMessage chat = ChatMessage.text("with a file")
                .addAttachment(ChatAttachment.of(ChatAttachment.Kind.file, "tls.txt", "text/plain", data));
        Exchange e = send("difft:message?to=user:" + ALICE, chat, Map.of());
        assertThat(e.getException()).isNull();
        assertThat(lastSent().body()).isEqualTo("with a file");
        assertThat(lastSent().fileName()).isEqualTo("tls.txt");

        DifftAttachment a = DifftAttachment.fromJson(
                Json.MAPPER.valueToTree(lastSent().attachment()));
        Exchange d = send("difft:media?operation=download", a, Map.of());
        assertThat(d.getException()).isNull();
        assertThat(d.getMessage().getBody(byte[].class)).isEqualTo(data);

        assertThat(proxy.targets()).isNotEmpty().allSatisfy(t -> assertThat(t).endsWith(":" + sim.port()));
        // the first CONNECT is challenged (407), the one with the credentials goes through
        assertThat(sim.protocolErrors()).isEmpty();
    }
}
