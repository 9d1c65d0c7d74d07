package io.camelchat.simulator.openim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.google.protobuf.ByteString;
import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.SimHttpServer;
import io.camelchat.simulator.common.SimScheduler;
import io.camelchat.simulator.openim.proto.SimSdkws.MsgData;
import io.netty.channel.Channel;

/**
 * An independent implementation of open-im-server v3.8.3's msg gateway (websocket, port "10001") and HTTP API (port
 * "10002") for tests and demos, each on its own free loopback port.
 *
 * <h2>Usage</h2>
 *
 * <pre>{@code
 * try (OpenImSimulator im = OpenImSimulator.builder().secret("openIM123").adminUserId("imAdmin")
 *         .user("bot", "Bot").user("ann", "Ann").group("g1", "Team", "bot", "ann").start()) {
 *     String token = im.userToken("bot", 1);           // or POST apiUrl()/auth/get_admin_token + get_user_token
 *     // the bot connects to im.wsUrl() + "?sendID=bot&token=" + token + "&platformID=1&operationID=x"
 *     OpenImMessage m = im.sendText("ann", "bot", "hi"); // pushed (2001) to every connection of bot (and ann)
 *     im.sendGroupText("ann", "g1", "hello team");        // session type 3, conversation sg_g1
 *     List<OpenImMessage> sent = im.sentBy("bot");         // what the bot sent (gateway 1003 or /msg/send_msg)
 *     im.kick("bot");                                      // 2002 then close; the token is kicked (1506)
 *     im.faults().dropOnNextPush("bot").failNextHttp(2, 503);
 * }
 * }</pre>
 *
 * <h2>Gateway</h2> Any path upgrades. Checks in the server's order: gateway full 1601; missing {@code token},
 * {@code sendID} or {@code platformID}, a non-integer platformID or an sdkType other than go/js 1602; token 1501-1507;
 * token user or platform different from the query 1502. A refusal is HTTP 200 with the JSON envelope, except a token
 * error with {@code isMsgResp=true}, which upgrades, sends the envelope as a text frame and closes; success with
 * {@code isMsgResp=true} sends {@code {"errCode":0,"errMsg":"","errDlt":""}}. Frames: gob (own codec, fresh per frame,
 * Resp type id 66 once the connection decoded a request, 65 before) or JSON ({@code sdkType=js}), gzip with
 * {@code compression=gzip}; max inbound frame {@code maxFrameSize} (51200). Requests: 1001, 1002, 1003, 1004 (always
 * ArgsError), 1006, 2003 (reply then close), 2004, 2005 (empty tips); 1005 and 1007 are answered with
 * ServerInternalError (not simulated). Unknown ReqIdentifier, undecodable frame, missing ReqIdentifier, SendID,
 * OperationID or MsgIncr, or a SendID other than the connection's: closed without reply. Websocket pings get pongs
 * echoing the payload; no byte for {@code idleTimeout} (30 s) closes; Web (platform 5) connections get a ping every
 * {@code webPingInterval} (27 s); text {@code {"type":"ping","body":x}} is answered {@code {"type":"pong","body":x}}.
 * Multi-login policy (default 1, as the server's share.yml): 1 kicks the user's other connections on the same
 * platform and marks every other token of that user and platform kicked; 0 kicks nobody; 4 the same platform class;
 * 5 as 1 except for PC platforms.
 *
 * <h2>Messages</h2> Session types 1 (si_), 3 (sg_) and 4 (sn_); session type 2 is refused with 1001 "unknown
 * sessionType" as v3.8.3's msg service does (its conversation id would be g_). Options {@code isNotNotification=false}
 * select the n_ conversation (its messages come under notificationMsgs); {@code history=false} messages are pushed
 * with seq 0 and not stored. Seqs count from 1 per conversation; serverMsgID is 32 hex digits; sendTime is kept when
 * the client set it; status 2. A push goes to every connection of the audience (single: sender and receiver; group:
 * members) except the sending connection; {@code senderSync=false} leaves out the sender's connections. An unknown
 * receiver is RecordNotFoundError 1004 (the user service's FindWithError "userID not found"), an unknown group too (the
 * group cache's database take); a non-member sending to a group 1203.
 *
 * <h2>HTTP API</h2> POST + JSON, header {@code operationID} required (1001 "header must have operationID"), header
 * {@code token} except on /auth/get_admin_token, /auth/user_token (pre-3.8.1 name, switch off with
 * {@code legacyUserTokenPath(false)}) and /auth/parse_token; answers always HTTP 200 with
 * {@code {"errCode","errMsg","errDlt","data"}}. Routes: auth (get_admin_token, user_token, get_user_token, parse_token,
 * force_logout), user (get_users_info, get_all_users_uid, get_users), msg (newest_seq: {@code maxSeqs} with
 * {@code minSeqs} null, as v3.8.3; pull_msg_by_seq: conversations without messages left out, {@code endSeq} 0;
 * send_msg: admin only, content types 101-106, 110 and 1400 as v3.8.3's API; revoke_msg; get_server_time), group
 * (get_groups_info, get_group_member_list, get_group_members_info, get_joined_group_list) and object (part_limit,
 * part_size, initiate_multipart_upload, auth_sign, complete_multipart_upload, access_url, {@code GET /object/<name>};
 * see the package-private ObjectApi for the flow). A revoke marks the message (pulls render it as 2101 with a
 * MessageRevokedContent detail) and sends a 2101 notification from the revoker with {@code isNotNotification=false},
 * so it lives in, and is pushed under, the n_ conversation.
 * {@code expireTimeSeconds} is the TTL for issued tokens and the absolute expiry for parse_token.
 */
public final class OpenImSimulator implements AutoCloseable {

    private final OpenImSettings settings;
    private final ProtocolLog protocolLog = new ProtocolLog();
    private final ProtocolLog inbound = new ProtocolLog();
    private final OpenImState state = new OpenImState();
    private final OpenImTokens tokens;
    private final Faults faults = new Faults(this);
    private final SimScheduler scheduler;
    private final MsgGateway gateway;
    private final ObjectApi objects;
    private final SimHttpServer apiServer;
    private final SimHttpServer gatewayServer;

    /** A builder with open-im-server's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures and starts an {@link OpenImSimulator}. */
    public static final class Builder {
        private String secret = "openIM123";
        private final Set<String> admins = new LinkedHashSet<>();
        private final Map<String, String> users = new LinkedHashMap<>();
        private final List<String[]> groups = new ArrayList<>();
        private Duration tokenTtl = Duration.ofDays(90);
        private boolean legacyUserTokenPath = true;
        private int maxConnections = 100_000;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration webPingInterval = Duration.ofSeconds(27);
        private int maxFrameSize = 51200;
        private int multiLoginPolicy = 1;
        private long minPartSize = 5L * 1024 * 1024;
        private Duration objectUrlTtl = Duration.ofHours(12);
        private Set<Integer> httpSendContentTypes = Set.of(101, 102, 103, 104, 105, 106, 110, 1400);

        private int apiPort;
        private int wsPort;

        private Builder() {
        }

        /** The loopback ports of the HTTP API and of the msg gateway; {@code 0} (default): free ones. */
        public Builder ports(int api, int ws) {
            if (api < 0 || api > 65535 || ws < 0 || ws > 65535) {
                throw new IllegalArgumentException("not a port: " + api + ", " + ws);
            }
            this.apiPort = api;
            this.wsPort = ws;
            return this;
        }

        /** The shared secret ({@code share.secret}, default openIM123). */
        public Builder secret(String v) {
            secret = Objects.requireNonNull(v);
            return this;
        }

        /** An admin user id ({@code imAdminUserID}; default imAdmin when none is given). */
        public Builder adminUserId(String v) {
            admins.add(Objects.requireNonNull(v));
            return this;
        }

        /** Registers a user. */
        public Builder user(String userId, String nickname) {
            users.put(Objects.requireNonNull(userId), Objects.requireNonNull(nickname));
            return this;
        }

        /** A group (session type 3); the first member is its owner, the others ordinary members. */
        public Builder group(String groupId, String name, String... memberIds) {
            if (memberIds.length == 0) {
                throw new IllegalArgumentException("a group needs at least its owner");
            }
            String[] g = new String[memberIds.length + 2];
            g[0] = groupId;
            g[1] = name;
            System.arraycopy(memberIds, 0, g, 2, memberIds.length);
            groups.add(g);
            return this;
        }

        /** Token lifetime (server default 90 days). */
        public Builder tokenTtl(Duration v) {
            tokenTtl = Objects.requireNonNull(v);
            return this;
        }

        /** Whether the pre-3.8.1 {@code /auth/user_token} is served too (default true). */
        public Builder legacyUserTokenPath(boolean v) {
            legacyUserTokenPath = v;
            return this;
        }

        /** Open connections at which handshakes get 1601 (default 100000). */
        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        /** The read deadline: no byte for this long closes a connection (default 30 s). */
        public Builder idleTimeout(Duration v) {
            idleTimeout = Objects.requireNonNull(v);
            return this;
        }

        /** The server ping period for Web connections (default 27 s; zero: none). */
        public Builder webPingInterval(Duration v) {
            webPingInterval = Objects.requireNonNull(v);
            return this;
        }

        /** Max inbound websocket frame in bytes (default 51200). */
        public Builder maxFrameSize(int v) {
            maxFrameSize = v;
            return this;
        }

        /** {@code multiLogin.policy}: 0, 1 (default), 4 or 5. */
        public Builder multiLoginPolicy(int v) {
            if (v != 0 && v != 1 && v != 4 && v != 5) {
                throw new IllegalArgumentException("multi-login policy must be 0, 1, 4 or 5: " + v);
            }
            multiLoginPolicy = v;
            return this;
        }

        /** The object store's minimum part size (MinIO: 5 MiB); smaller values let tests run multipart uploads. */
        public Builder minPartSize(long v) {
            minPartSize = v;
            return this;
        }

        /** Lifetime of presigned object URLs (default 12 h). */
        public Builder objectUrlTtl(Duration v) {
            objectUrlTtl = Objects.requireNonNull(v);
            return this;
        }

        /** Content types /msg/send_msg accepts (default v3.8.3's: 101-106, 110, 1400). */
        public Builder httpSendContentTypes(Set<Integer> v) {
            httpSendContentTypes = Set.copyOf(v);
            return this;
        }

        public OpenImSimulator start() {
            if (admins.isEmpty()) {
                admins.add("imAdmin");
            }
            return new OpenImSimulator(this);
        }
    }

    private OpenImSimulator(Builder b) {
        settings = new OpenImSettings(b.secret, Set.copyOf(b.admins), b.tokenTtl, b.legacyUserTokenPath,
                b.maxConnections, b.idleTimeout, b.webPingInterval, b.maxFrameSize, b.multiLoginPolicy, b.minPartSize,
                b.objectUrlTtl, b.httpSendContentTypes);
        tokens = new OpenImTokens(b.secret, settings.adminUserIds(), b.tokenTtl);
        long now = System.currentTimeMillis();
        for (String admin : settings.adminUserIds()) {
            state.addUser(new OpenImUser(admin, admin, "", now, 0));
        }
        b.users.forEach((id, nick) -> state.addUser(new OpenImUser(id, nick, "", now, 0)));
        for (String[] g : b.groups) {
            addGroup(g[0], g[1], List.of(g).subList(2, g.length).toArray(new String[0]));
        }
        scheduler = new SimScheduler("openim-sim-timer", protocolLog::add);
        gateway = new MsgGateway(this);
        objects = new ObjectApi(this);
        OpenImHttp http = new OpenImHttp(this, new AuthUserApi(this), new MsgApi(this), new GroupApi(this), objects);
        SimHttpServer api = null;
        try {
            api = new SimHttpServer("openim-api", null, http::handle, Set.of(), null, 65536, 64 * 1024 * 1024)
                    .start(b.apiPort);
            gatewayServer = new SimHttpServer("openim-gw", null, gateway::plainRequest, Set.of(SimHttpServer.ANY_PATH),
                    gateway, b.maxFrameSize, 65536).start(b.wsPort);
        } catch (RuntimeException e) {
            if (api != null) {
                api.close();
            }
            scheduler.close();
            throw e;
        }
        apiServer = api;
    }

    // ---------------------------------------------------------------- addresses and credentials

    /** The HTTP API base URL, e.g. {@code http://127.0.0.1:41234} (no trailing slash). */
    public String apiUrl() {
        return "http://127.0.0.1:" + apiServer.port();
    }

    /** The gateway URL, e.g. {@code ws://127.0.0.1:41235} (any path is accepted). */
    public String wsUrl() {
        return "ws://127.0.0.1:" + gatewayServer.port();
    }

    public int apiPort() {
        return apiServer.port();
    }

    public int wsPort() {
        return gatewayServer.port();
    }

    public String secret() {
        return settings.secret();
    }

    /** The first admin user id. */
    public String adminUserId() {
        return settings.adminUserIds().iterator().next();
    }

    /** Issues a user token as /auth/get_user_token would (the user must be registered, not an admin). */
    public String userToken(String userId, int platformId) {
        if (state.user(userId) == null || tokens.isAdmin(userId)) {
            throw new IllegalArgumentException("not a registered non-admin user: " + userId);
        }
        return tokens.issue(userId, platformId);
    }

    /** Issues a token of the first admin user (platform 10), as /auth/get_admin_token would. */
    public String adminToken() {
        return tokens.issue(adminUserId(), AuthUserApi.ADMIN_PLATFORM_ID);
    }

    /**
     * How many tokens of {@code userId} (an admin or a user) the API's token calls issued ({@code /auth/get_admin_token},
     * {@code /auth/get_user_token}, {@code /auth/user_token}); tokens of {@link #userToken} and {@link #adminToken} are
     * not counted.
     */
    public int tokenRequests(String userId) {
        return tokens.requested(userId);
    }

    /** From now on the token is refused with 1501 TokenExpiredError (open connections stay; see {@link Faults}). */
    public void expireToken(String token) {
        tokens.expire(token);
    }

    // ---------------------------------------------------------------- directory

    /** Registers a user. */
    public OpenImSimulator addUser(String userId, String nickname) {
        state.addUser(new OpenImUser(userId, nickname, "", System.currentTimeMillis(), 0));
        return this;
    }

    /** Adds a group; the first member is the owner. */
    public OpenImGroup addGroup(String groupId, String name, String... memberIds) {
        long now = System.currentTimeMillis();
        OpenImGroup g = new OpenImGroup(groupId, name, memberIds[0], now);
        for (int i = 0; i < memberIds.length; i++) {
            if (state.user(memberIds[i]) == null) {
                throw new IllegalArgumentException("group " + groupId + ": unknown user " + memberIds[i]);
            }
            g.add(memberIds[i], i == 0 ? OpenImGroup.OWNER : OpenImGroup.ORDINARY, now);
        }
        state.addGroup(g);
        return g;
    }

    public OpenImGroup group(String groupId) {
        return state.group(groupId);
    }

    // ---------------------------------------------------------------- playing users

    /** {@code from} sends a text to {@code toUser} as its client would (msgFrom 100, platform 1); pushed to both. */
    public OpenImMessage sendText(String from, String toUser, String text) {
        return send(from, toUser, "", OpenImState.SINGLE, 101, Json.write(Map.of("content", text)));
    }

    /** {@code from} sends a text to a group (session type 3). */
    public OpenImMessage sendGroupText(String from, String groupId, String text) {
        return send(from, "", groupId, OpenImState.READ_GROUP, 101, Json.write(Map.of("content", text)));
    }

    /** {@code from} sends any content ({@code contentJson} = the element JSON) to a user or a group. */
    public OpenImMessage send(String from, String recvId, String groupId, int sessionType, int contentType,
                              String contentJson) {
        OpenImUser u = state.user(from);
        MsgData d = MsgData.newBuilder().setSendID(from).setRecvID(recvId).setGroupID(groupId)
                .setClientMsgID(UUID.randomUUID().toString().replace("-", "")).setSenderPlatformID(1)
                .setSenderNickname(u == null ? "" : u.nickname()).setSessionType(sessionType)
                .setMsgFrom(OpenImState.MSG_FROM_USER).setContentType(contentType)
                .setContent(ByteString.copyFrom(contentJson, StandardCharsets.UTF_8))
                .setCreateTime(System.currentTimeMillis()).setStatus(1).build();
        return send(d);
    }

    /**
     * {@code from} uploads a picture and sends it (content type 102, the same URL for the source, big and snapshot
     * pictures, as the official SDKs do for small pictures) to {@code toUser} or, when that is empty, to
     * {@code groupId}.
     */
    public OpenImMessage sendPicture(String from, String toUser, String groupId, String fileName, String contentType,
                                     byte[] bytes) {
        String url = objects.storeAs(from, fileName, contentType, bytes);
        String ext = fileName.contains(".") ? fileName.substring(fileName.lastIndexOf('.') + 1) : "";
        Map<String, Object> picture = new LinkedHashMap<>();
        picture.put("uuid", UUID.randomUUID().toString());
        picture.put("type", ext);
        picture.put("size", bytes.length);
        picture.put("width", 0);
        picture.put("height", 0);
        picture.put("url", url);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("sourcePath", "");
        content.put("sourcePicture", picture);
        content.put("bigPicture", picture);
        content.put("snapshotPicture", picture);
        return sendAs(from, toUser, groupId, 102, Json.write(content));
    }

    /** {@code from} uploads a file and sends it (content type 105) to {@code toUser} or, when empty, to {@code groupId}. */
    public OpenImMessage sendFile(String from, String toUser, String groupId, String fileName, byte[] bytes) {
        String url = objects.storeAs(from, fileName, "application/octet-stream", bytes);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("filePath", "");
        content.put("uuid", UUID.randomUUID().toString());
        content.put("sourceUrl", url);
        content.put("fileName", fileName);
        content.put("fileSize", bytes.length);
        content.put("fileType", fileName.contains(".") ? fileName.substring(fileName.lastIndexOf('.') + 1) : "");
        return sendAs(from, toUser, groupId, 105, Json.write(content));
    }

    private OpenImMessage sendAs(String from, String toUser, String groupId, int contentType, String contentJson) {
        boolean single = toUser != null && !toUser.isEmpty();
        return send(from, single ? toUser : "", single ? "" : groupId,
                single ? OpenImState.SINGLE : OpenImState.READ_GROUP, contentType, contentJson);
    }

    /** Stores and pushes a message as given (the server fills serverMsgID, seq, sendTime when 0 and status). */
    public OpenImMessage send(MsgData message) {
        try {
            return deliver(message, null);
        } catch (ImError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@code userId} revokes the message at {@code seq} of the conversation (as /msg/revoke_msg by that user). */
    public void revoke(String userId, String conversationId, long seq) {
        try {
            revoke(userId, conversationId, seq, userId, tokens.isAdmin(userId));
        } catch (ImError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- inspection

    /** {@code si_} id of two users. */
    public static String singleConversationId(String userA, String userB) {
        return OpenImState.singleConversationId(userA, userB);
    }

    /** {@code sg_} id of a group. */
    public static String groupConversationId(String groupId) {
        return "sg_" + groupId;
    }

    /** The stored messages of a conversation in seq order. */
    public List<OpenImMessage> messages(String conversationId) {
        return state.messages(conversationId);
    }

    /** Every stored message in the order they were stored. */
    public List<OpenImMessage> messages() {
        return state.allMessages();
    }

    /** Stored messages whose sendID is the user. */
    public List<OpenImMessage> sentBy(String userId) {
        return state.allMessages().stream().filter(m -> m.sendId().equals(userId)).toList();
    }

    /** Objects completed through the object API. */
    public List<UploadedObject> uploadedObjects() {
        return objects.objects();
    }

    /** The user's open gateway connections. */
    public List<OpenImConnection> connections(String userId) {
        return gateway.conns(userId).stream().map(GatewayConn::view).toList();
    }

    /** Every open gateway connection. */
    public List<OpenImConnection> connections() {
        return gateway.conns(null).stream().map(GatewayConn::view).toList();
    }

    /** Force logout of every platform: 2002 then close, and every token of the user is kicked (1506). */
    public void kick(String userId) {
        forceLogout(userId, 0);
    }

    /** /auth/force_logout: kicks the user's connections on the platform (0: all) and marks their tokens kicked. */
    public void forceLogout(String userId, int platformId) {
        for (GatewayConn c : gateway.conns(userId)) {
            if (platformId == 0 || c.platformId == platformId) {
                tokens.kick(c.token);
            }
        }
        if (platformId == 0) {
            for (int p = 1; p <= 11; p++) {
                tokens.kickAll(userId, p, null);
            }
        } else {
            tokens.kickAll(userId, platformId, null);
        }
        gateway.kick(userId, platformId);
    }

    public Faults faults() {
        return faults;
    }

    /** Client mistakes the simulator noticed (bad frames, missing headers, ...), in order. */
    public List<String> protocolErrors() {
        return protocolLog.snapshot();
    }

    /** One line per HTTP call, handshake and gateway request that came in, in order. */
    public List<String> inbound() {
        return inbound.snapshot();
    }

    @Override
    public void close() {
        scheduler.close();
        gatewayServer.close();
        apiServer.close();
    }

    @Override
    public String toString() {
        return "OpenImSimulator[api=" + apiUrl() + ", ws=" + wsUrl() + "]";
    }

    // ---------------------------------------------------------------- package-private wiring

    OpenImSettings settings() {
        return settings;
    }

    OpenImState state() {
        return state;
    }

    OpenImTokens tokens() {
        return tokens;
    }

    MsgGateway gateway() {
        return gateway;
    }

    SimScheduler scheduler() {
        return scheduler;
    }

    ProtocolLog protocolLog() {
        return protocolLog;
    }

    void inbound(String line) {
        inbound.add(line);
    }

    Set<String> adminIds() {
        return settings.adminUserIds();
    }

    /** Accepts (checks, completes, stores) and pushes a message to every connection of its audience but one. */
    OpenImMessage deliver(MsgData message, Channel except) {
        OpenImMessage m = state.accept(message, adminIds());
        gateway.push(m, except, "sim-" + UUID.randomUUID());
        return m;
    }

    /** open-im-server v3.8.3's RevokeMsg (internal/rpc/msg/revoke.go) with the caller's identity. */
    void revoke(String userId, String conversationId, long seq, String callerId, boolean callerAdmin) {
        OpenImUser user = state.user(userId);
        if (user == null) {
            throw new ImError(ImError.RECORD_NOT_FOUND, "user " + userId + " not found");
        }
        OpenImMessage m = state.message(conversationId, seq);
        if (m == null) {
            throw new ImError(ImError.RECORD_NOT_FOUND, "msg not found");
        }
        if (m.revoked() || m.contentType() == OpenImState.REVOKE_NOTIFICATION) {
            throw new ImError(ImError.MSG_ALREADY_REVOKE, "msg already revoke");
        }
        if (!callerAdmin) {
            switch (m.sessionType()) {
                case OpenImState.SINGLE -> {
                    if (!callerId.equals(m.sendId())) {
                        throw new ImError(ImError.NO_PERMISSION, "only the sender may revoke");
                    }
                }
                case OpenImState.READ_GROUP -> {
                    OpenImGroup g = state.group(m.groupId());
                    int role = g == null ? 0 : g.role(userId);
                    int senderRole = g == null ? 0 : g.role(m.sendId());
                    boolean ok = userId.equals(m.sendId()) || role == OpenImGroup.OWNER
                            || role == OpenImGroup.ADMIN && senderRole == OpenImGroup.ORDINARY;
                    if (!ok) {
                        throw new ImError(ImError.NO_PERMISSION, "no permission");
                    }
                }
                default -> throw new ImError(ImError.SERVER_INTERNAL, "msg sessionType not supported");
            }
        }
        state.revoke(conversationId, seq, userId);
        long now = System.currentTimeMillis();
        Map<String, Object> tips = new LinkedHashMap<>();
        tips.put("revokerUserID", callerId);
        tips.put("clientMsgID", m.clientMsgId());
        tips.put("revokeTime", now);
        tips.put("sesstionType", m.sessionType());
        tips.put("seq", seq);
        tips.put("conversationID", conversationId);
        tips.put("isAdminRevoke", callerAdmin);
        boolean group = m.sessionType() == OpenImState.READ_GROUP;
        MsgData.Builder n = MsgData.newBuilder().setSendID(userId).setRecvID(group ? m.groupId() : m.recvId())
                .setGroupID(group ? m.groupId() : "").setSessionType(m.sessionType())
                .setMsgFrom(OpenImState.MSG_FROM_SYSTEM).setContentType(OpenImState.REVOKE_NOTIFICATION)
                .setContent(ByteString.copyFrom(Json.write(Map.of("detail", Json.write(tips))),
                        StandardCharsets.UTF_8))
                .setCreateTime(now).setClientMsgID(OpenImState.md5("revoke-" + now + "-" + userId));
        for (String k : List.of("isNotNotification", "isSendMsg", "offlinePush", "unreadCount", "conversationUpdate",
                "notPrivate", "senderConversationUpdate", "reactionFromCache")) {
            n.putOptions(k, false);
        }
        n.putOptions("history", true).putOptions("persistent", true).putOptions("senderSync", true);
        n.setOfflinePushInfo(n.getOfflinePushInfoBuilder().build());
        deliver(n.build(), null);
    }
}
