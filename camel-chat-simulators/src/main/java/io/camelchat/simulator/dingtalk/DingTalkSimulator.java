package io.camelchat.simulator.dingtalk;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.camelchat.simulator.common.Balancing;
import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.SimHttpServer;
import io.camelchat.simulator.common.SimScheduler;
import io.camelchat.simulator.common.SimulatorTls;

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
 * <p>Pushes (robot messages, events, card callbacks) go to one open connection of the app (chosen at random, or in
 * turn with {@code balancing(ROUND_ROBIN)}) that subscribed the matching type/topic at registration and has not been
 * sent {@code disconnect}: several connections of one app share its pushes, none is broadcast. When a connection
 * closes, the reliable pushes it had not answered go to another connection at once (simulator choice). <b>If no such connection is open, the
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
 *
 * <p>Inside: {@link DingTalkDirectory} holds the org and what the bot sent, {@link StreamGateway} the Stream mode
 * (registration, websocket, pushes through the shared {@code PushEngine}), {@link DingTalkHttp} the HTTP route table
 * with {@link RobotApi} and {@link OapiHandlers}, {@link DingTalkWebhookSender} the calls to HTTP-mode apps, and
 * {@link Faults} the fault injection. This class wires them and is the public face tests use.
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

    private final DingTalkSettings settings;
    private final Faults faults = new Faults(this);
    private final ProtocolLog protocolLog = new ProtocolLog();
    private final DingTalkDirectory directory = new DingTalkDirectory();
    private final SimScheduler scheduler;
    private final StreamGateway gateway;
    private final UserMessages userMessages;
    private final DingTalkWebhookSender webhooks;
    private final SimHttpServer server;
    private volatile boolean closed;

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
        private Balancing balancing = Balancing.RANDOM;
        private int port;

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

        /**
         * How a push picks one of the app's connections subscribed to it: {@link Balancing#RANDOM} (default, what
         * DingTalk documents: "the server picks one Stream channel at random for each push") or round robin.
         */
        public Builder balancing(Balancing v) {
            balancing = Objects.requireNonNull(v);
            return this;
        }

        /** The loopback port to listen on; {@code 0} (default): a free one. */
        public Builder port(int v) {
            if (v < 0 || v > 65535) {
                throw new IllegalArgumentException("not a port: " + v);
            }
            this.port = v;
            return this;
        }

        /** Starts the simulator on a free loopback port (or the one given to {@link #port}). */
        public DingTalkSimulator start() {
            return new DingTalkSimulator(this);
        }
    }

    private DingTalkSimulator(Builder b) {
        String robotCode = b.robotCode != null ? b.robotCode : b.clientId;
        this.settings = new DingTalkSettings(b.clientId, b.clientSecret, robotCode, b.corpId,
                UUID.randomUUID().toString(),
                "$:LWCP_v1:$" + Base64.getEncoder()
                        .encodeToString(("robot:" + robotCode).getBytes(StandardCharsets.UTF_8)),
                b.tls, b.tokenTtl, b.ticketTtl, b.redeliveryDelays, b.ackTimeout, b.redeliverCallbacks,
                b.systemPingInterval, b.disconnectCloseDelay, b.sessionWebhookTtl, b.rateLimitPerSecond, b.balancing);
        this.scheduler = new SimScheduler("dingtalk-sim-scheduler", protocolLog::add);
        this.gateway = new StreamGateway(settings, faults, protocolLog, scheduler, this::wsEndpoint);
        this.userMessages = new UserMessages(settings, directory, this::oapiUrl);
        this.webhooks = new DingTalkWebhookSender(settings.clientSecret());
        DingTalkHttp http = new DingTalkHttp(settings, directory, faults, protocolLog, gateway,
                new RobotApi(settings, directory, this::apiUrl), new OapiHandlers(settings, directory, protocolLog));
        this.server = new SimHttpServer("dingtalk-sim", settings.tls() ? SimulatorTls.serverContext() : null,
                http::handle, Set.of("/connect"), gateway, MAX_CLIENT_FRAME, MAX_HTTP_BODY);
        try {
            server.start(b.port);
        } catch (RuntimeException e) {
            scheduler.close();
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
        return settings.tls() ? "wss://localhost:" + server.port() + "/connect"
                : "ws://127.0.0.1:" + server.port() + "/connect";
    }

    public int port() {
        return server.port();
    }

    /** Port serving WSS (the same port as {@link #port()}); -1 when TLS is off. */
    public int tlsPort() {
        return settings.tls() ? server.port() : -1;
    }

    public boolean tls() {
        return settings.tls();
    }

    public String clientId() {
        return settings.clientId();
    }

    public String clientSecret() {
        return settings.clientSecret();
    }

    public String robotCode() {
        return settings.robotCode();
    }

    public String corpId() {
        return settings.corpId();
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
        scheduler.close();
        server.close();
    }

    // ================================================================ fixtures

    public DingTalkSimulator addUser(SimUser user) {
        directory.addUser(user);
        return this;
    }

    public DingTalkSimulator addGroup(SimGroup group) {
        directory.addGroup(group);
        return this;
    }

    // ================================================================ playing users

    /** A user sends text to the robot (1:1 when {@code groupIdOrNull} is null, else @robot in that group); pushed. */
    public InboundMessage userSendsText(String userId, String groupIdOrNull, String text) {
        return push(userMessages.text(userId, groupIdOrNull, text));
    }

    /** A user sends a picture; its {@code downloadCode} (and {@code pictureDownloadCode}) resolve to the bytes. */
    public InboundMessage userSendsPicture(String userId, String groupIdOrNull, byte[] png) {
        return push(userMessages.picture(userId, groupIdOrNull, png));
    }

    /** A user sends a file; its {@code downloadCode} resolves to the bytes. */
    public InboundMessage userSendsFile(String userId, String groupIdOrNull, String fileName, byte[] bytes) {
        return push(userMessages.file(userId, groupIdOrNull, fileName, bytes));
    }

    /** Builds a text message (with a live session webhook) without pushing it, e.g. for {@link #postRobotCallback}. */
    public InboundMessage newTextMessage(String userId, String groupIdOrNull, String text) {
        return userMessages.text(userId, groupIdOrNull, text);
    }

    /** Pushes an EVENT (topic {@code *}); redelivered until acked with SUCCESS. Returns the eventId. */
    public String pushEvent(String eventType, Map<String, Object> data) {
        return gateway.pushEvent(eventType, Json.write(data == null ? Map.of() : data));
    }

    /**
     * Pushes {@code count} events at once, for load tests: they are registered together and written to one
     * connection in bursts with one flush each, so the simulator can outpace the client it measures. Behaves like
     * {@link #pushEvent} otherwise (acknowledgement, redelivery); falls back to it while faults are set.
     *
     * @return the event ids, in push order
     */
    public List<String> pushEvents(int count, String eventType, Map<String, Object> data) {
        return gateway.pushEvents(count, eventType, Json.write(data == null ? Map.of() : data));
    }

    /** How many distinct events were acknowledged with success so far (cheap; for load tests). */
    public long acknowledgedEvents() {
        return gateway.acknowledgedEvents();
    }

    /**
     * A user clicks on an interactive card: CALLBACK {@code /v1.0/card/instances/callback}. Returns the card's
     * outTrackId (a new one when {@code outTrackId} is null).
     */
    public String pushCardCallback(String userId, String outTrackId, Map<String, Object> params) {
        String track = outTrackId != null ? outTrackId : UUID.randomUUID().toString();
        gateway.pushCardCallback(track, userMessages.cardCallbackData(userId, track, params));
        return track;
    }

    /** The {@code response} object of the latest ack to a card callback for that outTrackId, or {@code null}. */
    public Map<String, Object> cardCallbackResponse(String outTrackId) {
        return gateway.cardCallbackResponse(outTrackId);
    }

    private InboundMessage push(InboundMessage m) {
        return m.withStreamMessageId(gateway.pushCallback(TOPIC_BOT_MESSAGE, m.json()));
    }

    // ================================================================ inspection

    public List<SentMessage> sentMessages() {
        return directory.sentMessages();
    }

    public List<UploadedMedia> uploadedMedia() {
        return directory.media();
    }

    public List<FrameAck> acks() {
        return gateway.acks();
    }

    /** How many times the push with this messageId or eventId was written to a socket (0 if unknown). */
    public int deliveries(String messageIdOrEventId) {
        return gateway.deliveries(messageIdOrEventId);
    }

    /** Whether the push (messageId or eventId) was acked with success (EVENT: code 200 + SUCCESS; else code 200). */
    public boolean isAcknowledged(String messageIdOrEventId) {
        return gateway.isAcknowledged(messageIdOrEventId);
    }

    /** Whether the simulator stopped redelivering this event because its retry schedule ran out. */
    public boolean isGivenUp(String messageIdOrEventId) {
        return gateway.isGivenUp(messageIdOrEventId);
    }

    /** Pushes waiting for a subscribed connection. */
    public int queuedPushes() {
        return gateway.queuedPushes();
    }

    /** Open websocket connections (including ones that were sent {@code disconnect} and are not closed yet). */
    public int openConnections() {
        return gateway.openConnections();
    }

    /** Successful registrations (tickets issued). */
    public int registrations() {
        return gateway.registrations();
    }

    public int tokenIssuances() {
        return directory.tokenIssuances();
    }

    /** Parsed bodies of every {@code /v1.0/gateway/connections/open} request (also rejected ones). */
    public List<Map<String, Object>> registrationRequests() {
        return gateway.registrationRequests();
    }

    public List<String> protocolErrors() {
        return protocolLog.snapshot();
    }

    public int systemPingsSent() {
        return gateway.systemPingsSent();
    }

    /** SYSTEM pings answered with code 200 and the same {@code opaque}. */
    public int systemPingsEchoed() {
        return gateway.systemPingsEchoed();
    }

    // ================================================================ fault actions (called by Faults)

    void dropAllConnections() {
        gateway.dropAllConnections();
    }

    void sendDisconnectToAll() {
        gateway.sendDisconnectToAll();
    }

    void sendRawToAll(String text) {
        gateway.sendRawToAll(text);
    }

    String pushOversize(int bytes) {
        return gateway.pushOversize(bytes);
    }

    void revokeAllTokens() {
        directory.revokeTokens();
    }

    // ================================================================ webhook sender

    /** Plays DingTalk pushing a robot message to an HTTP-mode robot (headers {@code timestamp} + {@code sign}). */
    public WebhookResult postRobotCallback(String url, InboundMessage msg) {
        return postRobotCallback(url, msg, Tamper.NONE);
    }

    /** Like {@link #postRobotCallback(String, InboundMessage)}, spoiled as told. */
    public WebhookResult postRobotCallback(String url, InboundMessage msg, Tamper tamper) {
        return webhooks.postRobotCallback(url, msg, tamper);
    }

    /**
     * Plays DingTalk's encrypted event subscription push: {@code POST url?msg_signature=&timestamp=&nonce=} with
     * {@code {"encrypt":...}}; verifies that the answer is the encrypted, correctly signed {@code success}.
     */
    public WebhookResult postEncryptedEvent(String url, String token, String aesKey, String ownerKey,
                                            Map<String, Object> eventPlaintext, Tamper tamper) {
        return webhooks.postEncryptedEvent(url, token, aesKey, ownerKey, eventPlaintext, tamper);
    }

    /** Sends the URL check event ({@code {"EventType":"check_url"}}) correctly encrypted and signed. */
    public WebhookResult postCheckUrl(String url, String token, String aesKey, String ownerKey) {
        return postEncryptedEvent(url, token, aesKey, ownerKey, Map.of("EventType", "check_url"), Tamper.NONE);
    }

    @Override
    public String toString() {
        return "DingTalkSimulator[" + apiUrl() + (settings.tls() ? ", tls" : "") + "]";
    }
}
