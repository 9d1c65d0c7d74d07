package io.camelchat.common.token;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAsync;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.testutil.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link AccessTokenCache#callAsync}: the rules of {@code call} for calls that answer later. */
class AccessTokenCacheAsyncTest {

    private static final Duration LIFETIME = Duration.ofHours(1);
    private static final Duration AHEAD = Duration.ofMinutes(5);

    private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicBoolean platformDown = new AtomicBoolean();

    private AccessToken nextToken() throws IOException {
        if (platformDown.get()) {
            throw new IOException("token endpoint unreachable");
        }
        return new AccessToken("t" + fetches.incrementAndGet(), clock.instant().plus(LIFETIME));
    }

    private AccessTokenCache cache() {
        return new AccessTokenCache("test app", this::nextToken, AHEAD, clock);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
            return null;
        } catch (Exception e) {
            return ChatAsync.unwrap(e);
        }
    }

    /** A call answered later on another thread, refused with an auth error for the tokens in {@code refused}. */
    private static CompletableFuture<String> later(String token, List<String> refused, List<String> seen) {
        seen.add(token);
        return CompletableFuture.supplyAsync(() -> {
            if (refused.contains(token)) {
                throw new ChatAuthException("test", "POST /send", 401, "expired", "token expired", null);
            }
            return "sent with " + token;
        });
    }

    @Test
    void refreshesOnceOnAuthErrorAndFailsWithTheSecond() throws Exception {
        AccessTokenCache cache = cache();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());

        assertThat(cache.callAsync(t -> later(t, List.of("t1"), seen)).get(10, TimeUnit.SECONDS))
                .isEqualTo("sent with t2");
        assertThat(seen).containsExactly("t1", "t2");

        List<String> seen2 = Collections.synchronizedList(new ArrayList<>());
        Throwable second = failureOf(cache.callAsync(t -> later(t, List.of("t2", "t3"), seen2)));
        assertThat(second).isInstanceOf(ChatAuthException.class).hasMessageContaining("expired");
        assertThat(seen2).containsExactly("t2", "t3");
        assertThat(cache.getFetchCount()).isEqualTo(3);
    }

    @Test
    void otherErrorsFailAsTheyAreAndKeepTheToken() {
        AccessTokenCache cache = cache();
        AtomicInteger attempts = new AtomicInteger();
        Throwable t = failureOf(cache.callAsync(token -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new ChatApiException("test", "POST /send", 500, null, "boom", null));
        }));
        assertThat(t).isInstanceOf(ChatApiException.class).hasMessageContaining("boom");
        // thrown instead of returned: the same
        assertThat(failureOf(cache.callAsync(token -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("bad input");
        }))).isInstanceOf(IllegalArgumentException.class);
        assertThat(attempts).hasValue(2);
        assertThat(cache.getFetchCount()).isEqualTo(1);
    }

    @Test
    void concurrentCallersShareOneFetchWithoutWaitingThreads() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        AccessTokenCache cache = new AccessTokenCache("test app", () -> {
            calls.incrementAndGet();
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            return new AccessToken("shared", clock.instant().plus(LIFETIME));
        }, AHEAD, clock);

        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // all from this thread: none of them may block it while the one fetch is under way
            results.add(cache.callAsync(CompletableFuture::completedFuture));
        }
        assertThat(results).noneMatch(CompletableFuture::isDone);
        release.countDown();
        for (CompletableFuture<String> r : results) {
            assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo("shared");
        }
        assertThat(calls).hasValue(1);
        assertThat(cache.getFetchCount()).isEqualTo(1);
    }

    @Test
    void failedRefreshUsesTheStillValidTokenOrFails() throws Exception {
        AccessTokenCache cache = cache();
        assertThat(cache.getAsync().get(10, TimeUnit.SECONDS)).isEqualTo("t1");
        clock.advance(LIFETIME.minus(AHEAD).plusSeconds(1));
        platformDown.set(true);
        assertThat(cache.getAsync().get(10, TimeUnit.SECONDS)).isEqualTo("t1");

        clock.advance(AHEAD); // t1 expired
        Throwable t = failureOf(cache.callAsync(CompletableFuture::completedFuture));
        assertThat(t).isInstanceOf(ChatApiException.class).hasMessageContaining("token endpoint unreachable");

        platformDown.set(false);
        assertThat(cache.callAsync(CompletableFuture::completedFuture).get(10, TimeUnit.SECONDS)).isEqualTo("t2");
    }
}
