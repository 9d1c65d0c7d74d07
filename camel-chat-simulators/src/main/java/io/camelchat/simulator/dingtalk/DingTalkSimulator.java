package io.camelchat.simulator.dingtalk;

import io.camelchat.simulator.common.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.camelchat.simulator.common.FormPart;
import io.camelchat.simulator.common.SimHttpServer;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;
import io.camelchat.simulator.common.SimulatorTls;
import io.camelchat.simulator.common.WebSocketHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * An independent, wire-faithful implementation of DingTalk's server side for tests and demos: Stream mode gateway
 * (registration + websocket), the new-style OpenAPI ({@code /v1.0/...}), the old-style {@code oapi} calls, robot
 * session webhooks, file downloads, and an HTTP sender playing DingTalk calling webhook consumers.
 *
 * <p>One Netty server on 127.0.0.1 (free port) serves all of DingTalk's hosts: {@link #apiUrl()} and
 * {@link #oapiUrl()} are the same {@code http://127.0.0.1:<port>}. With {@code tls(true)} the <em>same port</em> also
 * accepts TLS (detected per connection), using the bundled {@code localhost} certificate of {@link SimulatorTls}; the
 * registration answer's endpoint is then {@code wss://localhost:<port>/connect} (what the official Java Stream SDK
 * needs), otherwise {@code ws://127.0.0.1:<port>/connect}.
 *
 * <p>Pushes (robot messages, events, card callbacks) go to one randomly chosen open connection that subscribed the
 * matching type/topic at registration and has not been sent {@code disconnect}. <b>If no such connection is open, the
 * push is queued and delivered when a subscribed connection opens.</b> EVENTs (and CALLBACKs with
 * {@code redeliverCallbacks(true)}) are redelivered, with the same {@code messageId} and {@code eventId}, when no
 * successful ack arrives within {@code ackTimeout} or the ack is {@code LATER}/code &gt;= 400, after each delay of
 * {@code eventRedeliveryDelays} in turn, then given up. Robot messages are never redelivered.
 *
 * <p>Simulator choices where the protocol is not publicly documented (UNVERIFIED in DingTalk's material):
 * <ul>
 * <li>Registration with a wrong clientId/secret (or a {@code rejectRegistrations} fault): HTTP 401
 * {@code {"code":"InvalidAuthentication",...}}; missing/empty {@code subscriptions}: HTTP 400
 * {@code MissingParameter}; an EVENT subscription with a topic other than {@code *}: HTTP 400
 * {@code InvalidParameter}.</li>
 * <li>Websocket handshake with an unknown, used or expired ticket: HTTP 401 instead of 101.</li>
 * <li>Retried EVENTs reuse the {@code messageId}; defaults ack timeout 5 s, retries after 5 s, 30 s, 60 s. An EVENT
 * ack counts as success when {@code code} is 200 and {@code data.status} is {@code SUCCESS} <em>or absent</em> (the
 * Python SDK echoes the event data without a status); {@code LATER}, any other status, or a code other than 200 is a
 * failure. CALLBACK acks succeed with code 200.</li>
 * <li>The {@code disconnect} frame carries a {@code messageId} (acks to it are accepted and ignored); SYSTEM
 * {@code ping} frames are off by default; a missing or wrong {@code opaque} echo is recorded in
 * {@link #protocolErrors()} and nothing else happens.</li>
 * <li>Frame headers: {@code connectionId} is a UUID per websocket connection; {@code appId} is a fixed UUID per
 * simulator; messageIds look like {@code 1a2b3c4d_7_18f3a2b4c5d_2a}.</li>
 * <li>Card callback frame {@code data}: {@code outTrackId, corpId, userId, type="actionCallback",
 * content="{\"cardPrivateData\":{\"actionIds\":[...],\"params\":{...}}}", extension="{}", spaceType="IM", spaceId,
 * userIdType=1}; the action id is {@code params.actionId} if present, else {@code "action"}. The ack's
 * {@code response} is available through {@link #cardCallbackResponse(String)}.</li>
 * <li>Robot messages in groups: {@code text.content} starts with a space (the stripped @mention), {@code isInAtList}
 * true, {@code atUsers} holds the robot; 1:1 messages have no {@code isInAtList}/{@code atUsers}. 1:1 conversation ids
 * are derived from the user id.</li>
 * <li>New-style errors: missing params {@code MissingParameter}; wrong {@code robotCode}
 * {@code invalidParameter.robotCode}; more than 20 {@code userIds} {@code invalidParameter.userIds}; unknown msgKey
 * {@code invalidParameter.msgKey}; msgParam not JSON / missing fields / unknown media id
 * {@code invalidParameter.msgParam}; unknown group or downloadCode HTTP 400 {@code resource.not.found}; unknown
 * path HTTP 404 {@code InvalidAction.NotFound}; token problems HTTP 401 {@code InvalidAuthentication} (expired and
 * revoked alike); wrong credentials at {@code /v1.0/oauth2/accessToken} HTTP 400 {@code invalidClientIdOrSecret}.
 * A new token is issued on every token call.</li>
 * <li>Message validation: required msgParam fields are sampleText{content}, sampleMarkdown{title,text},
 * sampleImageMsg{photoURL}, sampleLink{text,title,messageUrl} (picUrl optional),
 * sampleActionCard{title,text,singleTitle,singleURL}, sampleActionCard2..5{title,text,actionTitleN,actionURLN},
 * sampleActionCard6{title,text,buttonTitle1,buttonUrl1,buttonTitle2,buttonUrl2}, sampleFile{mediaId,fileName,fileType},
 * sampleAudio{mediaId,duration}, sampleVideo{duration,videoMediaId,videoType,picMediaId}. Media ids must have been
 * uploaded ({@code photoURL} may also be an http(s) URL). Unknown {@code userIds} are reported in
 * {@code invalidStaffIdList}; a send with no valid user is not recorded.</li>
 * <li>Old-style errors (HTTP 200 + errcode): invalid/missing/revoked {@code access_token} 40014, expired by TTL 42001,
 * wrong appkey/appsecret at {@code /gettoken} 40089, missing parameter 40035, unknown user 60121, unknown group
 * 4000003, QPS limit 90018; media upload: bad type 40004, missing {@code media} part 41005, empty or too large file
 * 40006 (limits: voice 2 MB, others 20 MB; a request body above 24 MiB is refused with HTTP 413).</li>
 * <li>Group look-up: {@code POST /topapi/im/chat/scenegroup/get} {@code {open_conversation_id}} &rarr;
 * {@code result{open_conversation_id,title,owner_user_id,member_amount,...}} (owner = first member) and
 * {@code POST /topapi/im/chat/scenegroup/member/get} {@code {open_conversation_id,size,cursor}} &rarr;
 * {@code result{member_user_ids,has_more,next_cursor}}.</li>
 * <li>Session webhook: unknown or expired session {@code {"errcode":300001}}; bad JSON, unknown msgtype or missing
 * fields {@code {"errcode":40035}}; accepts text, markdown, actionCard, link, feedCard; default TTL 90 min.</li>
 * <li>Download URLs are {@code <apiUrl>/files/<random>}, valid 10 minutes, plain GET; unknown/expired: HTTP 403.</li>
 * <li>Per-API QPS limit ({@code rateLimitPerSecond}, fixed one-second windows per path, not applied to
 * {@code /files/}): new-style HTTP 403 {@code Forbidden.AccessDenied.QpsLimitForAppkeyAndApi}, old-style errcode
 * 90018.</li>
 * </ul>
 */
public final class DingTalkSimulator implements AutoCloseable {

    /** CALLBACK topic of robot messages. */
    public static final String TOPIC_BOT_MESSAGE = "/v1.0/im/bot/messages/get";
    /** CALLBACK topic of interactive card actions. */
    public static final String TOPIC_CARD_CALLBACK = "/v1.0/card/instances/callback";
    /** The only EVENT topic. */
    public static final String TOPIC_ALL_EVENTS = "*";

    static final int MAX_CLIENT_FRAME = 64 * 1024;
    static final int MAX_HTTP_BODY = 24 * 1024 * 1024;
    static final Duration DOWNLOAD_URL_TTL = Duration.ofMinutes(10);
    static final Set<String> OLD_STYLE_PREFIXES = Set.of("/gettoken", "/media/", "/topapi/", "/robot/");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern MENTION = Pattern.compile("@([A-Za-z0-9_\\-.$]+)");

    // ---------------------------------------------------------------- configuration
    private final String clientId;
    private final String clientSecret;
    private final String robotCode;
    private final String corpId;
    private final String unifiedAppId = UUID.randomUUID().toString();
    private final String chatbotUserId;
    private final boolean tls;
    private final Duration tokenTtl;
    private final Duration ticketTtl;
    private final List<Duration> redeliveryDelays;
    private final Duration ackTimeout;
    private final boolean redeliverCallbacks;
    private final Duration systemPingInterval;
    private final Duration disconnectCloseDelay;
    private final Duration sessionWebhookTtl;
    private final int rateLimitPerSecond;

    private final Faults faults = new Faults(this);
    private final SimHttpServer server;
    private final ScheduledThreadPoolExecutor scheduler;
    private final int idPrefix = RANDOM.nextInt();
    private final AtomicLong seq = new AtomicLong();
    private volatile boolean closed;
    private volatile HttpClient httpClient;

    // ---------------------------------------------------------------- state (guarded by lock)
    private final Object lock = new Object();
    private final java.util.ArrayDeque<Push> awaitingAcks = new java.util.ArrayDeque<>();
    private final java.util.concurrent.atomic.AtomicLong eventsAcknowledged = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, SimUser> users = new LinkedHashMap<>();
    private final Map<String, SimGroup> groups = new LinkedHashMap<>();
    private final Map<String, Instant> tokens = new HashMap<>();
    private int tokenIssuances;
    private final Map<String, Ticket> tickets = new HashMap<>();
    private final List<Map<String, Object>> registrationRequests = new ArrayList<>();
    private int registrations;
    private final Map<Channel, Ticket> upgrading = new HashMap<>();
    private final Map<Channel, Conn> conns = new LinkedHashMap<>();
    private final Map<String, Push> pushes = new HashMap<>();
    private final Map<String, Push> pushesByEventId = new HashMap<>();
    private final Map<String, Push> cardPushes = new HashMap<>();
    private final List<Push> pending = new ArrayList<>();
    private final Map<String, SystemPush> systemPushes = new HashMap<>();
    private int systemPingsSent;
    private int systemPingsEchoed;
    private long businessFrames;
    private final List<FrameAck> acks = new ArrayList<>();
    private final List<String> protocolErrors = new ArrayList<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, Blob> downloadCodes = new HashMap<>();
    private final Map<String, FileLink> files = new HashMap<>();
    private final Map<String, UploadedMedia> media = new LinkedHashMap<>();
    private final List<SentEntry> sent = new ArrayList<>();
    private final Map<String, SentEntry> sentByKey = new HashMap<>();
    private final Map<String, long[]> qpsWindows = new HashMap<>();

    private record Ticket(String ticket, Instant expiresAt, boolean events, Set<String> callbackTopics) {
    }

    private record SystemPush(String topic, String opaque) {
    }

    private record Session(String id, String conversationId, String userId, long expiresAt) {
    }

    private record Blob(byte[] bytes, String fileName, String contentType) {
    }

    private record FileLink(Blob blob, Instant expiresAt) {
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
    }

    private static final class Push {
        final String messageId;
        final String type;
        final String topic;
        final Map<String, String> headers;
        final String data;
        final String eventId;
        final boolean reliable;
        int deliveries;
        int failures;
        boolean awaitingAck;
        boolean acked;
        boolean givenUp;
        ScheduledFuture<?> timer;
        long ackDeadlineNanos;
        Object cardResponse;

        Push(String messageId, String type, String topic, Map<String, String> headers, String data, String eventId,
                boolean reliable) {
            this.messageId = messageId;
            this.type = type;
            this.topic = topic;
            this.headers = headers;
            this.data = data;
            this.eventId = eventId;
            this.reliable = reliable;
        }
    }

    private static final class SentEntry {
        final SentMessage.Channel channel;
        final List<String> targets;
        final String conversationId;
        final String msgKey;
        final Map<String, Object> content;
        final String processQueryKey;
        final List<String> atUserIds;
        final Map<String, Object> body;
        final long sentAt = System.currentTimeMillis();
        boolean recalled;

        SentEntry(SentMessage.Channel channel, List<String> targets, String conversationId, String msgKey,
                Map<String, Object> content, String processQueryKey, List<String> atUserIds, Map<String, Object> body) {
            this.channel = channel;
            this.targets = List.copyOf(targets);
            this.conversationId = conversationId;
            this.msgKey = msgKey;
            this.content = content;
            this.processQueryKey = processQueryKey;
            this.atUserIds = List.copyOf(atUserIds);
            this.body = body;
        }

        SentMessage snapshot() {
            return new SentMessage(channel, targets, conversationId, msgKey, content, processQueryKey, recalled,
                    atUserIds, body, sentAt);
        }
    }

    // ================================================================ builder

    /** A builder with DingTalk's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures and starts a {@link DingTalkSimulator}. */
    public static final class Builder {
        private String clientId = "dingsimclient";
        private String clientSecret = "simsecret";
        private String robotCode;
        private String corpId = "dingsimcorp0000000001";
        private boolean tls;
        private Duration tokenTtl = Duration.ofHours(2);
        private Duration ticketTtl = Duration.ofSeconds(90);
        private List<Duration> redeliveryDelays = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(60));
        private Duration ackTimeout = Duration.ofSeconds(5);
        private boolean redeliverCallbacks;
        private Duration systemPingInterval;
        private Duration disconnectCloseDelay = Duration.ofSeconds(10);
        private Duration sessionWebhookTtl = Duration.ofMinutes(90);
        private int rateLimitPerSecond;

        private Builder() {
        }

        /** The app's ClientID (AppKey). Default {@code dingsimclient}. */
        public Builder clientId(String v) {
            clientId = Objects.requireNonNull(v);
            return this;
        }

        /** The app's ClientSecret (AppSecret); also the HMAC key of robot callbacks. Default {@code simsecret}. */
        public Builder clientSecret(String v) {
            clientSecret = Objects.requireNonNull(v);
            return this;
        }

        /** The robot code; defaults to the clientId. */
        public Builder robotCode(String v) {
            robotCode = v;
            return this;
        }

        /** The org's corp id (frame headers, robot messages). */
        public Builder corpId(String v) {
            corpId = Objects.requireNonNull(v);
            return this;
        }

        /** Serve TLS (HTTPS/WSS) on the same port with the bundled localhost certificate; the endpoint becomes wss. */
        public Builder tls(boolean v) {
            tls = v;
            return this;
        }

        /** Lifetime of access tokens ({@code expireIn} in answers). Default 2 h. */
        public Builder tokenTtl(Duration v) {
            tokenTtl = Objects.requireNonNull(v);
            return this;
        }

        /** Lifetime of a Stream ticket. Default 90 s. */
        public Builder ticketTtl(Duration v) {
            ticketTtl = Objects.requireNonNull(v);
            return this;
        }

        /** Delays before each redelivery of an EVENT not acked with SUCCESS; then give up. Default 5 s, 30 s, 60 s. */
        public Builder eventRedeliveryDelays(List<Duration> v) {
            redeliveryDelays = List.copyOf(v);
            return this;
        }

        /** How long to wait for an EVENT ack before treating the delivery as failed. Default 5 s. */
        public Builder ackTimeout(Duration v) {
            ackTimeout = Objects.requireNonNull(v);
            return this;
        }

        /** {@code true}: treat CALLBACK frames like EVENTs (redeliver on missing/failed ack); DingTalk never does. */
        public Builder redeliverCallbacks(boolean v) {
            redeliverCallbacks = v;
            return this;
        }

        /** Send SYSTEM {@code ping} frames at this interval on every connection; {@code null} = off (default). */
        public Builder systemPingInterval(Duration v) {
            systemPingInterval = v;
            return this;
        }

        /** How long after {@code disconnect} the server closes the connection. Default 10 s. */
        public Builder disconnectCloseDelay(Duration v) {
            disconnectCloseDelay = Objects.requireNonNull(v);
            return this;
        }

        /** Lifetime of a message's {@code sessionWebhook}. Default 90 min. */
        public Builder sessionWebhookTtl(Duration v) {
            sessionWebhookTtl = Objects.requireNonNull(v);
            return this;
        }

        /** Per-API requests per second before answering with DingTalk's QPS error; 0 = unlimited (default). */
        public Builder rateLimitPerSecond(int v) {
            rateLimitPerSecond = v;
            return this;
        }

        /** Starts the simulator on a free loopback port. */
        public DingTalkSimulator start() {
            return new DingTalkSimulator(this);
        }
    }

    private DingTalkSimulator(Builder b) {
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.robotCode = b.robotCode != null ? b.robotCode : b.clientId;
        this.corpId = b.corpId;
        this.tls = b.tls;
        this.tokenTtl = b.tokenTtl;
        this.ticketTtl = b.ticketTtl;
        this.redeliveryDelays = b.redeliveryDelays;
        this.ackTimeout = b.ackTimeout;
        this.redeliverCallbacks = b.redeliverCallbacks;
        this.systemPingInterval = b.systemPingInterval;
        this.disconnectCloseDelay = b.disconnectCloseDelay;
        this.sessionWebhookTtl = b.sessionWebhookTtl;
        this.rateLimitPerSecond = b.rateLimitPerSecond;
        this.chatbotUserId = "$:LWCP_v1:$" + Base64.getEncoder().encodeToString(
                ("robot:" + robotCode).getBytes(StandardCharsets.UTF_8));
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dingtalk-sim-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        long sweep = Math.max(10, Math.min(100, ackTimeout.toMillis() / 4));
        scheduler.scheduleWithFixedDelay(this::sweepAckDeadlines, sweep, sweep, TimeUnit.MILLISECONDS);
        this.server = new SimHttpServer("dingtalk-sim", tls ? SimulatorTls.serverContext() : null, this::handleHttp,
                Set.of("/connect"), new StreamHandler(), MAX_CLIENT_FRAME, MAX_HTTP_BODY);
        try {
            server.start();
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            throw e;
        }
    }

    // ================================================================ basics

    /** New-style API base, {@code http://127.0.0.1:<port>}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Old-style ({@code oapi}) base; the same server and string as {@link #apiUrl()}. */
    public String oapiUrl() {
        return apiUrl();
    }

    /** HTTPS base on the same port ({@code https://localhost:<port>}); only usable with {@code tls(true)}. */
    public String httpsUrl() {
        return "https://localhost:" + server.port();
    }

    /** The websocket endpoint returned by registration. */
    public String wsEndpoint() {
        return tls ? "wss://localhost:" + server.port() + "/connect" : "ws://127.0.0.1:" + server.port() + "/connect";
    }

    public int port() {
        return server.port();
    }

    /** Port serving WSS (the same port as {@link #port()}); -1 when TLS is off. */
    public int tlsPort() {
        return tls ? server.port() : -1;
    }

    public boolean tls() {
        return tls;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public String robotCode() {
        return robotCode;
    }

    public String corpId() {
        return corpId;
    }

    /** The fault injector. */
    public Faults faults() {
        return faults;
    }

    /** Stops everything, closes all connections and releases the port (well within 2 s). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.shutdownNow();
        server.close();
    }

    // ================================================================ fixtures

    public DingTalkSimulator addUser(SimUser user) {
        synchronized (lock) {
            users.put(user.userId(), user);
        }
        return this;
    }

    public DingTalkSimulator addGroup(SimGroup group) {
        synchronized (lock) {
            groups.put(group.openConversationId(), group);
        }
        return this;
    }

    // ================================================================ playing users

    /** A user sends text to the robot (1:1 when {@code groupIdOrNull} is null, else @robot in that group); pushed. */
    public InboundMessage userSendsText(String userId, String groupIdOrNull, String text) {
        return push(newTextMessage(userId, groupIdOrNull, text));
    }

    /** A user sends a picture; its {@code downloadCode} (and {@code pictureDownloadCode}) resolve to the bytes. */
    public InboundMessage userSendsPicture(String userId, String groupIdOrNull, byte[] png) {
        String code = newDownloadCode(new Blob(png.clone(), "image.png", "image/png"));
        String code2 = newDownloadCode(new Blob(png.clone(), "image.png", "image/png"));
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("downloadCode", code);
        content.put("pictureDownloadCode", code2);
        return push(buildMessage(userId, groupIdOrNull, "picture", null, content, code));
    }

    /** A user sends a file; its {@code downloadCode} resolves to the bytes. */
    public InboundMessage userSendsFile(String userId, String groupIdOrNull, String fileName, byte[] bytes) {
        String code = newDownloadCode(new Blob(bytes.clone(), fileName, "application/octet-stream"));
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("downloadCode", code);
        content.put("fileName", fileName);
        content.put("spaceId", String.valueOf(1_000_000_000L + RANDOM.nextInt(1_000_000_000)));
        content.put("fileId", String.valueOf(100_000_000_000L + RANDOM.nextInt(1_000_000_000)));
        return push(buildMessage(userId, groupIdOrNull, "file", null, content, code));
    }

    /** Builds a text message (with a live session webhook) without pushing it, e.g. for {@link #postRobotCallback}. */
    public InboundMessage newTextMessage(String userId, String groupIdOrNull, String text) {
        return buildMessage(userId, groupIdOrNull, "text", text, null, null);
    }

    /** Pushes an EVENT (topic {@code *}); redelivered until acked with SUCCESS. Returns the eventId. */
    public String pushEvent(String eventType, Map<String, Object> data) {
        Push p = newEventPush(eventType, Json.write(data == null ? Map.of() : data));
        synchronized (lock) {
            pushes.put(p.messageId, p);
            pushesByEventId.put(p.eventId, p);
            deliver(p);
        }
        return p.eventId;
    }

    /** An EVENT push with DingTalk's headers (all values strings) and a fresh event id and message id. */
    private Push newEventPush(String eventType, String dataJson) {
        String eventId = HexFormat.of().formatHex(randomBytes(16));
        String messageId = newMessageId();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("appId", unifiedAppId);
        h.put("contentType", "application/json");
        h.put("eventBornTime", String.valueOf(System.currentTimeMillis()));
        h.put("eventCorpId", corpId);
        h.put("eventId", eventId);
        h.put("eventType", eventType);
        h.put("eventUnifiedAppId", unifiedAppId);
        h.put("messageId", messageId);
        h.put("topic", TOPIC_ALL_EVENTS);
        return new Push(messageId, "EVENT", TOPIC_ALL_EVENTS, h, dataJson, eventId, true);
    }

    /**
     * Pushes {@code count} events at once, for load tests: they are registered together and written to one
     * connection in bursts with one flush each, so the simulator can outpace the client it measures. Behaves like
     * {@link #pushEvent} otherwise (acknowledgement, redelivery); falls back to it while faults are set.
     *
     * @return the event ids, in push order
     */
    public List<String> pushEvents(int count, String eventType, Map<String, Object> data) {
        String json = Json.write(data == null ? Map.of() : data);
        List<Push> batch = new ArrayList<>(count);
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Push p = newEventPush(eventType, json);
            batch.add(p);
            ids.add(p.eventId);
        }
        List<String> frames = new ArrayList<>(count);
        Channel target = null;
        synchronized (lock) {
            for (Push p : batch) {
                pushes.put(p.messageId, p);
                pushesByEventId.put(p.eventId, p);
            }
            Conn c = null;
            for (Conn candidate : conns.values()) {
                if (candidate.channel.isActive() && !candidate.disconnecting && candidate.events) {
                    c = candidate;
                    break;
                }
            }
            if (c == null || faults.dropEvery > 0) {
                batch.forEach(this::deliver);
                return ids;
            }
            for (Push p : batch) {
                Map<String, String> h = new LinkedHashMap<>(p.headers);
                h.put("connectionId", c.id);
                h.put("time", String.valueOf(System.currentTimeMillis()));
                frames.add(frame(p.type, h, p.data));
                p.deliveries++;
                businessFrames++;
                awaitAck(p);
            }
            target = c.channel;
        }
        Channel channel = target;
        int burst = 64;
        for (int from = 0; from < frames.size(); from += burst) {
            List<String> part = frames.subList(from, Math.min(frames.size(), from + burst));
            channel.eventLoop().execute(() -> {
                for (String f : part) {
                    channel.write(new TextWebSocketFrame(f));
                }
                channel.flush();
            });
        }
        return ids;
    }

    /** How many distinct events were acknowledged with success so far (cheap; for load tests). */
    public long acknowledgedEvents() {
        return eventsAcknowledged.get();
    }

    /**
     * A user clicks on an interactive card: CALLBACK {@code /v1.0/card/instances/callback}. Returns the card's
     * outTrackId (a new one when {@code outTrackId} is null).
     */
    public String pushCardCallback(String userId, String outTrackId, Map<String, Object> params) {
        String track = outTrackId != null ? outTrackId : UUID.randomUUID().toString();
        Map<String, Object> p = params == null ? Map.of() : params;
        Object action = p.getOrDefault("actionId", "action");
        Map<String, Object> priv = new LinkedHashMap<>();
        priv.put("actionIds", List.of(String.valueOf(action)));
        priv.put("params", p);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("extension", "{}");
        data.put("corpId", corpId);
        data.put("spaceType", "IM");
        data.put("userIdType", 1);
        data.put("type", "actionCallback");
        data.put("userId", userId);
        data.put("content", Json.write(Map.of("cardPrivateData", priv)));
        data.put("spaceId", "cid" + shortHash(userId));
        data.put("outTrackId", track);
        Push push = callbackPush(TOPIC_CARD_CALLBACK, Json.write(data));
        synchronized (lock) {
            cardPushes.put(track, push);
            deliver(push);
        }
        return track;
    }

    /** The {@code response} object of the latest ack to a card callback for that outTrackId, or {@code null}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> cardCallbackResponse(String outTrackId) {
        synchronized (lock) {
            Push p = cardPushes.get(outTrackId);
            return p != null && p.cardResponse instanceof Map ? (Map<String, Object>) p.cardResponse : null;
        }
    }

    private InboundMessage push(InboundMessage m) {
        Push p = callbackPush(TOPIC_BOT_MESSAGE, m.json());
        synchronized (lock) {
            deliver(p);
        }
        return m.withStreamMessageId(p.messageId);
    }

    private Push callbackPush(String topic, String data) {
        String messageId = newMessageId();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("appId", unifiedAppId);
        h.put("contentType", "application/json");
        h.put("messageId", messageId);
        h.put("topic", topic);
        Push p = new Push(messageId, "CALLBACK", topic, h, data, null, redeliverCallbacks);
        synchronized (lock) {
            pushes.put(messageId, p);
        }
        return p;
    }

    private InboundMessage buildMessage(String userId, String groupId, String msgtype, String text,
            Map<String, Object> content, String downloadCode) {
        SimUser u;
        SimGroup g = null;
        synchronized (lock) {
            u = users.get(userId);
            if (groupId != null) {
                g = groups.get(groupId);
                if (g == null) {
                    throw new IllegalArgumentException("unknown group " + groupId + " (addGroup first)");
                }
            }
        }
        long now = System.currentTimeMillis();
        String conversationId = g != null ? g.openConversationId() : "cid" + shortHash("oto:" + userId) + "==";
        String sessionId = HexFormat.of().formatHex(randomBytes(16));
        long expires = now + sessionWebhookTtl.toMillis();
        synchronized (lock) {
            sessions.put(sessionId, new Session(sessionId, conversationId, userId, expires));
        }
        String nick = u != null ? u.name() : userId;
        String msgId = "msg" + Base64.getEncoder().encodeToString(randomBytes(15)).replace('/', 'x').replace('+', 'y')
                + "==";
        String webhook = oapiUrl() + "/robot/sendBySession?session=" + sessionId;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("conversationId", conversationId);
        if (g != null) {
            m.put("atUsers", List.of(Map.of("dingtalkId", chatbotUserId)));
        }
        m.put("chatbotCorpId", corpId);
        m.put("chatbotUserId", chatbotUserId);
        m.put("msgId", msgId);
        m.put("senderNick", nick);
        m.put("isAdmin", false);
        m.put("senderStaffId", userId);
        m.put("sessionWebhookExpiredTime", expires);
        m.put("createAt", now);
        m.put("senderCorpId", corpId);
        m.put("conversationType", g != null ? "2" : "1");
        m.put("senderId", "$:LWCP_v1:$" + Base64.getEncoder().encodeToString(
                ("user:" + userId).getBytes(StandardCharsets.UTF_8)));
        if (g != null) {
            m.put("conversationTitle", g.title());
            m.put("isInAtList", true);
        }
        m.put("sessionWebhook", webhook);
        String shownText = null;
        if ("text".equals(msgtype)) {
            shownText = g != null ? " " + text : text;
            m.put("text", Map.of("content", shownText));
        } else {
            m.put("content", content);
        }
        m.put("robotCode", robotCode);
        m.put("msgtype", msgtype);
        return new InboundMessage(msgId, msgtype, conversationId, g != null ? "2" : "1", userId, nick, shownText,
                downloadCode, webhook, expires, now, null, m);
    }

    private String newDownloadCode(Blob blob) {
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(36));
        synchronized (lock) {
            downloadCodes.put(code, blob);
        }
        return code;
    }

    // ================================================================ inspection

    public List<SentMessage> sentMessages() {
        synchronized (lock) {
            return sent.stream().map(SentEntry::snapshot).toList();
        }
    }

    public List<UploadedMedia> uploadedMedia() {
        synchronized (lock) {
            return List.copyOf(media.values());
        }
    }

    public List<FrameAck> acks() {
        synchronized (lock) {
            return List.copyOf(acks);
        }
    }

    /** How many times the push with this messageId or eventId was written to a socket (0 if unknown). */
    public int deliveries(String messageIdOrEventId) {
        synchronized (lock) {
            Push p = findPush(messageIdOrEventId);
            return p == null ? 0 : p.deliveries;
        }
    }

    /** Whether the push (messageId or eventId) was acked with success (EVENT: code 200 + SUCCESS; else code 200). */
    public boolean isAcknowledged(String messageIdOrEventId) {
        synchronized (lock) {
            Push p = findPush(messageIdOrEventId);
            return p != null && p.acked;
        }
    }

    /** Whether the simulator stopped redelivering this event because its retry schedule ran out. */
    public boolean isGivenUp(String messageIdOrEventId) {
        synchronized (lock) {
            Push p = findPush(messageIdOrEventId);
            return p != null && p.givenUp;
        }
    }

    /** Pushes waiting for a subscribed connection. */
    public int queuedPushes() {
        synchronized (lock) {
            return pending.size();
        }
    }

    private Push findPush(String id) {
        Push p = pushes.get(id);
        return p != null ? p : pushesByEventId.get(id);
    }

    /** Open websocket connections (including ones that were sent {@code disconnect} and are not closed yet). */
    public int openConnections() {
        synchronized (lock) {
            return conns.size();
        }
    }

    /** Successful registrations (tickets issued). */
    public int registrations() {
        synchronized (lock) {
            return registrations;
        }
    }

    public int tokenIssuances() {
        synchronized (lock) {
            return tokenIssuances;
        }
    }

    /** Parsed bodies of every {@code /v1.0/gateway/connections/open} request (also rejected ones). */
    public List<Map<String, Object>> registrationRequests() {
        synchronized (lock) {
            return List.copyOf(registrationRequests);
        }
    }

    public List<String> protocolErrors() {
        synchronized (lock) {
            return List.copyOf(protocolErrors);
        }
    }

    public int systemPingsSent() {
        synchronized (lock) {
            return systemPingsSent;
        }
    }

    /** SYSTEM pings answered with code 200 and the same {@code opaque}. */
    public int systemPingsEchoed() {
        synchronized (lock) {
            return systemPingsEchoed;
        }
    }

    private void protocolError(String s) {
        synchronized (lock) {
            protocolErrors.add(s);
        }
    }

    // ================================================================ stream: delivery

    private String newMessageId() {
        return String.format("%08x_%d_%x_%x", idPrefix, 7, System.currentTimeMillis(), seq.incrementAndGet());
    }

    /** Must hold lock. */
    private void deliver(Push p) {
        if (closed || p.acked) {
            return;
        }
        List<Conn> eligible = new ArrayList<>();
        for (Conn c : conns.values()) {
            if (c.channel.isActive() && !c.disconnecting
                    && ("EVENT".equals(p.type) ? c.events : c.callbackTopics.contains(p.topic))) {
                eligible.add(c);
            }
        }
        if (eligible.isEmpty()) {
            if (!pending.contains(p)) {
                pending.add(p);
            }
            return;
        }
        Conn c = eligible.get(RANDOM.nextInt(eligible.size()));
        Map<String, String> h = new LinkedHashMap<>(p.headers);
        h.put("connectionId", c.id);
        h.put("time", String.valueOf(System.currentTimeMillis()));
        String text = frame(p.type, h, p.data);
        p.deliveries++;
        businessFrames++;
        ChannelFuture f = c.channel.writeAndFlush(new TextWebSocketFrame(text));
        int every = faults.dropEvery;
        if (every > 0 && businessFrames % every == 0) {
            f.addListener(x -> c.channel.close());
        }
        if (p.reliable) {
            awaitAck(p);
        }
    }

    /** Must hold lock: the push now waits for its ack until the deadline the sweeper checks. */
    private void awaitAck(Push p) {
        cancel(p.timer);
        p.awaitingAck = true;
        p.ackDeadlineNanos = System.nanoTime() + ackTimeout.toNanos();
        awaitingAcks.addLast(p);
    }

    /** Runs periodically: pushes whose ack did not come in time are delivered again (or given up). */
    private void sweepAckDeadlines() {
        synchronized (lock) {
            long now = System.nanoTime();
            Push p;
            // deadlines are added in time order, so the oldest are at the head
            while ((p = awaitingAcks.peekFirst()) != null) {
                if (!p.awaitingAck || p.acked) {
                    awaitingAcks.pollFirst();
                } else if (p.ackDeadlineNanos - now <= 0) {
                    awaitingAcks.pollFirst();
                    p.awaitingAck = false;
                    failed(p);
                } else {
                    break;
                }
            }
        }
    }

    /** Must hold lock: schedule the next redelivery or give up. */
    private void failed(Push p) {
        cancel(p.timer);
        if (p.failures < redeliveryDelays.size()) {
            Duration d = redeliveryDelays.get(p.failures++);
            p.timer = schedule(d, () -> {
                synchronized (lock) {
                    deliver(p);
                }
            });
        } else {
            p.givenUp = true;
        }
    }

    private static String frame(String type, Map<String, String> headers, String data) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("specVersion", "1.0");
        f.put("type", type);
        f.put("headers", headers);
        f.put("data", data);
        return Json.write(f);
    }

    private ScheduledFuture<?> schedule(Duration d, Runnable r) {
        if (closed) {
            return null;
        }
        try {
            return scheduler.schedule(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    protocolError("simulator internal error: " + e);
                }
            }, Math.max(0, d.toNanos()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

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
                cancel(c.pingTask);
                sendSystem(c, "disconnect", Map.of("reason", "connection is expired"), null);
                c.closeTask = schedule(disconnectCloseDelay, c.channel::close);
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

    String pushOversize(int bytes) {
        Push probe = callbackPush(TOPIC_BOT_MESSAGE, "{}");
        // the frame length depends on connectionId/time which have fixed lengths; measure with sample values
        Map<String, String> h = new LinkedHashMap<>(probe.headers);
        h.put("connectionId", UUID.randomUUID().toString());
        h.put("time", String.valueOf(System.currentTimeMillis()));
        String prefix = "{\"msgtype\":\"text\",\"robotCode\":" + Json.write(robotCode) + ",\"text\":{\"content\":\"";
        String suffix = "\"}}";
        int base = frame("CALLBACK", h, prefix + suffix).getBytes(StandardCharsets.UTF_8).length;
        String data = prefix + "x".repeat(Math.max(0, bytes - base)) + suffix;
        Push p = new Push(probe.messageId, probe.type, probe.topic, probe.headers, data, null, probe.reliable);
        synchronized (lock) {
            pushes.put(p.messageId, p);
            deliver(p);
        }
        return p.messageId;
    }

    void revokeAllTokens() {
        synchronized (lock) {
            tokens.clear();
        }
    }

    // ================================================================ stream: websocket callbacks

    private final class StreamHandler implements WebSocketHandler {
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
                if (t == null || closed) {
                    channel.close();
                    return;
                }
                Conn c = new Conn(channel, t);
                conns.put(channel, c);
                if (systemPingInterval != null && !systemPingInterval.isZero() && !scheduler.isShutdown()) {
                    c.pingTask = scheduler.scheduleAtFixedRate(() -> {
                        synchronized (lock) {
                            if (c.channel.isActive() && !c.disconnecting) {
                                String opaque = UUID.randomUUID().toString();
                                systemPingsSent++;
                                sendSystem(c, "ping", Map.of("opaque", opaque), opaque);
                            }
                        }
                    }, systemPingInterval.toMillis(), systemPingInterval.toMillis(), TimeUnit.MILLISECONDS);
                }
                List<Push> queued = new ArrayList<>(pending);
                pending.clear();
                queued.forEach(DingTalkSimulator.this::deliver);
            }
        }

        @Override
        public void onText(Channel channel, String text) {
            handleAck(channel, text);
        }

        @Override
        public void onProtocolError(Channel channel, String description) {
            protocolError("websocket: " + description);
        }

        @Override
        public void onClose(Channel channel) {
            synchronized (lock) {
                upgrading.remove(channel);
                Conn c = conns.remove(channel);
                if (c != null) {
                    cancel(c.pingTask);
                    cancel(c.closeTask);
                }
            }
        }

        @Override
        public boolean answerPings() {
            return faults.answerPings;
        }
    }

    private void handleAck(Channel channel, String text) {
        // parse before taking the lock: the pushing threads need it too
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
                data = Json.MAPPER.convertValue(dm, Map.class);
            }
        }
        Instant receivedAt = Instant.now();
        synchronized (lock) {
            Conn c = conns.get(channel);
            String connId = c == null ? null : c.id;
            if (m == null) {
                protocolErrors.add("ack is not a JSON object: " + abbreviate(text));
                return;
            }
            if (!(m.get("code") instanceof Number)) {
                protocolErrors.add("ack without numeric code: " + abbreviate(text));
            }
            if (badData != null) {
                protocolErrors.add("ack data is not a JSON object text: " + abbreviate(badData));
            }
            Push p = messageId == null ? null : pushes.get(messageId);
            SystemPush sp = messageId == null ? null : systemPushes.get(messageId);
            String type = p != null ? p.type : sp != null ? "SYSTEM" : null;
            String topic = p != null ? p.topic : sp != null ? sp.topic() : null;
            acks.add(new FrameAck(messageId, code, message, data, connId, receivedAt, type, topic, text));
            if (messageId == null) {
                protocolErrors.add("ack without headers.messageId: " + abbreviate(text));
                return;
            }
            if (p == null && sp == null) {
                protocolErrors.add("ack for unknown messageId " + messageId);
                return;
            }
            if (sp != null) {
                if ("ping".equals(sp.topic())) {
                    if (code == 200 && data != null && Objects.equals(sp.opaque(), data.get("opaque"))) {
                        systemPingsEchoed++;
                    } else {
                        protocolErrors.add("SYSTEM ping " + messageId + " not echoed correctly: " + abbreviate(text));
                    }
                }
                return;
            }
            boolean success;
            if ("EVENT".equals(p.type)) {
                // Java/Go: data.status SUCCESS|LATER; Python echoes the event data (no status) with code 200
                Object status = data == null ? null : data.get("status");
                success = code == 200 && (status == null || "SUCCESS".equals(status));
            } else {
                success = code == 200;
                if (TOPIC_CARD_CALLBACK.equals(p.topic) && data != null) {
                    p.cardResponse = data.get("response");
                }
            }
            if (success) {
                if (!p.acked && "EVENT".equals(p.type)) {
                    eventsAcknowledged.incrementAndGet();
                }
                p.acked = true;
                p.awaitingAck = false;
                cancel(p.timer);
            } else if (p.reliable && p.awaitingAck && !p.acked) {
                p.awaitingAck = false;
                failed(p);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "...(" + s.length() + " chars)" : s;
    }

    // ================================================================ HTTP

    private SimResponse handleHttp(SimRequest r) {
        SimResponse resp = route(r);
        Duration d = faults.delay;
        return d == null || d.isZero() ? resp : resp.withDelay(d);
    }

    private static boolean oldStyle(String path) {
        return !path.startsWith("/v1.0/") && !path.startsWith("/files/");
    }

    private SimResponse route(SimRequest r) {
        String path = r.path();
        Faults.Rule rule = faults.take(path);
        if (rule != null) {
            switch (rule.kind) {
                case QPS:
                    return qpsError(path);
                case HTTP429:
                    return apiError(429, "Throttling", "Request was denied due to request throttling.")
                            .withHeader("Retry-After", String.valueOf(rule.retryAfterSeconds));
                default:
                    String code = switch (rule.status) {
                        case 500 -> "InternalError";
                        case 502 -> "BadGateway";
                        case 504 -> "GatewayTimeout";
                        default -> "ServiceUnavailable";
                    };
                    return apiError(rule.status, code, "The request has failed due to a temporary failure of the server.");
            }
        }
        if (rateLimitPerSecond > 0 && !path.startsWith("/files/")) {
            long sec = System.currentTimeMillis() / 1000;
            boolean limited;
            synchronized (lock) {
                long[] w = qpsWindows.computeIfAbsent(path, k -> new long[2]);
                if (w[0] != sec) {
                    w[0] = sec;
                    w[1] = 0;
                }
                limited = ++w[1] > rateLimitPerSecond;
            }
            if (limited) {
                return qpsError(path);
            }
        }
        boolean post = "POST".equals(r.method());
        boolean get = "GET".equals(r.method());
        if (path.startsWith("/v1.0/")) {
            switch (path) {
                case "/v1.0/oauth2/accessToken":
                    return post ? accessToken(r) : notFound();
                case "/v1.0/gateway/connections/open":
                    return post ? openConnection(r) : notFound();
                default:
                    break;
            }
            boolean known = post && Set.of("/v1.0/robot/oToMessages/batchSend", "/v1.0/robot/groupMessages/send",
                    "/v1.0/robot/otoMessages/batchRecall", "/v1.0/robot/groupMessages/recall",
                    "/v1.0/robot/messageFiles/download").contains(path)
                    || get && "/v1.0/robot/oToMessages/readStatus".equals(path);
            if (!known) {
                return notFound();
            }
            SimResponse auth = checkNewToken(r);
            if (auth != null) {
                return auth;
            }
            if (get) {
                return readStatus(r);
            }
            Map<String, Object> body = Json.tryParseObject(r.bodyText());
            if (body == null) {
                protocolError("HTTP " + path + ": body is not a JSON object");
                return apiError(400, "InvalidParameter", "request body is not a valid JSON object");
            }
            return switch (path) {
                case "/v1.0/robot/oToMessages/batchSend" -> batchSend(body);
                case "/v1.0/robot/groupMessages/send" -> groupSend(body);
                case "/v1.0/robot/otoMessages/batchRecall" -> recall(body, false);
                case "/v1.0/robot/groupMessages/recall" -> recall(body, true);
                default -> downloadUrl(body);
            };
        }
        if (path.startsWith("/files/") && get) {
            return file(path.substring("/files/".length()));
        }
        if ("/gettoken".equals(path) && get) {
            return getToken(r);
        }
        if ("/robot/sendBySession".equals(path) && post) {
            return sessionWebhook(r);
        }
        if (post && ("/media/upload".equals(path) || path.startsWith("/topapi/"))) {
            SimResponse auth = checkOldToken(r);
            if (auth != null) {
                return auth;
            }
            if ("/media/upload".equals(path)) {
                return upload(r);
            }
            Map<String, Object> body = Json.tryParseObject(r.bodyText());
            if (body == null) {
                protocolError("HTTP " + path + ": body is not a JSON object");
                return oapiError(40035, "缺少参数 (request body is not JSON)");
            }
            switch (path) {
                case "/topapi/v2/user/get":
                    return userGet(body);
                case "/topapi/v2/user/getbymobile":
                    return userByMobile(body);
                case "/topapi/im/chat/scenegroup/get":
                    return groupGet(body);
                case "/topapi/im/chat/scenegroup/member/get":
                    return groupMembers(body);
                default:
                    break;
            }
        }
        return oldStyle(path) ? SimResponse.json(404, "{\"errcode\":404,\"errmsg\":\"请求的URI地址不存在\"}") : notFound();
    }

    private static String requestId() {
        return HexFormat.of().formatHex(randomBytes(8)).toUpperCase();
    }

    static SimResponse apiError(int status, String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("message", message);
        m.put("requestid", requestId());
        return SimResponse.json(status, Json.write(m));
    }

    private static SimResponse oapiError(int errcode, String errmsg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errcode", errcode);
        m.put("errmsg", errmsg);
        m.put("request_id", requestId());
        return SimResponse.json(200, Json.write(m));
    }

    private static SimResponse ok(Map<String, Object> m) {
        return SimResponse.json(200, Json.write(m));
    }

    private static SimResponse oapiOk(Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errcode", 0);
        m.put("errmsg", "ok");
        m.putAll(extra);
        m.put("request_id", requestId());
        return SimResponse.json(200, Json.write(m));
    }

    private static SimResponse notFound() {
        return apiError(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
    }

    private static SimResponse qpsError(String path) {
        if (oldStyle(path)) {
            return oapiError(90018, "当前企业对应的AppKey调用当前接口次数过多，请求被暂时禁止了");
        }
        return apiError(403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi",
                "当前企业对应的AppKey调用当前接口次数过多，请求被暂时禁止了");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String shortHash(String s) {
        return Integer.toHexString(s.hashCode() & 0x7fffffff) + Integer.toHexString(s.length());
    }

    // ---------------------------------------------------------------- tokens

    private String issueToken() {
        String t = HexFormat.of().formatHex(randomBytes(16));
        synchronized (lock) {
            tokens.put(t, Instant.now().plus(tokenTtl));
            tokenIssuances++;
        }
        return t;
    }

    /** 0 = valid, 1 = unknown/revoked, 2 = expired. */
    private int tokenState(String token) {
        if (token == null || token.isEmpty()) {
            return 1;
        }
        synchronized (lock) {
            Instant exp = tokens.get(token);
            if (exp == null) {
                return 1;
            }
            return Instant.now().isAfter(exp) ? 2 : 0;
        }
    }

    private SimResponse checkNewToken(SimRequest r) {
        return tokenState(r.header("x-acs-dingtalk-access-token")) == 0 ? null
                : apiError(401, "InvalidAuthentication", "不合法的access_token");
    }

    private SimResponse checkOldToken(SimRequest r) {
        return switch (tokenState(r.query("access_token"))) {
            case 0 -> null;
            case 2 -> oapiError(42001, "access_token超时");
            default -> oapiError(40014, "不合法的access_token");
        };
    }

    private SimResponse accessToken(SimRequest r) {
        Map<String, Object> b = Json.tryParseObject(r.bodyText());
        if (b == null) {
            protocolError("HTTP /v1.0/oauth2/accessToken: body is not a JSON object");
            return apiError(400, "InvalidParameter", "request body is not a valid JSON object");
        }
        if (!clientId.equals(b.get("appKey")) || !clientSecret.equals(b.get("appSecret"))) {
            return apiError(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accessToken", issueToken());
        m.put("expireIn", tokenTtl.toSeconds());
        return ok(m);
    }

    private SimResponse getToken(SimRequest r) {
        if (!clientId.equals(r.query("appkey")) || !clientSecret.equals(r.query("appsecret"))) {
            return oapiError(40089, "不合法的appKey或appSecret");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", issueToken());
        m.put("expires_in", tokenTtl.toSeconds());
        return oapiOk(m);
    }

    // ---------------------------------------------------------------- registration

    private SimResponse openConnection(SimRequest r) {
        Map<String, Object> b = Json.tryParseObject(r.bodyText());
        if (b == null) {
            protocolError("HTTP /v1.0/gateway/connections/open: body is not a JSON object");
            return apiError(400, "InvalidParameter", "request body is not a valid JSON object");
        }
        synchronized (lock) {
            registrationRequests.add(b);
        }
        if (faults.takeRegistrationRejection() || !clientId.equals(b.get("clientId"))
                || !clientSecret.equals(b.get("clientSecret"))) {
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
            tickets.put(ticket, new Ticket(ticket, Instant.now().plus(ticketTtl), events, Set.copyOf(topics)));
            registrations++;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("endpoint", wsEndpoint());
        m.put("ticket", ticket);
        return ok(m);
    }

    // ---------------------------------------------------------------- robot messages

    private static final Map<String, List<String>> MSG_KEYS = new HashMap<>();

    static {
        MSG_KEYS.put("sampleText", List.of("content"));
        MSG_KEYS.put("sampleMarkdown", List.of("title", "text"));
        MSG_KEYS.put("sampleImageMsg", List.of("photoURL"));
        MSG_KEYS.put("sampleLink", List.of("text", "title", "messageUrl"));
        MSG_KEYS.put("sampleActionCard", List.of("title", "text", "singleTitle", "singleURL"));
        for (int n = 2; n <= 5; n++) {
            List<String> f = new ArrayList<>(List.of("title", "text"));
            for (int i = 1; i <= n; i++) {
                f.add("actionTitle" + i);
                f.add("actionURL" + i);
            }
            MSG_KEYS.put("sampleActionCard" + n, List.copyOf(f));
        }
        MSG_KEYS.put("sampleActionCard6",
                List.of("title", "text", "buttonTitle1", "buttonUrl1", "buttonTitle2", "buttonUrl2"));
        MSG_KEYS.put("sampleFile", List.of("mediaId", "fileName", "fileType"));
        MSG_KEYS.put("sampleAudio", List.of("mediaId", "duration"));
        MSG_KEYS.put("sampleVideo", List.of("duration", "videoMediaId", "videoType", "picMediaId"));
    }

    /** Returns an error response, or null with the parsed msgParam stored in out[0]. */
    private SimResponse validateMessage(Map<String, Object> body, Object[] out) {
        if (!(body.get("robotCode") instanceof String rc) || rc.isEmpty()) {
            return apiError(400, "MissingParameter", "robotCode is mandatory for this action.");
        }
        if (!robotCode.equals(rc)) {
            return apiError(400, "invalidParameter.robotCode", "robot " + rc + " does not exist");
        }
        if (!(body.get("msgKey") instanceof String key) || key.isEmpty()) {
            return apiError(400, "MissingParameter", "msgKey is mandatory for this action.");
        }
        List<String> required = MSG_KEYS.get(key);
        if (required == null) {
            return apiError(400, "invalidParameter.msgKey", "msgKey " + key + " is not supported");
        }
        if (!(body.get("msgParam") instanceof String mp) || mp.isEmpty()) {
            return apiError(400, "MissingParameter", "msgParam is mandatory for this action.");
        }
        Map<String, Object> param = Json.tryParseObject(mp);
        if (param == null) {
            return apiError(400, "invalidParameter.msgParam", "msgParam must be a JSON object text");
        }
        for (String f : required) {
            Object v = param.get(f);
            if (v == null || (v instanceof String s && s.isBlank()) || v instanceof Map || v instanceof List) {
                return apiError(400, "invalidParameter.msgParam", "msgParam." + f + " is required for " + key);
            }
        }
        List<String> mediaFields = switch (key) {
            case "sampleFile", "sampleAudio" -> List.of("mediaId");
            case "sampleVideo" -> List.of("videoMediaId", "picMediaId");
            case "sampleImageMsg" -> List.of("photoURL");
            default -> List.of();
        };
        synchronized (lock) {
            for (String f : mediaFields) {
                String v = String.valueOf(param.get(f));
                boolean url = f.equals("photoURL") && (v.startsWith("http://") || v.startsWith("https://"));
                if (!url && !media.containsKey(v)) {
                    return apiError(400, "invalidParameter.msgParam", "msgParam." + f + ": media " + v + " not found");
                }
            }
        }
        out[0] = param;
        return null;
    }

    private List<String> mentions(Map<String, Object> param, List<String> candidates) {
        Object t = param.containsKey("content") ? param.get("content") : param.get("text");
        List<String> at = new ArrayList<>();
        if (t instanceof String s) {
            Matcher m = MENTION.matcher(s);
            while (m.find()) {
                String id = m.group(1);
                if ((candidates.contains(id) || users.containsKey(id)) && !at.contains(id)) {
                    at.add(id);
                }
            }
        }
        return at;
    }

    private String newProcessQueryKey() {
        return Base64.getEncoder().encodeToString(randomBytes(24)).replace('/', 'A').replace('+', 'B');
    }

    @SuppressWarnings("unchecked")
    private SimResponse batchSend(Map<String, Object> body) {
        Object[] out = new Object[1];
        SimResponse err = validateMessage(body, out);
        if (err != null) {
            return err;
        }
        if (!(body.get("userIds") instanceof List<?> ids) || ids.isEmpty()) {
            return apiError(400, "MissingParameter", "userIds is mandatory for this action.");
        }
        if (ids.size() > 20) {
            return apiError(400, "invalidParameter.userIds", "userIds must not contain more than 20 users");
        }
        Map<String, Object> param = (Map<String, Object>) out[0];
        String pqk = newProcessQueryKey();
        List<String> valid = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        synchronized (lock) {
            for (Object o : ids) {
                String id = String.valueOf(o);
                (users.containsKey(id) ? valid : invalid).add(id);
            }
            if (!valid.isEmpty()) {
                SentEntry e = new SentEntry(SentMessage.Channel.OTO, valid, null, (String) body.get("msgKey"), param,
                        pqk, mentions(param, List.of()), body);
                sent.add(e);
                sentByKey.put(pqk, e);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("processQueryKey", pqk);
        m.put("invalidStaffIdList", invalid);
        m.put("flowControlledStaffIdList", List.of());
        m.put("filteredStaffIdList", List.of());
        return ok(m);
    }

    @SuppressWarnings("unchecked")
    private SimResponse groupSend(Map<String, Object> body) {
        Object[] out = new Object[1];
        SimResponse err = validateMessage(body, out);
        if (err != null) {
            return err;
        }
        if (!(body.get("openConversationId") instanceof String cid) || cid.isEmpty()) {
            return apiError(400, "MissingParameter", "openConversationId is mandatory for this action.");
        }
        Map<String, Object> param = (Map<String, Object>) out[0];
        String pqk = newProcessQueryKey();
        synchronized (lock) {
            SimGroup g = groups.get(cid);
            if (g == null) {
                return apiError(400, "resource.not.found", "群会话不存在 (openConversationId " + cid + ")");
            }
            SentEntry e = new SentEntry(SentMessage.Channel.GROUP, List.of(cid), cid, (String) body.get("msgKey"),
                    param, pqk, mentions(param, g.memberUserIds()), body);
            sent.add(e);
            sentByKey.put(pqk, e);
        }
        return ok(Map.of("processQueryKey", pqk));
    }

    private SimResponse recall(Map<String, Object> body, boolean group) {
        if (!(body.get("robotCode") instanceof String rc) || rc.isEmpty()) {
            return apiError(400, "MissingParameter", "robotCode is mandatory for this action.");
        }
        if (!robotCode.equals(rc)) {
            return apiError(400, "invalidParameter.robotCode", "robot " + rc + " does not exist");
        }
        String cid = null;
        if (group) {
            if (!(body.get("openConversationId") instanceof String c) || c.isEmpty()) {
                return apiError(400, "MissingParameter", "openConversationId is mandatory for this action.");
            }
            cid = c;
        }
        if (!(body.get("processQueryKeys") instanceof List<?> keys) || keys.isEmpty()) {
            return apiError(400, "MissingParameter", "processQueryKeys is mandatory for this action.");
        }
        List<String> success = new ArrayList<>();
        Map<String, Object> failed = new LinkedHashMap<>();
        synchronized (lock) {
            if (group && !groups.containsKey(cid)) {
                return apiError(400, "resource.not.found", "群会话不存在 (openConversationId " + cid + ")");
            }
            for (Object o : keys) {
                String k = String.valueOf(o);
                SentEntry e = sentByKey.get(k);
                if (e == null || e.channel != (group ? SentMessage.Channel.GROUP : SentMessage.Channel.OTO)
                        || (group && !cid.equals(e.conversationId))) {
                    failed.put(k, "message not found");
                } else if (e.recalled) {
                    failed.put(k, "message already recalled");
                } else {
                    e.recalled = true;
                    success.add(k);
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("successResult", success);
        m.put("failedResult", failed);
        return ok(m);
    }

    private SimResponse readStatus(SimRequest r) {
        String rc = r.query("robotCode");
        String key = r.query("processQueryKey");
        if (rc == null || key == null) {
            return apiError(400, "MissingParameter", "robotCode and processQueryKey are mandatory for this action.");
        }
        if (!robotCode.equals(rc)) {
            return apiError(400, "invalidParameter.robotCode", "robot " + rc + " does not exist");
        }
        synchronized (lock) {
            SentEntry e = sentByKey.get(key);
            if (e == null || e.channel != SentMessage.Channel.OTO) {
                return apiError(400, "resource.not.found", "processQueryKey not found");
            }
            List<Map<String, Object>> infos = new ArrayList<>();
            for (String id : e.targets) {
                SimUser u = users.get(id);
                Map<String, Object> i = new LinkedHashMap<>();
                i.put("name", u == null ? id : u.name());
                i.put("userId", id);
                i.put("readStatus", "UNREAD");
                i.put("readTimestamp", 0);
                infos.add(i);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sendStatus", e.recalled ? "RECALLED" : "SUCCESS");
            m.put("messageReadInfoList", infos);
            return ok(m);
        }
    }

    private SimResponse downloadUrl(Map<String, Object> body) {
        if (!(body.get("downloadCode") instanceof String code) || code.isEmpty()) {
            return apiError(400, "MissingParameter", "downloadCode is mandatory for this action.");
        }
        if (!(body.get("robotCode") instanceof String rc) || rc.isEmpty()) {
            return apiError(400, "MissingParameter", "robotCode is mandatory for this action.");
        }
        if (!robotCode.equals(rc)) {
            return apiError(400, "invalidParameter.robotCode", "robot " + rc + " does not exist");
        }
        String id = HexFormat.of().formatHex(randomBytes(20));
        synchronized (lock) {
            Blob b = downloadCodes.get(code);
            if (b == null) {
                return apiError(400, "resource.not.found", "downloadCode not found or expired");
            }
            files.put(id, new FileLink(b, Instant.now().plus(DOWNLOAD_URL_TTL)));
        }
        return ok(Map.of("downloadUrl", apiUrl() + "/files/" + id));
    }

    private SimResponse file(String id) {
        FileLink f;
        synchronized (lock) {
            f = files.get(id);
        }
        if (f == null || Instant.now().isAfter(f.expiresAt())) {
            return new SimResponse(403, "application/xml",
                    ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
                            + "<Message>Request has expired.</Message></Error>").getBytes(StandardCharsets.UTF_8),
                    Map.of(), null);
        }
        return SimResponse.bytes(200, f.blob().contentType(), f.blob().bytes())
                .withHeader("Content-Disposition", "attachment; filename=\""
                        + URLEncoder.encode(f.blob().fileName(), StandardCharsets.UTF_8) + "\"");
    }

    // ---------------------------------------------------------------- session webhook

    @SuppressWarnings("unchecked")
    private SimResponse sessionWebhook(SimRequest r) {
        String id = r.query("session");
        Session s;
        synchronized (lock) {
            s = id == null ? null : sessions.get(id);
        }
        if (s == null || System.currentTimeMillis() > s.expiresAt()) {
            return SimResponse.json(200, "{\"errcode\":300001,\"errmsg\":\"session expired\"}");
        }
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        String invalid = "{\"errcode\":40035,\"errmsg\":\"missing or invalid parameter\"}";
        if (body == null) {
            protocolError("HTTP /robot/sendBySession: body is not a JSON object");
            return SimResponse.json(200, invalid);
        }
        Object type = body.get("msgtype");
        if (!(type instanceof String t) || !(body.get(t) instanceof Map<?, ?> rawContent)) {
            return SimResponse.json(200, invalid);
        }
        Map<String, Object> c = (Map<String, Object>) rawContent;
        boolean valid = switch (t) {
            case "text" -> has(c, "content");
            case "markdown" -> has(c, "title") && has(c, "text");
            case "actionCard" -> has(c, "title") && has(c, "text")
                    && (has(c, "singleTitle") && has(c, "singleURL")
                            || c.get("btns") instanceof List<?> l && !l.isEmpty());
            case "link" -> has(c, "title") && has(c, "text") && has(c, "messageUrl");
            case "feedCard" -> c.get("links") instanceof List<?> l && !l.isEmpty();
            default -> false;
        };
        if (!valid) {
            return SimResponse.json(200, invalid);
        }
        List<String> at = new ArrayList<>();
        if (body.get("at") instanceof Map<?, ?> a && a.get("atUserIds") instanceof List<?> ids) {
            ids.forEach(o -> at.add(String.valueOf(o)));
        }
        synchronized (lock) {
            sent.add(new SentEntry(SentMessage.Channel.SESSION_WEBHOOK, List.of(s.id()), s.conversationId(), t, c,
                    null, at, body));
        }
        return SimResponse.json(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    private static boolean has(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v != null && !(v instanceof String s && s.isBlank());
    }

    // ---------------------------------------------------------------- media, users, groups

    private SimResponse upload(SimRequest r) {
        FormPart part = r.part("media");
        String type = r.query("type");
        if (type == null && r.part("type") != null) {
            type = r.part("type").text().trim();
        }
        if (type == null || !Set.of("image", "voice", "video", "file").contains(type)) {
            return oapiError(40004, "不合法的媒体文件类型");
        }
        if (part == null || !part.file()) {
            return oapiError(41005, "缺少多媒体文件数据");
        }
        long limit = "voice".equals(type) ? 2L * 1024 * 1024 : 20L * 1024 * 1024;
        if (part.bytes().length == 0 || part.bytes().length > limit) {
            return oapiError(40006, "不合法的文件大小");
        }
        String id = "@lA" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24));
        long now = System.currentTimeMillis();
        synchronized (lock) {
            media.put(id, new UploadedMedia(id, type, part.fileName(), part.contentType(), part.bytes(), now));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("media_id", id);
        m.put("created_at", now);
        return oapiOk(m);
    }

    private SimResponse userGet(Map<String, Object> body) {
        if (!(body.get("userid") instanceof String id) || id.isEmpty()) {
            return oapiError(40035, "缺少参数 userid");
        }
        SimUser u;
        synchronized (lock) {
            u = users.get(id);
        }
        if (u == null) {
            return oapiError(60121, "找不到该用户");
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("userid", u.userId());
        res.put("unionid", u.unionId());
        res.put("name", u.name());
        res.put("avatar", "");
        res.put("mobile", u.mobile());
        res.put("email", u.email());
        res.put("dept_id_list", List.of(1));
        res.put("active", true);
        res.put("admin", false);
        return oapiOk(Map.of("result", res));
    }

    private SimResponse userByMobile(Map<String, Object> body) {
        if (!(body.get("mobile") instanceof String mobile) || mobile.isEmpty()) {
            return oapiError(40035, "缺少参数 mobile");
        }
        SimUser u;
        synchronized (lock) {
            u = users.values().stream().filter(x -> mobile.equals(x.mobile())).findFirst().orElse(null);
        }
        if (u == null) {
            return oapiError(60121, "找不到该用户");
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("userid", u.userId());
        res.put("exclusive_account_userid_list", List.of());
        return oapiOk(Map.of("result", res));
    }

    private SimGroup group(Map<String, Object> body) {
        Object id = body.get("open_conversation_id");
        synchronized (lock) {
            return id == null ? null : groups.get(String.valueOf(id));
        }
    }

    private SimResponse groupGet(Map<String, Object> body) {
        if (body.get("open_conversation_id") == null) {
            return oapiError(40035, "缺少参数 open_conversation_id");
        }
        SimGroup g = group(body);
        if (g == null) {
            return oapiError(4000003, "群不存在");
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("open_conversation_id", g.openConversationId());
        res.put("title", g.title());
        res.put("owner_user_id", g.memberUserIds().isEmpty() ? "" : g.memberUserIds().get(0));
        res.put("member_amount", g.memberUserIds().size());
        res.put("template_id", "");
        res.put("icon", "");
        res.put("group_url", "");
        return oapiOk(Map.of("result", res));
    }

    private SimResponse groupMembers(Map<String, Object> body) {
        if (body.get("open_conversation_id") == null) {
            return oapiError(40035, "缺少参数 open_conversation_id");
        }
        SimGroup g = group(body);
        if (g == null) {
            return oapiError(4000003, "群不存在");
        }
        int size = body.get("size") instanceof Number n ? Math.max(1, Math.min(1000, n.intValue())) : 1000;
        int start = 0;
        Object cur = body.get("cursor");
        if (cur != null) {
            try {
                start = Math.max(0, Integer.parseInt(String.valueOf(cur)));
            } catch (NumberFormatException e) {
                return oapiError(40035, "不合法的参数 cursor");
            }
        }
        List<String> all = g.memberUserIds();
        int end = Math.min(all.size(), start + size);
        List<String> page = start >= all.size() ? List.of() : all.subList(start, end);
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("member_user_ids", page);
        res.put("has_more", end < all.size());
        res.put("next_cursor", String.valueOf(end));
        return oapiOk(Map.of("result", res));
    }

    // ================================================================ webhook sender

    private HttpClient http() {
        HttpClient c = httpClient;
        if (c == null) {
            synchronized (this) {
                c = httpClient;
                if (c == null) {
                    c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(5)).build();
                    httpClient = c;
                }
            }
        }
        return c;
    }

    private HttpResponse<String> send(HttpRequest req) throws Exception {
        return http().send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Plays DingTalk pushing a robot message to an HTTP-mode robot (headers {@code timestamp} + {@code sign}). */
    public WebhookResult postRobotCallback(String url, InboundMessage msg) {
        return postRobotCallback(url, msg, Tamper.NONE);
    }

    /** Like {@link #postRobotCallback(String, InboundMessage)}, spoiled as told. */
    public WebhookResult postRobotCallback(String url, InboundMessage msg, Tamper tamper) {
        if (tamper == Tamper.WRONG_OWNER_KEY) {
            throw new IllegalArgumentException("WRONG_OWNER_KEY applies to encrypted events only");
        }
        long now = System.currentTimeMillis();
        String ts = String.valueOf(tamper == Tamper.STALE_TIMESTAMP ? now - Duration.ofHours(2).toMillis() : now);
        String sign = WebhookCrypto.robotSign(ts, tamper == Tamper.FORGED_SIGNATURE ? clientSecret + "-forged"
                : clientSecret);
        String body = tamper == Tamper.MALFORMED_BODY ? "{\"msgId\":\"" + msg.msgId() + "\",\"text\":{" : msg.json();
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (tamper != Tamper.MISSING_HEADERS) {
            rb.header("timestamp", ts).header("sign", sign);
        }
        try {
            HttpResponse<String> resp = send(rb.build());
            return new WebhookResult(resp.statusCode(), resp.body(), resp.statusCode() == 200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookResult(-1, String.valueOf(e), false);
        } catch (Exception e) {
            return new WebhookResult(-1, String.valueOf(e), false);
        }
    }

    /**
     * Plays DingTalk's encrypted event subscription push: {@code POST url?msg_signature=&timestamp=&nonce=} with
     * {@code {"encrypt":...}}; verifies that the answer is the encrypted, correctly signed {@code success}.
     */
    public WebhookResult postEncryptedEvent(String url, String token, String aesKey, String ownerKey,
            Map<String, Object> eventPlaintext, Tamper tamper) {
        long now = System.currentTimeMillis();
        String ts = String.valueOf(tamper == Tamper.STALE_TIMESTAMP ? now - Duration.ofHours(2).toMillis() : now);
        String nonce = WebhookCrypto.randomAlnum(8);
        String owner = tamper == Tamper.WRONG_OWNER_KEY ? ownerKey + "-wrong" : ownerKey;
        String encrypt = WebhookCrypto.encrypt(aesKey, owner, Json.write(eventPlaintext));
        String sig = WebhookCrypto.signature(tamper == Tamper.FORGED_SIGNATURE ? token + "-forged" : token, ts, nonce,
                encrypt);
        String target = url;
        if (tamper != Tamper.MISSING_HEADERS) {
            target += (url.contains("?") ? "&" : "?") + "msg_signature=" + sig + "&timestamp=" + ts + "&nonce=" + nonce;
        }
        String body = tamper == Tamper.MALFORMED_BODY ? "encrypt=" + encrypt : Json.write(Map.of("encrypt", encrypt));
        HttpRequest req = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> resp;
        try {
            resp = send(req);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookResult(-1, String.valueOf(e), false);
        } catch (Exception e) {
            return new WebhookResult(-1, String.valueOf(e), false);
        }
        return new WebhookResult(resp.statusCode(), resp.body(),
                resp.statusCode() == 200 && verifyAnswer(resp.body(), token, aesKey, ownerKey));
    }

    /** Sends the URL check event ({@code {"EventType":"check_url"}}) correctly encrypted and signed. */
    public WebhookResult postCheckUrl(String url, String token, String aesKey, String ownerKey) {
        return postEncryptedEvent(url, token, aesKey, ownerKey, Map.of("EventType", "check_url"), Tamper.NONE);
    }

    private static boolean verifyAnswer(String body, String token, String aesKey, String ownerKey) {
        Map<String, Object> m = Json.tryParseObject(body);
        if (m == null) {
            return false;
        }
        Object sig = m.get("msg_signature");
        Object ts = m.get("timeStamp");
        Object nonce = m.get("nonce");
        Object enc = m.get("encrypt");
        if (sig == null || ts == null || nonce == null || !(enc instanceof String e)) {
            return false;
        }
        if (!WebhookCrypto.signature(token, String.valueOf(ts), String.valueOf(nonce), e).equals(String.valueOf(sig))) {
            return false;
        }
        try {
            return "success".equals(WebhookCrypto.decrypt(aesKey, ownerKey, e));
        } catch (IllegalArgumentException ex) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "DingTalkSimulator[" + apiUrl() + (tls ? ", tls" : "") + "]";
    }
}
