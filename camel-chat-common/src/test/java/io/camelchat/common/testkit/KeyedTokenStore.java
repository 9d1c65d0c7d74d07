package io.camelchat.common.testkit;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.camelchat.common.token.AccessToken;
import io.camelchat.common.token.TokenStore;

/** A token store in memory that shows the keys it holds, for tests of the {@code tokenStore} option. */
public final class KeyedTokenStore implements TokenStore {

    private final Map<String, AccessToken> tokens = new ConcurrentHashMap<>();

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

    /** The keys of the tokens stored. */
    public Set<String> keys() {
        return Set.copyOf(tokens.keySet());
    }
}
