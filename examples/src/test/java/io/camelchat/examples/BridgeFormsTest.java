package io.camelchat.examples;

import java.time.Duration;
import java.util.List;

import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.SimGroup;
import io.camelchat.simulator.dingtalk.SimUser;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The DingTalk to Lark bridge in each route language (Java DSL, Endpoint DSL, YAML DSL, XML DSL), each run by Camel Main
 * against the simulators: a DingTalk user's message lands in the Lark chat. The YAML file is the one the README runs
 * with Camel JBang ({@code camel run}); the Camel launcher is not served by this project's Maven mirror, so the same
 * file runs here through Camel Main.
 */
class BridgeFormsTest {

    static final String CHAT = "oc_bridgeforms01";
    static DingTalkSimulator dingtalk;
    static LarkSimulator lark;

    @BeforeAll
    static void startSimulators() {
        dingtalk = DingTalkSimulator.builder().clientId("dingbridgeforms").clientSecret("bridge-forms-secret-0123")
                .start();
        dingtalk.addUser(new SimUser("alice", "unionAlice", "Alice", "+8613800000001", "alice@example.com"));
        dingtalk.addGroup(new SimGroup("cidBRIDGEFORMS==", "Bridge", List.of("alice")));
        lark = LarkSimulator.builder().appId("cli_bridgeforms0001").appSecret("bridge-forms-lark-secret").start();
        lark.addUser(new LarkUser("ou_carol0001", "carol", "on_carol", "Carol", "carol@example.com", "+8613800000003"));
        lark.addChat(new LarkChat(CHAT, "Bridge", List.of("ou_carol0001")));
    }

    @AfterAll
    static void stopSimulators() {
        dingtalk.close();
        lark.close();
    }

    @Test
    void javaDsl() throws Exception {
        bridge("java", new BridgeRoutes(), null);
    }

    @Test
    void endpointDsl() throws Exception {
        bridge("endpoint dsl", new BridgeEndpointDslRoutes(), null);
    }

    @Test
    void yamlDsl() throws Exception {
        bridge("yaml", null, "classpath:bridge/dingtalk-lark-bridge.camel.yaml");
    }

    @Test
    void xmlDsl() throws Exception {
        bridge("xml", null, "classpath:bridge/dingtalk-lark-bridge.camel.xml");
    }

    private static void bridge(String form, RoutesBuilder routes, String routesFile) throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.component.dingtalk.client-id", dingtalk.clientId());
        main.addInitialProperty("camel.component.dingtalk.client-secret", dingtalk.clientSecret());
        main.addInitialProperty("camel.component.dingtalk.api-url", dingtalk.apiUrl());
        main.addInitialProperty("camel.component.dingtalk.oapi-url", dingtalk.oapiUrl());
        main.addInitialProperty("camel.component.lark.app-id", lark.appId());
        main.addInitialProperty("camel.component.lark.app-secret", lark.appSecret());
        main.addInitialProperty("camel.component.lark.api-url", lark.apiUrl());
        main.addInitialProperty("demo.lark.chat", CHAT);
        main.addInitialProperty("demo.dingtalk.group", "cidBRIDGEFORMS==");
        main.addInitialProperty("demo.bridge.autostart", "true");
        if (routesFile != null) {
            main.addInitialProperty("camel.main.routes-include-pattern", routesFile);
        }
        if (routes != null) {
            main.configure().addRoutesBuilder(routes);
        }
        main.start();
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> dingtalk.openConnections() >= 1);
            String text = "hello from the " + form + " route";
            dingtalk.userSendsText("alice", null, text);
            await().atMost(Duration.ofSeconds(15)).until(() -> lark.sentMessages().stream()
                    .anyMatch(m -> CHAT.equals(m.chatId()) && m.content().toString().contains(text)));
        } finally {
            main.stop();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> dingtalk.openConnections() == 0);
        assertThat(lark.sentMessages()).isNotEmpty();
    }
}
