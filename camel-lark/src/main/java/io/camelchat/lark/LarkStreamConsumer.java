package io.camelchat.lark;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.camelchat.common.Json;
import io.camelchat.common.consumer.ChatEvent;
import io.camelchat.common.consumer.ChatStreamConsumer;
import io.camelchat.common.ws.WebSocketConnection;
import io.camelchat.common.ws.WebSocketSession;
import io.camelchat.common.ws.WebSocketSessionConfig;
import io.camelchat.lark.api.LarkClient;
import io.camelchat.lark.api.LarkEvent;
import io.camelchat.lark.stream.LarkClientConfig;
import io.camelchat.lark.stream.LarkFragmentCache;
import io.camelchat.lark.stream.LarkFrames;
import io.camelchat.lark.stream.proto.Pbbp2;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lark's long connection ({@code lark:stream}): asks Lark for a connection address before every (re)connect, keeps a
 * websocket to it open, reads the protobuf (pbbp2) frames Lark sends, reassembles payloads split over several frames,
 * routes events (messages, card actions, any other event) with a {@link LarkEvent} as body, and answers each event
 * frame when its exchange's unit of work is done (also after a hand-off to {@code seda:}): {@code {"code":200}} for a
 * completed exchange, {@code {"code":500}} for a failed one (Lark then delivers the event again). Card actions
 * ({@code card.action.trigger}) are routed {@code InOut}: their answer carries the route's resulting body when it is a
 * toast and/or card ({@code {"toast":...,"card":...}} as a Map, JSON node or JSON text), base64-encoded in
 * {@code data}.
 * <p>
 * <b>Client config.</b> Lark sends a {@code ClientConfig} with the connection address and in pongs (a pong's config
 * replaces the previous one). It maps onto the websocket session like this:
 * <ul>
 * <li>{@code PingInterval}: the interval of ping control frames (unless the option {@code heartbeatInterval} is set);
 * a connection that received nothing for 2.5 intervals is replaced. A changed interval applies to the open connection
 * at once.</li>
 * <li>{@code ReconnectInterval}: caps the exponential back-off between failed attempts, which starts at the option
 * {@code reconnectDelay} (the SDKs wait exactly this long between attempts; the option {@code maxReconnectDelay}
 * caps it in turn).</li>
 * <li>{@code ReconnectNonce}: the first attempt after a lost connection waits an additional random time of up to this
 * long (at most {@code maxReconnectDelay}), like the SDKs' random wait before their first attempt.</li>
 * <li>{@code ReconnectCount}: informational. The consumer keeps trying as long as the route runs; after repeated
 * failures its health check reports it as failed.</li>
 * </ul>
 * <b>Frames.</b> Data frames of type {@code card} (the legacy card channel) are ignored without an answer, as the SDKs
 * do. Events whose type the option {@code eventTypes} leaves out are answered with 200 and not routed. Undecodable
 * frames, data frames without the required headers ({@code type, message_id, sum, seq, trace_id}) or with unreadable
 * JSON are counted, logged and left unanswered; the connection goes on. Incomplete fragment sets expire after 5 minutes
 * unanswered (Lark delivers the event again); at most {@code 4 * maxFrameSize} bytes of fragments are held.
 */
public class LarkStreamConsumer extends ChatStreamConsumer<LarkStreamConsumer.DataFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(LarkStreamConsumer.class);
    private static final Duration FRAGMENT_EXPIRY = Duration.ofMinutes(5);

    /** An event frame (its fragments reassembled) on its way from the I/O thread to a worker. */
    record DataFrame(Pbbp2.Frame frame, String messageId, byte[] payload, long received) {
    }

    private final LarkEndpoint endpoint;
    private final LarkConfiguration config;
    private final AtomicLong filtered = new AtomicLong();
    private final AtomicLong cardFrames = new AtomicLong();
    private final AtomicLong pings = new AtomicLong();
    private final AtomicLong pongs = new AtomicLong();
    private final Map<WebSocketConnection, Integer> serviceIds = new ConcurrentHashMap<>();
    private volatile int nextServiceId;
    private volatile LarkClientConfig clientConfig = LarkClientConfig.DEFAULT;
    private Set<String> eventTypes;
    private LarkFragmentCache fragments;
    private WebSocketSessionConfig wsConfig;

    public LarkStreamConsumer(LarkEndpoint endpoint, Processor processor) {
        super(endpoint, processor, LarkConstants.PLATFORM, "Lark long connection", endpoint.getConfiguration());
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    /** The event types the option {@code eventTypes} stands for; null = every type. */
    static Set<String> eventTypes(String option) {
        if (option == null || option.isBlank()) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : option.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out.isEmpty() ? null : Set.copyOf(out);
    }

    @Override
    protected void validate() {
        eventTypes = eventTypes(config.getEventTypes());
        if (isBlank(config.getAppId()) || isBlank(config.getAppSecret())) {
            throw new IllegalArgumentException("lark:stream needs the options appId and appSecret");
        }
        fragments = new LarkFragmentCache(FRAGMENT_EXPIRY, 4L * Math.max(64 * 1024, config.getMaxFrameSize()));
    }

    @Override
    protected void configure(WebSocketSessionConfig sessionConfig) {
        wsConfig = sessionConfig;
        clientConfig = LarkClientConfig.DEFAULT;
        applyClientConfig(clientConfig);
    }

    @Override
    protected WebSocketSession.Endpoint resolve() {
        return resolve(endpoint.requireClient("open the long connection"));
    }

    /** A fresh connection address (a new ticket every time) and the client config that comes with it. */
    private WebSocketSession.Endpoint resolve(LarkClient client) {
        LarkClient.StreamEndpoint ep = client.streamEndpoint();
        try {
            applyClientConfig(LarkClientConfig.parse(ep.clientConfig(), clientConfig, false));
        } catch (IllegalArgumentException e) {
            LOG.warn("Lark long connection: ignoring the client config of the endpoint answer ({})", e.getMessage());
        }
        Integer serviceId = LarkFrames.serviceId(ep.url());
        if (serviceId == null) {
            LOG.warn("Lark long connection: the connection URL has no numeric service_id; pings carry service 0");
        }
        nextServiceId = serviceId == null ? 0 : serviceId;
        try {
            return WebSocketSession.Endpoint.of(URI.create(ep.url()));
        } catch (IllegalArgumentException e) {
            // the URL carries credentials (access key, ticket): name it without its query
            throw new IllegalArgumentException("Lark answered an unusable connection URL " + ep);
        }
    }

    /** Ping interval and reconnect rules from Lark's client config (see the class comment). */
    private void applyClientConfig(LarkClientConfig cc) {
        LarkClientConfig before = clientConfig;
        clientConfig = cc;
        long optionMax = Math.max(1, Math.max(config.getReconnectDelay(), config.getMaxReconnectDelay()));
        long cap = cc.reconnectInterval() > 0 ? Math.min(optionMax, TimeUnit.SECONDS.toMillis(cc.reconnectInterval()))
                : optionMax;
        long base = Math.max(1, Math.min(config.getReconnectDelay(), cap));
        long jitter = cc.reconnectNonce() > 0 ? Math.min(optionMax, TimeUnit.SECONDS.toMillis(cc.reconnectNonce())) : 0;
        wsConfig.setReconnectDelay(Duration.ofMillis(base))
                .setMaxReconnectDelay(Duration.ofMillis(Math.max(base, cap)))
                .setFirstReconnectJitter(Duration.ofMillis(jitter));
        Duration ping = pingInterval();
        WebSocketSession s = getSession();
        if (s != null) {
            s.setHeartbeatInterval(ping);
        } else {
            wsConfig.setHeartbeatInterval(ping);
        }
        if (!cc.equals(before)) {
            LOG.debug(
                    "Lark long connection: client config {} (ping every {} ms, reconnect after {}-{} ms, first jitter up "
                      + "to {} ms)",
                    cc, ping.toMillis(), base, cap, jitter);
        }
    }

    /** The ping interval in use: the option {@code heartbeatInterval}, else Lark's PingInterval. */
    public Duration pingInterval() {
        if (config.getHeartbeatInterval() > 0) {
            return Duration.ofMillis(config.getHeartbeatInterval());
        }
        int seconds = clientConfig.pingInterval() > 0 ? clientConfig.pingInterval()
                : LarkClientConfig.DEFAULT.pingInterval();
        return Duration.ofSeconds(seconds);
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (fragments != null) {
            fragments.clear();
        }
        serviceIds.clear();
    }

    @Override
    protected void healthDetails(Map<String, Object> details) {
        details.put("filtered", filtered.get());
        if (getSession() != null) {
            details.put("pingIntervalMs", pingInterval().toMillis());
        }
        LarkFragmentCache f = fragments;
        if (f != null) {
            details.put("pendingFragmentSets", f.pendingSets());
        }
    }

    /** The client config Lark sent last. */
    public LarkClientConfig getClientConfig() {
        return clientConfig;
    }

    /** Events answered without routing because {@code eventTypes} leaves their type out. */
    public long getFilteredCount() {
        return filtered.get();
    }

    /** Legacy {@code type=card} data frames ignored. */
    public long getCardFrameCount() {
        return cardFrames.get();
    }

    public long getPingCount() {
        return pings.get();
    }

    public long getPongCount() {
        return pongs.get();
    }

    /** Incomplete fragment sets held now. */
    public int getPendingFragmentSets() {
        LarkFragmentCache f = fragments;
        return f == null ? 0 : f.pendingSets();
    }

    // ------------------------------------------------------------------ frames

    @Override
    protected void onOpen(WebSocketConnection connection) {
        serviceIds.put(connection, nextServiceId);
    }

    @Override
    protected void onClose(WebSocketConnection connection, int statusCode, String reason) {
        serviceIds.remove(connection);
    }

    @Override
    protected void onText(WebSocketConnection connection, String text) {
        LOG.debug("Lark long connection: text message of {} chars ignored (frames are binary)", text.length());
    }

    @Override
    protected void onBinary(WebSocketConnection connection, byte[] data) {
        frame(connection, data);
    }

    @Override
    protected void onHeartbeat(WebSocketConnection connection) {
        connection.send(LarkFrames.ping(serviceIds.getOrDefault(connection, nextServiceId)));
        pings.incrementAndGet();
        LarkFragmentCache f = fragments;
        if (f != null) {
            f.expire();
        }
    }

    private void frame(WebSocketConnection connection, byte[] data) {
        Pbbp2.Frame frame;
        try {
            frame = Pbbp2.Frame.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            badFrame("undecodable frame of " + data.length + " bytes ignored (" + e.getMessage() + ")");
            return;
        }
        switch (frame.getMethod()) {
            case LarkFrames.METHOD_CONTROL -> control(frame);
            case LarkFrames.METHOD_DATA -> data(connection, frame);
            default -> badFrame("frame with unknown method " + frame.getMethod() + " ignored");
        }
    }

    private void control(Pbbp2.Frame frame) {
        String type = LarkFrames.header(frame, LarkFrames.TYPE);
        if (!LarkFrames.TYPE_PONG.equals(type)) {
            LOG.debug("Lark long connection: control frame of type {} ignored", type);
            return;
        }
        pongs.incrementAndGet();
        if (frame.getPayload().isEmpty()) {
            return;
        }
        try {
            LarkClientConfig cc = LarkClientConfig.parse(Json.read(frame.getPayload().toByteArray()), clientConfig,
                    true);
            applyClientConfig(cc);
        } catch (RuntimeException e) {
            badFrame("pong with an unreadable client config ignored (" + e.getMessage() + ")");
        }
    }

    private void data(WebSocketConnection connection, Pbbp2.Frame frame) {
        long received = System.nanoTime();
        String type = LarkFrames.header(frame, LarkFrames.TYPE);
        String messageId = LarkFrames.header(frame, LarkFrames.MESSAGE_ID);
        String sumText = LarkFrames.header(frame, LarkFrames.SUM);
        String seqText = LarkFrames.header(frame, LarkFrames.SEQ);
        String traceId = LarkFrames.header(frame, LarkFrames.TRACE_ID);
        String missing = type == null ? LarkFrames.TYPE : messageId == null ? LarkFrames.MESSAGE_ID
                : sumText == null ? LarkFrames.SUM : seqText == null ? LarkFrames.SEQ
                        : traceId == null ? LarkFrames.TRACE_ID : null;
        if (missing != null) {
            badFrame("data frame " + (messageId == null ? "" : messageId + " ") + "without header " + missing
                     + " ignored");
            return;
        }
        int sum;
        int seq;
        try {
            sum = Integer.parseInt(sumText.trim());
            seq = Integer.parseInt(seqText.trim());
        } catch (NumberFormatException e) {
            badFrame("data frame " + messageId + " with sum '" + abbreviate(sumText) + "' and seq '"
                     + abbreviate(seqText)
                     + "' ignored");
            return;
        }
        if (sum < 1 || seq < 0 || seq >= sum || sum > LarkFragmentCache.MAX_FRAGMENTS) {
            badFrame("data frame " + messageId + " with seq " + seq + " of sum " + sum + " ignored");
            return;
        }
        if (LarkFrames.TYPE_CARD.equals(type)) {
            // the legacy card channel: the SDKs ignore it and do not answer
            cardFrames.incrementAndGet();
            LOG.debug("Lark long connection: card frame {} ignored", messageId);
            return;
        }
        if (!LarkFrames.TYPE_EVENT.equals(type)) {
            badFrame("data frame " + messageId + " of unknown type " + abbreviate(type) + " ignored");
            return;
        }
        byte[] payload;
        if (sum > 1) {
            payload = fragments.add(messageId, sum, seq, frame.getPayload().toByteArray());
            if (payload == null) {
                LOG.trace("Lark long connection: fragment {} of {} of {} kept", seq, sum, messageId);
                return;
            }
        } else {
            payload = frame.getPayload().toByteArray();
            if (fragments.pendingSets() > 0) {
                // sent again in one piece: forget what came split before
                fragments.discard(messageId);
            }
        }
        dispatch(connection, new DataFrame(frame, messageId, payload, received), messageId);
    }

    /**
     * The event of a reassembled frame. Events that {@code eventTypes} leaves out are answered 200 at once and not
     * routed; unreadable payloads are counted and left unanswered. Card actions expect an answer.
     */
    @Override
    protected ChatEvent read(WebSocketConnection connection, DataFrame data) {
        LarkEvent event;
        try {
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(data.payload());
            } catch (IOException e) {
                // no parser message: it may quote the payload, and events carry tokens
                throw new IllegalArgumentException("not JSON");
            }
            event = LarkEvent.parse(root);
        } catch (RuntimeException e) {
            badFrame("event frame " + data.messageId() + " of " + data.payload().length
                     + " bytes has an unreadable payload ("
                     + e.getMessage() + "); not answered");
            return null;
        }
        if (eventTypes != null && (event.eventType() == null || !eventTypes.contains(event.eventType()))) {
            filtered.incrementAndGet();
            LOG.debug("Lark long connection: event {} of type {} not routed (eventTypes)", event.eventId(),
                    event.eventType());
            answer(connection, LarkFrames.ack(data.frame(), 200, elapsedMillis(data.received()), null),
                    data.messageId());
            return null;
        }
        return new ChatEvent(event, LarkMessages.headers(event), event.isCardAction());
    }

    /** {@code {"code":200}} (with a card action's answer) for a completed exchange, {@code {"code":500}} otherwise. */
    @Override
    protected Object acknowledgement(DataFrame data, ChatEvent event, Exchange exchange, boolean ok) {
        byte[] answer = ok && event.expectsAnswer() ? cardAnswer(exchange.getMessage().getBody()) : null;
        return LarkFrames.ack(data.frame(), ok ? 200 : 500, elapsedMillis(data.received()), answer);
    }

    private static long elapsedMillis(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    /**
     * The answer to a card action from the route's body: a Map, JSON object or JSON text with {@code toast} and/or
     * {@code card}, as JSON bytes; anything else none.
     */
    static byte[] cardAnswer(Object body) {
        JsonNode node = null;
        if (body instanceof JsonNode n) {
            node = n;
        } else if (body instanceof Map<?, ?> map) {
            if (!map.containsKey("toast") && !map.containsKey("card")) {
                return null;
            }
            try {
                node = Json.MAPPER.valueToTree(map);
            } catch (IllegalArgumentException e) {
                LOG.warn("Lark long connection: card action answer cannot be written as JSON ({}); answered without it",
                        e.getMessage());
                return null;
            }
        } else if (body instanceof String s && s.trim().startsWith("{")) {
            try {
                node = Json.read(s);
            } catch (IllegalArgumentException e) {
                return null;
            }
        } else if (body instanceof byte[] b && b.length > 0 && b[0] == '{') {
            try {
                node = Json.read(b);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (node == null || !node.isObject() || !(node.has("toast") || node.has("card"))) {
            return null;
        }
        return Json.writeBytes(node);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
