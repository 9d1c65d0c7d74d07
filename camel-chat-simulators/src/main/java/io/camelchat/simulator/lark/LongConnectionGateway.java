package io.camelchat.simulator.lark;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.PushEngine;
import io.camelchat.simulator.common.PushEngine.Push;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;
import io.camelchat.simulator.common.SimScheduler;
import io.camelchat.simulator.common.WebSocketHandler;
import io.camelchat.simulator.lark.proto.Pbbp2;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;

import static io.camelchat.simulator.lark.LarkErrors.RANDOM;

/**
 * Lark's long-connection event channel: the endpoint request ({@code POST /callback/ws/endpoint}, which hands out a
 * one-time websocket URL), the {@code /ws/v2} websocket and its pbbp2 protobuf frames. Events go through the shared
 * {@link PushEngine} (queueing, ack deadlines, redelivery with the same ids); this class writes their data frames
 * (split into several when asked), answers pings with pongs, and reads the clients' response frames.
 */
final class LongConnectionGateway implements WebSocketHandler {

    /**
     * What one push carries.
     *
     * @param eventId       the event id in the payload
     * @param type          frame header {@code type}: {@code event} (answered, redelivered) or {@code card} (legacy)
     * @param payload       the schema 2.0 JSON as UTF-8
     * @param traceId       header {@code trace_id}, the same on every delivery
     * @param logId         {@code LogID}, the same on every delivery
     * @param cardToken     card actions: the update token, else {@code null}
     * @param cardMessageId card actions: the card's message id, else {@code null}
     */
    record LarkPush(String eventId, String type, byte[] payload, String traceId, long logId, String cardToken,
            String cardMessageId) {
    }

    /** What a client's response frame says. */
    private record Answer(Map<String, Object> payload, String payloadText, int code, Map<String, Object> data,
            String badData) {
    }

    private record Conn(String deviceId, Channel channel) {
    }

    private record Ticket(String deviceId, Instant expiresAt) {
    }

    private final LarkSettings settings;
    private final LarkState state;
    private final Faults faults;
    private final ProtocolLog protocolLog;
    private final IntSupplier port;
    private final SimScheduler scheduler;
    private final PushEngine<LarkPush> engine;
    private final AtomicLong frameSeq = new AtomicLong();
    private final AtomicLong turn = new AtomicLong();

    // guarded by lock; never call the engine while holding it (the engine calls in here with its own lock held)
    private final Object lock = new Object();
    private int endpointRequests;
    private final Map<String, Ticket> tickets = new HashMap<>();
    private final Map<Channel, String> upgrading = new HashMap<>();
    private final Map<Channel, Conn> conns = new LinkedHashMap<>();
    private long dataFramesWritten;
    private int pingsReceived;
    private int pongsSent;
    private final List<ResponseFrame> responses = new ArrayList<>();

    LongConnectionGateway(LarkSettings settings, LarkState state, Faults faults, ProtocolLog protocolLog,
                          SimScheduler scheduler, IntSupplier port) {
        this.settings = settings;
        this.state = state;
        this.faults = faults;
        this.protocolLog = protocolLog;
        this.scheduler = scheduler;
        this.port = port;
        this.engine = new PushEngine<>(scheduler, settings.ackTimeout(), settings.redeliveryDelays(), this::write);
    }

    // ================================================================ endpoint

    /** {@code POST /callback/ws/endpoint}: checks AppID/AppSecret and answers a websocket URL with a fresh ticket. */
    SimResponse endpoint(SimRequest r) {
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        countEndpointRequest();
        if (body == null || !settings.appId().equals(body.get("AppID"))
                || !settings.appSecret().equals(body.get("AppSecret"))) {
            return LarkErrors.answer(200, LarkErrors.CODE_ENDPOINT_CREDENTIALS, "app_id or app_secret is invalid",
                    Map.of());
        }
        String ticket = UUID.randomUUID().toString();
        String deviceId = String.valueOf(7_000_000_000_000_000_000L + (RANDOM.nextLong() & 0xFFFFFFFFFFFFL));
        synchronized (lock) {
            tickets.put(ticket, new Ticket(deviceId, Instant.now().plus(settings.ticketTtl())));
        }
        String base = r.tls() ? "wss://localhost:" + port.getAsInt() : "ws://127.0.0.1:" + port.getAsInt();
        String url = base + LarkSimulator.WS_PATH + "?fpid=493&aid=552564&device_id=" + deviceId + "&access_key="
                     + HexFormat.of().formatHex(LarkErrors.randomBytes(16)) + "&service_id=" + settings.serviceId()
                     + "&ticket=" + ticket;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("URL", url);
        data.put("ClientConfig", settings.clientConfig());
        return LarkErrors.answer(200, 0, "ok", data);
    }

    void countEndpointRequest() {
        synchronized (lock) {
            endpointRequests++;
        }
    }

    // ================================================================ pushes

    /**
     * Pushes an event data frame ({@code type=event}, answered and redelivered) or a legacy card frame
     * ({@code type=card}, never answered nor redelivered). Returns the frame's {@code message_id}.
     */
    String push(String eventId, String type, String json, String cardToken, String cardMessageId) {
        String frameMessageId = UUID.randomUUID().toString();
        boolean event = "event".equals(type);
        LarkPush p = new LarkPush(eventId, type, json.getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString(),
                RANDOM.nextLong() & Long.MAX_VALUE, cardToken, cardMessageId);
        engine.push(new Push<>(frameMessageId, event ? eventId : null, p, event));
        return frameMessageId;
    }

    /** The event id behind an event id or frame message id ({@code null} when unknown). */
    String eventIdOf(String eventIdOrFrameMessageId) {
        Push<LarkPush> p = engine.byId(eventIdOrFrameMessageId);
        return p == null ? null : p.payload().eventId();
    }

    /** Transport of the engine: the data frame(s) to one open connection (see {@code balancing}). */
    private boolean write(Push<LarkPush> push) {
        LarkPush p = push.payload();
        synchronized (lock) {
            List<Conn> open = conns.values().stream().filter(x -> x.channel().isActive()).toList();
            if (open.isEmpty()) {
                return false;
            }
            Conn c = settings.balancing().pick(open, turn);
            push.deliveredTo(c);
            Faults.Split split = faults.takeSplit();
            int n = 1;
            if (split != null) {
                n = split.parts();
            } else if (settings.splitAbove() > 0 && p.payload().length > settings.splitAbove()) {
                n = (p.payload().length + settings.splitAbove() - 1) / settings.splitAbove();
            }
            n = Math.max(1, Math.min(n, p.payload().length));
            int size = (p.payload().length + n - 1) / n;
            List<byte[]> parts = new ArrayList<>();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int from = Math.min(p.payload().length, i * size);
                parts.add(Arrays.copyOfRange(p.payload(), from, Math.min(p.payload().length, from + size)));
                order.add(i);
            }
            if (split != null && split.outOfOrder()) {
                Collections.reverse(order);
            }
            if (split != null && split.incomplete() && n > 1) {
                order.remove(Integer.valueOf(1));
            }
            ChannelFuture last = null;
            boolean drop = false;
            for (int i : order) {
                Pbbp2.Frame.Builder f = Pbbp2.Frame.newBuilder()
                        .setSeqID(frameSeq.incrementAndGet())
                        .setLogID(p.logId())
                        .setService(settings.serviceId())
                        .setMethod(1);
                header(f, "type", p.type());
                header(f, "message_id", push.id());
                header(f, "sum", String.valueOf(n));
                header(f, "seq", String.valueOf(i));
                header(f, "trace_id", p.traceId());
                header(f, "timestamp", String.valueOf(System.currentTimeMillis()));
                f.setPayload(ByteString.copyFrom(parts.get(i)));
                last = writeFrame(c.channel(), f.build());
                dataFramesWritten++;
                drop |= faults.dropsAfterFrame(dataFramesWritten);
            }
            if (drop && last != null) {
                Channel ch = c.channel();
                last.addListener(x -> ch.close());
            }
            return true;
        }
    }

    private static ChannelFuture writeFrame(Channel ch, Pbbp2.Frame frame) {
        return ch.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame.toByteArray())));
    }

    private static void header(Pbbp2.Frame.Builder f, String key, String value) {
        f.addHeaders(Pbbp2.Header.newBuilder().setKey(key).setValue(value));
    }

    // ================================================================ fault actions

    void dropAllConnections(boolean closeFrame) {
        List<Channel> chs;
        synchronized (lock) {
            chs = List.copyOf(conns.keySet());
        }
        for (Channel ch : chs) {
            if (closeFrame) {
                ch.writeAndFlush(new CloseWebSocketFrame(1000, "server closed")).addListener(x -> ch.close());
            } else {
                ch.close();
            }
        }
    }

    void sendRawToAll(byte[] bytes) {
        synchronized (lock) {
            for (Conn c : conns.values()) {
                c.channel().writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
            }
        }
    }

    // ================================================================ websocket callbacks

    @Override
    public SimResponse checkUpgrade(SimRequest request, Channel channel) {
        String t = request.query("ticket");
        synchronized (lock) {
            Ticket ticket = t == null ? null : tickets.remove(t);
            if (ticket == null || Instant.now().isAfter(ticket.expiresAt())
                    || !Objects.equals(ticket.deviceId(), request.query("device_id"))) {
                return SimResponse.text(403, "auth failed").withHeader("Handshake-Status", "514")
                        .withHeader("Handshake-Msg", "ticket is invalid, used or expired");
            }
            if (conns.size() + upgrading.size() >= settings.maxConnections()) {
                return SimResponse.text(403, "auth failed").withHeader("Handshake-Status", "514")
                        .withHeader("Handshake-Msg", "exceed connection limit")
                        .withHeader("Handshake-Autherrcode", String.valueOf(LarkErrors.CODE_CONN_LIMIT));
            }
            upgrading.put(channel, ticket.deviceId());
            return null;
        }
    }

    @Override
    public void onOpen(Channel channel) {
        synchronized (lock) {
            String deviceId = upgrading.remove(channel);
            if (deviceId == null || scheduler.isClosed()) {
                channel.close();
                return;
            }
            conns.put(channel, new Conn(deviceId, channel));
        }
        engine.flushQueued();
    }

    @Override
    public void onText(Channel channel, String text) {
        protocolLog.add("text websocket message (pbbp2 needs binary): " + ProtocolLog.abbreviate(text));
    }

    @Override
    public void onBinary(Channel channel, byte[] data) {
        Pbbp2.Frame frame;
        try {
            frame = Pbbp2.Frame.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            protocolLog.add("undecodable pbbp2 frame (" + data.length + " bytes): " + e.getMessage());
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Pbbp2.Header h : frame.getHeadersList()) {
            headers.putIfAbsent(h.getKey(), h.getValue());
        }
        if (frame.getMethod() == 0) {
            onControl(channel, frame, headers.get("type"));
        } else if (frame.getMethod() != 1) {
            protocolLog.add("frame with unknown method " + frame.getMethod());
        } else {
            onResponse(channel, frame, headers);
        }
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
        }
        if (c != null) {
            // what it had not answered goes to another connection of the app now, not after the ack deadline
            engine.connectionLost(c);
        }
    }

    // ================================================================ frames from clients

    private void onControl(Channel channel, Pbbp2.Frame frame, String type) {
        if (!"ping".equals(type)) {
            protocolLog.add("unexpected control frame type " + type);
            return;
        }
        boolean answer;
        synchronized (lock) {
            pingsReceived++;
            if (frame.getService() != settings.serviceId()) {
                protocolLog.add("ping with service " + frame.getService() + ", expected " + settings.serviceId());
            }
            answer = faults.answersPings();
            if (answer) {
                pongsSent++;
            }
        }
        if (answer) {
            Pbbp2.Frame.Builder pong = Pbbp2.Frame.newBuilder().setSeqID(0).setLogID(0)
                    .setService(frame.getService()).setMethod(0);
            header(pong, "type", "pong");
            if (settings.pongCarriesClientConfig()) {
                pong.setPayload(ByteString.copyFromUtf8(Json.write(settings.clientConfig())));
            }
            writeFrame(channel, pong.build());
        }
    }

    private static Answer parseAnswer(Pbbp2.Frame frame) {
        String payloadText = frame.getPayload().toStringUtf8();
        Map<String, Object> payload = Json.tryParseObject(payloadText);
        int code = payload != null && payload.get("code") instanceof Number n ? n.intValue() : -1;
        Map<String, Object> data = null;
        String badData = null;
        if (payload != null && payload.get("data") instanceof String s && !s.isEmpty()) {
            try {
                data = Json.tryParseObject(new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                data = null;
            }
            if (data == null) {
                badData = s;
            }
        } else if (payload != null && payload.get("data") instanceof Map<?, ?> dm) {
            @SuppressWarnings("unchecked")
            Map<String, Object> converted = Json.MAPPER.convertValue(dm, Map.class);
            data = converted;
        }
        return new Answer(payload, payloadText, code, data, badData);
    }

    private void onResponse(Channel channel, Pbbp2.Frame frame, Map<String, String> headers) {
        Answer a = parseAnswer(frame);
        String messageId = headers.get("message_id");
        Push<LarkPush> p = messageId == null ? null : engine.byId(messageId);
        synchronized (lock) {
            Conn c = conns.get(channel);
            responses.add(new ResponseFrame(messageId, headers.get("type"), headers.get("trace_id"),
                    headers.get("biz_rt"), Map.copyOf(headers), frame.getSeqID(), frame.getLogID(),
                    frame.getService(), a.code(), a.payload(), a.data(), c == null ? null : c.deviceId(),
                    Instant.now()));
        }
        if (a.payload() == null) {
            protocolLog.add("response payload is not a JSON object: " + ProtocolLog.abbreviate(a.payloadText()));
        }
        if (a.badData() != null) {
            protocolLog.add("response data is not Base64 of a JSON object: " + ProtocolLog.abbreviate(a.badData()));
        }
        if (p == null) {
            protocolLog.add("response for unknown message_id " + messageId);
            return;
        }
        if (a.code() == 200 && headers.get("biz_rt") == null) {
            protocolLog.add("response for " + messageId + " without biz_rt header");
        }
        LarkPush lp = p.payload();
        if (!"event".equals(lp.type())) {
            protocolLog.add("response to a " + lp.type() + " frame " + messageId + " (SDKs never answer those)");
            return;
        }
        if (a.code() == 200) {
            engine.acknowledge(p);
            if (lp.cardToken() != null && a.data() != null) {
                state.recordCardResponse(lp.eventId(), lp.cardToken(), lp.cardMessageId(), a.data());
            }
        } else {
            engine.reject(p);
        }
    }

    // ================================================================ inspection

    List<ResponseFrame> responses() {
        synchronized (lock) {
            return List.copyOf(responses);
        }
    }

    int deliveries(String eventIdOrFrameMessageId) {
        return engine.deliveries(eventIdOrFrameMessageId);
    }

    boolean isAcknowledged(String eventIdOrFrameMessageId) {
        return engine.isAcknowledged(eventIdOrFrameMessageId);
    }

    boolean isGivenUp(String eventIdOrFrameMessageId) {
        return engine.isGivenUp(eventIdOrFrameMessageId);
    }

    int queuedEvents() {
        return engine.queued();
    }

    int openConnections() {
        synchronized (lock) {
            return conns.size();
        }
    }

    int endpointRequests() {
        synchronized (lock) {
            return endpointRequests;
        }
    }

    int pingsReceived() {
        synchronized (lock) {
            return pingsReceived;
        }
    }

    int pongsSent() {
        synchronized (lock) {
            return pongsSent;
        }
    }
}
