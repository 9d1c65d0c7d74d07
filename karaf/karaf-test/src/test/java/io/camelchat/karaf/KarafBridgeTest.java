package io.camelchat.karaf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.camelchat.simulator.difft.DifftSimulator;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.SentMessage;
import io.camelchat.simulator.dingtalk.SimGroup;
import io.camelchat.simulator.dingtalk.SimUser;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import io.camelchat.simulator.openim.OpenImSimulator;
import io.camelchat.simulator.symphony.SymUser;
import io.camelchat.simulator.symphony.SymphonySimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The camel-chat features in a real Apache Karaf: Karaf (the distribution from Maven Central, unpacked by the build)
 * runs as a process of its own and installs, offline, the features {@code camel-dingtalk}, {@code camel-lark},
 * {@code camel-symphony}, {@code camel-openim} and {@code camel-difft} on the stand-in for Camel Karaf's {@code camel-core}. A Blueprint
 * file dropped into {@code deploy/} starts a CamelContext whose routes bridge simulators running in this JVM: DingTalk
 * to Lark, OpenIM and Difft, Lark to DingTalk, Symphony to Lark, OpenIM to Lark, Difft to Lark. Karaf reaches the simulators on their
 * loopback ports, written into the routes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KarafBridgeTest {

    private static final Duration KARAF_BOOT = Duration.ofMinutes(3);
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String DINGTALK_GROUP = "cidKARAFgroup==";
    private static final String LARK_CHAT = "oc_karafchat0001";
    private static final String LARK_APP_ID = "cli_karaf0123456789";
    private static final long SYMPHONY_BOT_ID = 349026222340077L;
    private static final long SYMPHONY_ALICE = 349026222344977L;
    private static final String OPENIM_BOT = "karafbot";
    private static final String OPENIM_ADMIN = "imAdmin";
    private static final String OPENIM_SECRET = "openim-karaf-secret";
    private static final String OPENIM_GROUP = "gkaraf";
    private static final String DIFFT_APP_ID = "karafdifft01";
    private static final String DIFFT_SECRET = "difft-karaf-secret";
    private static final String DIFFT_BOT = "+60020";
    private static final String DIFFT_CAROL = "+76459652574";
    private static final String DIFFT_GROUP = "5e1a0a8f3c2d4b6e9f7a1b2c3d4e5f62";

    private static DingTalkSimulator dingtalk;
    private static LarkSimulator lark;
    private static SymphonySimulator symphony;
    private static OpenImSimulator openim;
    private static DifftSimulator difft;
    private static String aliceIm;
    private static Karaf karaf;

    @BeforeAll
    static void startSimulatorsAndKaraf() throws Exception {
        dingtalk = DingTalkSimulator.builder().clientId("dingkaraf").clientSecret("karaf-secret").start();
        dingtalk.addUser(new SimUser("alice", "unionAlice", "Alice", "+8613800000001", "alice@example.com"));
        dingtalk.addGroup(new SimGroup(DINGTALK_GROUP, "Karaf bridge", List.of("alice")));
        lark = LarkSimulator.builder().appId(LARK_APP_ID).appSecret("lark-karaf-secret").start();
        lark.addUser(new LarkUser("ou_bob0001", "u_bob", "on_bob", "Bob", "bob@example.com", "+8613800000002"));
        lark.addChat(new LarkChat(LARK_CHAT, "Karaf bridge", List.of("ou_bob0001")));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair pair = rsa.generateKeyPair();
        symphony = SymphonySimulator.builder().botUsername("karaf-bot").botId(SYMPHONY_BOT_ID)
                .botPublicKey(pair.getPublic()).longPollTimeout(Duration.ofSeconds(1)).start();
        symphony.addUser(new SymUser(SYMPHONY_ALICE, "alice", "alice@acme.example", "Alice", "Smith", "Alice Smith"));
        aliceIm = symphony.createIm(SYMPHONY_ALICE, SYMPHONY_BOT_ID);
        openim = OpenImSimulator.builder().secret(OPENIM_SECRET).adminUserId(OPENIM_ADMIN).user(OPENIM_BOT, "Bridge")
                .user("ann", "Ann").group(OPENIM_GROUP, "Karaf bridge", "ann", OPENIM_BOT).start();
        difft = DifftSimulator.builder().app(DIFFT_APP_ID, DIFFT_SECRET, DIFFT_BOT)
                .account(DIFFT_CAROL, "carol@example.org", "Carol")
                .group(DIFFT_GROUP, "Karaf bridge", DIFFT_BOT, DIFFT_CAROL).start();

        Path home = Path.of(System.getProperty("karaf.home"));
        Path keyFile = home.getParent().resolve("karaf-bot.pem");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                                   + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                                   + "\n-----END PRIVATE KEY-----\n");

        String version = System.getProperty("camelchat.version");
        karaf = new Karaf(home);
        karaf.configure(System.getProperty("maven.local.repository"),
                List.of("mvn:io.camelchat/camel-chat-features/" + version + "/xml/camel-core-features",
                        "mvn:io.camelchat/camel-chat-features/" + version + "/xml/features"),
                List.of("aries-blueprint", "camel-dingtalk", "camel-lark", "camel-symphony", "camel-openim",
                        "camel-difft"));
        karaf.start();
        awaitInKarafLog("Camel Karaf found the five components",
                "Found component: META-INF/services/org/apache/camel/component/dingtalk in bundle io.camelchat.dingtalk",
                "Found component: META-INF/services/org/apache/camel/component/lark in bundle io.camelchat.lark",
                "Found component: META-INF/services/org/apache/camel/component/symphony in bundle io.camelchat.symphony",
                "Found component: META-INF/services/org/apache/camel/component/openim in bundle io.camelchat.openim",
                "Found component: META-INF/services/org/apache/camel/component/difft in bundle io.camelchat.difft");
        try {
            await("Karaf installed its boot features").atMost(KARAF_BOOT).pollInterval(Duration.ofMillis(500))
                    .failFast("Karaf stopped", () -> !karaf.alive()).until(karaf::bootFeaturesInstalled);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nKaraf's errors:\n" + karaf.errors(), e);
        }

        Map<String, String> tokens = Map.ofEntries(
                Map.entry("DINGTALK_CLIENT_ID", "dingkaraf"),
                Map.entry("DINGTALK_CLIENT_SECRET", "karaf-secret"),
                Map.entry("DINGTALK_API_URL", dingtalk.apiUrl()),
                Map.entry("DINGTALK_OAPI_URL", dingtalk.oapiUrl()),
                Map.entry("DINGTALK_GROUP", DINGTALK_GROUP),
                Map.entry("LARK_APP_ID", LARK_APP_ID),
                Map.entry("LARK_APP_SECRET", "lark-karaf-secret"),
                Map.entry("LARK_API_URL", lark.apiUrl()),
                Map.entry("LARK_CHAT", LARK_CHAT),
                Map.entry("SYMPHONY_BOT", "karaf-bot"),
                Map.entry("SYMPHONY_KEY_FILE", keyFile.toString()),
                Map.entry("SYMPHONY_POD_URL", symphony.podUrl()),
                Map.entry("SYMPHONY_AGENT_URL", symphony.agentUrl()),
                Map.entry("SYMPHONY_KM_URL", symphony.keyManagerUrl()),
                Map.entry("OPENIM_BOT", OPENIM_BOT),
                Map.entry("OPENIM_ADMIN", OPENIM_ADMIN),
                Map.entry("OPENIM_SECRET", OPENIM_SECRET),
                Map.entry("OPENIM_API_URL", openim.apiUrl()),
                Map.entry("OPENIM_WS_URL", openim.wsUrl()),
                Map.entry("OPENIM_GROUP", OPENIM_GROUP),
                Map.entry("DIFFT_APP_ID", DIFFT_APP_ID),
                Map.entry("DIFFT_APP_SECRET", DIFFT_SECRET),
                Map.entry("DIFFT_BOT", DIFFT_BOT),
                Map.entry("DIFFT_API_URL", difft.baseUrl()),
                Map.entry("DIFFT_WS_URL", difft.websocketUrl()),
                Map.entry("DIFFT_GROUP", DIFFT_GROUP));
        String routes = resource("bridge-routes.xml");
        for (Map.Entry<String, String> t : tokens.entrySet()) {
            routes = routes.replace("@" + t.getKey() + "@", t.getValue());
        }
        assertThat(routes).doesNotContainPattern("@[A-Z_]+@");
        karaf.deploy("camel-chat-bridge.xml", routes);
    }

    @AfterAll
    static void stopKarafAndSimulators() {
        if (karaf != null) {
            karaf.close();
        }
        if (dingtalk != null) {
            dingtalk.close();
        }
        if (lark != null) {
            lark.close();
        }
        if (symphony != null) {
            symphony.close();
        }
        if (openim != null) {
            openim.close();
        }
        if (difft != null) {
            difft.close();
        }
    }

    @Test
    @Order(1)
    void typeConvertersOfCommonAndTheComponentsAreFound() {
        awaitInKarafLog("Camel Karaf found the type converter loaders",
                "Found TypeConverterLoader in bundle io.camelchat.common",
                "Found TypeConverterLoader in bundle io.camelchat.dingtalk",
                "Found TypeConverterLoader in bundle io.camelchat.lark",
                "Found TypeConverterLoader in bundle io.camelchat.symphony",
                "Found TypeConverterLoader in bundle io.camelchat.openim",
                "Found TypeConverterLoader in bundle io.camelchat.difft");
    }

    @Test
    @Order(2)
    void dingTalkMessageLandsInTheLarkChat() {
        await("the DingTalk and Lark stream consumers in Karaf connected").atMost(KARAF_BOOT)
                .failFast("Karaf stopped", () -> !karaf.alive())
                .until(() -> dingtalk.openConnections() >= 1 && lark.openConnections() >= 1);

        dingtalk.userSendsText("alice", null, "hello Lark, from DingTalk through Karaf");
        await().atMost(DELIVERY).until(() -> lark.sentMessages().stream()
                .anyMatch(m -> "hello Lark, from DingTalk through Karaf".equals(m.text())
                        && LARK_CHAT.equals(m.receiveId())));
    }

    @Test
    @Order(3)
    void larkMessageLandsInTheDingTalkGroup() {
        await().atMost(KARAF_BOOT).until(() -> lark.openConnections() >= 1);

        lark.userSendsText("ou_bob0001", LARK_CHAT, "hello DingTalk, from Lark through Karaf");
        await().atMost(DELIVERY).until(() -> dingtalk.sentMessages().stream()
                .anyMatch(m -> "hello DingTalk, from Lark through Karaf".equals(m.text())
                        && m.channel() == SentMessage.Channel.GROUP && m.targets().contains(DINGTALK_GROUP)));
    }

    @Test
    @Order(4)
    void symphonyMessageLandsInTheLarkChat() {
        await("the Symphony datafeed consumer in Karaf reads").atMost(KARAF_BOOT)
                .until(() -> !symphony.datafeeds().isEmpty());

        symphony.userPostsMessage(SYMPHONY_ALICE, aliceIm, "<messageML>release 1.2 is <b>out</b></messageML>");
        await().atMost(DELIVERY).until(() -> lark.sentMessages().stream()
                .anyMatch(m -> "release 1.2 is out".equals(m.text()) && LARK_CHAT.equals(m.receiveId())));
    }

    @Test
    @Order(5)
    void openImGroupMessageLandsInTheLarkChat() {
        // a stream consumer without stored seqs starts after the newest messages of its first sync (1001): a message
        // sent while that request is answered could be taken as already seen, so send once it was answered
        await("the OpenIM stream consumer in Karaf connected and asked for the newest seqs").atMost(KARAF_BOOT)
                .failFast("Karaf stopped", () -> !karaf.alive())
                .until(() -> !openim.connections(OPENIM_BOT).isEmpty()
                        && openim.inbound().stream().anyMatch(l -> l.startsWith("ws 1001 " + OPENIM_BOT + " ")));
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);

        openim.sendGroupText("ann", OPENIM_GROUP, "hello Lark, from OpenIM through Karaf");
        await().atMost(DELIVERY).until(() -> lark.sentMessages().stream()
                .anyMatch(m -> "hello Lark, from OpenIM through Karaf".equals(m.text())
                        && LARK_CHAT.equals(m.receiveId())));
    }

    @Test
    @Order(6)
    void dingTalkMessageLandsInTheOpenImGroup() {
        await().atMost(KARAF_BOOT).until(() -> dingtalk.openConnections() >= 1);

        dingtalk.userSendsText("alice", null, "hello OpenIM, from DingTalk through Karaf");
        await().atMost(DELIVERY).until(() -> openim.messages(OpenImSimulator.groupConversationId(OPENIM_GROUP)).stream()
                .anyMatch(m -> OPENIM_BOT.equals(m.sendId())
                        && "hello OpenIM, from DingTalk through Karaf".equals(m.text())));
    }

    @Test
    @Order(7)
    void difftGroupMessageLandsInTheLarkChat() {
        await("the Difft stream consumer in Karaf connected").atMost(KARAF_BOOT)
                .failFast("Karaf stopped", () -> !karaf.alive()).until(() -> difft.connections(DIFFT_APP_ID) >= 1);

        String ref = difft.sendGroupText(DIFFT_CAROL, DIFFT_GROUP, "hello Lark, from Difft through Karaf");
        await().atMost(DELIVERY).until(() -> lark.sentMessages().stream()
                .anyMatch(m -> "hello Lark, from Difft through Karaf".equals(m.text())
                        && LARK_CHAT.equals(m.receiveId())));
        await().atMost(DELIVERY).until(() -> difft.isAcknowledged(DIFFT_APP_ID, ref));
    }

    @Test
    @Order(8)
    void dingTalkMessageLandsInTheDifftGroup() {
        await().atMost(KARAF_BOOT).until(() -> dingtalk.openConnections() >= 1);

        dingtalk.userSendsText("alice", null, "hello Difft, from DingTalk through Karaf");
        await().atMost(DELIVERY).until(() -> difft.sentTo(DIFFT_GROUP).stream()
                .anyMatch(m -> DIFFT_BOT.equals(m.src()) && m.isGroup()
                        && "hello Difft, from DingTalk through Karaf".equals(m.body())));
        assertThat(difft.protocolErrors()).isEmpty();
    }

    private static void awaitInKarafLog(String what, String... lines) {
        try {
            await(what).atMost(KARAF_BOOT).pollInterval(Duration.ofMillis(500))
                    .failFast("Karaf stopped or failed to install its boot features",
                            () -> !karaf.alive() || karaf.log().contains("Error installing boot features"))
                    .until(() -> {
                        String log = karaf.log();
                        return List.of(lines).stream().allMatch(log::contains);
                    });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nKaraf's errors:\n" + karaf.errors(), e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = KarafBridgeTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
