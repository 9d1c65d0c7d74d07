package io.camelchat.openim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatPermissionException;
import io.camelchat.common.consumer.ChatEvent;
import io.camelchat.common.consumer.ChatPollingConsumer;
import io.camelchat.openim.api.OpenImClient;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP polling fallback ({@code openim:datafeed}), on a thread of its own: {@code /msg/newest_seq} for the user's
 * conversations, then {@code /msg/pull_msg_by_seq} for those whose newest seq exceeds the stored one, up to
 * {@code pullBatchSize} messages per conversation and call, in ascending seq order. Messages are routed in lanes by
 * conversation ({@code concurrentConsumers}); each conversation's seq is stored in the {@code offsetRepository} as its
 * exchanges complete ({@link OpenImOffsets}), never past one that failed, which is pulled again at the next poll (and
 * after a restart).
 * <p>
 * Where it starts: conversations with a stored seq resume after it. Conversations without one: at the consumer's
 * first poll, after their newest message (only what arrives later is routed), unless {@code startFromBeginning};
 * conversations that appear later (a new chat, a new group), from their first message. The user's own messages and
 * deleted placeholders are not routed (their seqs are stored with the others).
 * <p>
 * A poll that found nothing new waits {@code delay}; a failed poll backs off ({@code reconnectDelay} up to
 * {@code maxReconnectDelay}): a refused token is fetched once more (with admin credentials), a permission error
 * (1002) is reported as {@code forbidden} and never triggers a new login.
 */
public class OpenImDatafeedConsumer extends ChatPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(OpenImDatafeedConsumer.class);
    /** Conversations pulled in one call at most. */
    private static final int RANGES_PER_CALL = 100;

    private final OpenImEndpoint endpoint;
    private final OpenImConfiguration config;
    private final String userId;
    private volatile OpenImOffsets seqs;
    private volatile boolean firstPoll = true;

    public OpenImDatafeedConsumer(OpenImEndpoint endpoint, Processor processor) {
        this(endpoint, processor, new Holder());
    }

    private OpenImDatafeedConsumer(OpenImEndpoint endpoint, Processor processor, Holder holder) {
        super(endpoint, tracking(processor, holder), OpenImConstants.PLATFORM, "OpenIM datafeed",
                new Settings(endpoint.getConfiguration().getReconnectDelay(),
                        endpoint.getConfiguration().getMaxReconnectDelay(),
                        endpoint.getConfiguration().getConcurrentConsumers()),
                endpoint.getConfiguration().getOffsetRepository());
        holder.consumer = this;
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
        this.userId = config.getUserId();
    }

    /** Lets the processor wrapper reach the consumer it is made for (it is made before the consumer). */
    private static final class Holder {
        private OpenImDatafeedConsumer consumer;
    }

    /** Tracks each exchange's seq before the route processes it, so that its outcome moves the stored seq or not. */
    private static Processor tracking(Processor processor, Holder holder) {
        return exchange -> {
            OpenImOffsets offsets = holder.consumer.seqs;
            if (offsets != null && exchange.getMessage().getBody() instanceof OpenImMessage m) {
                offsets.track(exchange, m.getConversationId(), m.getSeq());
            }
            processor.process(exchange);
        };
    }

    @Override
    protected void doStart() throws Exception {
        seqs = null;
        firstPoll = true;
        super.doStart();
    }

    private OpenImOffsets seqOffsets() {
        OpenImOffsets o = seqs;
        if (o == null) {
            o = new OpenImOffsets(offsets(), userId);
            seqs = o;
        }
        return o;
    }

    @Override
    protected void poll() throws Exception {
        OpenImClient client = endpoint.requireClient("poll messages");
        OpenImOffsets offsets = seqOffsets();
        OpenImClient.Seqs newest = client.newestSeq(userId);
        countRead();
        boolean first = firstPoll;
        List<OpenImClient.SeqRange> ranges = new ArrayList<>();
        for (Map.Entry<String, Long> e : newest.maxSeqs().entrySet()) {
            String conversation = e.getKey();
            long max = e.getValue();
            long min = newest.minSeqs().getOrDefault(conversation, 0L);
            if (offsets.hasFailed(conversation)) {
                offsets.reset(conversation); // pulled again from the stored seq
            }
            long stored = offsets.stored(conversation);
            if (stored < 0) {
                if (first && !config.isStartFromBeginning()) {
                    offsets.initialize(conversation, max);
                    continue;
                }
                stored = 0;
            }
            long begin = Math.max(stored + 1, Math.max(min, 1));
            if (begin > max) {
                continue;
            }
            long end = Math.min(max, begin + config.getPullBatchSize() - 1);
            ranges.add(new OpenImClient.SeqRange(conversation, begin, end, end - begin + 1));
        }
        firstPoll = false;
        if (ranges.isEmpty()) {
            pause();
            return;
        }
        boolean allCompleted = true;
        for (int i = 0; i < ranges.size() && isPolling(); i += RANGES_PER_CALL) {
            List<OpenImClient.SeqRange> part = ranges.subList(i, Math.min(ranges.size(), i + RANGES_PER_CALL));
            JsonNode pulled = client.pullBySeq(userId, part, false);
            countRead();
            List<OpenImMessage> messages = new ArrayList<>();
            Map<String, Long> begins = new LinkedHashMap<>();
            part.forEach(r -> begins.put(r.conversationId(), r.begin()));
            collect(pulled.path("msgs"), begins, messages);
            collect(pulled.path("notificationMsgs"), begins, messages);
            messages.sort(Comparator.comparing(OpenImMessage::getConversationId)
                    .thenComparingLong(OpenImMessage::getSeq));
            Set<String> withMessages = new HashSet<>();
            messages.forEach(m -> withMessages.add(m.getConversationId()));
            for (OpenImClient.SeqRange r : part) {
                if (!withMessages.contains(r.conversationId())) {
                    // the server holds none of these seqs any more (cleared, deleted): nothing to route, move on
                    offsets.advance(r.conversationId(), r.end());
                }
            }
            if (messages.isEmpty()) {
                pause();
                continue;
            }
            allCompleted &= route(messages, this::event, OpenImMessage::getConversationId);
        }
        if (!allCompleted) {
            LOG.info("OpenIM datafeed: exchanges failed; their messages are pulled again from the stored seq");
            pause();
        }
    }

    /** Messages of a {@code conversationID -> {"Msgs": [...]}} map at or after the range's begin. */
    private static void collect(JsonNode map, Map<String, Long> begins, List<OpenImMessage> into) {
        map.fields().forEachRemaining(e -> {
            long begin = begins.getOrDefault(e.getKey(), 0L);
            JsonNode list = e.getValue().has("Msgs") ? e.getValue().path("Msgs") : e.getValue().path("msgs");
            for (JsonNode raw : list) {
                OpenImMessage m = OpenImMessage.of(raw, e.getKey());
                if (m.getSeq() >= begin) {
                    into.add(m);
                }
            }
        });
    }

    /** The event of a message, or null (its seq counted as done) for the user's own messages and deleted ones. */
    private ChatEvent event(OpenImMessage m) {
        if (userId.equals(m.getSendId()) || m.getStatus() == 4 || m.getClientMsgId().isEmpty()) {
            seqs.skip(m.getConversationId(), m.getSeq());
            return null;
        }
        return OpenImEventHeaders.event(m);
    }

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(Math.max(0, config.getDelay()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected Recovery recover(Exception e) {
        if (e instanceof ChatPermissionException) {
            return new Recovery("forbidden", true);
        }
        if (e instanceof ChatAuthException) {
            return new Recovery("reauthenticating", true);
        }
        return new Recovery("retrying", true);
    }

    @Override
    protected void healthDetails(Map<String, Object> details) {
        details.put("userId", userId);
        OpenImOffsets o = seqs;
        details.put("conversations", o == null ? 0 : o.snapshot().size());
    }

    /** The stored seq of each conversation seen (for tests and the console). */
    public Map<String, Long> getStoredSeqs() {
        OpenImOffsets o = seqs;
        return o == null ? Map.of() : o.snapshot();
    }
}
