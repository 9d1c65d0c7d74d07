package io.camelchat.symphony;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatHeaders;
import io.camelchat.simulator.common.ConnectProxy;
import io.camelchat.simulator.common.SimulatorTls;
import io.camelchat.simulator.symphony.AuthRecord;
import io.camelchat.simulator.symphony.SymEvent;
import io.camelchat.simulator.symphony.SymUser;
import io.camelchat.simulator.symphony.SymphonySimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The component against a simulator served over TLS only: certificate (mutual TLS) authentication with a key store
 * and a custom trust store given through {@code sslContextParameters}, a wrong client certificate refused, and each
 * Symphony host reached through its own HTTP proxy.
 */
class SymphonyTlsAndProxyTest {

    private static final String BOT = SymphonyTestSupport.BOT;
    private static final long BOT_ID = 349026222340001L;
    private static final long ALICE = 349026222344902L;

    @TempDir
    static Path dir;

    private static SymphonySimulator sim;
    private static Path botKeys;
    private static Path strangerKeys;
    private static String privateKeyPem;
    private static String aliceIm;

    private CamelContext context;

    @BeforeAll
    static void start() throws Exception {
        botKeys = SimulatorTls.clientKeyStore(dir, BOT);
        strangerKeys = SimulatorTls.clientKeyStore(dir, "stranger");
        KeyStore ks = SimulatorTls.load(botKeys);
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        privateKeyPem = "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n";
        sim = SymphonySimulator.builder().botUsername(BOT).botId(BOT_ID).botPublicKey(pair.getPublic())
                .botCertificate((X509Certificate) ks.getCertificate("bot")).tls(true)
                .longPollTimeout(Duration.ofSeconds(1)).start();
        sim.addUser(new SymUser(ALICE, "alice", "alice@acme.example", "Alice", "Smith", "Alice Smith"));
        aliceIm = sim.createIm(ALICE, BOT_ID);
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @AfterEach
    void stopContext() {
        if (context != null) {
            context.stop();
        }
    }

    /** Trusts the simulator's certificate; presents {@code clientKeys} when not null. */
    private static SSLContextParameters tls(Path clientKeys) {
        SSLContextParameters ssl = new SSLContextParameters();
        KeyStoreParameters trust = new KeyStoreParameters();
        trust.setResource("file:" + SimulatorTls.trustStoreFile());
        trust.setType("PKCS12");
        trust.setPassword(SimulatorTls.PASSWORD);
        TrustManagersParameters tmp = new TrustManagersParameters();
        tmp.setKeyStore(trust);
        ssl.setTrustManagers(tmp);
        if (clientKeys != null) {
            KeyStoreParameters keys = new KeyStoreParameters();
            keys.setResource("file:" + clientKeys);
            keys.setType("PKCS12");
            keys.setPassword("changeit");
            KeyManagersParameters kmp = new KeyManagersParameters();
            kmp.setKeyStore(keys);
            kmp.setKeyPassword("changeit");
            ssl.setKeyManagers(kmp);
        }
        return ssl;
    }

    private CamelContext context(SSLContextParameters ssl, String privateKey) {
        context = new DefaultCamelContext();
        SymphonyTestSupport.botSettings(context, sim, privateKey).setSslContextParameters(ssl);
        return context;
    }

    private static String hostPort(String url) {
        return url.replaceFirst("^https://", "").replaceFirst("/.*$", "");
    }

    @Test
    void certificateAuthenticationSendsAndReceives() throws Exception {
        CamelContext ctx = context(tls(botKeys), null);
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("symphony:datafeed").routeId("feed").to("mock:in");
            }
        });
        ctx.start();
        int before = sim.authentications().size();
        ProducerTemplate template = ctx.createProducerTemplate();
        template.sendBodyAndHeader("symphony:message", "signed in with a certificate", ChatHeaders.TO,
                "stream:" + aliceIm);
        assertThat(sim.sentMessages())
                .anySatisfy(m -> assertThat(m.messageML()).contains("signed in with a certificate"));

        SymEvent e = sim.userPostsMessage(ALICE, aliceIm, "<messageML>hello over mutual TLS</messageML>");
        MockEndpoint in = ctx.getEndpoint("mock:in", MockEndpoint.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> in.getExchanges().stream()
                .anyMatch(x -> e.id().equals(x.getMessage().getHeader(SymphonyConstants.EVENT_ID))));
        List<AuthRecord> auths = sim.authentications().subList(before, sim.authentications().size());
        assertThat(auths).isNotEmpty().allSatisfy(a -> {
            assertThat(a.success()).isTrue();
            assertThat(a.username()).isEqualTo(BOT);
        });
        assertThat(auths).extracting(AuthRecord::endpoint).contains("/sessionauth/v1/authenticate",
                "/keyauth/v1/authenticate");
    }

    @Test
    void aWrongClientCertificateIsRefusedWithAClearError() {
        CamelContext ctx = context(tls(strangerKeys), null);
        ctx.start();
        int sent = sim.sentMessages().size();
        assertThatThrownBy(() -> ctx.createProducerTemplate().sendBodyAndHeader("symphony:message", "never sent",
                ChatHeaders.TO, "stream:" + aliceIm))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(ChatAuthException.class)
                .hasMessageContaining("401")
                .hasMessageNotContaining("changeit");
        assertThat(sim.sentMessages()).hasSize(sent);
        assertThat(sim.authentications().get(sim.authentications().size() - 1).success()).isFalse();
    }

    @Test
    void eachHostGoesThroughItsOwnProxy() throws Exception {
        try (ConnectProxy podProxy = new ConnectProxy(null, null);
                ConnectProxy agentProxy = new ConnectProxy("agent-user", "s3cret")) {
            CamelContext ctx = context(tls(null), privateKeyPem);
            SymphonyConfiguration c = ctx.getComponent("symphony", SymphonyComponent.class).getConfiguration();
            c.setPodProxy("127.0.0.1:" + podProxy.port());
            c.setAgentProxy("http://agent-user:s3cret@127.0.0.1:" + agentProxy.port());
            c.setKeyManagerProxy("direct");
            ctx.start();
            ctx.createProducerTemplate().sendBodyAndHeader("symphony:message", "through two proxies", ChatHeaders.TO,
                    "email:alice@acme.example");
            assertThat(sim.sentMessages()).anySatisfy(m -> assertThat(m.messageML()).contains("through two proxies"));
            // the pod (login, user look-up, IM) through one proxy, the agent (send) through the other with its
            // credentials, the key manager directly
            assertThat(podProxy.targets()).isNotEmpty().containsOnly(hostPort(sim.podUrl()));
            assertThat(agentProxy.targets()).isNotEmpty().containsOnly(hostPort(sim.agentUrl()));
            // the agent proxy challenged the first CONNECT (407) and let the one with the credentials through
            assertThat(podProxy.targets()).doesNotContain(hostPort(sim.keyManagerUrl()));
        }
    }

    @Test
    void certificateAuthenticationThroughTheSessionAuthProxy() throws Exception {
        try (ConnectProxy authProxy = new ConnectProxy(null, null)) {
            CamelContext ctx = context(tls(botKeys), null);
            ctx.getComponent("symphony", SymphonyComponent.class).getConfiguration()
                    .setSessionAuthProxy("http://127.0.0.1:" + authProxy.port());
            ctx.start();
            ctx.createProducerTemplate().sendBodyAndHeader("symphony:message", "auth through a proxy", ChatHeaders.TO,
                    "stream:" + aliceIm);
            // mutual TLS runs end to end through the tunnel: the proxy sees only the host
            assertThat(authProxy.targets()).containsOnly(hostPort(sim.sessionAuthUrl()));
        }
    }

    @Test
    void twoProxiesForOneHostAreRefusedAtStart() {
        context = new DefaultCamelContext();
        SymphonyConfiguration c = context.getComponent("symphony", SymphonyComponent.class).getConfiguration();
        c.setBotUsername(BOT);
        c.setPrivateKey(privateKeyPem);
        c.setPodUrl(sim.podUrl());
        c.setPodProxy("http://127.0.0.1:3128");
        c.setAgentProxy("http://user:hidden-password@127.0.0.1:3129");
        context.start();
        assertThatThrownBy(() -> context.createProducerTemplate().sendBody("symphony:message?to=stream:x", "x"))
                .hasStackTraceContaining("podProxy and agentProxy differ")
                .satisfies(t -> assertThat(stackTrace(t)).doesNotContain("hidden-password"));
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
