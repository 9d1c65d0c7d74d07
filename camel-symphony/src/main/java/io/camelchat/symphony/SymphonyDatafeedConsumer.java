package io.camelchat.symphony;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelchat.common.Backoff;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.Json;
import io.camelchat.common.health.ChatConsumerHealthCheck;
import io.camelchat.symphony.api.SymphonyClient;
import io.camelchat.symphony.api.SymphonyEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Suspendable;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's datafeed, long-polled on a thread of its own (never one of Camel's). Datafeed v2: reuses the bot's feed
 * (the one stored in {@code offsetRepository}, else one with the configured tag, else any of the bot's feeds), routes
 * each batch, and acknowledges it (the next read carries its {@code ackId}) only when every exchange of the batch
 * completed; otherwise the batch is delivered again, with the same ids. A lost feed (400, 403, 404, 410) is deleted
 * and created again; 401 authenticates again; 5xx, 429 and I/O errors back off. Datafeed v1 has no acknowledgement.
 * The bot's own events are not routed.
 */
public class SymphonyDatafeedConsumer extends DefaultConsumer implements Suspendable {

    private static final Logger LOG = LoggerFactory.getLogger(SymphonyDatafeedConsumer.class);
    private static final Pattern BOT_FEED = Pattern.compile("^[^\\s_]+_f(_[^\\s_]+)?$");
    private static final String FEED_KEY = "symphony.datafeed";

    private final SymphonyEndpoint endpoint;
    private final SymphonyConfiguration config;
    private final Set<String> eventTypes;
    private final AtomicLong routed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private ExecutorService thread;
    private ExecutorService workers;
    private StateRepository<String, String> offsets;
    private boolean startedOffsets;
    private volatile boolean running;
    private volatile String feedId;
    private volatile String ackId = "";
    private volatile Long botUserId;
    private volatile String state = "starting";
    private volatile String lastError;

    public SymphonyDatafeedConsumer(SymphonyEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
        this.eventTypes = config.getEventTypes() == null || config.getEventTypes().isBlank() ? Set.of()
                : Arrays.stream(config.getEventTypes().split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT))
                        .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        for (String type : eventTypes) {
            if (!SymphonyEvent.TYPES.contains(type)) {
                LOG.warn("Symphony datafeed: eventTypes names {}, which is not an event type Symphony is known to send {}",
                        type, SymphonyEvent.TYPES);
            }
        }
    }

    private boolean v1() {
        return "v1".equalsIgnoreCase(config.getDatafeedVersion());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        offsets = config.getOffsetRepository() != null ? config.getOffsetRepository() : new MemoryStateRepository();
        if (!ServiceHelper.isStarted(offsets)) {
            ServiceHelper.startService(offsets);
            startedOffsets = true;
        }
        ChatConsumerHealthCheck.install(this, SymphonyConstants.PLATFORM,
                endpoint.getComponent().isHealthCheckConsumerEnabled(), this::healthStatus);
        startLoop();
    }

    private void startLoop() {
        running = true;
        if (config.getConcurrentConsumers() > 1) {
            workers = endpoint.getCamelContext().getExecutorServiceManager().newFixedThreadPool(this, "SymphonyDatafeedWorker",
                    config.getConcurrentConsumers());
        }
        thread = endpoint.getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this, "SymphonyDatafeed");
        thread.execute(this::loop);
    }

    private void stopLoop() {
        running = false;
        if (thread != null) {
            // a read in progress ends when the agent answers (at most its long-poll hold) or the endpoint closes
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(thread);
            thread = null;
        }
        if (workers != null) {
            // exchanges in flight finish (Camel's shutdown waits for them); the batch is not acknowledged
            endpoint.getCamelContext().getExecutorServiceManager().shutdown(workers);
            workers = null;
        }
    }

    @Override
    protected void doStop() throws Exception {
        stopLoop();
        if (startedOffsets) {
            ServiceHelper.stopService(offsets);
            startedOffsets = false;
        }
        super.doStop();
    }

    @Override
    protected void doSuspend() throws Exception {
        stopLoop();
    }

    @Override
    protected void doResume() throws Exception {
        startLoop();
    }

    // ------------------------------------------------------------------ the loop

    private void loop() {
        int failures = 0;
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                SymphonyClient client = endpoint.getClient();
                if (botUserId == null) {
                    botUserId = client.sessionInfo().path("id").asLong();
                }
                if (v1()) {
                    readV1(client);
                } else {
                    readV2(client);
                }
                failures = 0;
                state = "polling";
                lastError = null;
            } catch (ChatAuthException e) {
                if (!running) {
                    return;
                }
                failures++;
                lastError = e.getMessage();
                state = endpoint.getClient() != null && endpoint.getClient().auth().isFailing() ? "failed" : "reauthenticating";
                LOG.warn("Symphony datafeed: authentication failed ({}); trying again", e.getMessage());
                pause(failures);
            } catch (ChatApiException e) {
                if (!running) {
                    return; // the endpoint closed the read under us
                }
                failures++;
                lastError = e.getMessage();
                int status = e.getHttpStatus();
                if (status == 400 || status == 403 || status == 404 || status == 410) {
                    LOG.warn("Symphony datafeed {} is gone ({}); creating a new one", feedId, e.getMessage());
                    forgetFeed(endpoint.getClient());
                    state = "recreating";
                } else {
                    state = "retrying";
                    LOG.warn("Symphony datafeed read failed ({}); retrying", e.getMessage());
                    pause(failures);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                failures++;
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                state = "retrying";
                LOG.warn("Symphony datafeed: {}; retrying", lastError);
                pause(failures);
            }
        }
    }

    private void pause(int failures) {
        long delay = Backoff.delay(Duration.ofMillis(config.getReconnectDelay()),
                Duration.ofMillis(config.getMaxReconnectDelay()), failures).toMillis();
        try {
            TimeUnit.MILLISECONDS.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readV2(SymphonyClient client) {
        if (feedId == null) {
            feedId = findOrCreateFeed(client);
            ackId = "";
        }
        JsonNode batch = client.readFeed(feedId, ackId);
        reads.incrementAndGet();
        String nextAckId = Json.text(batch, "ackId");
        List<JsonNode> events = new ArrayList<>();
        batch.path("events").forEach(events::add);
        if (batch instanceof ObjectNode object) {
            object.removeAll(); // each event is released once routed (a batch may hold thousands)
        }
        int count = events.size();
        if (route(events) && running) {
            // every exchange completed: the next read acknowledges this batch
            ackId = nextAckId == null ? ackId : nextAckId;
        } else if (count > 0) {
            LOG.info("Symphony datafeed: a batch of {} events failed; not acknowledged, Symphony delivers it again",
                    count);
        }
    }

    private void readV1(SymphonyClient client) {
        if (feedId == null) {
            String stored = offsets.getState(FEED_KEY);
            feedId = stored != null && !stored.isBlank() ? stored : client.createFeedV1();
            offsets.setState(FEED_KEY, feedId);
        }
        List<JsonNode> events = client.readFeedV1(feedId);
        reads.incrementAndGet();
        route(events);
    }

    private String findOrCreateFeed(SymphonyClient client) {
        String stored = offsets.getState(FEED_KEY);
        if (stored != null && !stored.isBlank()) {
            return stored;
        }
        String tag = config.getDatafeedTag();
        String found = null;
        for (JsonNode feed : client.listFeeds(null)) {
            String id = Json.text(feed, "id");
            if (id == null) {
                continue;
            }
            if (tag != null ? id.equals(tag) : BOT_FEED.matcher(id).matches()) {
                found = id;
                break;
            }
        }
        String id = found != null ? found : client.createFeed(tag);
        offsets.setState(FEED_KEY, id);
        LOG.info("Symphony datafeed {} {}", id, found != null ? "reused" : "created");
        return id;
    }

    private void forgetFeed(SymphonyClient client) {
        String gone = feedId;
        feedId = null;
        ackId = "";
        offsets.setState(FEED_KEY, "");
        if (gone != null && client != null && !v1()) {
            try {
                client.deleteFeed(gone);
            } catch (RuntimeException ignored) {
                // it is gone anyway
            }
        }
    }

    /**
     * Routes a batch; true when every exchange completed. With {@code concurrentConsumers} above 1 the batch is split
     * into that many lanes by stream, each routed in order on a worker, so a conversation keeps its order.
     */
    private boolean route(List<JsonNode> events) {
        ExecutorService pool = workers;
        int lanes = pool == null ? 1 : Math.min(config.getConcurrentConsumers(), events.size());
        if (lanes <= 1) {
            return routeInOrder(events);
        }
        List<List<JsonNode>> byLane = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            byLane.add(new ArrayList<>());
        }
        for (JsonNode raw : events) {
            String stream = new SymphonyEvent(raw).streamId();
            byLane.get(stream == null ? 0 : Math.floorMod(stream.hashCode(), lanes)).add(raw);
        }
        events.clear();
        List<Future<Boolean>> results = new ArrayList<>();
        for (List<JsonNode> lane : byLane) {
            if (!lane.isEmpty()) {
                results.add(pool.submit(() -> routeInOrder(lane)));
            }
        }
        boolean allCompleted = true;
        for (Future<Boolean> result : results) {
            try {
                allCompleted &= result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                allCompleted = false;
            } catch (ExecutionException e) {
                allCompleted = false;
            }
        }
        return allCompleted;
    }

    private boolean routeInOrder(List<JsonNode> events) {
        boolean allCompleted = true;
        for (int i = 0; i < events.size(); i++) {
            JsonNode raw = events.set(i, null);
            SymphonyEvent event = new SymphonyEvent(raw);
            if (botUserId != null && botUserId.equals(event.initiatorId())) {
                continue; // the bot's own messages and actions
            }
            if (!eventTypes.isEmpty() && (event.type() == null || !eventTypes.contains(event.type()))) {
                continue;
            }
            Exchange exchange = createExchange(false);
            exchange.getMessage().setBody(event);
            try {
                // inside the try: an event the headers cannot be read from fails its exchange, not the loop
                SymphonyEventHeaders.of(event).forEach((k, v) -> {
                    if (v != null) {
                        exchange.getMessage().setHeader(k, v);
                    }
                });
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.isFailed()) {
                allCompleted = false;
                failed.incrementAndGet();
                if (exchange.getException() != null) {
                    getExceptionHandler().handleException("Error processing Symphony event " + event.id(), exchange,
                            exchange.getException());
                }
            } else {
                routed.incrementAndGet();
            }
            releaseExchange(exchange, false);
        }
        return allCompleted;
    }

    ChatConsumerHealthCheck.Status healthStatus() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("routed", routed.get());
        details.put("failed", failed.get());
        details.put("reads", reads.get());
        details.put("datafeed", feedId == null ? "" : feedId);
        return "polling".equals(state) ? ChatConsumerHealthCheck.Status.up(state, details)
                : ChatConsumerHealthCheck.Status.down(state, lastError, details);
    }

    public String getFeedId() {
        return feedId;
    }

    public long getRoutedCount() {
        return routed.get();
    }
}
