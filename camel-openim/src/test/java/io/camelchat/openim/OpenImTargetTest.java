package io.camelchat.openim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The message producer's targets: user:userId or group:groupId, one at a time. */
class OpenImTargetTest {

    @Test
    void userAndGroupTargets() {
        assertThat(OpenImProducer.target("user:u1")).isEqualTo(new OpenImProducer.Target(false, "u1"));
        assertThat(OpenImProducer.target("group:g 1")).isEqualTo(new OpenImProducer.Target(true, "g 1"));
        assertThat(OpenImProducer.target("GROUP:g1").group()).isTrue();
    }

    @Test
    void badTargetsAreRefusedClearly() {
        assertThatThrownBy(() -> OpenImProducer.target("chat_id:x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user:<userId> or group:<groupId>");
        assertThatThrownBy(() -> OpenImProducer.target("user:a,b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one user or group at a time");
        assertThatThrownBy(() -> OpenImProducer.target("u1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<kind>:<id>");
        assertThatThrownBy(() -> OpenImProducer.target(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'to'");
    }
}
