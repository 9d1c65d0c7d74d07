package io.camelchat.common.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAsync;
import io.camelchat.common.ChatAuthException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caches a platform access token and refreshes it before it expires.
 * <ul>
 * <li>A token is refreshed once it is within {@code refreshAhead} of its expiry. If that refresh fails while the old
 * token is still valid, the old token is used and the refresh is tried again on the next call.</li>
 * <li>Concurrent callers that need a refresh share one fetch: the platform sees one token request, not one per
 * thread.</li>
 * <li>{@link #call(Function)} runs a call with the token and, when the platform answers with an auth error, drops
 * the token, fetches a new one and tries once more.</li>
 * <li>{@link #callAsync(Function)} does the same for asynchronous calls: no thread waits for a token being fetched
 * by another caller.</li>
 * <li>With a {@link TokenStore}, a token another node stored is used before fetching one, and fetched tokens are
 * stored for the others.</li>
 * </ul>
 */
public final class AccessTokenCache {

    /** Fetches a new token from the platform. */
    @FunctionalInterface
    public interface Fetcher {
        AccessToken fetch() throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(AccessTokenCache.class);

    private final String name;
    private final Fetcher fetcher;
    private final Duration refreshAhead;
    private final Clock clock;
    private final TokenStore store;
    private final String storeKey;

    private final Object lock = new Object();
    private volatile AccessToken current;
    private CompletableFuture<AccessToken> inFlight;
    private volatile long fetchCount;

    /**
     * @param name         a label for logs (platform and app), never a secret
     * @param fetcher      obtains a new token
     * @param refreshAhead how long before expiry a token is replaced
     */
    public AccessTokenCache(String name, Fetcher fetcher, Duration refreshAhead) {
        this(name, fetcher, refreshAhead, Clock.systemUTC());
    }

    public AccessTokenCache(String name, Fetcher fetcher, Duration refreshAhead, Clock clock) {
        this(name, fetcher, refreshAhead, clock, null, null);
    }

    /**
     * @param store    tokens shared with other nodes; null for none
     * @param storeKey the key of this app's token in the store (platform, base URL and app id; not a secret)
     */
    public AccessTokenCache(String name, Fetcher fetcher, Duration refreshAhead, Clock clock, TokenStore store,
                            String storeKey) {
        this.name = Objects.requireNonNull(name, "name");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.refreshAhead = Objects.requireNonNull(refreshAhead, "refreshAhead");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = store;
        this.storeKey = store == null ? null : Objects.requireNonNull(storeKey, "storeKey");
    }

    /** A valid token, fetching one when none is cached or the cached one is about to expire. */
    public String get() {
        AccessToken token = current;
        Instant now = clock.instant();
        if (token != null && now.isBefore(token.expiresAt().minus(refreshAhead))) {
            return token.value();
        }
        try {
            return refresh(token).value();
        } catch (RuntimeException e) {
            if (token != null && now.isBefore(token.expiresAt())) {
                LOG.warn("{}: refreshing the access token failed, using the current one until it expires at {}: {}",
                        name, token.expiresAt(), e.getMessage());
                return token.value();
            }
            throw e;
        }
    }

    /** Drops {@code token} if it is still the cached one (another thread may have replaced it already). */
    public void invalidate(String token) {
        synchronized (lock) {
            if (current != null && current.value().equals(token)) {
                current = null;
            }
        }
        if (store != null) {
            store.remove(storeKey, token);
        }
    }

    /** Drops the cached token whatever it is. */
    public void invalidateAll() {
        synchronized (lock) {
            current = null;
        }
    }

    /**
     * Runs {@code call} with a valid token. On {@link ChatAuthException} the token is dropped and the call is made
     * once more with a fresh one; a second auth error is thrown. Any other error, a
     * {@link io.camelchat.common.ChatPermissionException} included, is thrown as it is and the token kept.
     */
    public <T> T call(Function<String, T> call) {
        String token = get();
        try {
            return call.apply(token);
        } catch (ChatAuthException e) {
            LOG.debug("{}: the platform refused the access token ({}); fetching a new one and trying once more", name,
                    e.getPlatformCode());
            invalidate(token);
            return call.apply(get());
        }
    }

    /**
     * {@link #get()} without blocking: completes at once with a cached token, else when the refresh that every caller
     * shares completes (the fetch runs on {@link ChatAsync}'s pool, not on the caller's thread, unless the caller
     * waits anyway: {@link ChatAsync#callerWaits}). A failed refresh
     * falls back to the current token while it is valid, as {@code get} does.
     */
    public CompletableFuture<String> getAsync() {
        AccessToken token = current;
        if (token != null && clock.instant().isBefore(token.expiresAt().minus(refreshAhead))) {
            return CompletableFuture.completedFuture(token.value());
        }
        // a caller that waits anyway (ChatAsync.whileCallerWaits) fetches on its own thread, no pool involved
        return refreshFuture(token, !ChatAsync.callerWaits()).handle((fresh, error) -> {
            if (error == null) {
                return fresh.value();
            }
            RuntimeException e = asRuntime(ChatAsync.unwrap(error));
            if (token != null && clock.instant().isBefore(token.expiresAt())) {
                LOG.warn("{}: refreshing the access token failed, using the current one until it expires at {}: {}",
                        name, token.expiresAt(), e.getMessage());
                return token.value();
            }
            throw e;
        });
    }

    /**
     * {@link #call(Function)} for an asynchronous call: runs {@code call} with a valid token; when its stage fails
     * with {@link ChatAuthException} the token is dropped and the call made once more with a fresh one (a second
     * auth error fails the result). Other errors fail the result as they are, and the token is kept. The result
     * fails with the call's own exception, not a {@link java.util.concurrent.CompletionException}.
     */
    public <T> CompletableFuture<T> callAsync(Function<String, ? extends CompletionStage<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        getAsync().whenComplete((token, tokenError) -> {
            if (tokenError != null) {
                result.completeExceptionally(ChatAsync.unwrap(tokenError));
                return;
            }
            attempt(call, token).whenComplete((value, error) -> {
                Throwable cause = error == null ? null : ChatAsync.unwrap(error);
                if (!(cause instanceof ChatAuthException e)) {
                    complete(result, value, cause);
                    return;
                }
                LOG.debug("{}: the platform refused the access token ({}); fetching a new one and trying once more",
                        name, e.getPlatformCode());
                invalidate(token);
                getAsync().thenCompose(fresh -> attempt(call, fresh))
                        .whenComplete((again, againError) -> complete(result, again,
                                againError == null ? null : ChatAsync.unwrap(againError)));
            });
        });
        return result;
    }

    private static <T> void complete(CompletableFuture<T> result, T value, Throwable error) {
        if (error == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(error);
        }
    }

    private static <T> CompletableFuture<T> attempt(Function<String, ? extends CompletionStage<T>> call,
                                                    String token) {
        try {
            return call.apply(token).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private RuntimeException asRuntime(Throwable cause) {
        return cause instanceof RuntimeException re ? re
                : new ChatApiException(name, "access token", 0, null, String.valueOf(cause.getMessage()), null, cause);
    }

    /** A token another node stored that is not about to expire, or null. */
    private AccessToken fromStore() {
        if (store == null) {
            return null;
        }
        AccessToken shared = store.get(storeKey);
        return shared != null && clock.instant().isBefore(shared.expiresAt().minus(refreshAhead)) ? shared : null;
    }

    /** When the cached token expires, or null when none is cached (never the token itself). */
    public Instant getExpiresAt() {
        AccessToken token = current;
        return token == null ? null : token.expiresAt();
    }

    /** How many tokens were fetched so far (for tests and metrics). */
    public long getFetchCount() {
        return fetchCount;
    }

    private AccessToken refresh(AccessToken seen) {
        CompletableFuture<AccessToken> future = refreshFuture(seen, false);
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatApiException(name, "access token", 0, null, "interrupted while waiting for a token", null, e);
        } catch (ExecutionException e) {
            throw asRuntime(e.getCause());
        }
    }

    /**
     * The refresh every caller shares: a token another thread refreshed since {@code seen}, the fetch in flight, or a
     * new fetch that this caller owns (run here, or on {@link ChatAsync}'s pool when {@code elsewhere}).
     */
    private CompletableFuture<AccessToken> refreshFuture(AccessToken seen, boolean elsewhere) {
        CompletableFuture<AccessToken> future;
        boolean owner = false;
        synchronized (lock) {
            if (current != seen && current != null
                    && clock.instant().isBefore(current.expiresAt().minus(refreshAhead))) {
                return CompletableFuture.completedFuture(current); // another thread refreshed meanwhile
            }
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                owner = true;
            }
            future = inFlight;
        }
        if (owner) {
            if (elsewhere) {
                ChatAsync.execute(() -> fetchInto(future));
            } else {
                fetchInto(future);
            }
        }
        return future;
    }

    private void fetchInto(CompletableFuture<AccessToken> future) {
        try {
            AccessToken fresh = fromStore();
            if (fresh == null) {
                fresh = fetcher.fetch();
                fetchCount++;
                if (store != null) {
                    store.put(storeKey, fresh);
                }
            }
            LOG.debug("{}: new access token, valid until {}", name, fresh.expiresAt());
            synchronized (lock) {
                current = fresh;
                inFlight = null;
            }
            future.complete(fresh);
        } catch (Throwable e) {
            synchronized (lock) {
                inFlight = null;
            }
            future.completeExceptionally(e);
        }
    }
}
