package io.camelchat.symphony.auth;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAsync;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatPermissionException;
import io.camelchat.common.Json;
import io.camelchat.common.http.ChatHttpClient;
import io.camelchat.common.http.ChatHttpRequest;
import io.camelchat.common.token.AccessToken;
import io.camelchat.common.token.TokenKeys;
import io.camelchat.common.token.TokenStore;

/**
 * The bot's session: a session token (pod and agent) and a key-manager token (agent), obtained with the bot's RSA key
 * (a signed JWT) or its certificate (mutual TLS). Tokens are replaced when a call is refused with 401. Authentication
 * failing {@code maxAttempts} times in a row is reported ({@link #isFailing()}) until it works again.
 * <p>
 * With a {@link TokenStore}, the two tokens are kept there as one entry (key: the pod URL and a digest of the
 * username and private key): a session another endpoint or node stored is used instead of logging in, and a session
 * refused with 401 is removed from the store (if it is still the stored one) before logging in again. Symphony's answers do not say
 * how long a session lives (the pod decides, often days): a stored session is used for {@link #STORED_FOR} after
 * its login at most, then the next node that needs one logs in and stores its own.
 */
public final class SymphonyAuth {

    /** The two tokens of a session. {@link #toString()} never shows them. */
    public record Tokens(String session, String keyManager) {
        @Override
        public String toString() {
            return "Tokens[...]";
        }
    }

    /** How long a session in the token store is used by other endpoints and nodes after its login. */
    public static final Duration STORED_FOR = Duration.ofHours(1);

    private final String username;
    private final PrivateKey privateKey;
    private final String podUrl;
    private final String keyManagerUrl;
    private final String sessionAuthUrl;
    private final ChatHttpClient http;
    private final int maxAttempts;
    private final Clock clock = Clock.systemUTC();
    private final TokenStore store;
    private final String storeKey;

    private volatile Tokens tokens;
    private volatile int failuresInARow;
    private volatile String lastError;
    private volatile long authentications;

    /**
     * @param privateKey the bot's RSA key, or null for certificate authentication (the HTTP client then presents the
     *                   bot's certificate)
     */
    public SymphonyAuth(String username, PrivateKey privateKey, String podUrl, String keyManagerUrl,
                        String sessionAuthUrl,
                        ChatHttpClient http, int maxAttempts) {
        this(username, privateKey, podUrl, keyManagerUrl, sessionAuthUrl, http, maxAttempts, null);
    }

    /**
     * @param store where sessions are shared with other endpoints and nodes; null for this object's only
     */
    public SymphonyAuth(String username, PrivateKey privateKey, String podUrl, String keyManagerUrl,
                        String sessionAuthUrl, ChatHttpClient http, int maxAttempts, TokenStore store) {
        this.store = store;
        // the username is a secret option: the key holds a digest of it and of the key, so that an endpoint with
        // another (or a wrong) key never takes a session made with this one
        this.storeKey = store == null ? null
                : TokenKeys.hashed("symphony", podUrl, "session", username,
                        privateKey == null ? "certificate"
                                : Base64.getEncoder().encodeToString(privateKey.getEncoded()));
        this.username = username;
        this.privateKey = privateKey;
        this.podUrl = podUrl;
        this.keyManagerUrl = keyManagerUrl;
        this.sessionAuthUrl = sessionAuthUrl;
        this.http = http;
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    /** The current tokens, authenticating first when there are none. */
    public Tokens tokens() {
        Tokens t = tokens;
        return t != null ? t : authenticate(null);
    }

    /**
     * Runs {@code call} with the tokens; when Symphony refuses them (401), authenticates again and runs it once more.
     * A permission refusal (403, {@link ChatPermissionException}) is thrown as it is: the tokens were accepted, so it
     * neither authenticates again nor counts as a failure.
     */
    public <T> T call(Function<Tokens, T> call) {
        Tokens t = tokens();
        try {
            T result = call.apply(t);
            failuresInARow = 0;
            return result;
        } catch (ChatPermissionException e) {
            failuresInARow = 0; // Symphony knows who is calling: the session works, the call is not allowed
            throw e;
        } catch (ChatAuthException e) {
            try {
                T result = call.apply(authenticate(t));
                failuresInARow = 0;
                return result;
            } catch (ChatPermissionException denied) {
                failuresInARow = 0;
                throw denied;
            } catch (ChatAuthException again) {
                // refused even with fresh tokens: counts like a failed authentication
                failuresInARow++;
                lastError = again.getMessage();
                throw again;
            }
        }
    }

    /**
     * {@link #call} for an asynchronous call: the same rules, and no thread waits for Symphony's answer. Only an
     * authentication (the first, or after a 401) blocks, on the calling thread for the first, on {@link ChatAsync}'s
     * pool after a 401.
     */
    public <T> CompletableFuture<T> callAsync(Function<Tokens, ? extends CompletionStage<T>> call) {
        Tokens t;
        try {
            t = tokens();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(call, t).whenComplete((value, error) -> {
            Throwable cause = error == null ? null : ChatAsync.unwrap(error);
            if (!(cause instanceof ChatAuthException) || cause instanceof ChatPermissionException) {
                settle(result, value, cause, false);
                return;
            }
            CompletableFuture.supplyAsync(() -> authenticate(t), ChatAsync.executor())
                    .thenCompose(fresh -> attempt(call, fresh))
                    .whenComplete((again, againError) -> settle(result, again,
                            againError == null ? null : ChatAsync.unwrap(againError), true));
        });
        return result;
    }

    private static <T> CompletableFuture<T> attempt(Function<Tokens, ? extends CompletionStage<T>> call, Tokens t) {
        try {
            return call.apply(t).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Completes {@code result} and keeps the failure count as {@link #call} does. */
    private <T> void settle(CompletableFuture<T> result, T value, Throwable error, boolean afterRefusal) {
        if (error == null || error instanceof ChatPermissionException) {
            failuresInARow = 0;
        } else if (afterRefusal && error instanceof ChatAuthException) {
            // refused even with fresh tokens: counts like a failed authentication
            failuresInARow++;
            lastError = error.getMessage();
        }
        if (error == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(error);
        }
    }

    /** Authenticates again unless another thread already replaced {@code stale}. */
    public synchronized Tokens authenticate(Tokens stale) {
        if (tokens != null && tokens != stale) {
            return tokens;
        }
        tokens = null;
        try {
            Tokens shared = fromStore(stale);
            if (shared != null) {
                tokens = shared;
                return shared;
            }
            Tokens fresh = privateKey != null ? rsa() : certificate();
            // the count of failures goes back to zero only when a call is accepted: a login that works while every
            // call is still refused keeps counting
            tokens = fresh;
            authentications++;
            if (store != null) {
                store.put(storeKey, new AccessToken(fresh.session() + "\n" + fresh.keyManager(),
                        clock.instant().plus(STORED_FOR)));
            }
            return fresh;
        } catch (RuntimeException e) {
            failuresInARow++;
            lastError = e.getMessage();
            if (e instanceof ChatPermissionException denied) {
                // a login refused with 403 refuses the bot itself: that is an authentication failure
                throw new ChatAuthException(denied.getPlatform(), denied.getOperation(), denied.getHttpStatus(),
                        denied.getPlatformCode(), denied.getPlatformMessage(), denied.getRequestId());
            }
            if (e instanceof ChatApiException) {
                throw e;
            }
            throw new ChatAuthException(SymphonyJwtPlatform.NAME, "authenticate", 0, null, e.getMessage(), null);
        }
    }

    /**
     * The session in the store, unless it is {@code stale} (refused: removed from the store if still there) or older
     * than {@link #STORED_FOR}; null when there is none to use.
     */
    private Tokens fromStore(Tokens stale) {
        if (store == null) {
            return null;
        }
        if (stale != null) {
            store.remove(storeKey, stale.session() + "\n" + stale.keyManager());
        }
        AccessToken stored = store.get(storeKey);
        if (stored == null || !clock.instant().isBefore(stored.expiresAt())) {
            return null;
        }
        int cut = stored.value().indexOf('\n');
        if (cut <= 0 || cut == stored.value().length() - 1) {
            return null;
        }
        Tokens t = new Tokens(stored.value().substring(0, cut), stored.value().substring(cut + 1));
        return t.equals(stale) ? null : t;
    }

    private Tokens rsa() {
        String session = token(ChatHttpRequest.post(podUrl + "/login/pubkey/authenticate")
                .json(Map.of("token", SymphonyJwt.sign(username, privateKey, clock))));
        String keyManager = token(ChatHttpRequest.post(keyManagerUrl + "/relay/pubkey/authenticate")
                .json(Map.of("token", SymphonyJwt.sign(username, privateKey, clock))));
        return new Tokens(session, keyManager);
    }

    private Tokens certificate() {
        String session = token(ChatHttpRequest.post(sessionAuthUrl + "/sessionauth/v1/authenticate").json("{}"));
        String keyManager = token(ChatHttpRequest.post(keyManagerUrl + "/keyauth/v1/authenticate").json("{}"));
        return new Tokens(session, keyManager);
    }

    private String token(ChatHttpRequest request) {
        String token = Json.text(http.execute(request.idempotent(true)).json(), "token");
        if (token == null || token.isBlank()) {
            throw new ChatAuthException(SymphonyJwtPlatform.NAME, request.operation(), 200, null,
                    "answer holds no token", null);
        }
        return token;
    }

    /** Whether authentication failed {@code maxAttempts} times in a row (until it works again). */
    public boolean isFailing() {
        return failuresInARow >= maxAttempts;
    }

    public int getFailuresInARow() {
        return failuresInARow;
    }

    public String getLastError() {
        return lastError;
    }

    public long getAuthentications() {
        return authentications;
    }

    public String getUsername() {
        return username;
    }

    /** The platform name in errors. */
    static final class SymphonyJwtPlatform {
        static final String NAME = "symphony";

        private SymphonyJwtPlatform() {
        }
    }
}
