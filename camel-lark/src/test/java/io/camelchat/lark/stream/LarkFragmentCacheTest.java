package io.camelchat.lark.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LarkFragmentCacheTest {

    private final LarkFragmentCache cache = new LarkFragmentCache(Duration.ofMinutes(5), 1024 * 1024);

    @Test
    void reassemblesInAnyOrder() {
        assertThat(cache.add("m1", 2, 1, "lo".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(new String(cache.add("m1", 2, 0, "hel".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("hello");
        assertThat(cache.pendingSets()).isZero();
    }

    @Test
    void aSumBeyondTheBoundIsRefusedBeforeAnySlotIsAllocated() {
        assertThat(cache.add("m2", LarkFragmentCache.MAX_FRAGMENTS, 0, new byte[1])).isNull();
        for (int sum : new int[]{ LarkFragmentCache.MAX_FRAGMENTS + 1, 1 << 20, Integer.MAX_VALUE }) {
            assertThatThrownBy(() -> cache.add("m3", sum, 0, new byte[1])).as("sum " + sum)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(cache.pendingSets()).isEqualTo(1);
    }
}
