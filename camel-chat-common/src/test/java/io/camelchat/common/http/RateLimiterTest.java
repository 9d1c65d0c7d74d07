package io.camelchat.common.http;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    @Test
    void limitsCallsPerSecond() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(20);
        assertThat(limiter.isUnlimited()).isFalse();
        long start = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            limiter.acquire();
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // a full bucket holds 20 (one second's worth); the other 10 come at 20/s: at least ~500 ms
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(450);
    }

    @Test
    void zeroMeansUnlimited() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(0);
        assertThat(limiter.isUnlimited()).isTrue();
        for (int i = 0; i < 10_000; i++) {
            limiter.acquire();
        }
    }

    @Test
    void theClientAppliesTheLimit() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer();
                ChatHttpClient client = new ChatHttpClient("test", new ChatHttpClientConfig().setRateLimit(5),
                        ChatHttpClientTest.INSPECTOR)) {
            long start = System.nanoTime();
            for (int i = 0; i < 7; i++) {
                client.execute(ChatHttpRequest.get(server.url("/v1/ping")));
            }
            // 5 from the full bucket, 2 more at 5/s
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(350);
            assertThat(server.seen()).hasSize(7);
        }
    }

    @Test
    void reserveHandsOutSlotsInOrderWithoutBlocking() {
        RateLimiter limiter = new RateLimiter(5);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.reserve()).as("the full bucket").isZero();
        }
        long sixth = limiter.reserve();
        long seventh = limiter.reserve();
        assertThat(sixth).isPositive().isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(seventh - sixth).as("one slot later at 5/s")
                .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(150));
        assertThat(new RateLimiter(0).reserve()).isZero();
    }
}
