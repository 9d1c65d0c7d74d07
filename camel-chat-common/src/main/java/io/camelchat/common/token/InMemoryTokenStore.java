package io.camelchat.common.token;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link TokenStore} in this JVM's memory: shares tokens between the endpoints of one node. */
public final class InMemoryTokenStore implements TokenStore {

    private final ConcurrentMap<String, AccessToken> tokens = new ConcurrentHashMap<>();

    @Override
    public AccessToken get(String key) {
        return tokens.get(key);
    }

    @Override
    public void put(String key, AccessToken token) {
        tokens.put(key, token);
    }

    @Override
    public void remove(String key, String tokenValue) {
        tokens.computeIfPresent(key, (k, t) -> t.value().equals(tokenValue) ? null : t);
    }

    /** The keys of the tokens held (digests and base URLs, no credentials: see {@link TokenKeys}). */
    public Set<String> keys() {
        return Set.copyOf(tokens.keySet());
    }
}
