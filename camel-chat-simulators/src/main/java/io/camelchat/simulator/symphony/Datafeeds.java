package io.camelchat.simulator.symphony;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;
import io.camelchat.simulator.common.SimScheduler;

import static io.camelchat.simulator.symphony.SymphonyErrors.error;
import static io.camelchat.simulator.symphony.SymphonyErrors.noContent;
import static io.camelchat.simulator.symphony.SymphonyErrors.now;

/**
 * The agent's datafeeds, v2 ({@code /agent/v5/datafeeds}: ack ids, redelivery of unacknowledged events after
 * {@code redeliveryDelay} with the same ids, long poll) and v1 ({@code /agent/v4/datafeed}: events removed on
 * delivery, 204 after the long poll). Every event the bot may see fans out to every live feed; with none, it is kept
 * for the next feed created. Several readers of one feed (instances of one bot) share it: reads are served in the
 * order they came, each batch goes to one read, and events of a batch not acknowledged within {@code redeliveryDelay}
 * go to whichever read comes next (the BDK's "one instance only receives an event; if it fails to process it, the
 * event is re-queued and dispatched to another instance"). Pull-based with ack ids, so it keeps its own redelivery
 * rather than the push engine of the socket platforms. Thread-safe (its own lock, taken after the {@link SymWorld}'s).
 */
final class Datafeeds {

    private final Object lock = new Object();
    private final SymphonySettings settings;
    private final Faults faults;
    private final ProtocolLog protocolLog;
    private final SimScheduler scheduler;
    private final Map<String, Feed> feeds = new LinkedHashMap<>();
    private final List<SymEvent> events = new ArrayList<>();
    private final List<SymEvent> backlog = new ArrayList<>();
    private final Map<String, Integer> deliveries = new HashMap<>();
    private final Set<String> acknowledged = new LinkedHashSet<>();
    private long delivered;

    Datafeeds(SymphonySettings settings, Faults faults, ProtocolLog protocolLog, SimScheduler scheduler) {
        this.settings = settings;
        this.faults = faults;
        this.protocolLog = protocolLog;
        this.scheduler = scheduler;
    }

    // ---------------------------------------------------------------- HTTP handlers

    /** {@code POST /agent/v5/datafeeds}. */
    SimResponse create(SimRequest r) {
        synchronized (lock) {
            return createV2(r);
        }
    }

    /** {@code GET /agent/v5/datafeeds[?tag=]}. */
    SimResponse list(SimRequest r) {
        synchronized (lock) {
            return listV2(r);
        }
    }

    /** {@code DELETE /agent/v5/datafeeds/{id}}. */
    SimResponse delete(String id) {
        synchronized (lock) {
            Feed f = feeds.get(id);
            if (f == null || !isLive(f) || !"v2".equals(f.version)) {
                return stale(id);
            }
            kill(f);
            return noContent();
        }
    }

    /** {@code POST /agent/v5/datafeeds/{id}/read} ({@code {"ackId":...}}); answered later (long poll). */
    CompletionStage<SimResponse> read(String id, SimRequest r) {
        synchronized (lock) {
            return readV2(id, r);
        }
    }

    /** {@code POST /agent/v4/datafeed/create}. */
    SimResponse createV1() {
        synchronized (lock) {
            Feed f = newFeed(UUID.randomUUID().toString(), "v1", null);
            return SimResponse.json(200, Json.write(Map.of("id", f.id)))
                    .withHeader("X-Warning", "This method is deprecated");
        }
    }

    /** {@code GET /agent/v4/datafeed/{id}/read[?limit=]}; answered later (long poll). */
    CompletionStage<SimResponse> readV1(String id, SimRequest r) {
        synchronized (lock) {
            return readV1Locked(id, r);
        }
    }

    // ---------------------------------------------------------------- inspection and faults

    List<DatafeedInfo> infos() {
        synchronized (lock) {
            List<DatafeedInfo> l = new ArrayList<>();
            for (Feed f : feeds.values()) {
                l.add(new DatafeedInfo(f.id, f.version, f.tag, f.createdAt, f.reads, f.entries.size(), isLive(f)));
            }
            return l;
        }
    }

    List<SymEvent> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    boolean acknowledged(String eventId) {
        synchronized (lock) {
            return acknowledged.contains(eventId);
        }
    }

    int deliveries(String eventId) {
        synchronized (lock) {
            return deliveries.getOrDefault(eventId, 0);
        }
    }

    /** Forgets every feed: reads (also pending long polls) answer 400 as for a stale feed. */
    void loseFeeds() {
        synchronized (lock) {
            loseLiveFeeds();
        }
    }

    private void loseLiveFeeds() {
        for (Feed f : feeds.values()) {
            if (f.active) {
                kill(f);
            }
        }
    }

    /** Clears the recorded events, backlog, delivery counts and acknowledgements. */
    void clearRecords() {
        synchronized (lock) {
            events.clear();
            backlog.clear();
            deliveries.clear();
            acknowledged.clear();
        }
    }

    private void recheckLater(Feed f, long millis) {
        scheduler.schedule(Duration.ofMillis(millis), () -> {
            synchronized (lock) {
                f.recheckScheduled = false;
                if (f.active) {
                    serve(f);
                }
            }
        });
    }

    // ---------------------------------------------------------------- internals (lock held)

    private Feed newFeed(String id, String version, String tag) {
        Feed f = new Feed(id, version, tag);
        feeds.put(id, f);
        if (!backlog.isEmpty()) {
            for (SymEvent e : backlog) {
                f.entries.add(new Entry(e));
            }
            backlog.clear();
        }
        return f;
    }

    private SimResponse createV2(SimRequest r) {
        String tag = null;
        boolean hasBody = r.body().length > 0 && !r.bodyText().isBlank();
        if (hasBody) {
            Map<String, Object> body = Json.tryParseObject(r.bodyText());
            if (body == null) {
                protocolLog
                        .add("datafeed create body is not a JSON object: " + SymphonyErrors.abbreviate(r.bodyText()));
                return error(400, "Invalid body");
            }
            Object t = body.get("tag");
            if (t != null && !(t instanceof String)) {
                return error(400, "tag must be a string");
            }
            tag = (String) t;
            if (tag != null && tag.length() > 100) {
                return error(400, "tag is longer than 100 characters");
            }
        }
        long active = feeds.values().stream().filter(f -> "v2".equals(f.version) && isLive(f)).count();
        if (settings.tagAsFeedId() && tag != null && !tag.isEmpty()) {
            Feed existing = feeds.get(tag);
            if (existing != null && isLive(existing)) {
                return SimResponse.json(201, Json.write(feedJson(existing)));
            }
        }
        if (active >= settings.maxFeeds()) {
            return error(403, "Too many feeds created. The maximum is " + settings.maxFeeds() + " active feeds");
        }
        String id = settings.tagAsFeedId() && tag != null && !tag.isEmpty() ? tag : SymphonyErrors.hex(16) + "_f";
        Feed f = newFeed(id, "v2", tag);
        return SimResponse.json(201, Json.write(feedJson(f)));
    }

    private SimResponse listV2(SimRequest r) {
        String tag = r.query("tag");
        List<Map<String, Object>> l = new ArrayList<>();
        for (Feed f : feeds.values()) {
            if ("v2".equals(f.version) && isLive(f) && (tag == null || tag.equals(f.tag))) {
                l.add(feedJson(f));
            }
        }
        return SimResponse.json(200, Json.write(l));
    }

    private static Map<String, Object> feedJson(Feed f) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", f.id);
        o.put("createdAt", f.createdAt);
        o.put("type", "fanout");
        return o;
    }

    private static SimResponse stale(String id) {
        return error(400, "Could not find a datafeed with the id: " + id);
    }

    private boolean isLive(Feed f) {
        if (f.active && System.currentTimeMillis() - f.lastActivity > settings.feedTtl().toMillis()
                && f.waiters.isEmpty()) {
            kill(f);
        }
        return f.active;
    }

    private void kill(Feed f) {
        f.active = false;
        for (Waiter w : f.waiters) {
            w.cancel();
            w.future.complete(stale(f.id));
        }
        f.waiters.clear();
    }

    private CompletionStage<SimResponse> readV2(String id, SimRequest r) {
        Feed f = feeds.get(id);
        if (f == null || !"v2".equals(f.version) || !isLive(f)) {
            return now(stale(id));
        }
        String ackId = "";
        if (r.body().length > 0 && !r.bodyText().isBlank()) {
            Map<String, Object> body = Json.tryParseObject(r.bodyText());
            if (body == null || (body.get("ackId") != null && !(body.get("ackId") instanceof String))) {
                protocolLog.add(
                        "datafeed read body is not {\"ackId\":\"...\"}: " + SymphonyErrors.abbreviate(r.bodyText()));
                return now(error(400, "Invalid ackId"));
            }
            ackId = body.get("ackId") == null ? "" : (String) body.get("ackId");
        }
        f.reads++;
        f.lastActivity = System.currentTimeMillis();
        if (!ackId.isEmpty()) {
            List<Entry> batch = f.inflight.remove(ackId);
            if (batch != null) {
                // one pass over the feed, however large the batch
                Set<Entry> done = Collections.newSetFromMap(new IdentityHashMap<>());
                done.addAll(batch);
                f.entries.removeIf(e -> {
                    if (done.contains(e)) {
                        acknowledged.add(e.event.id());
                        return true;
                    }
                    return false;
                });
            }
        }
        return waitFor(f);
    }

    /**
     * Queues a read (several readers of one feed are served in the order they asked: each batch goes to one of
     * them) and serves it if events are ready. A read whose client went away (the server cancels its answer) is
     * dropped before it is given events.
     */
    private CompletionStage<SimResponse> waitFor(Feed f) {
        Waiter w = new Waiter(f, new CompletableFuture<>());
        f.waiters.add(w);
        w.timeout = scheduler.schedule(settings.longPoll(), () -> timeout(w));
        serve(f);
        CompletionStage<SimResponse> answer = withReadDelay(w.future);
        if (answer != w.future) {
            answer.toCompletableFuture().whenComplete((r, e) -> {
                if (e instanceof CancellationException) {
                    w.future.cancel(false);
                }
            });
        }
        return answer;
    }

    private CompletionStage<SimResponse> readV1Locked(String id, SimRequest r) {
        Feed f = feeds.get(id);
        if (f == null || !"v1".equals(f.version) || !isLive(f)) {
            return now(stale(id));
        }
        f.reads++;
        f.lastActivity = System.currentTimeMillis();
        String limit = r.query("limit");
        if (limit != null) {
            try {
                f.limit = Math.max(1, Integer.parseInt(limit));
            } catch (NumberFormatException e) {
                return now(error(400, "Invalid limit"));
            }
        } else {
            f.limit = Integer.MAX_VALUE;
        }
        return waitFor(f);
    }

    private CompletionStage<SimResponse> withReadDelay(CompletableFuture<SimResponse> fut) {
        Duration d = faults.readDelay();
        if (d == null || d.isZero()) {
            return fut;
        }
        return fut.thenApply(a -> a.withDelay(d));
    }

    private void timeout(Waiter w) {
        synchronized (lock) {
            Feed f = w.feed;
            if (!f.waiters.remove(w)) {
                return;
            }
            f.lastActivity = System.currentTimeMillis();
            if ("v1".equals(f.version)) {
                w.future.complete(noContent());
            } else {
                String ack = newAckId();
                f.inflight.put(ack, List.of());
                w.future.complete(SimResponse.json(200, Json.write(Map.of("events", List.of(), "ackId", ack))));
            }
        }
    }

    /** Hands ready events to waiting reads of this feed. Call with the lock held. */
    private void serve(Feed f) {
        long now = System.currentTimeMillis();
        while (!f.waiters.isEmpty()) {
            List<Entry> ready = new ArrayList<>();
            long nextVisible = Long.MAX_VALUE;
            for (Entry e : f.entries) {
                if (e.ackId == null || e.visibleAt <= now) {
                    ready.add(e);
                    if ("v1".equals(f.version) ? ready.size() >= f.limit
                            : ready.size() >= settings.maxEventsPerRead()) {
                        break;
                    }
                } else {
                    nextVisible = Math.min(nextVisible, e.visibleAt);
                }
            }
            if (ready.isEmpty()) {
                if (nextVisible != Long.MAX_VALUE && !f.recheckScheduled) {
                    f.recheckScheduled = true;
                    recheckLater(f, Math.max(1, nextVisible - now));
                }
                return;
            }
            Waiter w = f.waiters.poll();
            w.cancel();
            if (w.future.isDone()) {
                continue; // its client went away
            }
            List<Map<String, Object>> evs = new ArrayList<>();
            for (Entry e : ready) {
                evs.add(e.event.json());
                deliveries.merge(e.event.id(), 1, Integer::sum);
            }
            long before = delivered;
            delivered += ready.size();
            boolean lose = faults.losesFeedsBetween(before, delivered);
            if ("v1".equals(f.version)) {
                f.entries.removeAll(ready);
                w.future.complete(SimResponse.json(200, Json.write(evs)));
                if (lose) {
                    loseLiveFeeds();
                    return;
                }
            } else {
                String ack = newAckId();
                for (Entry e : ready) {
                    if (e.ackId != null) {
                        List<Entry> old = f.inflight.get(e.ackId);
                        if (old != null) {
                            List<Entry> rest = new ArrayList<>(old);
                            rest.remove(e);
                            f.inflight.put(e.ackId, rest);
                        }
                    }
                    e.ackId = ack;
                    e.visibleAt = now + settings.redeliveryDelay().toMillis();
                }
                f.inflight.put(ack, ready);
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("events", evs);
                o.put("ackId", ack);
                w.future.complete(SimResponse.json(200, Json.write(o)));
                if (lose) {
                    loseLiveFeeds();
                    return;
                }
                // schedule redelivery check
                if (!f.recheckScheduled) {
                    f.recheckScheduled = true;
                    recheckLater(f, settings.redeliveryDelay().toMillis() + 1);
                }
            }
        }
    }

    /** Hands an event to every live feed (or keeps it for the next feed). */
    void publish(SymEvent e) {
        synchronized (lock) {
            publishLocked(e);
        }
    }

    private void publishLocked(SymEvent e) {
        events.add(e);
        boolean any = false;
        for (Feed f : feeds.values()) {
            if (isLive(f)) {
                any = true;
                f.entries.add(new Entry(e));
                serve(f);
            }
        }
        if (!any && settings.bufferEvents()) {
            backlog.add(e);
        }
    }

    private String newAckId() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(SymphonyErrors.randomBytes(24));
    }

    private final class Feed {
        final String id;
        final String version;
        final String tag;
        final long createdAt = System.currentTimeMillis();
        long lastActivity = createdAt;
        int reads;
        int limit = Integer.MAX_VALUE;
        boolean active = true;
        boolean recheckScheduled;
        final List<Entry> entries = new ArrayList<>();
        final Map<String, List<Entry>> inflight = new HashMap<>();
        final Deque<Waiter> waiters = new ArrayDeque<>();

        Feed(String id, String version, String tag) {
            this.id = id;
            this.version = version;
            this.tag = tag;
        }
    }

    private static final class Entry {
        final SymEvent event;
        String ackId;
        long visibleAt;

        Entry(SymEvent event) {
            this.event = event;
        }
    }

    private static final class Waiter {
        final Feed feed;
        final CompletableFuture<SimResponse> future;
        ScheduledFuture<?> timeout;

        Waiter(Feed feed, CompletableFuture<SimResponse> future) {
            this.feed = feed;
            this.future = future;
        }

        void cancel() {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
    }
}
