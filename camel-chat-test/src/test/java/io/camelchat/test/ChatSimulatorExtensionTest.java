package io.camelchat.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.camelchat.common.ChatHeaders;
import io.camelchat.dingtalk.DingTalkComponent;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.standalone.RunningSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two platforms in one class: the static field is set before {@code @BeforeAll}, where a context made then is already
 * pointed at both; parameters name their platform; the platform's own simulator class can be injected; a nested class
 * shares the simulators.
 */
@ChatSimulators({ "dingtalk", "lark" })
class ChatSimulatorExtensionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> LARK_IDS = new CopyOnWriteArrayList<>();

    @ChatSimulator("lark")
    static RunningSimulator lark;

    @ChatSimulator("dingtalk")
    static RunningSimulator dingtalk;

    @ChatSimulator
    DingTalkSimulator dingtalkServer;

    static CamelContext camel;

    @BeforeAll
    static void startRoutes() throws Exception {
        assertThat(lark).isNotNull();
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // a DingTalk user's text lands in the Lark group, and the other way round
                from("dingtalk:stream").routeId("dingtalk-to-lark")
                        .to("lark:message?to=chat_id:{{camel.test.lark.group}}");
                from("lark:stream").routeId("lark-to-dingtalk")
                        .process(e -> LARK_IDS.add(e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class)))
                        .to("dingtalk:message?to=group:{{camel.test.dingtalk.group}}");
            }
        });
        camel.getPropertiesComponent().addInitialProperty("camel.test.lark.group", lark.group());
        camel.getPropertiesComponent().addInitialProperty("camel.test.dingtalk.group", dingtalk.group());
        camel.start();
    }

    @AfterAll
    static void stopRoutes() throws Exception {
        camel.close();
    }

    @Test
    void bridgesTwoSimulatedPlatforms() {
        await().atMost(WAIT).until(() -> dingtalk.botConnected() && lark.botConnected());
        dingtalk.userSendsText("from DingTalk to Lark");
        await().atMost(WAIT).until(() -> lark.textsSentTo(lark.group()).contains("from DingTalk to Lark"));

        String id = lark.userSendsText("from Lark to DingTalk");
        await().atMost(WAIT).until(() -> dingtalk.textsSentTo(dingtalk.group()).contains("from Lark to DingTalk"));
        assertThat(LARK_IDS).contains(id);
    }

    @Test
    void parametersAndNativeSimulatorsAreTheSameOnes(@ChatSimulator("dingtalk") RunningSimulator parameter) {
        assertThat(parameter).isSameAs(dingtalk);
        assertThat(dingtalkServer).isSameAs(dingtalk.simulator(DingTalkSimulator.class));
        assertThat(camel.getComponent("dingtalk", DingTalkComponent.class).getConfiguration().getApiUrl())
                .isEqualTo(dingtalkServer.apiUrl());
        assertThat(camel.resolvePropertyPlaceholders("{{camel.component.lark.appId}}"))
                .isEqualTo(lark.credentials().get("appId"));
    }

    @Nested
    class Inner {

        @ChatSimulator("lark")
        RunningSimulator sameLark;

        @Test
        void sharesTheOuterClassSimulators() {
            assertThat(sameLark).isSameAs(lark);
        }
    }
}
