package io.camelchat.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's main job, as the README runs it: every scripted message gets its answer, through both routes. */
class DemoMainTest {

    @Test
    void scriptedConversationIsAnsweredByTheJavaAndTheYamlRoute() throws Exception {
        assertThat(DemoMain.runOnSimulator()).isTrue();
    }
}
