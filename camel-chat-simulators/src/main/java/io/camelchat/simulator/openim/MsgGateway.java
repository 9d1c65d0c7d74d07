package io.camelchat.simulator.openim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;
import io.camelchat.simulator.common.SimScheduler;
import io.camelchat.simulator.common.WebSocketHandler;
import io.camelchat.simulator.openim.proto.SimSdkws.MsgData;
import io.camelchat.simulator.openim.proto.SimSdkws.PullMsgs;
import io.camelchat.simulator.openim.proto.SimSdkws.PushMessages;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The msg gateway's websocket side (open-im-server v3.8.3 {@code internal/msggateway}): the handshake checks in the
 * server's order, connection registry with the multi-login policy, frame decoding (gzip, gob or JSON), the read
 * deadline, text heartbeats, server pings for Web, pushes and kicks. Requests are answered by {@link GatewayRequests}.
 */
final class MsgGateway implements WebSocketHandler {

    static final int PUSH_MSG = 2001;
    static final int KICK_ONLINE_MSG = 2002;

    private final OpenImSimulator sim;
    private final GatewayRequests requests;
    private final Map<Channel, GatewayConn> pending = new ConcurrentHashMap<>();
    private final Map<Channel, GatewayConn> conns = new ConcurrentHashMap<>();

    MsgGateway(OpenImSimulator sim) {
        this.sim = sim;
        this.requests = new GatewayRequests(sim, this);
    }

    private ProtocolLog log() {
        return sim.protocolLog();
    }

    // ---------------------------------------------------------------- handshake

    /** What the handshake decided: an HTTP answer instead of the upgrade, or a connection to open. */
    private record Decision(SimResponse refusal, GatewayConn conn) {
    }

    private Decision decide(SimRequest r, Channel ch) {
        Map<String, List<String>> q = r.query();
        if (sim.faults().gatewayFull() || conns.size() >= sim.settings().maxConnections()) {
            return refuse(new ImError(ImError.CONN_OVER_MAX_NUM_LIMIT, "over max conn num limit"));
        }
        if (!q.containsKey("token")) {
            return refuse(new ImError(ImError.CONN_ARGS, "token is empty"));
        }
        if (!q.containsKey("sendID")) {
            return refuse(new ImError(ImError.CONN_ARGS, "sendID is empty"));
        }
        if (!q.containsKey("platformID")) {
            return refuse(new ImError(ImError.CONN_ARGS, "platformID is empty"));
        }
        int platformId;
        try {
            platformId = Integer.parseInt(r.query("platformID"));
        } catch (NumberFormatException e) {
            return refuse(new ImError(ImError.CONN_ARGS, "platformID is not int"));
        }
        String sdkType = r.query("sdkType") == null ? "" : r.query("sdkType");
        if (!sdkType.isEmpty() && !"go".equals(sdkType) && !"js".equals(sdkType)) {
            return refuse(new ImError(ImError.CONN_ARGS, "sdkType is not go or js"));
        }
        String token = r.query("token");
        String userId = r.query("sendID");
        boolean sendResp = parseBool(r.query("isMsgResp"));
        boolean gzip = "gzip".equals(r.query("compression"));
        String sdkVersion = r.query("sdkVersion") == null ? "" : r.query("sdkVersion");
        String operationId = r.query("operationID") == null ? "" : r.query("operationID");
        OpenImTokens.Claims claims;
        try {
            claims = sim.tokens().parse(token);
        } catch (ImError e) {
            if (sendResp) {
                return new Decision(null, new GatewayConn(ch, userId, platformId, "js".equals(sdkType), gzip, token,
                        sdkVersion, operationId, true, e.envelope()));
            }
            return refuse(e);
        }
        if (!claims.userId().equals(userId)) {
            return refuse(new ImError(ImError.TOKEN_INVALID, "token uid " + claims.userId() + " != userID " + userId));
        }
        if (claims.platformId() != platformId) {
            return refuse(new ImError(ImError.TOKEN_INVALID,
                    "token platform " + claims.platformId() + " != platformID " + platformId));
        }
        return new Decision(null, new GatewayConn(ch, userId, platformId, "js".equals(sdkType), gzip, token,
                sdkVersion, operationId, sendResp, null));
    }

    private static Decision refuse(ImError e) {
        byte[] body = Json.write(e.envelope()).getBytes(StandardCharsets.UTF_8);
        return new Decision(new SimResponse(200, "application/json; charset=utf-8", body, Map.of(), null), null);
    }

    /** Go strconv.ParseBool; anything unparsable is false (as the server's ShouldSendResp). */
    private static boolean parseBool(String s) {
        return s != null && Set.of("1", "t", "T", "TRUE", "true", "True").contains(s);
    }

    @Override
    public SimResponse checkUpgrade(SimRequest request, Channel channel) {
        sim.inbound("ws upgrade " + request.path() + " sendID=" + request.query("sendID") + " platformID="
                    + request.query("platformID"));
        Decision d = decide(request, channel);
        if (d.refusal() != null) {
            return d.refusal();
        }
        pending.put(channel, d.conn());
        channel.closeFuture().addListener(f -> pending.remove(channel));
        return null;
    }

    /** A plain HTTP request to the gateway: the same checks, then gorilla's refusal of a non-websocket request. */
    SimResponse plainRequest(SimRequest request) {
        Decision d = decide(request, null);
        if (d.refusal() != null) {
            return d.refusal();
        }
        return SimResponse.text(400, "Bad Request\nwebsocket: the client is not using the websocket protocol: "
                                     + "'upgrade' token not found in 'Connection' header");
    }

    @Override
    public void onOpen(Channel ch) {
        GatewayConn c = pending.remove(ch);
        if (c == null) {
            ch.close();
            return;
        }
        if (c.refusal != null) {
            ch.writeAndFlush(new TextWebSocketFrame(Json.write(c.refusal))).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (c.sendResp) {
            ch.writeAndFlush(new TextWebSocketFrame("{\"errCode\":0,\"errMsg\":\"\",\"errDlt\":\"\"}"));
        }
        long idle = sim.settings().idleTimeout().toMillis();
        ch.pipeline().addFirst("openim-idle", new IdleCloser(idle));
        register(c);
        if (c.platformId == 5 && !sim.settings().webPingInterval().isZero()) {
            c.pinger = sim.scheduler().scheduleAtFixedRate(sim.settings().webPingInterval(),
                    () -> ch.writeAndFlush(new PingWebSocketFrame(Unpooled.EMPTY_BUFFER)));
        }
    }

    private void register(GatewayConn c) {
        int policy = sim.settings().multiLoginPolicy();
        List<GatewayConn> kick = new ArrayList<>();
        for (GatewayConn o : conns.values()) {
            if (!o.userId.equals(c.userId)) {
                continue;
            }
            boolean samePlatform = o.platformId == c.platformId;
            boolean kickIt = switch (policy) {
                case 1 -> samePlatform;
                case 4 -> platformClass(o.platformId) == platformClass(c.platformId);
                case 5 -> platformClass(c.platformId) != 3 && samePlatform;
                default -> false;
            };
            if (kickIt) {
                kick.add(o);
            }
        }
        conns.put(c.channel, c);
        for (GatewayConn o : kick) {
            kickConn(o);
        }
        if (policy == 1 || policy == 5 && platformClass(c.platformId) != 3) {
            sim.tokens().kickAll(c.userId, c.platformId, c.token);
        } else if (policy == 4) {
            kick.forEach(o -> sim.tokens().kick(o.token));
        }
    }

    /** 1 mobile, 2 pad, 3 PC, 4 web, 5 mini web, 0 other (protocol's PlatformIDToClass). */
    private static int platformClass(int p) {
        return switch (p) {
            case 1, 2, 11 -> 1;
            case 8, 9 -> 2;
            case 3, 4, 7 -> 3;
            case 5 -> 4;
            case 6 -> 5;
            default -> 0;
        };
    }

    /** Sends 2002 (only ReqIdentifier) and closes. */
    void kickConn(GatewayConn c) {
        conns.remove(c.channel);
        c.writeAndClose(KICK_ONLINE_MSG, "", "", 0, "", null);
    }

    // ---------------------------------------------------------------- frames

    @Override
    public void onBinary(Channel ch, byte[] data) {
        GatewayConn c = conns.get(ch);
        if (c == null) {
            ch.close();
            return;
        }
        byte[] frame = data;
        if (c.gzip) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
                frame = in.readAllBytes();
            } catch (IOException e) {
                closeBad(c, "frame is not gzip: " + e.getMessage());
                return;
            }
        }
        Map<String, Object> req;
        try {
            req = c.js ? decodeJson(frame) : GobCodec.decode(frame);
        } catch (IllegalArgumentException e) {
            closeBad(c, "undecodable frame: " + e.getMessage());
            return;
        }
        c.decodedRequest = true;
        long id = req.get("ReqIdentifier") instanceof Long l ? l : 0;
        String sendId = str(req.get("SendID"));
        String opId = str(req.get("OperationID"));
        String msgIncr = str(req.get("MsgIncr"));
        byte[] payload = req.get("Data") instanceof byte[] b ? b : new byte[0];
        if (id == 0 || id > Integer.MAX_VALUE || id < Integer.MIN_VALUE || sendId.isEmpty() || opId.isEmpty()
                || msgIncr.isEmpty()) {
            closeBad(c,
                    "request fails validation (ReqIdentifier, SendID, OperationID, MsgIncr required): " + req.keySet());
            return;
        }
        if (!sendId.equals(c.userId)) {
            closeBad(c, "request SendID " + sendId + " != connection user " + c.userId);
            return;
        }
        sim.inbound("ws " + id + " " + c.userId + " " + msgIncr);
        requests.handle(c, (int) id, msgIncr, opId, payload);
    }

    private static String str(Object o) {
        return o instanceof String s ? s : "";
    }

    /** sdkType=js: Go encoding/json into Req (keys matched case-insensitively, data = base64). */
    private static Map<String, Object> decodeJson(byte[] frame) {
        Map<String, Object> raw = Json.parseObject(new String(frame, StandardCharsets.UTF_8));
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "reqidentifier" -> {
                    if (!(v instanceof Number n) || n.doubleValue() != n.longValue()) {
                        throw new IllegalArgumentException("reqIdentifier is not an integer");
                    }
                    out.put("ReqIdentifier", n.longValue());
                }
                case "token" -> out.put("Token", jsonString(v, "token"));
                case "sendid" -> out.put("SendID", jsonString(v, "sendID"));
                case "operationid" -> out.put("OperationID", jsonString(v, "operationID"));
                case "msgincr" -> out.put("MsgIncr", jsonString(v, "msgIncr"));
                case "data" -> {
                    if (v != null) {
                        out.put("Data", Base64.getDecoder().decode(jsonString(v, "data")));
                    }
                }
                default -> {
                }
            }
        }
        return out;
    }

    private static String jsonString(Object v, String key) {
        if (v == null) {
            return "";
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(key + " is not a string");
        }
        return s;
    }

    @Override
    public void onText(Channel ch, String text) {
        GatewayConn c = conns.get(ch);
        Map<String, Object> m = Json.tryParseObject(text);
        if (c == null || m == null) {
            if (c != null) {
                closeBad(c, "text frame is not JSON: " + ProtocolLog.abbreviate(text));
            } else {
                ch.close();
            }
            return;
        }
        Object type = m.get("type");
        if ("ping".equals(type)) {
            Map<String, Object> pong = new LinkedHashMap<>();
            pong.put("type", "pong");
            pong.put("body", m.get("body"));
            ch.writeAndFlush(new TextWebSocketFrame(Json.write(pong)));
        } else if (!"pong".equals(type)) {
            closeBad(c, "text frame of unknown type " + type);
        }
    }

    void closeBad(GatewayConn c, String why) {
        log().add("gateway " + c.userId + "/" + c.platformId + ": " + why + " -> connection closed");
        conns.remove(c.channel);
        c.channel.close();
    }

    @Override
    public void onProtocolError(Channel ch, String description) {
        GatewayConn c = conns.get(ch);
        log().add("gateway " + (c == null ? "?" : c.userId) + ": " + description);
        ch.close();
    }

    @Override
    public void onClose(Channel ch) {
        GatewayConn c = conns.remove(ch);
        pending.remove(ch);
        if (c != null) {
            SimScheduler.cancel(c.pinger);
        }
    }

    // ---------------------------------------------------------------- pushes, kicks, faults

    /** Pushes a stored message (2001, one-entry PushMessages) to its audience except {@code except}. */
    void push(OpenImMessage m, Channel except, String operationId) {
        MsgData d = m.data();
        boolean senderSync = d.getOptionsMap().getOrDefault("senderSync", true);
        PullMsgs one = PullMsgs.newBuilder().addMsgs(d).build();
        PushMessages.Builder pm = PushMessages.newBuilder();
        if (OpenImState.isNotificationConversation(m.conversationId())) {
            pm.putNotificationMsgs(m.conversationId(), one);
        } else {
            pm.putMsgs(m.conversationId(), one);
        }
        byte[] data = pm.build().toByteArray();
        Set<String> audience = sim.state().audience(d);
        Set<String> dropping = new HashSet<>();
        for (String u : audience) {
            if (!conns(u).isEmpty() && sim.faults().dropInsteadOfPush(u)) {
                dropping.add(u);
            }
        }
        for (GatewayConn c : conns.values()) {
            if (c.channel == except || !audience.contains(c.userId)) {
                continue;
            }
            if (c.userId.equals(d.getSendID()) && !senderSync) {
                continue;
            }
            if (dropping.contains(c.userId)) {
                conns.remove(c.channel);
                c.channel.close();
                continue;
            }
            ChannelFuture f = c.write(PUSH_MSG, "", operationId, 0, "", data);
            if (sim.faults().dropsAfterPush()) {
                conns.remove(c.channel);
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    List<GatewayConn> conns(String userId) {
        return conns.values().stream().filter(c -> userId == null || c.userId.equals(userId)).toList();
    }

    /** Kicks (2002 + close) the user's connections on a platform (0 = every platform). */
    void kick(String userId, int platformId) {
        for (GatewayConn c : conns(userId)) {
            if (platformId == 0 || c.platformId == platformId) {
                kickConn(c);
            }
        }
    }

    /** Closes the user's connections at the TCP level, without a close frame. */
    void drop(String userId) {
        for (GatewayConn c : conns(userId)) {
            conns.remove(c.channel);
            c.channel.close();
        }
    }

    int size() {
        return conns.size();
    }

    /** Closes a connection after {@code idle} without any received bytes (the server's 30 s read deadline). */
    private final class IdleCloser extends IdleStateHandler {
        IdleCloser(long idleMillis) {
            super(idleMillis, 0, 0, TimeUnit.MILLISECONDS);
        }

        @Override
        protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
            GatewayConn c = conns.remove(ctx.channel());
            if (c != null) {
                sim.inbound("ws idle close " + c.userId);
            }
            ctx.close();
        }
    }
}
