package io.camelchat.difft.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DifftSendGateTest {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    @Test
    void asyncAndSyncCallersShareOneLineAndTheInterval() throws Exception {
        DifftSendGate gate = DifftSendGate.of("http://gate.test", "app-" + UUID.randomUUID());
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<Long> starts = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Integer>> sends = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            // each call answers 20 ms after it started, on another thread
            sends.add(gate.runAsync(INTERVAL, () -> {
                order.add(n);
                starts.add(System.nanoTime());
                return CompletableFuture.supplyAsync(() -> n,
                        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
            }));
        }
        // the async callers did not wait here: their turns are timers
        assertThat(sends).filteredOn(CompletableFuture::isDone).hasSizeLessThan(4);
        int last = gate.run(INTERVAL, "POST /v1/file/isExists", () -> {
            order.add(99);
            starts.add(System.nanoTime());
            return 99;
        });

        assertThat(last).isEqualTo(99);
        for (int i = 0; i < 4; i++) {
            assertThat(sends.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 99);
        for (int i = 1; i < starts.size(); i++) {
            assertThat(TimeUnit.NANOSECONDS.toMillis(starts.get(i) - starts.get(i - 1)))
                    .as("call %d started the interval after the previous one answered", i)
                    .isGreaterThanOrEqualTo(INTERVAL.toMillis());
        }
        assertThat(gate.getPassed()).isEqualTo(5);
        assertThat(gate.getWaiting()).isZero();
    }

    @Test
    void aFailedCallStillLetsTheNextOneThrough() throws Exception {
        DifftSendGate gate = DifftSendGate.of("http://gate.test", "app-" + UUID.randomUUID());
        CompletableFuture<String> failed = gate.runAsync(Duration.ZERO,
                () -> CompletableFuture.failedFuture(new IllegalStateException("refused")));
        CompletableFuture<String> thrown = gate.runAsync(Duration.ZERO, () -> {
            throw new IllegalArgumentException("bad");
        });
        CompletableFuture<String> next = gate.runAsync(Duration.ZERO, () -> CompletableFuture.completedFuture("ok"));

        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(failed).isCompletedExceptionally();
        assertThat(thrown).isCompletedExceptionally();
        assertThat(gate.getPassed()).isEqualTo(3);
    }
}
