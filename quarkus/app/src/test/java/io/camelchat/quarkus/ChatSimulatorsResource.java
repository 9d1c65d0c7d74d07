package io.camelchat.quarkus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.camelchat.simulator.difft.DifftSimulator;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.SimGroup;
import io.camelchat.simulator.dingtalk.SimUser;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import io.camelchat.simulator.openim.OpenImSimulator;
import io.camelchat.simulator.symphony.SymUser;
import io.camelchat.simulator.symphony.SymphonySimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the DingTalk, Lark, Symphony, OpenIM and Difft simulators before the Quarkus application and hands the application their
 * addresses and credentials as configuration ({@code camel.component.<scheme>.*}, as a real deployment would set
 * them); the test gets the simulators injected into its fields of their types.
 */
public class ChatSimulatorsResource implements QuarkusTestResourceLifecycleManager {

    static final String DINGTALK_GROUP = "cidQUARKUSgroup==";
    static final String LARK_CHAT = "oc_quarkuschat0001";
    static final String LARK_BOB = "ou_bob0001";
    static final long SYMPHONY_BOT = 349026222340001L;
    static final long SYMPHONY_ALICE = 349026222344902L;
    static final String OPENIM_BOT = "quarkusbot";
    static final String OPENIM_ANN = "ann";
    static final String OPENIM_GROUP = "gquarkus";
    static final String DIFFT_APP_ID = "quarkusdifft1";
    static final String DIFFT_BOT = "+60030";
    static final String DIFFT_CAROL = "+76459652574";
    static final String DIFFT_GROUP = "5e1a0a8f3c2d4b6e9f7a1b2c3d4e5f63";

    private static final String DINGTALK_CLIENT_ID = "dingquarkus";
    private static final String DINGTALK_CLIENT_SECRET = "quarkus-secret";
    private static final String LARK_APP_ID = "cli_0123456789abcdef";
    private static final String LARK_APP_SECRET = "lark-quarkus-secret";
    private static final String LARK_VERIFICATION_TOKEN = "vtoken-quarkus";
    private static final String LARK_ENCRYPT_KEY = "encrypt-key-quarkus";
    private static final String SYMPHONY_BOT_USERNAME = "quarkus-bot";
    private static final String OPENIM_ADMIN = "imAdmin";
    private static final String OPENIM_SECRET = "openim-quarkus-secret";
    private static final String DIFFT_APP_SECRET = "difft-quarkus-secret";

    private DingTalkSimulator dingtalk;
    private LarkSimulator lark;
    private SymphonySimulator symphony;
    private OpenImSimulator openim;
    private DifftSimulator difft;
    private Path botKeyFile;

    @Override
    public Map<String, String> start() {
        KeyPair bot = rsaKeyPair();
        botKeyFile = writeKeyFile(bot);
        dingtalk = DingTalkSimulator.builder().clientId(DINGTALK_CLIENT_ID).clientSecret(DINGTALK_CLIENT_SECRET)
                .start();
        dingtalk.addUser(new SimUser("alice", "unionAlice", "Alice", "+8613800000001", "alice@example.com"));
        dingtalk.addGroup(new SimGroup(DINGTALK_GROUP, "Quarkus bridge", List.of("alice")));
        lark = LarkSimulator.builder().appId(LARK_APP_ID).appSecret(LARK_APP_SECRET)
                .verificationToken(LARK_VERIFICATION_TOKEN).encryptKey(LARK_ENCRYPT_KEY).start();
        lark.addUser(new LarkUser(LARK_BOB, "u_bob", "on_bob", "Bob", "bob@example.com", "+8613800000002"));
        lark.addChat(new LarkChat(LARK_CHAT, "Quarkus bridge", List.of(LARK_BOB)));
        symphony = SymphonySimulator.builder().botUsername(SYMPHONY_BOT_USERNAME).botId(SYMPHONY_BOT)
                .botPublicKey(bot.getPublic()).longPollTimeout(Duration.ofSeconds(1)).start();
        symphony.addUser(new SymUser(SYMPHONY_ALICE, "alice", "alice@acme.example", "Alice", "Smith", "Alice Smith"));
        openim = OpenImSimulator.builder().secret(OPENIM_SECRET).adminUserId(OPENIM_ADMIN).user(OPENIM_BOT, "Bridge")
                .user(OPENIM_ANN, "Ann").group(OPENIM_GROUP, "Quarkus bridge", OPENIM_ANN, OPENIM_BOT).start();
        difft = DifftSimulator.builder().app(DIFFT_APP_ID, DIFFT_APP_SECRET, DIFFT_BOT)
                .account(DIFFT_CAROL, "carol@example.org", "Carol")
                .group(DIFFT_GROUP, "Quarkus bridge", DIFFT_BOT, DIFFT_CAROL).start();

        Map<String, String> config = new HashMap<>();
        config.put("camel.component.dingtalk.client-id", DINGTALK_CLIENT_ID);
        config.put("camel.component.dingtalk.client-secret", DINGTALK_CLIENT_SECRET);
        config.put("camel.component.dingtalk.api-url", dingtalk.apiUrl());
        config.put("camel.component.dingtalk.oapi-url", dingtalk.oapiUrl());
        config.put("camel.component.dingtalk.reconnect-delay", "100");
        config.put("camel.component.lark.app-id", LARK_APP_ID);
        config.put("camel.component.lark.app-secret", LARK_APP_SECRET);
        config.put("camel.component.lark.verification-token", LARK_VERIFICATION_TOKEN);
        config.put("camel.component.lark.encrypt-key", LARK_ENCRYPT_KEY);
        config.put("camel.component.lark.api-url", lark.apiUrl());
        config.put("camel.component.symphony.bot-username", SYMPHONY_BOT_USERNAME);
        // a file, as a deployment would have it (and no key on the command line of the packaged application's process)
        config.put("camel.component.symphony.private-key-file", botKeyFile.toString());
        config.put("camel.component.symphony.pod-url", symphony.podUrl());
        config.put("camel.component.symphony.agent-url", symphony.agentUrl());
        config.put("camel.component.symphony.key-manager-url", symphony.keyManagerUrl());
        config.put("camel.component.symphony.reconnect-delay", "100");
        config.put("camel.component.openim.user-id", OPENIM_BOT);
        config.put("camel.component.openim.admin-user-id", OPENIM_ADMIN);
        config.put("camel.component.openim.secret", OPENIM_SECRET);
        config.put("camel.component.openim.api-url", openim.apiUrl());
        config.put("camel.component.openim.ws-url", openim.wsUrl());
        config.put("camel.component.openim.reconnect-delay", "100");
        config.put("camel.component.difft.app-id", DIFFT_APP_ID);
        config.put("camel.component.difft.app-secret", DIFFT_APP_SECRET);
        config.put("camel.component.difft.bot-id", DIFFT_BOT);
        config.put("camel.component.difft.api-url", difft.baseUrl());
        config.put("camel.component.difft.ws-url", difft.websocketUrl());
        config.put("camel.component.difft.reconnect-delay", "100");
        config.put("camelchat.bridge.lark-chat", LARK_CHAT);
        config.put("camelchat.bridge.dingtalk-group", DINGTALK_GROUP);
        config.put("camelchat.bridge.openim-group", OPENIM_GROUP);
        config.put("camelchat.bridge.difft-group", DIFFT_GROUP);
        // the packaged application would listen on every interface (its prod profile); the tests post to loopback only
        config.put("quarkus.http.host", "127.0.0.1");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(dingtalk, new TestInjector.MatchesType(DingTalkSimulator.class));
        injector.injectIntoFields(lark, new TestInjector.MatchesType(LarkSimulator.class));
        injector.injectIntoFields(symphony, new TestInjector.MatchesType(SymphonySimulator.class));
        injector.injectIntoFields(openim, new TestInjector.MatchesType(OpenImSimulator.class));
        injector.injectIntoFields(difft, new TestInjector.MatchesType(DifftSimulator.class));
    }

    @Override
    public void stop() {
        for (AutoCloseable simulator : new AutoCloseable[]{ dingtalk, lark, symphony, openim, difft }) {
            if (simulator != null) {
                try {
                    simulator.close();
                } catch (Exception e) {
                    // stopping: nothing left to do with it
                }
            }
        }
        if (botKeyFile != null) {
            try {
                Files.deleteIfExists(botKeyFile);
            } catch (IOException e) {
                // a temporary file: the system removes it in time
            }
        }
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writeKeyFile(KeyPair pair) {
        try {
            Path file = Files.createTempFile("camel-chat-quarkus-bot", ".pem");
            Files.writeString(file, pem(pair));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
               + "\n-----END PRIVATE KEY-----\n";
    }
}
