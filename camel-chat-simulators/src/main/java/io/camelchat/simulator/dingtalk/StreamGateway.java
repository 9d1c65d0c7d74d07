package io.camelchat.simulator.dingtalk;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.PushEngine;
import io.camelchat.simulator.common.PushEngine.Push;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;
import io.camelchat.simulator.common.SimScheduler;
import io.camelchat.simulator.common.WebSocketHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import static io.camelchat.simulator.dingtalk.DingTalkErrors.RANDOM;
import static io.camelchat.simulator.dingtalk.DingTalkErrors.apiError;

/**
 * DingTalk's Stream mode gateway: registration ({@code POST /v1.0/gateway/connections/open}, which issues one-time
 * tickets), the {@code /connect} websocket, and the frames on it. Business pushes (robot messages, card callbacks,
 * EVENTs) go through the shared {@link PushEngine} (queueing, ack deadlines, redelivery with the same ids); this class
 * picks the connection for each delivery, writes the JSON frames, reads the clients' ack frames, and sends the SYSTEM
 * frames ({@code ping}, {@code disconnect}).
 */
final class StreamGateway implements WebSocketHandler {

    /** What one push carries: frame {@code type}, {@code topic}, headers without the per-delivery ones, data. */
    record StreamPush(String type, String topic, Map<String, String> headers, String data) {
        boolean isEvent() {
            return "EVENT".equals(type);
        }
    }

    private record Ticket(String ticket, Instant expiresAt, boolean events, Set<String> callbackTopics) {
    }

    private record SystemPush(String topic, String opaque) {
    }

    /** What the fields of one ack frame say. */
    private record AckFrame(Map<String, Object> json, int code, String messageId, String message,
            Map<String, Object> data, String badData) {
    }

    private static final class Conn {
        final String id = UUID.randomUUID().toString();
        final Channel channel;
        final boolean events;
        final Set<String> callbackTopics;
        boolean disconnecting;
        ScheduledFuture<?> pingTask;
        ScheduledFuture<?> closeTask;

        Conn(Channel channel, Ticket t) {
            this.channel = channel;
            this.events = t.events();
            this.callbackTopics = t.callbackTopics();
        }

        boolean takes(StreamPush p) {
            return channel.isActive() && !disconnecting
                    && (p.isEvent() ? events : callbackTopics.contains(p.topic()));
        }
    }

    private final DingTalkSettings settings;
    private final Faults faults;
    private final ProtocolLog protocolLog;
    private final SimScheduler scheduler;
    private final Supplier<String> wsEndpoint;
    private final PushEngine<StreamPush> engine;
    private final int idPrefix = RANDOM.nextInt();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong turn = new AtomicLong();
    private final AtomicLong eventsAcknowledged = new AtomicLong();

    // guarded by lock; never call the engine while holding it (the engine calls in here with its own lock held)
    private final Object lock = new Object();
    private final Map<String, Ticket> tickets = new HashMap<>();
    private final Map<Channel, Ticket> upgrading = new HashMap<>();
    private final Map<Channel, Conn> conns = new LinkedHashMap<>();
    private final List<Map<String, Object>> registrationRequests = new ArrayList<>();
    private int registrations;
    private final Map<String, SystemPush> systemPushes = new HashMap<>();
    private int systemPingsSent;
    private int systemPingsEchoed;
    private long businessFrames;
    private final List<FrameAck> acks = new ArrayList<>();
    private final Map<String, String> cardTracks = new HashMap<>();
    private final Map<String, Object> cardResponses = new HashMap<>();

    StreamGateway(DingTalkSettings settings, Faults faults, ProtocolLog protocolLog, SimScheduler scheduler,
                  Supplier<String> wsEndpoint) {
        this.settings = settings;
        this.faults = faults;
        this.protocolLog = protocolLog;
        this.scheduler = scheduler;
        this.wsEndpoint = wsEndpoint;
        this.engine = new PushEngine<>(scheduler, settings.ackTimeout(), settings.redeliveryDelays(), this::write);
    }

    // ================================================================ registration

    /** {@code POST /v1.0/gateway/connections/open}: checks the credentials and subscriptions, issues a ticket. */
    SimResponse openConnection(SimRequest r) {
        Map<String, Object> b = Json.tryParseObject(r.bodyText());
        if (b == null) {
            protocolLog.add("HTTP /v1.0/gateway/connections/open: body is not a JSON object");
            return apiError(400, "InvalidParameter", "request body is not a valid JSON object");
        }
        synchronized (lock) {
            registrationRequests.add(b);
        }
        if (faults.takeRegistrationRejection() || !settings.clientId().equals(b.get("clientId"))
                || !settings.clientSecret().equals(b.get("clientSecret"))) {
            return apiError(401, "InvalidAuthentication", "clientId or clientSecret is invalid");
        }
        if (!(b.get("subscriptions") instanceof List<?> subs) || subs.isEmpty()) {
            return apiError(400, "MissingParameter", "subscriptions is mandatory for this action.");
        }
        boolean events = false;
        Set<String> topics = new LinkedHashSet<>();
        for (Object o : subs) {
            if (!(o instanceof Map<?, ?> s) || !(s.get("type") instanceof String type)
                    || !(s.get("topic") instanceof String topic)) {
                return apiError(400, "InvalidParameter", "subscriptions items need type and topic");
            }
            if ("EVENT".equals(type)) {
                if (!"*".equals(topic)) {
                    return apiError(400, "InvalidParameter", "EVENT subscriptions only support topic *");
                }
                events = true;
            } else if ("CALLBACK".equals(type)) {
                topics.add(topic);
            } else {
                return apiError(400, "InvalidParameter", "unknown subscription type " + type);
            }
        }
        String ticket = UUID.randomUUID().toString();
        synchronized (lock) {
            tickets.put(ticket, new Ticket(ticket, Instant.now().plus(settings.ticketTtl()), events,
                    Set.copyOf(topics)));
            registrations++;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("endpoint", wsEndpoint.get());
        m.put("ticket", ticket);
        return DingTalkErrors.ok(m);
    }

    // ================================================================ pushes

    String newMessageId() {
        return String.format("%08x_%d_%x_%x", idPrefix, 7, System.currentTimeMillis(), seq.incrementAndGet());
    }

    /** An EVENT push with DingTalk's headers (all values strings) and a fresh event id and message id. */
    private Push<StreamPush> newEventPush(String eventType, String dataJson) {
        String eventId = HexFormat.of().formatHex(DingTalkErrors.randomBytes(16));
        String messageId = newMessageId();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("appId", settings.unifiedAppId());
        h.put("contentType", "application/json");
        h.put("eventBornTime", String.valueOf(System.currentTimeMillis()));
        h.put("eventCorpId", settings.corpId());
        h.put("eventId", eventId);
        h.put("eventType", eventType);
        h.put("eventUnifiedAppId", settings.unifiedAppId());
        h.put("messageId", messageId);
        h.put("topic", DingTalkSimulator.TOPIC_ALL_EVENTS);
        return new Push<>(messageId, eventId,
                new StreamPush("EVENT", DingTalkSimulator.TOPIC_ALL_EVENTS, h, dataJson), true);
    }

    private Push<StreamPush> newCallbackPush(String topic, String data) {
        return newCallbackPush(newMessageId(), topic, data);
    }

    private Push<StreamPush> newCallbackPush(String messageId, String topic, String data) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("appId", settings.unifiedAppId());
        h.put("contentType", "application/json");
        h.put("messageId", messageId);
        h.put("topic", topic);
        return new Push<>(messageId, null, new StreamPush("CALLBACK", topic, h, data), settings.redeliverCallbacks());
    }

    /** Pushes an EVENT; returns its event id. */
    String pushEvent(String eventType, String dataJson) {
        Push<StreamPush> p = newEventPush(eventType, dataJson);
        engine.push(p);
        return p.alias();
    }

    /**
     * Pushes {@code count} EVENTs, spread over the connections taking events and written in bursts with one flush each (one at a time while no
     * connection takes events or a drop fault is set). Returns the event ids in push order.
     */
    List<String> pushEvents(int count, String eventType, String dataJson) {
        List<Push<StreamPush>> batch = new ArrayList<>(count);
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Push<StreamPush> p = newEventPush(eventType, dataJson);
            batch.add(p);
            ids.add(p.alias());
        }
        engine.pushAll(batch, this::writeBurst);
        return ids;
    }

    /** Pushes a CALLBACK of this topic; returns its message id. */
    String pushCallback(String topic, String data) {
        Push<StreamPush> p = newCallbackPush(topic, data);
        engine.push(p);
        return p.id();
    }

    /** Pushes a card callback; its ack's {@code response} is then found by {@code outTrackId}. */
    void pushCardCallback(String outTrackId, String data) {
        Push<StreamPush> p = newCallbackPush(DingTalkSimulator.TOPIC_CARD_CALLBACK, data);
        synchronized (lock) {
            cardTracks.put(outTrackId, p.id());
        }
        engine.push(p);
    }

    /** The {@code response} of the latest ack to the latest card callback with that outTrackId, or {@code null}. */
    @SuppressWarnings("unchecked")
    Map<String, Object> cardCallbackResponse(String outTrackId) {
        synchronized (lock) {
            String messageId = cardTracks.get(outTrackId);
            Object r = messageId == null ? null : cardResponses.get(messageId);
            return r instanceof Map ? (Map<String, Object>) r : null;
        }
    }

    /** Pushes a robot-message CALLBACK frame of exactly {@code bytes} bytes; returns its message id. */
    String pushOversize(int bytes) {
        String messageId = newMessageId();
        Push<StreamPush> probe = newCallbackPush(messageId, DingTalkSimulator.TOPIC_BOT_MESSAGE, "{}");
        // the frame length depends on connectionId/time which have fixed lengths; measure with sample values
        Map<String, String> h = new LinkedHashMap<>(probe.payload().headers());
        h.put("connectionId", UUID.randomUUID().toString());
        h.put("time", String.valueOf(System.currentTimeMillis()));
        String prefix = "{\"msgtype\":\"text\",\"robotCode\":" + Json.write(settings.robotCode())
                        + ",\"text\":{\"content\":\"";
        String suffix = "\"}}";
        int base = frame("CALLBACK", h, prefix + suffix).getBytes(StandardCharsets.UTF_8).length;
        String data = prefix + "x".repeat(Math.max(0, bytes - base)) + suffix;
        engine.push(newCallbackPush(messageId, DingTalkSimulator.TOPIC_BOT_MESSAGE, data));
        return messageId;
    }

    /** Transport of the engine: one frame to one open connection subscribed to the push (see {@code balancing}). */
    private boolean write(Push<StreamPush> p) {
        StreamPush sp = p.payload();
        synchronized (lock) {
            List<Conn> eligible = eligible(sp);
            if (eligible.isEmpty()) {
                return false;
            }
            Conn c = settings.balancing().pick(eligible, turn);
            p.deliveredTo(c);
            String text = deliveryFrame(sp, c);
            businessFrames++;
            ChannelFuture f = c.channel.writeAndFlush(new TextWebSocketFrame(text));
            if (faults.dropsAfterFrame(businessFrames)) {
                f.addListener(x -> c.channel.close());
            }
            return true;
        }
    }

    /** Lock held. */
    private List<Conn> eligible(StreamPush sp) {
        List<Conn> eligible = new ArrayList<>();
        for (Conn c : conns.values()) {
            if (c.takes(sp)) {
                eligible.add(c);
            }
        }
        return eligible;
    }

    /**
     * Bulk transport: every push of the batch to one of the connections taking events (picked per push as
     * {@link #write} does), written in bursts of 64 frames per flush on each connection.
     */
    private boolean writeBurst(List<Push<StreamPush>> batch) {
        Map<Conn, List<String>> framesByConn = new LinkedHashMap<>();
        synchronized (lock) {
            if (batch.isEmpty() || faults.dropsConnections()) {
                return false;
            }
            List<Conn> eligible = eligible(batch.get(0).payload());
            if (eligible.isEmpty()) {
                return false;
            }
            for (Push<StreamPush> p : batch) {
                Conn c = settings.balancing().pick(eligible, turn);
                p.deliveredTo(c);
                framesByConn.computeIfAbsent(c, k -> new ArrayList<>()).add(deliveryFrame(p.payload(), c));
                businessFrames++;
            }
        }
        int burst = 64;
        framesByConn.forEach((c, frames) -> {
            Channel channel = c.channel;
            for (int from = 0; from < frames.size(); from += burst) {
                List<String> part = frames.subList(from, Math.min(frames.size(), from + burst));
                channel.eventLoop().execute(() -> {
                    for (String f : part) {
                        channel.write(new TextWebSocketFrame(f));
                    }
                    channel.flush();
                });
            }
        });
        return true;
    }

    private static String deliveryFrame(StreamPush p, Conn c) {
        Map<String, String> h = new LinkedHashMap<>(p.headers());
        h.put("connectionId", c.id);
        h.put("time", String.valueOf(System.currentTimeMillis()));
        return frame(p.type(), h, p.data());
    }

    private static String frame(String type, Map<String, String> headers, String data) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("specVersion", "1.0");
        f.put("type", type);
        f.put("headers", headers);
        f.put("data", data);
        return Json.write(f);
    }

    /** Lock held. */
    private void sendSystem(Conn c, String topic, Map<String, Object> data, String opaque) {
        String messageId = newMessageId();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("contentType", "application/json");
        h.put("messageId", messageId);
        h.put("time", String.valueOf(System.currentTimeMillis()));
        h.put("topic", topic);
        systemPushes.put(messageId, new SystemPush(topic, opaque));
        c.channel.writeAndFlush(new TextWebSocketFrame(frame("SYSTEM", h, Json.write(data))));
    }

    // ================================================================ fault actions

    void dropAllConnections() {
        List<Channel> chs;
        synchronized (lock) {
            chs = conns.keySet().stream().toList();
        }
        chs.forEach(Channel::close);
    }

    void sendDisconnectToAll() {
        synchronized (lock) {
            for (Conn c : conns.values()) {
                if (c.disconnecting) {
                    continue;
                }
                c.disconnecting = true;
                SimScheduler.cancel(c.pingTask);
                sendSystem(c, "disconnect", Map.of("reason", "connection is expired"), null);
                c.closeTask = scheduler.schedule(settings.disconnectCloseDelay(), c.channel::close);
            }
        }
    }

    void sendRawToAll(String text) {
        synchronized (lock) {
            for (Conn c : conns.values()) {
                c.channel.writeAndFlush(new TextWebSocketFrame(text));
            }
        }
    }

    // ================================================================ websocket callbacks

    @Override
    public SimResponse checkUpgrade(SimRequest request, Channel channel) {
        String t = request.query("ticket");
        synchronized (lock) {
            Ticket ticket = t == null ? null : tickets.remove(t);
            if (ticket == null || Instant.now().isAfter(ticket.expiresAt())) {
                return apiError(401, "InvalidAuthentication", "ticket is invalid, used or expired");
            }
            upgrading.put(channel, ticket);
            return null;
        }
    }

    @Override
    public void onOpen(Channel channel) {
        synchronized (lock) {
            Ticket t = upgrading.remove(channel);
            if (t == null || scheduler.isClosed()) {
                channel.close();
                return;
            }
            Conn c = new Conn(channel, t);
            conns.put(channel, c);
            if (settings.systemPingInterval() != null && !settings.systemPingInterval().isZero()) {
                c.pingTask = scheduler.scheduleAtFixedRate(settings.systemPingInterval(), () -> ping(c));
            }
        }
        engine.flushQueued();
    }

    private void ping(Conn c) {
        synchronized (lock) {
            if (c.channel.isActive() && !c.disconnecting) {
                String opaque = UUID.randomUUID().toString();
                systemPingsSent++;
                sendSystem(c, "ping", Map.of("opaque", opaque), opaque);
            }
        }
    }

    @Override
    public void onText(Channel channel, String text) {
        onAck(channel, text);
    }

    @Override
    public void onProtocolError(Channel channel, String description) {
        protocolLog.add("websocket: " + description);
    }

    @Override
    public void onClose(Channel channel) {
        Conn c;
        synchronized (lock) {
            upgrading.remove(channel);
            c = conns.remove(channel);
            if (c != null) {
                SimScheduler.cancel(c.pingTask);
                SimScheduler.cancel(c.closeTask);
            }
        }
        if (c != null) {
            // what it had not answered goes to another connection of the app now, not after the ack deadline
            engine.connectionLost(c);
        }
    }

    @Override
    public boolean answerPings() {
        return faults.answersWebSocketPings();
    }

    // ================================================================ acks

    private static AckFrame parseAck(String text) {
        Map<String, Object> m = Json.tryParseObject(text);
        int code = -1;
        String messageId = null;
        String message = null;
        Map<String, Object> data = null;
        String badData = null;
        if (m != null) {
            if (m.get("code") instanceof Number n) {
                code = n.intValue();
            }
            if (m.get("headers") instanceof Map<?, ?> hm && hm.get("messageId") != null) {
                messageId = String.valueOf(hm.get("messageId"));
            }
            message = m.get("message") == null ? null : String.valueOf(m.get("message"));
            Object d = m.get("data");
            if (d instanceof String s && !s.isBlank()) {
                data = Json.tryParseObject(s);
                if (data == null) {
                    badData = s;
                }
            } else if (d instanceof Map<?, ?> dm) {
                @SuppressWarnings("unchecked")
                Map<String, Object> converted = Json.MAPPER.convertValue(dm, Map.class);
                data = converted;
            }
        }
        return new AckFrame(m, code, messageId, message, data, badData);
    }

    private void onAck(Channel channel, String text) {
        AckFrame a = parseAck(text);
        Instant receivedAt = Instant.now();
        Push<StreamPush> p = a.messageId() == null ? null : engine.byId(a.messageId());
        boolean success;
        synchronized (lock) {
            Conn c = conns.get(channel);
            String connId = c == null ? null : c.id;
            if (a.json() == null) {
                protocolLog.add("ack is not a JSON object: " + ProtocolLog.abbreviate(text));
                return;
            }
            if (!(a.json().get("code") instanceof Number)) {
                protocolLog.add("ack without numeric code: " + ProtocolLog.abbreviate(text));
            }
            if (a.badData() != null) {
                protocolLog.add("ack data is not a JSON object text: " + ProtocolLog.abbreviate(a.badData()));
            }
            SystemPush sp = a.messageId() == null ? null : systemPushes.get(a.messageId());
            String type = p != null ? p.payload().type() : sp != null ? "SYSTEM" : null;
            String topic = p != null ? p.payload().topic() : sp != null ? sp.topic() : null;
            acks.add(new FrameAck(a.messageId(), a.code(), a.message(), a.data(), connId, receivedAt, type, topic,
                    text));
            if (a.messageId() == null) {
                protocolLog.add("ack without headers.messageId: " + ProtocolLog.abbreviate(text));
                return;
            }
            if (p == null && sp == null) {
                protocolLog.add("ack for unknown messageId " + a.messageId());
                return;
            }
            if (sp != null) {
                if ("ping".equals(sp.topic())) {
                    if (a.code() == 200 && a.data() != null && Objects.equals(sp.opaque(), a.data().get("opaque"))) {
                        systemPingsEchoed++;
                    } else {
                        protocolLog.add("SYSTEM ping " + a.messageId() + " not echoed correctly: "
                                        + ProtocolLog.abbreviate(text));
                    }
                }
                return;
            }
            if (p.payload().isEvent()) {
                // Java/Go: data.status SUCCESS|LATER; Python echoes the event data (no status) with code 200
                Object status = a.data() == null ? null : a.data().get("status");
                success = a.code() == 200 && (status == null || "SUCCESS".equals(status));
            } else {
                success = a.code() == 200;
                if (DingTalkSimulator.TOPIC_CARD_CALLBACK.equals(p.payload().topic()) && a.data() != null) {
                    cardResponses.put(p.id(), a.data().get("response"));
                }
            }
        }
        if (success) {
            if (engine.acknowledge(p) && p.payload().isEvent()) {
                eventsAcknowledged.incrementAndGet();
            }
        } else {
            engine.reject(p);
        }
    }

    // ================================================================ inspection

    int deliveries(String messageIdOrEventId) {
        return engine.deliveries(messageIdOrEventId);
    }

    boolean isAcknowledged(String messageIdOrEventId) {
        return engine.isAcknowledged(messageIdOrEventId);
    }

    boolean isGivenUp(String messageIdOrEventId) {
        return engine.isGivenUp(messageIdOrEventId);
    }

    int queuedPushes() {
        return engine.queued();
    }

    long acknowledgedEvents() {
        return eventsAcknowledged.get();
    }

    List<FrameAck> acks() {
        synchronized (lock) {
            return List.copyOf(acks);
        }
    }

    int openConnections() {
        synchronized (lock) {
            return conns.size();
        }
    }

    int registrations() {
        synchronized (lock) {
            return registrations;
        }
    }

    List<Map<String, Object>> registrationRequests() {
        synchronized (lock) {
            return List.copyOf(registrationRequests);
        }
    }

    int systemPingsSent() {
        synchronized (lock) {
            return systemPingsSent;
        }
    }

    int systemPingsEchoed() {
        synchronized (lock) {
            return systemPingsEchoed;
        }
    }
}
