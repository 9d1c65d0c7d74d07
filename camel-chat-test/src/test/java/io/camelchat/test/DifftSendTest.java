package io.camelchat.test;

import java.time.Duration;

import io.camelchat.common.ChatHeaders;
import io.camelchat.simulator.standalone.RunningSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Difft producer sends through the simulator the extension runs (the Difft consumers are not written yet). */
@ChatSimulators("difft")
class DifftSendTest {

    @ChatSimulator
    RunningSimulator difft;

    @Test
    void sendsToAUserAndToTheGroup() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            template.sendBodyAndHeader("difft:message", "hello Alice", ChatHeaders.TO, "user:" + difft.user());
            template.sendBodyAndHeader("difft:message", "hello group", ChatHeaders.TO, "group:" + difft.group());
            await().atMost(Duration.ofSeconds(20)).until(() -> difft.textsSent().size() == 2);
            assertThat(difft.textsSentTo(difft.user())).containsExactly("hello Alice");
            assertThat(difft.textsSentTo(difft.group())).containsExactly("hello group");
            assertThat(difft.textsSentTo(difft.users().get(1))).isEmpty();
        }
    }
}
