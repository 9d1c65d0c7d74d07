package io.camelchat.it;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.symphony.bdk.core.SymphonyBdk;
import com.symphony.bdk.core.config.model.BdkClientConfig;
import com.symphony.bdk.core.config.model.BdkConfig;
import com.symphony.bdk.core.config.model.BdkRetryConfig;
import com.symphony.bdk.core.service.datafeed.RealTimeEventListener;
import com.symphony.bdk.gen.api.model.V4Initiator;
import com.symphony.bdk.gen.api.model.V4Message;
import com.symphony.bdk.gen.api.model.V4MessageSent;
import io.camelchat.simulator.symphony.AuthRecord;
import io.camelchat.simulator.symphony.SymEvent;
import io.camelchat.simulator.symphony.SymUser;
import io.camelchat.simulator.symphony.SymphonySimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fidelity check of the Symphony simulator against Symphony's official BDK for Java
 * ({@code org.finos.symphony.bdk:symphony-bdk-core} 2.12.0 with the Jersey 2 HTTP client): the BDK, configured for
 * the simulator's pod, agent and key manager (plain HTTP on 127.0.0.1), authenticates with an RSA key generated here,
 * sends a message into an IM with the bot, and its datafeed v2 loop receives a MESSAGESENT event the simulator
 * produced for a played user's post and acknowledges it.
 */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class SymphonyOfficialBdkTest {

    private static final String BOT_USERNAME = "camel-bdk-bot";
    private static final long ALICE = 7078106482689L;

    private SymphonySimulator sim;
    private SymphonyBdk bdk;
    private Thread datafeedThread;

    @AfterEach
    void tearDown() throws Exception {
        if (bdk != null) {
            bdk.datafeed().stop();
        }
        if (datafeedThread != null) {
            datafeedThread.join(TimeUnit.SECONDS.toMillis(10));
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void bdkAuthenticatesSendsAndReceivesThroughDatafeedV2() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair keys = gen.generateKeyPair();

        sim = SymphonySimulator.builder()
                .botUsername(BOT_USERNAME)
                .botPublicKey(keys.getPublic())
                .longPollTimeout(Duration.ofSeconds(1))
                .start();
        sim.addUser(SymUser.of(ALICE, "alice"));
        String imId = sim.createIm(ALICE);

        bdk = SymphonyBdk.builder().config(bdkConfig(keys)).build();

        // RSA login on the pod and on the key manager, both for the bot
        List<AuthRecord> auths = sim.authentications();
        assertThat(auths).anySatisfy(a -> {
            assertThat(a.endpoint()).isEqualTo("/login/pubkey/authenticate");
            assertThat(a.username()).isEqualTo(BOT_USERNAME);
            assertThat(a.success()).isTrue();
        });
        assertThat(auths).anySatisfy(a -> {
            assertThat(a.endpoint()).isEqualTo("/relay/pubkey/authenticate");
            assertThat(a.username()).isEqualTo(BOT_USERNAME);
            assertThat(a.success()).isTrue();
        });
        assertThat(auths).allSatisfy(a -> assertThat(a.success()).as("auth %s", a).isTrue());

        // the BDK sends a message into the IM
        V4Message sent = bdk.messages().send(imId, "<messageML>hi from the <b>BDK</b></messageML>");
        assertThat(sent.getMessageId()).isNotBlank();
        assertThat(sent.getStream().getStreamId()).isEqualTo(imId);
        assertThat(sent.getMessage()).contains("data-format=\"PresentationML\"").contains("hi from the <b>BDK</b>");
        assertThat(sim.sentMessages()).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo(sent.getMessageId());
            assertThat(m.streamId()).isEqualTo(imId);
            assertThat(m.senderId()).isEqualTo(sim.bot().id());
            assertThat(m.messageML()).isEqualTo("<messageML>hi from the <b>BDK</b></messageML>");
            assertThat(m.presentationML()).startsWith("<div data-format=\"PresentationML\"")
                    .contains("hi from the <b>BDK</b>");
        });

        // the BDK's datafeed v2 loop delivers a played user's message to the listener
        List<V4MessageSent> received = new CopyOnWriteArrayList<>();
        List<V4Initiator> initiators = new CopyOnWriteArrayList<>();
        bdk.datafeed().subscribe(new RealTimeEventListener() {
            @Override
            public void onMessageSent(V4Initiator initiator, V4MessageSent event) {
                initiators.add(initiator);
                received.add(event);
            }
        });
        AtomicReference<Throwable> loopFailure = new AtomicReference<>();
        datafeedThread = new Thread(() -> {
            try {
                bdk.datafeed().start();
            } catch (Throwable t) {
                loopFailure.set(t);
            }
        }, "bdk-datafeed");
        datafeedThread.setDaemon(true);
        datafeedThread.start();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(loopFailure.get()).isNull();
            assertThat(sim.datafeeds()).anySatisfy(f -> assertThat(f.version()).isEqualTo("v2"));
        });

        SymEvent posted = sim.userPostsMessage(ALICE, imId, "<messageML>hello <i>bot</i></messageML>");
        assertThat(posted.type()).isEqualTo("MESSAGESENT");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(loopFailure.get()).isNull();
            assertThat(received).anySatisfy(e -> assertThat(e.getMessage().getMessageId())
                    .isEqualTo(posted.messageId()));
        });
        V4MessageSent got = received.stream()
                .filter(e -> posted.messageId().equals(e.getMessage().getMessageId())).findFirst().orElseThrow();
        assertThat(got.getMessage().getStream().getStreamId()).isEqualTo(imId);
        assertThat(got.getMessage().getUser().getUserId()).isEqualTo(ALICE);
        assertThat(got.getMessage().getMessage()).contains("hello <i>bot</i>");
        assertThat(initiators).anySatisfy(i -> assertThat(i.getUser().getUserId()).isEqualTo(ALICE));

        // the next read quotes the ackId: the event is acknowledged and not handed out again
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.acknowledged(posted.id()));
        assertThat(sim.deliveries(posted.id())).isEqualTo(1);
        assertThat(received.stream().filter(e -> posted.messageId().equals(e.getMessage().getMessageId())))
                .hasSize(1);

        // clean stop: start() returns once the pending long poll (1 s) has answered
        bdk.datafeed().stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !datafeedThread.isAlive());
        assertThat(loopFailure.get()).isNull();
        assertThat(sim.datafeeds()).singleElement().satisfies(f -> assertThat(f.version()).isEqualTo("v2"));
        assertThat(sim.protocolErrors()).isEmpty();
    }

    private BdkConfig bdkConfig(KeyPair keys) {
        BdkConfig config = new BdkConfig();
        config.setScheme("http");
        config.setHost("127.0.0.1");
        config.setConnectionTimeout(5_000);
        config.setReadTimeout(15_000); // well above the simulator's 1 s long poll
        server(config.getPod(), sim.podUrl());
        server(config.getAgent(), sim.agentUrl());
        server(config.getKeyManager(), sim.keyManagerUrl());
        server(config.getSessionAuth(), sim.sessionAuthUrl());

        config.getBot().setUsername(BOT_USERNAME);
        config.getBot().getPrivateKey().setContent(pkcs8Pem(keys).getBytes(StandardCharsets.US_ASCII));

        BdkRetryConfig retry = new BdkRetryConfig();
        retry.setMaxAttempts(2);
        retry.setInitialIntervalMillis(100L);
        retry.setMultiplier(2.0);
        retry.setMaxIntervalMillis(500L);
        config.setRetry(retry);
        BdkRetryConfig feedRetry = new BdkRetryConfig();
        feedRetry.setMaxAttempts(2);
        feedRetry.setInitialIntervalMillis(100L);
        feedRetry.setMultiplier(2.0);
        feedRetry.setMaxIntervalMillis(500L);
        config.getDatafeed().setVersion("v2");
        config.getDatafeed().setRetry(feedRetry);
        return config;
    }

    private static void server(BdkClientConfig server, String baseUrl) {
        URI uri = URI.create(baseUrl);
        server.setScheme(uri.getScheme());
        server.setHost(uri.getHost());
        server.setPort(uri.getPort());
    }

    private static String pkcs8Pem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n"
               + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                       .encodeToString(keys.getPrivate().getEncoded())
               + "\n-----END PRIVATE KEY-----\n";
    }
}
