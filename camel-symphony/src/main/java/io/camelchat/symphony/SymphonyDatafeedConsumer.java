package io.camelchat.symphony;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.Json;
import io.camelchat.common.consumer.ChatEvent;
import io.camelchat.common.consumer.ChatPollingConsumer;
import io.camelchat.symphony.api.SymphonyClient;
import io.camelchat.symphony.api.SymphonyEvent;
import io.camelchat.symphony.api.SymphonyFeedBatch;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's datafeed, long-polled on a thread of its own (never one of Camel's). Datafeed v2: reuses the bot's feed
 * (the one stored in {@code offsetRepository}, else one with the configured tag, else any of the bot's feeds), routes
 * each batch, and acknowledges it (the next read carries its {@code ackId}) only when the unit of work of every
 * exchange of the batch completed (also when the route handed it on to {@code seda:}); otherwise the batch is
 * delivered again, with the same ids. A lost feed (400, 403, 404, 410) is deleted and created again; 401
 * authenticates again; 5xx, 429 and I/O errors back off. Datafeed v1 has no acknowledgement. The bot's own events are
 * not routed.
 */
public class SymphonyDatafeedConsumer extends ChatPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(SymphonyDatafeedConsumer.class);
    private static final Pattern BOT_FEED = Pattern.compile("^[^\\s_]+_f(_[^\\s_]+)?$");
    private static final String FEED_KEY = "symphony.datafeed";

    private final SymphonyEndpoint endpoint;
    private final SymphonyConfiguration config;
    private final Set<String> eventTypes;
    private volatile String feedId;
    private volatile String ackId = "";
    private volatile Long botUserId;
    /** Set when a lost feed was recreated and no read worked since: a second loss in a row backs off. */
    private volatile boolean recreated;

    public SymphonyDatafeedConsumer(SymphonyEndpoint endpoint, Processor processor) {
        super(endpoint, processor, SymphonyConstants.PLATFORM, "Symphony datafeed",
                settings(endpoint.getConfiguration()),
                endpoint.getConfiguration().getOffsetRepository());
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
        this.eventTypes = config.getEventTypes() == null || config.getEventTypes().isBlank() ? Set.of()
                : Arrays.stream(config.getEventTypes().split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT))
                        .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        for (String type : eventTypes) {
            if (!SymphonyEvent.TYPES.contains(type)) {
                LOG.warn(
                        "Symphony datafeed: eventTypes names {}, which is not an event type Symphony is known to send {}",
                        type, SymphonyEvent.TYPES);
            }
        }
    }

    private static Settings settings(SymphonyConfiguration c) {
        return new Settings(c.getReconnectDelay(), c.getMaxReconnectDelay(), c.getConcurrentConsumers());
    }

    private boolean v1() {
        return "v1".equalsIgnoreCase(config.getDatafeedVersion());
    }

    @Override
    protected void poll() {
        SymphonyClient client = endpoint.requireClient("read the datafeed");
        if (botUserId == null) {
            botUserId = client.sessionInfo().path("id").asLong();
        }
        if (v1()) {
            readV1(client);
        } else {
            readV2(client);
        }
        recreated = false;
    }

    /**
     * A lost feed is created again at once (after a pause when the new one is lost too, e.g. when creating it is
     * refused); authentication failures and the rest back off.
     */
    @Override
    protected Recovery recover(Exception e) {
        SymphonyClient client = endpoint.getClient();
        if (e instanceof ChatAuthException) {
            return new Recovery(client != null && client.auth().isFailing() ? "failed" : "reauthenticating", true);
        }
        if (e instanceof ChatApiException api) {
            int status = api.getHttpStatus();
            if (status == 400 || status == 403 || status == 404 || status == 410) {
                LOG.warn("Symphony datafeed {} is gone ({}); creating a new one", feedId, e.getMessage());
                forgetFeed(client);
                boolean again = recreated;
                recreated = true;
                return new Recovery("recreating", again);
            }
        }
        return new Recovery("retrying", true);
    }

    @Override
    protected void healthDetails(Map<String, Object> details) {
        details.put("datafeed", feedId == null ? "" : feedId);
    }

    private void readV2(SymphonyClient client) {
        if (feedId == null) {
            feedId = findOrCreateFeed(client);
            ackId = "";
        }
        SymphonyFeedBatch batch = client.readFeed(feedId, ackId);
        countRead();
        String nextAckId = batch.ackId();
        // each event is released once routed (a batch may hold thousands)
        List<SymphonyEvent> events = batch.events();
        int count = events.size();
        if (route(events)) {
            // every exchange completed: the next read acknowledges this batch
            ackId = nextAckId == null ? ackId : nextAckId;
        } else if (count > 0) {
            LOG.info("Symphony datafeed: a batch of {} events failed; not acknowledged, Symphony delivers it again",
                    count);
        }
    }

    private void readV1(SymphonyClient client) {
        if (feedId == null) {
            String stored = offsets().getState(FEED_KEY);
            feedId = stored != null && !stored.isBlank() ? stored : client.createFeedV1();
            offsets().setState(FEED_KEY, feedId);
        }
        List<SymphonyEvent> events = client.readFeedV1(feedId);
        countRead();
        route(events);
    }

    private String findOrCreateFeed(SymphonyClient client) {
        String stored = offsets().getState(FEED_KEY);
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
        offsets().setState(FEED_KEY, id);
        LOG.info("Symphony datafeed {} {}", id, found != null ? "reused" : "created");
        return id;
    }

    private void forgetFeed(SymphonyClient client) {
        String gone = feedId;
        feedId = null;
        ackId = "";
        offsets().setState(FEED_KEY, "");
        if (gone != null && client != null && !v1()) {
            try {
                client.deleteFeed(gone);
            } catch (RuntimeException ignored) {
                // it is gone anyway
            }
        }
    }

    /**
     * Routes a batch; true when every exchange completed its unit of work. With {@code concurrentConsumers} above 1
     * the batch is split into that many lanes by stream, each routed in order, so a conversation keeps its order.
     */
    private boolean route(List<SymphonyEvent> events) {
        return route(events, this::event, SymphonyEvent::streamId);
    }

    /** The event to route, or null for the bot's own events and those {@code eventTypes} leaves out. */
    private ChatEvent event(SymphonyEvent event) {
        if (botUserId != null && botUserId.equals(event.initiatorId())) {
            return null; // the bot's own messages and actions
        }
        if (!eventTypes.isEmpty() && (event.type() == null || !eventTypes.contains(event.type()))) {
            return null;
        }
        return ChatEvent.of(event, SymphonyEventHeaders.of(event));
    }

    public String getFeedId() {
        return feedId;
    }
}
