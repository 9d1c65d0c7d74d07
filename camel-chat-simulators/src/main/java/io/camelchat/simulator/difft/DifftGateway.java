package io.camelchat.simulator.difft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.PushEngine;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;
import io.camelchat.simulator.common.WebSocketHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * The websocket listener of reference section 8 on the shared {@link PushEngine}: a signed upgrade on
 * {@code /v1/websocket}; {@code {"cmd":"fetch"}} asks for the next batch and acknowledges the previous one,
 * {@code {"cmd":"commit"}} only acknowledges; a batch ({@code {"messages":[{"data":...}]}}, at most
 * {@code batchSize}) is written only against an outstanding fetch. A batch not acknowledged within the ack timeout, or
 * in flight when the connection drops, is redelivered with the same data (the engine's redelivery schedule).
 *
 * <p>Lock order: the engine's lock, then this gateway's; never the other way round (acknowledgements are made after
 * this gateway's lock is released).
 */
final class DifftGateway implements WebSocketHandler {

    static final String PATH = "/v1/websocket";

    /** One inbound message for one app's bot. */
    record Delivery(String appId, Map<String, Object> data) {
    }

    private static final class Conn {
        final String appId;
        final Channel channel;
        boolean fetchOutstanding;
        final List<PushEngine.Push<Delivery>> assembling = new ArrayList<>();
        List<PushEngine.Push<Delivery>> inFlight = new ArrayList<>();

        Conn(String appId, Channel channel) {
            this.appId = appId;
            this.channel = channel;
        }
    }

    private final DifftSimulator sim;
    private final Set<String> deniedApps;
    private final int batchSize;
    private final Map<Channel, Conn> conns = new LinkedHashMap<>();
    private final Map<Channel, String> upgrading = new LinkedHashMap<>();
    private final Map<String, Deque<String>> rawFrames = new LinkedHashMap<>();
    private PushEngine<Delivery> engine;

    DifftGateway(DifftSimulator sim, Set<String> deniedApps, int batchSize) {
        this.sim = sim;
        this.deniedApps = Set.copyOf(deniedApps);
        this.batchSize = batchSize;
    }

    void engine(PushEngine<Delivery> e) {
        engine = e;
    }

    // ---------------------------------------------------------------- WebSocketHandler

    @Override
    public SimResponse checkUpgrade(SimRequest r, Channel channel) {
        sim.traffic("websocket upgrade " + r.uri());
        SimResponse refused = sim.faults().refuseUpgrade();
        if (refused != null) {
            return refused;
        }
        DifftSignatures.Failure f = sim.signatures().verify(r, System.currentTimeMillis());
        if (f != null) {
            sim.protocolLog().add("websocket upgrade: " + f.detail());
            return DifftErrors.unauthorized(f.expired());
        }
        synchronized (this) {
            upgrading.put(channel, r.header(DifftSignatures.APPID));
        }
        return null;
    }

    @Override
    public void onOpen(Channel channel) {
        String appId;
        synchronized (this) {
            appId = upgrading.remove(channel);
            if (appId != null && !deniedApps.contains(appId)) {
                conns.put(channel, new Conn(appId, channel));
                return;
            }
        }
        sim.protocolLog().add("websocket: app " + appId + " has no websocket permission (closed 1008)");
        channel.writeAndFlush(new CloseWebSocketFrame(1008, "no websocket permission"))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void onText(Channel channel, String text) {
        sim.traffic("websocket frame " + ProtocolLog.abbreviate(text));
        Map<String, Object> frame = Json.tryParseObject(text);
        Object cmd = frame == null ? null : frame.get("cmd");
        if (!"fetch".equals(cmd) && !"commit".equals(cmd)) {
            sim.protocolLog().add("websocket: unexpected frame " + ProtocolLog.abbreviate(text));
            return;
        }
        List<PushEngine.Push<Delivery>> acked;
        String raw = null;
        synchronized (this) {
            Conn c = conns.get(channel);
            if (c == null) {
                return;
            }
            acked = c.inFlight;
            c.inFlight = new ArrayList<>();
            c.fetchOutstanding = "fetch".equals(cmd);
            if (c.fetchOutstanding) {
                raw = takeRaw(c.appId);
                if (raw != null) {
                    c.fetchOutstanding = false;
                }
            }
        }
        if (raw != null) {
            channel.writeAndFlush(new TextWebSocketFrame(raw));
        }
        acked.forEach(engine::acknowledge);
        engine.flushQueued();
    }

    @Override
    public void onProtocolError(Channel channel, String description) {
        sim.protocolLog().add("websocket: " + description);
    }

    @Override
    public void onClose(Channel channel) {
        List<PushEngine.Push<Delivery>> lost = new ArrayList<>();
        synchronized (this) {
            upgrading.remove(channel);
            Conn c = conns.remove(channel);
            if (c != null) {
                lost.addAll(c.inFlight);
                lost.addAll(c.assembling);
            }
        }
        lost.forEach(engine::reject);
    }

    // ---------------------------------------------------------------- transport (engine lock held)

    /** Adds the push to the batch of a connection of its app that has an outstanding fetch. */
    synchronized boolean write(PushEngine.Push<Delivery> p) {
        for (Conn c : conns.values()) {
            if (c.appId.equals(p.payload().appId()) && c.fetchOutstanding && c.channel.isActive()
                    && c.assembling.size() < batchSize) {
                if (c.assembling.isEmpty()) {
                    c.channel.eventLoop().execute(() -> flush(c));
                }
                c.assembling.add(p);
                return true;
            }
        }
        return false;
    }

    private void flush(Conn c) {
        List<Map<String, Object>> messages = new ArrayList<>();
        synchronized (this) {
            if (c.assembling.isEmpty() || !conns.containsKey(c.channel)) {
                return;
            }
            for (PushEngine.Push<Delivery> p : c.assembling) {
                messages.add(Map.of("data", p.payload().data()));
            }
            c.inFlight.addAll(c.assembling);
            c.assembling.clear();
            c.fetchOutstanding = false;
        }
        ChannelFuture f = c.channel.writeAndFlush(new TextWebSocketFrame(Json.write(Map.of("messages", messages))));
        if (sim.faults().takeDropWithBatch(c.appId, messages.size())) {
            sim.traffic("fault: websocket of " + c.appId + " dropped with a batch of " + messages.size()
                        + " in flight");
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    // ---------------------------------------------------------------- faults and inspection

    /** Closes every connection of the app (no close frame: a dropped socket). */
    synchronized void drop(String appId) {
        conns.values().stream().filter(c -> c.appId.equals(appId)).forEach(c -> c.channel.close());
    }

    /** Closes every connection of the app with a close frame. */
    synchronized void close(String appId, int code, String reason) {
        conns.values().stream().filter(c -> c.appId.equals(appId)).forEach(c -> c.channel
                .writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE));
    }

    /** Queues a raw frame for the app: written at once to a connection with an outstanding fetch, else on the next. */
    void queueRaw(String appId, String text) {
        Conn target = null;
        synchronized (this) {
            rawFrames.computeIfAbsent(appId, k -> new ArrayDeque<>()).add(text);
            for (Conn c : conns.values()) {
                if (c.appId.equals(appId) && c.fetchOutstanding && c.assembling.isEmpty() && c.channel.isActive()) {
                    c.fetchOutstanding = false;
                    target = c;
                    break;
                }
            }
            if (target != null) {
                text = takeRaw(appId);
            }
        }
        if (target != null) {
            target.channel.writeAndFlush(new TextWebSocketFrame(text));
        }
    }

    synchronized void clearRaw() {
        rawFrames.clear();
    }

    private String takeRaw(String appId) {
        Deque<String> q = rawFrames.get(appId);
        return q == null ? null : q.poll();
    }

    synchronized int connections(String appId) {
        return (int) conns.values().stream().filter(c -> c.appId.equals(appId) && c.channel.isActive()).count();
    }
}
