package io.camelchat.examples;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.camelchat.simulator.difft.DifftSimulator;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import io.camelchat.simulator.symphony.SymMessage;
import io.camelchat.symphony.api.SymphonyIds;
import io.camelchat.symphony.api.SymphonyMessageMl;
import org.apache.camel.Route;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The demo as the README runs it, on the simulators and with a configuration for real platforms. */
class DemoMainTest {

    @Test
    void scriptedConversationIsAnsweredAndBridgedOnEveryPlatform() throws Exception {
        // DingTalk echo bot (Java and YAML DSL), DingTalk <-> Lark, Symphony echo bot, Symphony <-> Lark,
        // OpenIM <-> DingTalk, Difft <-> Lark
        assertThat(DemoMain.runOnSimulator()).isTrue();
    }

    /**
     * The configuration README documents for a real Symphony bot and a real Lark app (here pointing at the simulators)
     * runs the Symphony echo bot and the Symphony–Lark bridge, and nothing of DingTalk.
     */
    @Test
    void symphonyConfigurationRunsTheEchoBotAndTheBridge() throws Exception {
        try (LarkSimulator lark = LarkSimulator.builder().appId("cli_fedcba9876543210").appSecret("lark-secret")
                .start();
                DemoSymphonyPod pod = DemoSymphonyPod.start()) {
            lark.addUser(
                    new LarkUser("ou_carol0001", "carol", "on_carol", "Carol", "carol@example.com", "+8613800000003"));
            lark.addChat(new LarkChat("oc_realmode01", "Ops (Lark)", List.of("ou_carol0001")));
            Properties config = new Properties();
            config.setProperty("camel.component.symphony.botUsername", DemoSymphonyPod.BOT_USERNAME);
            config.setProperty("camel.component.symphony.private-key-file", pod.privateKeyFile.toString());
            config.setProperty("camel.component.symphony.pod-url", pod.sim.podUrl());
            config.setProperty("camel.component.symphony.agent-url", pod.sim.agentUrl());
            config.setProperty("camel.component.symphony.key-manager-url", pod.sim.keyManagerUrl());
            // as copied from Symphony's UI: standard Base64
            config.setProperty("demo.symphony.stream", SymphonyIds.toStandard(pod.room));
            config.setProperty("camel.component.lark.app-id", lark.appId());
            config.setProperty("camel.component.lark.app-secret", lark.appSecret());
            config.setProperty("camel.component.lark.api-url", lark.apiUrl());
            config.setProperty("demo.lark.chat", "oc_realmode01");

            Main main = DemoMain.realPlatforms(config);
            main.start();
            try {
                assertThat(main.getCamelContext().getRoutes()).extracting(Route::getRouteId)
                        .containsExactlyInAnyOrder("symphony-echo-bot", "symphony-to-lark", "lark-to-symphony");
                await().atMost(Duration.ofSeconds(20)).until(() -> pod.sim.datafeeds().stream()
                        .filter(f -> f.active() && f.reads() > 0).count() == 2 && lark.openConnections() == 1);

                pod.sim.userPostsMessage(DemoSymphonyPod.ERIN, pod.erinIm, "<messageML>ping</messageML>");
                await().atMost(Duration.ofSeconds(20)).until(() -> pod.sim.sentMessages().stream()
                        .anyMatch(
                                m -> pod.erinIm.equals(m.streamId()) && text(m).equals("Hi Erin Lee, you said: ping")));

                pod.sim.userPostsMessage(DemoSymphonyPod.DAVE, pod.room, "<messageML>from the room</messageML>");
                await().atMost(Duration.ofSeconds(20)).until(() -> lark.sentMessages().stream()
                        .anyMatch(m -> "oc_realmode01".equals(m.chatId()) && "from the room".equals(m.text())));

                lark.userSendsText("ou_carol0001", "oc_realmode01", "from Lark");
                await().atMost(Duration.ofSeconds(20)).until(() -> pod.sim.sentMessages().stream()
                        .anyMatch(m -> pod.room.equals(m.streamId()) && text(m).equals("from Lark")));

                // each route kept to its own messages: the IM stayed off Lark, the room got no echo
                assertThat(lark.sentMessages()).noneMatch(m -> "ping".equals(m.text()));
                assertThat(pod.sim.sentMessages()).filteredOn(m -> pod.room.equals(m.streamId())).hasSize(1);
                assertThat(pod.sim.protocolErrors()).isEmpty();
            } finally {
                DemoMain.stopSymphonyRoutes(main.getCamelContext());
                main.stop();
            }
        }
    }

    /**
     * The configuration README documents for a real Difft bot and a real Lark app (here pointing at the simulators, with
     * Difft's rate limit and the component's send interval at their defaults) runs the Difft - Lark bridge alone.
     */
    @Test
    void difftConfigurationRunsTheDifftLarkBridge() throws Exception {
        String group = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
        try (LarkSimulator lark = LarkSimulator.builder().appId("cli_fedcba9876543211").appSecret("lark-secret")
                .start();
                DifftSimulator difft = DifftSimulator.builder().app("realdifft001", "difft-secret", "+60009")
                        .account("+71234567890", "dan@example.org", "Dan").group(group, "Ops", "+60009", "+71234567890")
                        .start()) {
            lark.addUser(
                    new LarkUser("ou_carol0001", "carol", "on_carol", "Carol", "carol@example.com", "+8613800000003"));
            lark.addChat(new LarkChat("oc_realdifft1", "Ops (Lark)", List.of("ou_carol0001")));
            Properties config = new Properties();
            config.setProperty("camel.component.difft.appId", "realdifft001");
            config.setProperty("camel.component.difft.app-secret", "difft-secret");
            config.setProperty("camel.component.difft.bot-id", "+60009");
            // the websocket URL follows from the API URL
            config.setProperty("camel.component.difft.api-url", difft.baseUrl());
            config.setProperty("demo.difft.group", group);
            config.setProperty("camel.component.lark.app-id", lark.appId());
            config.setProperty("camel.component.lark.app-secret", lark.appSecret());
            config.setProperty("camel.component.lark.api-url", lark.apiUrl());
            config.setProperty("demo.lark.chat", "oc_realdifft1");

            Main main = DemoMain.realPlatforms(config);
            main.start();
            try {
                assertThat(main.getCamelContext().getRoutes()).extracting(Route::getRouteId)
                        .containsExactlyInAnyOrder("difft-to-lark", "lark-to-difft");
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> difft.connections("realdifft001") == 1 && lark.openConnections() == 1);

                difft.sendGroupText("+71234567890", group, "from Difft");
                await().atMost(Duration.ofSeconds(20)).until(() -> lark.sentMessages().stream()
                        .anyMatch(m -> "oc_realdifft1".equals(m.chatId()) && "from Difft".equals(m.text())));

                lark.userSendsText("ou_carol0001", "oc_realdifft1", "from Lark");
                lark.userSendsText("ou_carol0001", "oc_realdifft1", "from Lark, again");
                await().atMost(Duration.ofSeconds(20)).until(() -> difft.sentTo(group).size() == 2);
                assertThat(difft.sentTo(group)).extracting(m -> m.body()).containsExactly("from Lark",
                        "from Lark, again");
                assertThat(difft.protocolErrors()).isEmpty();
            } finally {
                main.stop();
            }
        }
    }

    private static String text(SymMessage m) {
        return SymphonyMessageMl.text(m.presentationML());
    }
}
