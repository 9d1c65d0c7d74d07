package io.camelchat.difft;

import java.util.List;
import java.util.Map;

import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleResolver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The dev console lists Difft endpoints with their calls, and never a credential. */
class DifftDevConsoleTest extends DifftTestSupport {

    @Test
    @SuppressWarnings("unchecked")
    void showsEndpointsAndCallsButNoCredential() {
        assertThat(send("difft:message?to=user:" + ALICE, "counted", Map.of()).getException()).isNull();
        DevConsole console = context.getCamelContextExtension().getContextPlugin(DevConsoleResolver.class)
                .resolveDevConsole("difft");
        assertThat(console).isInstanceOf(DifftDevConsole.class);
        Map<String, Object> json = (Map<String, Object>) console.call(DevConsole.MediaType.JSON);
        assertThat(json).containsEntry("platform", "difft");
        assertThat((List<Map<String, Object>>) json.get("endpoints")).anySatisfy(ep -> {
            assertThat(ep).containsEntry("kind", "message").containsEntry("apiUrl", sim.baseUrl());
            assertThat((Long) ep.get("apiCalls")).isGreaterThanOrEqualTo(1);
            assertThat(ep).containsKeys("sendsWaiting", "sendsPassed");
        });
        String text = json.toString() + console.call(DevConsole.MediaType.TEXT);
        assertThat(text).doesNotContain(SECRET).doesNotContain(APP).doesNotContain("60000");
    }
}
