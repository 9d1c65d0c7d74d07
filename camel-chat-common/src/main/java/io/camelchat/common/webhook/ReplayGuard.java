package io.camelchat.common.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Remembers the signatures (or nonces) of recently accepted webhook requests, so that a captured request sent again
 * within the freshness window is refused. Bounded: the oldest entries go first.
 * <p>
 * With a Camel {@link IdempotentRepository} (the webhook consumers' {@code replayRepository} option), the keys are
 * kept there instead of in this node's memory: nodes that share the repository (e.g. camel-sql's
 * {@code JdbcMessageIdRepository} on one database) refuse a request that another node accepted. The repository is
 * started on first use; its entries are never needed after twice the timestamp tolerance (older requests are refused
 * as stale), so a repository that keeps them longer may be pruned by age. Keys longer than 64 characters are stored as
 * their SHA-256 ({@code sha256:} and 64 hex digits), so they fit camel-sql's 100-character column.
 */
public final class ReplayGuard {

    private final Duration window;
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
    private final IdempotentRepository repository;

    public ReplayGuard(Duration window, int maxEntries) {
        this(window, maxEntries, Clock.systemUTC());
    }

    public ReplayGuard(Duration window, int maxEntries, Clock clock) {
        this(window, maxEntries, clock, null);
    }

    /**
     * @param repository where the keys are kept (shared between nodes), or null for this node's memory (bounded by
     *                   {@code window} and {@code maxEntries})
     */
    public ReplayGuard(Duration window, int maxEntries, Clock clock, IdempotentRepository repository) {
        this.window = window;
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.repository = repository;
    }

    /** Records {@code key}; false when it was already seen within the window (a replay). */
    public boolean firstSeen(String key) {
        if (repository != null) {
            ServiceHelper.startService(repository);
            return repository.add(stored(key));
        }
        return firstSeenInMemory(key);
    }

    private synchronized boolean firstSeenInMemory(String key) {
        long now = clock.millis();
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (now - e.getValue() > window.toMillis() || seen.size() > maxEntries) {
                it.remove();
            } else {
                break;
            }
        }
        if (seen.containsKey(key)) {
            return false;
        }
        seen.put(key, now);
        return true;
    }

    /** Forgets {@code key}: the request it stands for failed, and the platform may send it again as is. */
    public void forget(String key) {
        if (repository != null) {
            repository.remove(stored(key));
            return;
        }
        synchronized (this) {
            seen.remove(key);
        }
    }

    /** True when the keys are kept in a shared repository. */
    public boolean isShared() {
        return repository != null;
    }

    static String stored(String key) {
        if (key.length() <= 64) {
            return key;
        }
        try {
            return "sha256:" + HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
