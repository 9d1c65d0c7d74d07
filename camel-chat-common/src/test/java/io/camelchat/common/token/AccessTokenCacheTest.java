package io.camelchat.common.token;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAsync;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.testutil.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link AccessTokenCache}: the scenarios that {@code get}/{@code call} and {@code getAsync}/{@code callAsync} share run
 * both ways ({@link Mode}); the others are of one way only.
 */
class AccessTokenCacheTest {

    /** How a test reaches the cache: blocking, or asynchronously with calls that answer later on another thread. */
    enum Mode {
        SYNC {
            @Override
            String get(AccessTokenCache cache) {
                return cache.get();
            }

            @Override
            <T> T call(AccessTokenCache cache, Function<String, T> attempt) {
                return cache.call(attempt);
            }

            @Override
            <T> T callThrowing(AccessTokenCache cache, Function<String, T> attempt) {
                return cache.call(attempt);
            }
        },
        ASYNC {
            @Override
            String get(AccessTokenCache cache) throws Exception {
                return join(cache.getAsync());
            }

            @Override
            <T> T call(AccessTokenCache cache, Function<String, T> attempt) throws Exception {
                return join(cache.callAsync(token -> CompletableFuture.supplyAsync(() -> attempt.apply(token))));
            }

            @Override
            <T> T callThrowing(AccessTokenCache cache, Function<String, T> attempt) throws Exception {
                return join(cache.callAsync(token -> CompletableFuture.completedFuture(attempt.apply(token))));
            }
        };

        /** A valid token. */
        abstract String get(AccessTokenCache cache) throws Exception;

        /** {@code attempt} with a token; asynchronously, its answer (or failure) comes later on another thread. */
        abstract <T> T call(AccessTokenCache cache, Function<String, T> attempt) throws Exception;

        /** {@code attempt} with a token; asynchronously, a failure is thrown by the call instead of returned. */
        abstract <T> T callThrowing(AccessTokenCache cache, Function<String, T> attempt) throws Exception;

        private static <T> T join(CompletableFuture<T> future) throws Exception {
            try {
                return future.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                Throwable cause = ChatAsync.unwrap(e);
                throw cause instanceof Exception ex ? ex : e;
            }
        }
    }

    private static final Duration LIFETIME = Duration.ofHours(1);
    private static final Duration AHEAD = Duration.ofMinutes(5);

    private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicBoolean platformDown = new AtomicBoolean();

    /** Hands out t1, t2, ... each valid for an hour from the clock's now; fails while {@link #platformDown}. */
    private AccessToken nextToken() throws IOException {
        if (platformDown.get()) {
            throw new IOException("token endpoint unreachable");
        }
        return new AccessToken("t" + fetches.incrementAndGet(), clock.instant().plus(LIFETIME));
    }

    private AccessTokenCache cache() {
        return new AccessTokenCache("test app", this::nextToken, AHEAD, clock);
    }

    @Test
    void nodesSharingAStoreFetchOneTokenAndShareItsReplacement() {
        TokenStore store = new InMemoryTokenStore();
        AccessTokenCache node1 = new AccessTokenCache("node1", this::nextToken, AHEAD, clock, store, "test:app");
        AccessTokenCache node2 = new AccessTokenCache("node2", this::nextToken, AHEAD, clock, store, "test:app");
        assertThat(node1.get()).isEqualTo("t1");
        assertThat(node2.get()).as("taken from the store").isEqualTo("t1");
        assertThat(fetches).hasValue(1);

        // node2 learns that t1 was revoked: it fetches t2, and node1 picks t2 up once it drops t1 itself
        String seen = node2.call(token -> {
            if (token.equals("t1")) {
                throw new ChatAuthException("test", "call", 401, "expired", "expired", null);
            }
            return token;
        });
        assertThat(seen).isEqualTo("t2");
        node1.invalidate("t1");
        assertThat(node1.get()).isEqualTo("t2");
        assertThat(fetches).hasValue(2);

        // a stored token about to expire is not used: a fresh one is fetched and stored
        clock.advance(LIFETIME.minus(AHEAD).plusSeconds(1));
        assertThat(node1.get()).isEqualTo("t3");
        assertThat(node2.get()).isEqualTo("t3");
        assertThat(store.get("test:app").value()).isEqualTo("t3");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void cachesAndRefreshesAheadOfExpiry(Mode mode) throws Exception {
        AccessTokenCache cache = cache();
        assertThat(mode.get(cache)).isEqualTo("t1");
        assertThat(mode.get(cache)).isEqualTo("t1");

        clock.advance(LIFETIME.minus(AHEAD).minusSeconds(1));
        assertThat(mode.get(cache)).as("still outside the refresh window").isEqualTo("t1");

        clock.advance(Duration.ofSeconds(2));
        assertThat(mode.get(cache)).as("within refreshAhead of the expiry").isEqualTo("t2");
        assertThat(mode.get(cache)).isEqualTo("t2");
        assertThat(cache.getFetchCount()).isEqualTo(2);
        assertThat(fetches).hasValue(2);
    }

    @Test
    void concurrentCallersShareOneFetch() throws Exception {
        CountDownLatch fetchStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        AccessTokenCache cache = new AccessTokenCache("test app", () -> {
            calls.incrementAndGet();
            fetchStarted.countDown();
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            return new AccessToken("shared", clock.instant().plus(LIFETIME));
        }, AHEAD, clock);

        ConcurrentLinkedQueue<Object> results = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Thread t = new Thread(() -> {
                try {
                    results.add(cache.get());
                } catch (Throwable e) {
                    results.add(e);
                }
            }, "token-caller-" + i);
            threads.add(t);
            t.start();
        }
        assertThat(fetchStarted.await(10, TimeUnit.SECONDS)).isTrue();
        // every caller is either parked waiting for the one fetch, or done
        await().atMost(Duration.ofSeconds(10)).until(() -> threads.stream()
                .allMatch(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING
                        || t.getState() == Thread.State.BLOCKED || t.getState() == Thread.State.TERMINATED));
        release.countDown();
        for (Thread t : threads) {
            t.join(10_000);
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(results).hasSize(16).allMatch("shared"::equals);
        assertThat(calls).hasValue(1);
        assertThat(cache.getFetchCount()).isEqualTo(1);
    }

    @Test
    void concurrentAsyncCallersShareOneFetchWithoutWaitingThreads() throws Exception {
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
    void aCallerThatWaitsAnywayFetchesOnItsOwnThreadAndOthersOnThePool() throws Exception {
        List<String> fetchedOn = Collections.synchronizedList(new ArrayList<>());
        AccessTokenCache cache = new AccessTokenCache("test app", () -> {
            fetchedOn.add(Thread.currentThread().getName());
            return new AccessToken("t" + fetchedOn.size(), clock.instant().plus(LIFETIME));
        }, AHEAD, clock);

        // a synchronous producer, or a blocking loader: the fetch never waits for the shared pool
        CompletableFuture<String> waited = ChatAsync.whileCallerWaits(cache::getAsync);
        assertThat(waited).isCompletedWithValue("t1");
        assertThat(fetchedOn).containsExactly(Thread.currentThread().getName());

        cache.invalidate("t1");
        assertThat(cache.getAsync().get(10, TimeUnit.SECONDS)).isEqualTo("t2");
        assertThat(fetchedOn.get(1)).startsWith("camel-chat-async-");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void callRefreshesOnceOnAuthErrorAndFailsWithTheSecond(Mode mode) throws Exception {
        AccessTokenCache cache = cache();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        String result = mode.call(cache, token -> {
            seen.add(token);
            if (token.equals("t1")) {
                throw new ChatAuthException("test", "POST /send", 401, "expired", "token expired", null);
            }
            return "sent with " + token;
        });
        assertThat(result).isEqualTo("sent with t2");
        assertThat(seen).containsExactly("t1", "t2");

        List<String> seen2 = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> mode.call(cache, token -> {
            seen2.add(token);
            throw new ChatAuthException("test", "POST /send", 401, "revoked", "app revoked", null);
        })).isInstanceOf(ChatAuthException.class).hasMessageContaining("revoked");
        assertThat(seen2).containsExactly("t2", "t3");
        assertThat(cache.getFetchCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void otherErrorsFailAsTheyAreAndKeepTheToken(Mode mode) {
        AccessTokenCache cache = cache();
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> mode.call(cache, token -> {
            attempts.incrementAndGet();
            throw new ChatApiException("test", "POST /send", 500, null, "boom", null);
        })).isInstanceOf(ChatApiException.class).hasMessageContaining("boom");
        assertThat(attempts).hasValue(1);
        // thrown by the call instead of answered later: the same
        assertThatThrownBy(() -> mode.callThrowing(cache, token -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("bad input");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(attempts).hasValue(2);
        assertThat(cache.getFetchCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void failedRefreshKeepsUsingTheStillValidToken(Mode mode) throws Exception {
        AccessTokenCache cache = cache();
        assertThat(mode.get(cache)).isEqualTo("t1");
        clock.advance(LIFETIME.minus(AHEAD).plusSeconds(1));
        platformDown.set(true);
        assertThat(mode.get(cache)).isEqualTo("t1");
        assertThat(mode.get(cache)).isEqualTo("t1");

        platformDown.set(false);
        assertThat(mode.get(cache)).as("the refresh is tried again on the next call").isEqualTo("t2");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void failedRefreshWithoutValidTokenFails(Mode mode) throws Exception {
        AccessTokenCache cache = cache();
        platformDown.set(true);
        assertThatThrownBy(() -> mode.get(cache)).isInstanceOf(ChatApiException.class)
                .hasMessageContaining("token endpoint unreachable")
                .satisfies(e -> assertThat(((ChatApiException) e).getHttpStatus()).isZero());

        platformDown.set(false);
        assertThat(mode.get(cache)).isEqualTo("t1");
        clock.advance(LIFETIME.plusSeconds(1)); // t1 expired
        platformDown.set(true);
        assertThatThrownBy(() -> mode.get(cache)).isInstanceOf(ChatApiException.class);
        assertThatThrownBy(() -> mode.call(cache, token -> token)).isInstanceOf(ChatApiException.class)
                .hasMessageContaining("token endpoint unreachable");

        platformDown.set(false);
        String token = mode.call(cache, t -> t);
        assertThat(token).isEqualTo("t2");
    }

    @Test
    void runtimeFailuresOfTheFetcherPassThrough() {
        IllegalStateException boom = new IllegalStateException("bad credentials configured");
        AccessTokenCache cache = new AccessTokenCache("test app", () -> {
            throw boom;
        }, AHEAD, clock);
        assertThatThrownBy(cache::get).isSameAs(boom);
    }

    @Test
    void invalidateDropsOnlyTheNamedToken() {
        AccessTokenCache cache = cache();
        assertThat(cache.get()).isEqualTo("t1");
        cache.invalidate("someone-elses");
        assertThat(cache.get()).isEqualTo("t1");
        cache.invalidate("t1");
        assertThat(cache.get()).isEqualTo("t2");
        cache.invalidateAll();
        assertThat(cache.get()).isEqualTo("t3");
    }

    @Test
    void tokenToStringHidesTheValue() {
        AccessToken token = new AccessToken("s3cr3t", clock.instant());
        assertThat(token.toString()).doesNotContain("s3cr3t").contains("expiresAt");
    }
}
