package io.camelchat.common.token;

/**
 * Where access tokens are kept besides each node's memory, so that several nodes of one app share a token instead
 * of each fetching its own (some platforms invalidate older tokens or count token requests against a quota).
 * Implementations must be thread-safe; a shared cache (Redis, a database, Infinispan, ...) is the usual backing.
 */
public interface TokenStore {

    /** The token stored under {@code key}, or null. */
    AccessToken get(String key);

    /** Stores {@code token} under {@code key}, replacing what was there. */
    void put(String key, AccessToken token);

    /** Removes the token under {@code key} if it is still {@code tokenValue} (another node may have replaced it). */
    void remove(String key, String tokenValue);
}
