package io.camelchat.difft;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.Json;
import io.camelchat.common.consumer.ChatEvent;
import io.camelchat.common.consumer.ChatStreamConsumer;
import io.camelchat.common.health.ChatConsumerHealthCheck;
import io.camelchat.common.ws.WebSocketConnection;
import io.camelchat.common.ws.WebSocketSession;
import io.camelchat.common.ws.WebSocketSessionConfig;
import io.camelchat.difft.api.DifftSignatures;
import io.camelchat.difft.stream.DifftDeliveries;
import io.camelchat.difft.stream.DifftFrames;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Difft websocket listener ({@code difft:stream}, reference section 8): a websocket to {@code wsUrl} (by default
 * {@code apiUrl} with {@code ws}/{@code wss} and {@code /v1/websocket}) opened with a freshly signed upgrade on every
 * (re)connect, then {@code {"cmd":"fetch"}} at once and after each batch. The messages of a batch are read and
 * normalized ({@link DifftInboundMessage}) and routed, in {@code concurrentConsumers} lanes by conversation; the next
 * fetch, which acknowledges the batch, is sent only when every message of the batch completed its exchange's unit of
 * work. When one failed, the connection is closed instead, so that the server delivers the batch again on the next
 * connection: the failed message is routed again with the same CamelChatMessageId, and the ones that completed are
 * recognized by their id and not routed twice. A batch lost with a dropped connection is redelivered the same way.
 * <p>
 * Not routed (but acknowledged): the bot's own messages (an echo, {@code src} is {@code botId}), {@code RECEIPT}s
 * unless {@code receipts} is set, and malformed messages (no {@code src}, no id), which are counted as bad frames. A
 * frame that cannot be read at all is counted and answered with a fetch, as the SDKs do.
 * <p>
 * A refused upgrade (HTTP 401: wrong appId or appSecret, or a clock far off) is retried with back-off and reported
 * DOWN by the health check with the server's reason; a close with 1008 (no websocket permission, app disabled) stops
 * the consumer for good, as section 8.3 says.
 */
public class DifftStreamConsumer extends ChatStreamConsumer<DifftStreamConsumer.Item> {

    private static final Logger LOG = LoggerFactory.getLogger(DifftStreamConsumer.class);
    private static final int REMEMBERED_IDS = 10_000;

    /** One message of a batch on its way to a worker. */
    static final class Item {
        final DifftInboundMessage message;
        final Batch batch;

        Item(DifftInboundMessage message, Batch batch) {
            this.message = message;
            this.batch = batch;
        }
    }

    /** The messages of one batch still to complete; the batch is answered when the last one did. */
    final class Batch {
        private final WebSocketConnection connection;
        private int remaining = 1; // the reader's own share, released once every message was handed out
        private boolean failed;

        Batch(WebSocketConnection connection) {
            this.connection = connection;
        }

        synchronized void expect() {
            remaining++;
        }

        void done(boolean completed) {
            boolean last;
            boolean anyFailed;
            synchronized (this) {
                failed |= !completed;
                last = --remaining == 0;
                anyFailed = failed;
            }
            if (last) {
                answer(connection, anyFailed);
            }
        }
    }

    private final DifftConfiguration config;
    private final DifftDeliveries deliveries = new DifftDeliveries(REMEMBERED_IDS);
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong skippedEchoes = new AtomicLong();
    private final AtomicLong skippedReceipts = new AtomicLong();
    private final AtomicLong redeliveries = new AtomicLong();
    private volatile String botId;
    private volatile String refusal;
    private volatile String stopReason;

    public DifftStreamConsumer(DifftEndpoint endpoint, Processor processor) {
        super(endpoint, processor, DifftConstants.PLATFORM, "Difft stream", endpoint.getConfiguration(),
                new StreamSettings(endpoint.getConfiguration().getReconnectDelay(),
                        endpoint.getConfiguration().getMaxReconnectDelay(),
                        endpoint.getConfiguration().getMaxInFlight(),
                        endpoint.getConfiguration().getMaxFrameSize(),
                        endpoint.getConfiguration().getConcurrentConsumers(),
                        endpoint.getConfiguration().isUsingExecutorService()));
        this.config = endpoint.getConfiguration();
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    protected void validate() {
        config.validateCredentials(true);
        if (config.getHeartbeatInterval() < 0) {
            throw new IllegalArgumentException("Difft: heartbeatInterval must not be negative");
        }
        websocketUri();
    }

    @Override
    protected void configure(WebSocketSessionConfig sessionConfig) {
        // a websocket ping every heartbeatInterval (30 s as the SDK); a connection silent for 2.5 intervals is replaced
        sessionConfig.setHeartbeatInterval(Duration.ofMillis(config.getHeartbeatInterval()));
    }

    @Override
    protected void doStart() throws Exception {
        botId = config.effectiveBotId();
        refusal = null;
        stopReason = null;
        super.doStart();
    }

    /** The listener's address: {@code wsUrl}, else derived from {@code apiUrl} (section 1). */
    URI websocketUri() {
        URI uri = URI.create(config.effectiveWsUrl());
        if (!"ws".equalsIgnoreCase(uri.getScheme()) && !"wss".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("Difft: wsUrl must start with ws:// or wss://");
        }
        return uri;
    }

    /** Every connection is signed afresh (timestamp, nonce): CRS {@code GET;<path>;}, no signed headers. */
    @Override
    protected WebSocketSession.Endpoint resolve() {
        URI uri = websocketUri();
        return new WebSocketSession.Endpoint(uri,
                DifftSignatures.signWebsocket(config.getAppId(), config.getAppSecret(), uri.toString()));
    }

    // ------------------------------------------------------------------ connection events (I/O thread)

    @Override
    protected void onOpen(WebSocketConnection connection) {
        refusal = null;
        connection.send(DifftFrames.FETCH);
    }

    @Override
    protected void onHandshakeRefused(int status, String body) {
        String reason = reason(body);
        refusal = "the Difft server refused the signed websocket upgrade with HTTP " + status
                  + (reason == null ? "" : " (" + reason + ")")
                  + (status == 401 ? ": check appId and appSecret, and the clock of this host" : "");
        LOG.warn("Difft stream: {}; retrying with back-off", refusal);
    }

    @Override
    protected void onClose(WebSocketConnection connection, int statusCode, String reason) {
        if (statusCode == 1008) {
            halt("the Difft server closed the websocket with 1008 (policy violation" + (isBlank(reason) ? ""
                    : ": " + reason)
                 + "), e.g. the bot has no websocket permission or the app is disabled; "
                 + "not reconnecting");
        }
    }

    private void halt(String reason) {
        stopReason = reason;
        WebSocketSession s = getSession();
        if (s != null) {
            s.halt(reason);
        }
    }

    @Override
    protected void onText(WebSocketConnection connection, String text) {
        DifftFrames.Batch frame = DifftFrames.parse(text);
        batches.incrementAndGet();
        if (frame.problem() != null) {
            badFrame("unreadable frame of " + text.length() + " chars (" + frame.problem() + "); fetching the next");
        }
        if (frame.withoutData() > 0) {
            badFrame(frame.withoutData() + " element(s) of a batch without data skipped");
        }
        Batch batch = new Batch(connection);
        for (JsonNode data : frame.messages()) {
            DifftInboundMessage m;
            try {
                m = DifftInboundMessage.parse(data, botId);
            } catch (IllegalArgumentException e) {
                badFrame("malformed message skipped (" + e.getMessage() + ")");
                continue;
            }
            if (m.isEcho()) {
                skippedEchoes.incrementAndGet();
                continue;
            }
            if (m.isReceipt() && !config.isReceipts()) {
                skippedReceipts.incrementAndGet();
                continue;
            }
            DifftDeliveries.Claim claim = deliveries.claim(m.getMessageId());
            switch (claim.verdict()) {
                case DONE -> LOG.debug("Difft stream: {} was routed before; not routed again", m.getMessageId());
                case IN_PROGRESS -> {
                    // delivered again while an earlier delivery is still being routed: its outcome answers this batch
                    batch.expect();
                    claim.pending().thenAccept(batch::done);
                }
                default -> {
                    batch.expect();
                    dispatch(connection, new Item(m, batch), m.getMessageId());
                }
            }
        }
        batch.done(true);
    }

    /** All messages of a batch completed: fetch the next (acknowledging it), or have it delivered again. */
    private void answer(WebSocketConnection connection, boolean anyFailed) {
        if (!connection.isOpen()) {
            LOG.debug("Difft stream: {} closed before its batch was answered; the server delivers it again",
                    connection);
            return;
        }
        if (anyFailed) {
            redeliveries.incrementAndGet();
            LOG.info("Difft stream: a message of the batch failed; reconnecting so that the server delivers the batch "
                     + "again");
            connection.close(1000, "redeliver");
        } else {
            connection.send(DifftFrames.FETCH);
        }
    }

    // ------------------------------------------------------------------ routing (workers)

    /** The messages of a conversation are routed one after the other, in the order received. */
    @Override
    protected boolean routesInLanes() {
        return true;
    }

    @Override
    protected Object lane(Item item) {
        return item.message.getConversationId();
    }

    @Override
    protected ChatEvent read(WebSocketConnection connection, Item item) {
        return DifftEventHeaders.event(item.message);
    }

    /** Not routed (suspending or stopping): the batch fails, so that its connection closes and it comes again. */
    @Override
    protected void notRouted(Item item) {
        deliveries.finish(item.message.getMessageId(), false);
        item.batch.done(false);
    }

    @Override
    protected Object acknowledgement(Item item, ChatEvent event, Exchange exchange, boolean completed) {
        deliveries.finish(item.message.getMessageId(), completed);
        item.batch.done(completed);
        return null; // the batch is answered as a whole
    }

    // ------------------------------------------------------------------ health and management

    @Override
    protected ChatConsumerHealthCheck.Status healthStatus() {
        ChatConsumerHealthCheck.Status s = super.healthStatus();
        String stopped = stopReason;
        if (stopped != null) {
            return ChatConsumerHealthCheck.Status.down("failed", stopped, s.details());
        }
        String refused = refusal;
        if (!s.up() && refused != null) {
            return ChatConsumerHealthCheck.Status.down(s.state(), refused, s.details());
        }
        return s;
    }

    @Override
    protected void healthDetails(Map<String, Object> details) {
        details.put("batches", batches.get());
        details.put("duplicates", deliveries.getDuplicates());
        details.put("skippedEchoes", skippedEchoes.get());
        details.put("skippedReceipts", skippedReceipts.get());
        details.put("redeliveries", redeliveries.get());
    }

    /** Why the consumer stopped reconnecting (close 1008), or null. */
    public String getStopReason() {
        return stopReason;
    }

    /** Why the last upgrade was refused while not connected, or null. */
    public String getRefusal() {
        return refusal;
    }

    /** Deliveries of messages already routed (or being routed), not routed again. */
    public long getDuplicateCount() {
        return deliveries.getDuplicates();
    }

    public long getSkippedEchoCount() {
        return skippedEchoes.get();
    }

    public long getSkippedReceiptCount() {
        return skippedReceipts.get();
    }

    /** Batches whose redelivery was asked for (a message failed). */
    public long getRedeliveryCount() {
        return redeliveries.get();
    }

    private static String reason(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            String r = Json.text(Json.read(body), "reason");
            return r == null || r.length() > 200 ? null : r;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
