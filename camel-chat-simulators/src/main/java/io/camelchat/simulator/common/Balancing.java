package io.camelchat.simulator.common;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a simulator spreads an app's events over the app's several connections: each event goes to <em>one</em> of
 * them (the platforms' cluster mode, never a broadcast). DingTalk's Stream mode and Lark's long connection pick a
 * connection at random (their documentation says so); round robin is there for tests that want an even spread.
 */
public enum Balancing {

    /** A connection chosen at random for every delivery. */
    RANDOM,
    /** The connections in turn. */
    ROUND_ROBIN;

    /** Picks among the eligible connections (which must not be empty); {@code turn} counts round-robin picks. */
    public <C> C pick(List<C> eligible, AtomicLong turn) {
        if (eligible.size() == 1) {
            return eligible.get(0);
        }
        int i = this == RANDOM ? ThreadLocalRandom.current().nextInt(eligible.size())
                : (int) Math.floorMod(turn.getAndIncrement(), (long) eligible.size());
        return eligible.get(i);
    }
}
