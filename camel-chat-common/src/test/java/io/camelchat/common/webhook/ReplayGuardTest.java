package io.camelchat.common.webhook;

import java.time.Duration;

import io.camelchat.common.testutil.MutableClock;
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
}
