package io.camelchat.common.webhook;

import java.time.Duration;

import io.camelchat.common.testutil.MutableClock;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayGuardTest {

    private final MutableClock clock = MutableClock.at("2025-03-01T12:00:00Z");

    @Test
    void rejectsARepeatWithinTheWindowAndForgetsAfterIt() {
        ReplayGuard guard = new ReplayGuard(Duration.ofMinutes(5), 1000, clock);
        assertThat(guard.firstSeen("sig-a")).isTrue();
        assertThat(guard.firstSeen("sig-a")).isFalse();
        assertThat(guard.firstSeen("sig-b")).isTrue();

        clock.advance(Duration.ofMinutes(5));
        assertThat(guard.firstSeen("sig-a")).as("at the edge of the window").isFalse();

        clock.advance(Duration.ofMillis(1));
        assertThat(guard.firstSeen("sig-a")).as("older than the window").isTrue();
        assertThat(guard.firstSeen("sig-a")).as("and remembered again").isFalse();
    }

    @Test
    void boundedToTheMostRecentEntries() {
        ReplayGuard guard = new ReplayGuard(Duration.ofMinutes(5), 3, clock);
        for (String k : new String[]{ "k1", "k2", "k3", "k4" }) {
            assertThat(guard.firstSeen(k)).isTrue();
        }
        assertThat(guard.firstSeen("k2")).isFalse();
        assertThat(guard.firstSeen("k4")).isFalse();
        assertThat(guard.firstSeen("k1")).as("the oldest went first").isTrue();
    }

    @Test
    void guardsSharingARepositoryRefuseWhatTheOtherAccepted() {
        MemoryIdempotentRepository shared = new MemoryIdempotentRepository();
        ReplayGuard nodeA = new ReplayGuard(Duration.ofMinutes(5), 1000, clock, shared);
        ReplayGuard nodeB = new ReplayGuard(Duration.ofMinutes(5), 1000, clock, shared);
        assertThat(nodeA.isShared()).isTrue();
        assertThat(nodeA.firstSeen("robot:sig-a")).isTrue();
        assertThat(nodeB.firstSeen("robot:sig-a")).as("accepted by the other node").isFalse();
        assertThat(shared.isStarted()).as("started on first use").isTrue();

        nodeA.forget("robot:sig-a");
        assertThat(nodeB.firstSeen("robot:sig-a")).as("forgotten after a failure: the platform may resend it").isTrue();
    }

    @Test
    void longKeysAreStoredAsTheirDigest() {
        MemoryIdempotentRepository shared = new MemoryIdempotentRepository();
        ReplayGuard guard = new ReplayGuard(Duration.ofMinutes(5), 1000, clock, shared);
        String longKey = "event:" + "x".repeat(200);
        assertThat(guard.firstSeen(longKey)).isTrue();
        assertThat(guard.firstSeen(longKey)).isFalse();
        String stored = ReplayGuard.stored(longKey);
        assertThat(stored).startsWith("sha256:").hasSize(71);
        assertThat(shared.contains(stored)).isTrue();
        assertThat(ReplayGuard.stored("robot:short")).isEqualTo("robot:short");
    }
}
