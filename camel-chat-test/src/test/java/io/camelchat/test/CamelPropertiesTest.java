package io.camelchat.test;

import java.util.Map;

import io.camelchat.difft.DifftComponent;
import io.camelchat.difft.DifftConfiguration;
import io.camelchat.dingtalk.DingTalkComponent;
import io.camelchat.dingtalk.DingTalkConfiguration;
import io.camelchat.lark.LarkComponent;
import io.camelchat.lark.LarkConfiguration;
import io.camelchat.openim.OpenImComponent;
import io.camelchat.openim.OpenImConfiguration;
import io.camelchat.simulator.standalone.RunningSimulator;
import io.camelchat.simulator.standalone.SimulatedPlatform;
import io.camelchat.symphony.SymphonyComponent;
import io.camelchat.symphony.SymphonyConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every option of a simulator's {@code camelProperties()} is an option of the real component: Camel Main sets them
 * all from {@code camel.component.*} properties (it refuses unknown ones), and {@link SimulatorConfigurer} binds them
 * on a plain context.
 */
class CamelPropertiesTest {

    @ParameterizedTest
    @EnumSource(value = SimulatedPlatform.class, names = { "DINGTALK", "LARK", "SYMPHONY", "OPENIM", "DIFFT" })
    void camelMainConfiguresTheComponentFromTheProperties(SimulatedPlatform platform) throws Exception {
        try (RunningSimulator sim = platform.start()) {
            Main main = new Main();
            sim.camelProperties().forEach(main::addInitialProperty);
            main.addInitialProperty("camel.main.autoConfigurationFailFast", "true");
            main.addInitialProperty("camel.main.name", "camel-properties-" + platform.scheme());
            main.start();
            try {
                assertConfigured(main.getCamelContext(), sim);
            } finally {
                main.stop();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = SimulatedPlatform.class, names = { "DINGTALK", "LARK", "SYMPHONY", "OPENIM", "DIFFT" })
    void theConfigurerBindsThemOnAPlainContext(SimulatedPlatform platform) throws Exception {
        try (RunningSimulator sim = platform.start(); CamelContext camel = new DefaultCamelContext()) {
            SimulatorConfigurer.configure(camel, sim);
            assertConfigured(camel, sim);
            sim.camelProperties().forEach((k, v) -> assertThat(camel.resolvePropertyPlaceholders("{{" + k + "}}"))
                    .isEqualTo(v));
        }
    }

    @ParameterizedTest
    @EnumSource(value = SimulatedPlatform.class, names = { "DINGTALK", "OPENIM" })
    void aComponentTheContextAlreadyHasIsConfiguredToo(SimulatedPlatform platform) throws Exception {
        try (RunningSimulator sim = platform.start(); CamelContext camel = new DefaultCamelContext()) {
            Component before = camel.getComponent(platform.scheme());
            SimulatorConfigurer.configure(camel, sim);
            assertThat(camel.getComponent(platform.scheme())).isSameAs(before);
            assertConfigured(camel, sim);
        }
    }

    private static void assertConfigured(CamelContext camel, RunningSimulator sim) {
        Map<String, String> o = sim.endpointOptions();
        switch (sim.platform()) {
            case DINGTALK -> {
                DingTalkConfiguration c = camel.getComponent("dingtalk", DingTalkComponent.class).getConfiguration();
                assertThat(c.getClientId()).isEqualTo(o.get("clientId"));
                assertThat(c.getClientSecret()).isEqualTo(o.get("clientSecret"));
                assertThat(c.getApiUrl()).isEqualTo(o.get("apiUrl")).isEqualTo(sim.endpoints().get("apiUrl"));
                assertThat(c.getOapiUrl()).isEqualTo(sim.endpoints().get("oapiUrl"));
                assertThat(c.getReconnectDelay()).isEqualTo(200);
            }
            case LARK -> {
                LarkConfiguration c = camel.getComponent("lark", LarkComponent.class).getConfiguration();
                assertThat(c.getAppId()).isEqualTo(o.get("appId"));
                assertThat(c.getAppSecret()).isEqualTo(o.get("appSecret"));
                assertThat(c.getApiUrl()).isEqualTo(sim.endpoints().get("apiUrl"));
            }
            case SYMPHONY -> {
                SymphonyConfiguration c = camel.getComponent("symphony", SymphonyComponent.class).getConfiguration();
                assertThat(c.getBotUsername()).isEqualTo(o.get("botUsername"));
                assertThat(c.getPrivateKeyFile()).isEqualTo(o.get("privateKeyFile"));
                assertThat(c.getPodUrl()).isEqualTo(sim.endpoints().get("podUrl"));
                assertThat(c.getAgentUrl()).isEqualTo(sim.endpoints().get("agentUrl"));
                assertThat(c.getKeyManagerUrl()).isEqualTo(sim.endpoints().get("keyManagerUrl"));
            }
            case OPENIM -> {
                OpenImConfiguration c = camel.getComponent("openim", OpenImComponent.class).getConfiguration();
                assertThat(c.getUserId()).isEqualTo(sim.bot());
                assertThat(c.getSecret()).isEqualTo(o.get("secret"));
                assertThat(c.getApiUrl()).isEqualTo(sim.endpoints().get("apiUrl"));
                assertThat(c.getWsUrl()).isEqualTo(sim.endpoints().get("wsUrl"));
            }
            case DIFFT -> {
                DifftConfiguration c = camel.getComponent("difft", DifftComponent.class).getConfiguration();
                assertThat(c.getAppId()).isEqualTo(o.get("appId"));
                assertThat(c.getAppSecret()).isEqualTo(o.get("appSecret"));
                assertThat(c.getBotId()).isEqualTo(sim.bot());
                assertThat(c.getApiUrl()).isEqualTo(sim.endpoints().get("apiUrl"));
                assertThat(c.getWsUrl()).isEqualTo(sim.endpoints().get("wsUrl"));
            }
            default -> throw new AssertionError("no component for " + sim.platform());
        }
    }
}
