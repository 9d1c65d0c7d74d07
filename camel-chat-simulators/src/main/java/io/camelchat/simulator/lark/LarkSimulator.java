package io.camelchat.simulator.lark;

import io.camelchat.simulator.common.Json;
import java.net.URI;
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

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import io.camelchat.simulator.common.FormPart;
import io.camelchat.simulator.common.SimHttpServer;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;
import io.camelchat.simulator.common.SimulatorTls;
import io.camelchat.simulator.common.WebSocketHandler;
import io.camelchat.simulator.lark.proto.Pbbp2;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;

/**
 * An independent, wire-faithful implementation of the Lark / Feishu open platform's server side for tests and demos:
 * token endpoints, the IM v1 API (send, reply, recall, card update, edit, uploads, resource download, chats), contact
 * look-ups, the long-connection event channel (endpoint request + websocket with pbbp2 protobuf frames), and an HTTP
 * sender playing Lark calling webhook consumers (events, URL verification, card callbacks; encrypted and signed).
 *
 * <p>One Netty server on 127.0.0.1 (free port) serves everything: point a client's base URL (the Java SDK's
 * {@code openBaseUrl(...)} / ws {@code domain(...)}) at {@link #apiUrl()}. With {@code tls(true)} the same port also
 * accepts TLS (bundled {@code localhost} certificate of {@link SimulatorTls}); an endpoint request that arrived over TLS
 * gets a {@code wss://localhost:<port>/ws/v2?...} URL, otherwise {@code ws://127.0.0.1:<port>/ws/v2?...}.
 *
 * <p>Long connection: events go to one open connection (the first opened, still active); with no connection open they
 * are queued and delivered when one opens. Every event data frame ({@code type=event}) must be answered with a
 * response frame whose payload {@code code} is 200; otherwise (no answer within {@code ackTimeout}, or another code) it
 * is delivered again after each delay of {@code redeliveryDelays} in turn, with the same {@code message_id},
 * {@code trace_id} and {@code event_id}, then given up.
 *
 * <p>{@code LarkOfficialSdkTest} runs the official Java SDK 2.5.3 against it: a message send through the API client
 * (token fetch included), and the ws client receiving {@code im.message.receive_v1}, answering a
 * {@code card.action.trigger} with a toast, and pinging.
 *
 * <p>Simulator choices where shared/protocols/lark.md says UNVERIFIED, and facts checked in the official Java SDK
 * ({@code com.larksuite.oapi:oapi-sdk:2.5.3} sources jar, {@code com/lark/oapi/ws/Client.java}, {@code Listener.java},
 * {@code Constant.java}, {@code model/ClientConfig.java}, {@code model/Endpoint.java}, {@code model/Response.java},
 * {@code core/utils/Base64TypeAdapterFactory.java}, {@code ws/pb/Pbbp2.java}, {@code event/EventDispatcher.java},
 * {@code core/Constants.java}, {@code service/im/v1/resource/MessageResource.java}):
 * <ul>
 * <li>SDK-checked: the endpoint request is {@code POST /callback/ws/endpoint} with {@code {"AppID","AppSecret"}}; the
 * answer's {@code data.URL} is dialled verbatim and its {@code service_id} is parsed with {@code Integer.parseInt}
 * (so it is a decimal int32 here, {@value #DEFAULT_SERVICE_ID} by default); code 1 and 1000040343 are retryable, any
 * other non-zero code is a client error. {@code ClientConfig} fields are boxed Integers replaced as a whole (a missing
 * key becomes {@code null} and breaks the SDK's ping loop), so every endpoint answer and every pong carries all four
 * keys, in seconds. The SDK's ping loop waits 2 s, then pings every {@code PingInterval} seconds with
 * SeqID=0, LogID=0, service=service_id, method=0, header {@code type=ping}; pongs are not required by the SDK.</li>
 * <li>SDK-checked: data frames must carry headers {@code message_id}, {@code trace_id}, {@code sum}, {@code seq} and
 * {@code type} (the SDK throws otherwise); fragments are reassembled by {@code message_id}; the SDK answers with the
 * completing frame re-serialized (all fields and headers kept), a {@code biz_rt} header appended and payload
 * {@code {"code":200}} or, for callbacks with a result, {@code {"code":200,"data":"<standard Base64 of the result
 * JSON>"}}; a handler exception (also: no handler for the event type) gives {@code {"code":500}}; {@code type=card}
 * frames are never answered. The pbbp2 schema of the SDK equals src/main/proto/lark_pbbp2.proto.</li>
 * <li>SDK-checked: resource downloads are successful only with HTTP 200 (file name from
 * {@code Content-Disposition}); other answers are parsed as the JSON envelope.</li>
 * <li>Websocket URL: {@code /ws/v2?fpid=493&aid=552564&device_id=<19 digits>&access_key=<hex>&service_id=<n>&ticket=<uuid>}
 * (device_id is not the first parameter). A ticket is good for one handshake within {@code ticketTtl} (default
 * 5 min). A bad, used or expired ticket gets HTTP 403 with {@code Handshake-Status: 514} and {@code Handshake-Msg};
 * more than {@code maxConnections} (default 50) open connections gets 403 with {@code Handshake-Status: 514},
 * {@code Handshake-Autherrcode: 1000040350}. Wrong AppID/AppSecret at the endpoint: HTTP 200
 * {@code {"code":1000040344,"msg":"...","data":{}}}.</li>
 * <li>Server data frames: SeqID = a global counter, LogID = a random positive number per event, service = service_id,
 * method 1, headers {@code type, message_id, sum, seq, trace_id, timestamp} in that order, no
 * {@code payload_encoding}/{@code payload_type}; payload = the schema 2.0 JSON as UTF-8. Pongs: SeqID 0, LogID 0,
 * service = that of the ping, method 0, header {@code type=pong}, payload = ClientConfig JSON (switch off with
 * {@code pongCarriesClientConfig(false)}). Redelivered events keep their {@code message_id} (the real reuse rule is
 * UNVERIFIED). Defaults: ack timeout 3 s, redeliveries after 2 s, 10 s, 30 s.</li>
 * <li>Response frames are matched by {@code message_id}; a success answer without {@code biz_rt}, an answer for an
 * unknown message id, an undecodable frame, a text message or a ping whose {@code service} differs from service_id is
 * recorded in {@link #protocolErrors()}.</li>
 * <li>Card actions are pushed as schema 2.0 {@code card.action.trigger} events of frame type {@code event} (what the
 * SDK dispatches to its card callback handler); {@link #pushCardFrame} sends the legacy {@code type=card} frame that
 * SDKs ignore (never redelivered). A callback answer's {@code card} ({@code type=raw} data, or a template) replaces the
 * stored card content of the message, the old content going to its history. Card update tokens are
 * {@code c-<40 hex>}.</li>
 * <li>Tokens: {@code expire} = remaining seconds; asking again while the current token has more than
 * {@code tokenReissueThreshold} (default 30 min) left returns the same token with the smaller {@code expire};
 * otherwise a new token is issued and the old one stays valid until its own expiry. The self-built
 * {@code app_access_token/internal} answer also carries {@code tenant_access_token}. Trailing slashes are accepted.
 * Wrong app_id: HTTP 400 {@code {"code":10003,"msg":"invalid param"}}; wrong secret: HTTP 400
 * {@code {"code":10014,"msg":"app secret invalid"}}. {@link #tokenIssuances()} counts successful token answers.</li>
 * <li>Token checks on {@code /open-apis/**} (HTTP status {@code tokenErrorHttpStatus}, default 401): missing/empty
 * bearer 99991661; a token without a {@code t-}/{@code a-}/{@code u-} prefix 99991671; unknown/expired/revoked tenant
 * token 99991663; an app token (valid or not) 99991664 when invalid, 99991663 when valid (IM needs a tenant token);
 * any user token 99991668.</li>
 * <li>Rate limit ({@code rateLimitPerSecond}: fixed one-second windows per path; or {@code rateLimitNext}): HTTP 429,
 * {@code {"code":99991400,"msg":"request trigger frequency limit"}}, headers {@code x-ogw-ratelimit-limit} and
 * {@code x-ogw-ratelimit-reset}. {@code failNext} 5xx bodies use code 55001 {@code internal error}.</li>
 * <li>IM errors (HTTP 400 unless said): missing/invalid {@code receive_id_type}, missing {@code receive_id},
 * {@code msg_type} or {@code content}, {@code content} not a string, {@code uuid} longer than 50, bad
 * {@code page_size}/{@code page_token}/{@code user_id_type}, more than 50 emails/mobiles: 99992402 with
 * {@code error.field_violations}; unknown msg_type or content that is not JSON or does not fit the type (text needs a
 * string {@code text}; post a locale object (also inside {@code {"post":{...}}}) with a {@code content} array of
 * arrays; image a known {@code image_key}; file/audio/sticker a known {@code file_key}; media a known
 * {@code file_key}; share_chat a known chat; share_user a known user): 230001; a card without {@code elements},
 * {@code body}, {@code header}, {@code i18n_elements} or a template id: 230099; unknown user receiver: 230013;
 * unknown chat: 230002; unknown message id: 230001; recalled message: 230011; recall/update/edit of a message the bot
 * did not send: 230026; PATCH of a non-card or PUT of a non-text/post message (or changing its type): 230001. No
 * recall time limit. {@code uuid} de-duplication window 1 h ({@code uuidWindow}); a repeated uuid returns the first
 * message unchanged, even for a different body.</li>
 * <li>Uploads: image_type {@code message}|{@code avatar}, formats not checked, max 10 MB; file_type
 * {@code opus|mp4|pdf|doc|xls|ppt|stream}, max 30 MB; the file must be a multipart file part (with filename).
 * Errors: bad/missing field 234001, empty 234010, too large 234006. Download: the key must be referenced by the
 * message (image_key for {@code type=image}, file_key for {@code type=file}) else 234003; unknown message 230001.</li>
 * <li>Contact: {@code users/:id} default {@code user_id_type=open_id}, unknown user HTTP 400 code 41050;
 * {@code batch_get_id} matches mobiles also without a leading {@code +86}. Chats list: groups added with
 * {@link #addChat} only (not p2p chats), {@code page_token} = Base64 of the next index. Unknown paths under
 * {@code /open-apis/}: HTTP 404 {@code 404 page not found} (text). All JSON answers carry {@code X-Tt-Logid}.</li>
 * <li>User messages: p2p chat ids are derived from the user's open id and reused; group messages are delivered
 * whether or not the bot is mentioned (the test decides); {@code userMentionsBot} puts {@code @_user_1} in front of
 * the text with the bot in {@code mentions} (bot open id {@code botOpenId}, name {@code botName}).</li>
 * <li>Webhooks: events are signed ({@code X-Lark-Signature}, SHA-256) only when an encrypt key is configured, over
 * the exact body bytes; URL verification is never signed; the legacy card callback ({@link #postLegacyCardAction})
 * is plaintext, signed with SHA-1 over the verification token. The 1.0 envelope copies the 2.0 {@code event} object
 * and adds {@code type} (= the event type), {@code app_id} and {@code tenant_key}. The sender does not retry.</li>
 * </ul>
 */
public final class LarkSimulator implements AutoCloseable {

    static final String ENDPOINT_PATH = "/callback/ws/endpoint";
    static final String WS_PATH = "/ws/v2";
    static final int DEFAULT_SERVICE_ID = 33554678;
    static final int CODE_INTERNAL = 55001;
    static final int CODE_FIELD_VALIDATION = 99992402;
    static final int CODE_RATE_LIMIT = 99991400;
    static final int CODE_MISSING_TOKEN = 99991661;
    static final int CODE_INVALID_TENANT_TOKEN = 99991663;
    static final int CODE_INVALID_APP_TOKEN = 99991664;
    static final int CODE_INVALID_USER_TOKEN = 99991668;
    static final int CODE_TOKEN_FORMAT = 99991671;
    static final int CODE_INVALID_PARAM = 230001;
    static final int CODE_NOT_IN_CHAT = 230002;
    static final int CODE_RECALLED = 230011;
    static final int CODE_NO_AVAILABILITY = 230013;
    static final int CODE_NOT_OWNER = 230026;
    static final int CODE_CARD_INVALID = 230099;
    static final int CODE_UPLOAD_PARAM = 234001;
    static final int CODE_FILE_NOT_IN_MSG = 234003;
    static final int CODE_TOO_LARGE = 234006;
    static final int CODE_EMPTY_FILE = 234010;
    static final int CODE_ENDPOINT_CREDENTIALS = 1000040344;
    static final int CODE_CONN_LIMIT = 1000040350;
    static final Set<String> MSG_TYPES = Set.of("text", "post", "image", "file", "audio", "media", "sticker",
            "interactive", "share_chat", "share_user", "system");
    static final Set<String> RECEIVE_ID_TYPES = Set.of("open_id", "user_id", "union_id", "email", "chat_id");
    static final Set<String> FILE_TYPES = Set.of("opus", "mp4", "pdf", "doc", "xls", "ppt", "stream");
    static final int MAX_IMAGE = 10 * 1024 * 1024;
    static final int MAX_FILE = 30 * 1024 * 1024;
    static final int MAX_HTTP_BODY = 40 * 1024 * 1024;
    static final int MAX_CLIENT_FRAME = 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern AT_TAG = Pattern.compile(
            "<at\\s+(?:user_id|id|open_id)\\s*=\\s*\"?([^\"\\s>]*)\"?\\s*>(.*?)</at>");

    // ---------------------------------------------------------------- configuration
    private final String appId;
    private final String appSecret;
    private final String verificationToken;
    private final String encryptKey;
    private final String tenantKey;
    private final String botName;
    private final String botOpenId;
    private final String botUnionId;
    private final boolean tls;
    private final Duration tokenTtl;
    private final Duration tokenReissueThreshold;
    private final int tokenErrorStatus;
    private final int reconnectCount;
    private final int reconnectInterval;
    private final int reconnectNonce;
    private final int pingInterval;
    private final boolean pongCarriesClientConfig;
    private final List<Duration> redeliveryDelays;
    private final Duration ackTimeout;
    private final int splitAbove;
    private final int rateLimitPerSecond;
    private final Duration uuidWindow;
    private final Duration ticketTtl;
    private final int maxConnections;
    private final int serviceId;

    private final Faults faults = new Faults(this);
    private final SimHttpServer server;
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicLong frameSeq = new AtomicLong();
    private volatile boolean closed;
    private volatile HttpClient httpClient;

    // ---------------------------------------------------------------- state (guarded by lock)
    private final Object lock = new Object();
    private final Map<String, LarkUser> users = new LinkedHashMap<>();
    private final Map<String, LarkChat> chats = new LinkedHashMap<>();
    private final Map<String, String> p2pChats = new HashMap<>();
    private final Map<String, Token> tokens = new HashMap<>();
    private Token currentTenant;
    private Token currentApp;
    private int tokenIssuances;
    private int endpointRequests;
    private final Map<String, String> tickets = new HashMap<>();
    private final Map<String, Instant> ticketExpiry = new HashMap<>();
    private final Map<Channel, String> upgrading = new HashMap<>();
    private final Map<Channel, Conn> conns = new LinkedHashMap<>();
    private final Map<String, Push> pushes = new HashMap<>();
    private final Map<String, Push> pushesByEventId = new HashMap<>();
    private final List<Push> pending = new ArrayList<>();
    private long dataFramesWritten;
    private int pingsReceived;
    private int pongsSent;
    private final List<ResponseFrame> responses = new ArrayList<>();
    private final List<String> protocolErrors = new ArrayList<>();
    private final Map<String, Msg> messages = new LinkedHashMap<>();
    private final List<Msg> sent = new ArrayList<>();
    private final Map<String, Object[]> uuids = new HashMap<>();
    private final Map<String, Blob> resources = new HashMap<>();
    private final List<UploadedFile> uploads = new ArrayList<>();
    private final Map<String, Map<String, Object>> cardResponses = new HashMap<>();
    private final Map<String, String> cardTokenMessage = new HashMap<>();
    private final Map<String, long[]> qpsWindows = new HashMap<>();

    private record Token(String value, char kind, Instant expiresAt) {
    }

    private record Blob(String key, String kind, byte[] bytes, String name, String contentType) {
    }

    private static final class Conn {
        final String deviceId;
        final Channel channel;

        Conn(String deviceId, Channel channel) {
            this.deviceId = deviceId;
            this.channel = channel;
        }
    }

    private static final class Push {
        final String frameMessageId;
        final String eventId;
        final String type;
        final byte[] payload;
        final String traceId;
        final long logId;
        final boolean reliable;
        String cardToken;
        String cardMessageId;
        int deliveries;
        int failures;
        boolean awaitingAck;
        boolean acked;
        boolean givenUp;
        ScheduledFuture<?> timer;

        Push(String frameMessageId, String eventId, String type, byte[] payload, boolean reliable) {
            this.frameMessageId = frameMessageId;
            this.eventId = eventId;
            this.type = type;
            this.payload = payload;
            this.traceId = UUID.randomUUID().toString();
            this.logId = RANDOM.nextLong() & Long.MAX_VALUE;
            this.reliable = reliable;
        }
    }

    private static final class Msg {
        final String id;
        final String chatId;
        final String chatType;
        final String msgType;
        final boolean fromBot;
        final String senderOpenId;
        final String rootId;
        final String parentId;
        final String threadId;
        final boolean replyInThread;
        final String receiveIdType;
        final String receiveId;
        final String uuid;
        final long createTime = System.currentTimeMillis();
        long updateTime = createTime;
        Map<String, Object> content;
        boolean recalled;
        boolean updated;
        final List<Map<String, Object>> history = new ArrayList<>();

        Msg(String id, String chatId, String chatType, String msgType, Map<String, Object> content, boolean fromBot,
                String senderOpenId, String rootId, String parentId, String threadId, boolean replyInThread,
                String receiveIdType, String receiveId, String uuid) {
            this.id = id;
            this.chatId = chatId;
            this.chatType = chatType;
            this.msgType = msgType;
            this.content = content;
            this.fromBot = fromBot;
            this.senderOpenId = senderOpenId;
            this.rootId = rootId;
            this.parentId = parentId;
            this.threadId = threadId;
            this.replyInThread = replyInThread;
            this.receiveIdType = receiveIdType;
            this.receiveId = receiveId;
            this.uuid = uuid;
        }

        SentMessage snapshot() {
            return new SentMessage(id, receiveIdType, receiveId, chatId, msgType, content, uuid, rootId, parentId,
                    replyInThread, recalled, List.copyOf(history), createTime);
        }
    }

    // ================================================================ builder

    /** A builder with Lark's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures and starts a {@link LarkSimulator}. */
    public static final class Builder {
        private String appId = "cli_a1b2c3d4e5f60718";
        private String appSecret = "simsecret";
        private String verificationToken = "simverificationtoken";
        private String encryptKey;
        private String tenantKey = "2ca1d211f64f6438";
        private String botName = "CamelBot";
        private String botOpenId;
        private boolean tls;
        private Duration tokenTtl = Duration.ofHours(2);
        private Duration tokenReissueThreshold = Duration.ofMinutes(30);
        private int tokenErrorStatus = 401;
        private int reconnectCount = -1;
        private int reconnectInterval = 120;
        private int reconnectNonce = 30;
        private int pingInterval = 120;
        private boolean pongCarriesClientConfig = true;
        private List<Duration> redeliveryDelays = List.of(Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        private Duration ackTimeout = Duration.ofSeconds(3);
        private int splitAbove;
        private int rateLimitPerSecond;
        private Duration uuidWindow = Duration.ofHours(1);
        private Duration ticketTtl = Duration.ofMinutes(5);
        private int maxConnections = 50;
        private int serviceId = DEFAULT_SERVICE_ID;

        private Builder() {
        }

        /** The app id ({@code cli_} + 16 hex digits is what the Node SDK insists on). */
        public Builder appId(String v) {
            appId = Objects.requireNonNull(v);
            return this;
        }

        public Builder appSecret(String v) {
            appSecret = Objects.requireNonNull(v);
            return this;
        }

        /** The verification token put into every event ({@code header.token} / {@code token}). */
        public Builder verificationToken(String v) {
            verificationToken = v;
            return this;
        }

        /** The encrypt key of webhook deliveries; {@code null} (default) = plaintext, unsigned callbacks. */
        public Builder encryptKey(String v) {
            encryptKey = v;
            return this;
        }

        public Builder tenantKey(String v) {
            tenantKey = Objects.requireNonNull(v);
            return this;
        }

        /** The bot's display name (mentions). Default {@code CamelBot}. */
        public Builder botName(String v) {
            botName = Objects.requireNonNull(v);
            return this;
        }

        /** The bot's open id (mentions); default derived from the app id. */
        public Builder botOpenId(String v) {
            botOpenId = v;
            return this;
        }

        /** Serve TLS on the same port too (bundled localhost certificate). */
        public Builder tls(boolean v) {
            tls = v;
            return this;
        }

        /** Lifetime of tenant/app tokens. Default 2 h. */
        public Builder tokenTtl(Duration v) {
            tokenTtl = Objects.requireNonNull(v);
            return this;
        }

        /** A token with more than this left is handed out again instead of a new one. Default 30 min. */
        public Builder tokenReissueThreshold(Duration v) {
            tokenReissueThreshold = Objects.requireNonNull(v);
            return this;
        }

        /** HTTP status of token errors (99991661/63/64/68/71). Default 401. */
        public Builder tokenErrorHttpStatus(int v) {
            tokenErrorStatus = v;
            return this;
        }

        /**
         * The ClientConfig of endpoint answers and pongs, in seconds (count -1 = unlimited). Default -1, 120, 30,
         * 120 as the real service.
         */
        public Builder clientConfig(int reconnectCount, int reconnectIntervalSeconds, int reconnectNonceSeconds,
                int pingIntervalSeconds) {
            this.reconnectCount = reconnectCount;
            this.reconnectInterval = reconnectIntervalSeconds;
            this.reconnectNonce = reconnectNonceSeconds;
            this.pingInterval = pingIntervalSeconds;
            return this;
        }

        /** Whether pongs carry the ClientConfig JSON as payload. Default true. */
        public Builder pongCarriesClientConfig(boolean v) {
            pongCarriesClientConfig = v;
            return this;
        }

        /** Delays before each redelivery of an event not answered with code 200; then give up. */
        public Builder redeliveryDelays(List<Duration> v) {
            redeliveryDelays = List.copyOf(v);
            return this;
        }

        /** How long to wait for the response frame of an event. Default 3 s. */
        public Builder ackTimeout(Duration v) {
            ackTimeout = Objects.requireNonNull(v);
            return this;
        }

        /** Payloads larger than this many bytes are split over several frames; 0 = never (default). */
        public Builder splitPayloadsAbove(int bytes) {
            splitAbove = bytes;
            return this;
        }

        /** Requests per second per {@code /open-apis} path before answering 99991400; 0 = unlimited (default). */
        public Builder rateLimitPerSecond(int v) {
            rateLimitPerSecond = v;
            return this;
        }

        /** How long a send/reply {@code uuid} de-duplicates. Default 1 h. */
        public Builder uuidWindow(Duration v) {
            uuidWindow = Objects.requireNonNull(v);
            return this;
        }

        /** How long a websocket URL (its ticket) stays usable. Default 5 min. */
        public Builder ticketTtl(Duration v) {
            ticketTtl = Objects.requireNonNull(v);
            return this;
        }

        /** Open connections allowed per app before handshakes fail with 1000040350. Default 50. */
        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        /** The {@code service_id} of websocket URLs. */
        public Builder serviceId(int v) {
            serviceId = v;
            return this;
        }

        /** Starts the simulator on a free loopback port. */
        public LarkSimulator start() {
            return new LarkSimulator(this);
        }
    }

    private LarkSimulator(Builder b) {
        this.appId = b.appId;
        this.appSecret = b.appSecret;
        this.verificationToken = b.verificationToken;
        this.encryptKey = b.encryptKey;
        this.tenantKey = b.tenantKey;
        this.botName = b.botName;
        this.botOpenId = b.botOpenId != null ? b.botOpenId : "ou_" + hex32("bot:" + b.appId);
        this.botUnionId = "on_" + hex32("botunion:" + b.appId);
        this.tls = b.tls;
        this.tokenTtl = b.tokenTtl;
        this.tokenReissueThreshold = b.tokenReissueThreshold;
        this.tokenErrorStatus = b.tokenErrorStatus;
        this.reconnectCount = b.reconnectCount;
        this.reconnectInterval = b.reconnectInterval;
        this.reconnectNonce = b.reconnectNonce;
        this.pingInterval = b.pingInterval;
        this.pongCarriesClientConfig = b.pongCarriesClientConfig;
        this.redeliveryDelays = b.redeliveryDelays;
        this.ackTimeout = b.ackTimeout;
        this.splitAbove = b.splitAbove;
        this.rateLimitPerSecond = b.rateLimitPerSecond;
        this.uuidWindow = b.uuidWindow;
        this.ticketTtl = b.ticketTtl;
        this.maxConnections = b.maxConnections;
        this.serviceId = b.serviceId;
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lark-sim-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.server = new SimHttpServer("lark-sim", tls ? SimulatorTls.serverContext() : null, this::handleHttp,
                Set.of(WS_PATH), new LongConnectionHandler(), MAX_CLIENT_FRAME, MAX_HTTP_BODY);
        try {
            server.start();
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            throw e;
        }
    }

    // ================================================================ basics

    /** The open-apis base and long-connection endpoint base: {@code http://127.0.0.1:<port>}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** HTTPS base on the same port ({@code https://localhost:<port>}); only usable with {@code tls(true)}. */
    public String httpsUrl() {
        return "https://localhost:" + server.port();
    }

    public int port() {
        return server.port();
    }

    public boolean tls() {
        return tls;
    }

    public String appId() {
        return appId;
    }

    public String appSecret() {
        return appSecret;
    }

    public String verificationToken() {
        return verificationToken;
    }

    public String encryptKey() {
        return encryptKey;
    }

    public String tenantKey() {
        return tenantKey;
    }

    public String botOpenId() {
        return botOpenId;
    }

    public String botName() {
        return botName;
    }

    public int serviceId() {
        return serviceId;
    }

    /** The fault injector. */
    public Faults faults() {
        return faults;
    }

    /** Stops everything, closes all connections and releases the port. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.shutdownNow();
        server.close();
    }

    @Override
    public String toString() {
        return "LarkSimulator[" + apiUrl() + (tls ? ", tls" : "") + "]";
    }

    // ================================================================ fixtures

    public LarkSimulator addUser(LarkUser user) {
        synchronized (lock) {
            users.put(user.openId(), user);
        }
        return this;
    }

    /** Adds a group chat the bot is in. */
    public LarkSimulator addChat(LarkChat chat) {
        synchronized (lock) {
            chats.put(chat.chatId(), chat);
        }
        return this;
    }

    /** The p2p chat id between the bot and this user (created on first use, then reused). */
    public String p2pChatId(String openId) {
        synchronized (lock) {
            return p2pChats.computeIfAbsent(openId, k -> "oc_" + hex32("p2p:" + appId + ":" + k));
        }
    }

    // ================================================================ playing users

    /**
     * A user sends text to the bot ({@code chatIdOrNull} null: in the p2p chat; else in that group);
     * {@code im.message.receive_v1}, pushed over the long connection (queued while none is open).
     */
    public InboundEvent userSendsText(String openId, String chatIdOrNull, String text) {
        return push(newTextEvent(openId, chatIdOrNull, text));
    }

    /** Like {@link #userSendsText} with the bot @-mentioned first ({@code @_user_1 text}, bot in {@code mentions}). */
    public InboundEvent userMentionsBot(String openId, String chatIdOrNull, String text) {
        Map<String, Object> mention = new LinkedHashMap<>();
        mention.put("key", "@_user_1");
        mention.put("id", idMap(botUnionId, "", botOpenId));
        mention.put("name", botName);
        mention.put("tenant_key", tenantKey);
        return push(buildMessageEvent(openId, chatIdOrNull, "text", textContent("@_user_1 " + text), List.of(mention),
                "@_user_1 " + text, null));
    }

    /** A user sends an image; its {@code image_key} is downloadable through the message-resource API. */
    public InboundEvent userSendsImage(String openId, String chatIdOrNull, byte[] png) {
        String key = "img_v2_" + UUID.randomUUID();
        synchronized (lock) {
            resources.put(key, new Blob(key, "image", png.clone(), key + ".png", "image/png"));
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("image_key", key);
        return push(buildMessageEvent(openId, chatIdOrNull, "image", content, null, null, key));
    }

    /** A user sends a file; its {@code file_key} is downloadable through the message-resource API. */
    public InboundEvent userSendsFile(String openId, String chatIdOrNull, String fileName, byte[] bytes) {
        String key = "file_v2_" + UUID.randomUUID();
        synchronized (lock) {
            resources.put(key, new Blob(key, "file", bytes.clone(), fileName, "application/octet-stream"));
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("file_key", key);
        content.put("file_name", fileName);
        return push(buildMessageEvent(openId, chatIdOrNull, "file", content, null, null, key));
    }

    /** Builds (and stores the message of) a text event without pushing it, e.g. for {@link #postEvent}. */
    public InboundEvent newTextEvent(String openId, String chatIdOrNull, String text) {
        return buildMessageEvent(openId, chatIdOrNull, "text", textContent(text), null, text, null);
    }

    /**
     * A user clicks a card element: {@code card.action.trigger} (schema 2.0) pushed as an event frame. The
     * returned event carries the card update token; the client's answer is {@link #cardActionResponse}.
     */
    public InboundEvent cardAction(String openId, String messageId, Map<String, Object> actionValue) {
        InboundEvent e = newCardActionEvent(openId, messageId, actionValue);
        Push p = newPush(e.eventId(), "event", e.json(), true);
        p.cardToken = e.cardToken();
        p.cardMessageId = messageId;
        synchronized (lock) {
            deliver(p);
        }
        return e.withFrameMessageId(p.frameMessageId);
    }

    /** Builds a {@code card.action.trigger} event (registering its token) without pushing it. */
    public InboundEvent newCardActionEvent(String openId, String messageId, Map<String, Object> actionValue) {
        LarkUser u = user(openId);
        Msg m;
        synchronized (lock) {
            m = messages.get(messageId);
        }
        if (m == null) {
            throw new IllegalArgumentException("unknown message " + messageId);
        }
        String token = "c-" + HexFormat.of().formatHex(randomBytes(20));
        synchronized (lock) {
            cardTokenMessage.put(token, messageId);
        }
        Map<String, Object> operator = new LinkedHashMap<>();
        operator.put("tenant_key", tenantKey);
        operator.put("user_id", u.userId());
        operator.put("open_id", u.openId());
        operator.put("union_id", u.unionId());
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("value", actionValue == null ? Map.of() : actionValue);
        action.put("tag", "button");
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("open_message_id", messageId);
        context.put("open_chat_id", m.chatId);
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("operator", operator);
        ev.put("token", token);
        ev.put("action", action);
        ev.put("host", "im_message");
        ev.put("context", context);
        Map<String, Object> env = envelope(newEventId(), "card.action.trigger", ev);
        return new InboundEvent(eventIdOf(env), "card.action.trigger", messageId, m.chatId, null, openId, null, null,
                token, null, env);
    }

    /** Sends a legacy {@code type=card} data frame (SDKs ignore it: not redelivered, no answer expected). */
    public InboundEvent pushCardFrame(String openId, String messageId, Map<String, Object> actionValue) {
        InboundEvent e = newCardActionEvent(openId, messageId, actionValue);
        Map<String, Object> legacy = legacyCardBody(e);
        Push p = newPush(e.eventId(), "card", Json.write(legacy), false);
        synchronized (lock) {
            deliver(p);
        }
        return e.withFrameMessageId(p.frameMessageId);
    }

    /** Pushes any other event (schema 2.0 envelope around {@code event}); returns the event id. */
    public String pushEvent(String eventType, Map<String, Object> event) {
        Map<String, Object> env = envelope(newEventId(), eventType, event == null ? Map.of() : event);
        Push p = newPush(eventIdOf(env), "event", Json.write(env), true);
        synchronized (lock) {
            deliver(p);
        }
        return p.eventId;
    }

    /** What the client answered to a card action (event id, card token or frame message id), or {@code null}. */
    public Map<String, Object> cardActionResponse(String eventIdOrToken) {
        synchronized (lock) {
            Map<String, Object> r = cardResponses.get(eventIdOrToken);
            if (r == null) {
                Push p = pushes.get(eventIdOrToken);
                r = p == null ? null : cardResponses.get(p.eventId);
            }
            return r;
        }
    }

    private InboundEvent push(InboundEvent e) {
        Push p = newPush(e.eventId(), "event", e.json(), true);
        synchronized (lock) {
            deliver(p);
        }
        return e.withFrameMessageId(p.frameMessageId);
    }

    private Push newPush(String eventId, String type, String json, boolean reliable) {
        String frameMessageId = UUID.randomUUID().toString();
        Push p = new Push(frameMessageId, eventId, type, json.getBytes(StandardCharsets.UTF_8), reliable);
        synchronized (lock) {
            pushes.put(frameMessageId, p);
            if (eventId != null && "event".equals(type)) {
                pushesByEventId.put(eventId, p);
            }
        }
        return p;
    }

    private LarkUser user(String openId) {
        synchronized (lock) {
            LarkUser u = users.get(openId);
            if (u == null) {
                throw new IllegalArgumentException("unknown user " + openId + " (addUser first)");
            }
            return u;
        }
    }

    private static Map<String, Object> textContent(String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", text);
        return m;
    }

    private static Map<String, Object> idMap(String unionId, String userId, String openId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("union_id", unionId);
        m.put("user_id", userId);
        m.put("open_id", openId);
        return m;
    }

    private InboundEvent buildMessageEvent(String openId, String chatIdOrNull, String msgType,
            Map<String, Object> content, List<Map<String, Object>> mentions, String text, String resourceKey) {
        LarkUser u = user(openId);
        String chatId;
        String chatType;
        if (chatIdOrNull == null) {
            chatId = p2pChatId(openId);
            chatType = "p2p";
        } else {
            synchronized (lock) {
                if (!chats.containsKey(chatIdOrNull)) {
                    throw new IllegalArgumentException("unknown chat " + chatIdOrNull + " (addChat first)");
                }
            }
            chatId = chatIdOrNull;
            chatType = "group";
        }
        String messageId = newMessageId();
        Msg msg = new Msg(messageId, chatId, chatType, msgType, content, false, openId, "", "", "", false, null, null,
                null);
        synchronized (lock) {
            messages.put(messageId, msg);
        }
        Map<String, Object> sender = new LinkedHashMap<>();
        sender.put("sender_id", idMap(u.unionId(), u.userId(), u.openId()));
        sender.put("sender_type", "user");
        sender.put("tenant_key", tenantKey);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", messageId);
        message.put("root_id", "");
        message.put("parent_id", "");
        message.put("create_time", String.valueOf(msg.createTime));
        message.put("update_time", String.valueOf(msg.createTime));
        message.put("chat_id", chatId);
        message.put("thread_id", "");
        message.put("chat_type", chatType);
        message.put("message_type", msgType);
        message.put("content", Json.write(content));
        if (mentions != null && !mentions.isEmpty()) {
            message.put("mentions", mentions);
        }
        message.put("user_agent", "Mozilla/5.0 (camel-chat simulator) Lark/7.0");
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("sender", sender);
        ev.put("message", message);
        Map<String, Object> env = envelope(newEventId(), "im.message.receive_v1", ev);
        return new InboundEvent(eventIdOf(env), "im.message.receive_v1", messageId, chatId, chatType, openId, text,
                resourceKey, null, null, env);
    }

    private Map<String, Object> envelope(String eventId, String eventType, Map<String, Object> event) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("event_id", eventId);
        header.put("event_type", eventType);
        header.put("create_time", String.valueOf(System.currentTimeMillis()));
        header.put("token", verificationToken == null ? "" : verificationToken);
        header.put("app_id", appId);
        header.put("tenant_key", tenantKey);
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("schema", "2.0");
        env.put("header", header);
        env.put("event", event);
        return env;
    }

    @SuppressWarnings("unchecked")
    private static String eventIdOf(Map<String, Object> env) {
        return (String) ((Map<String, Object>) env.get("header")).get("event_id");
    }

    private static String newEventId() {
        return HexFormat.of().formatHex(randomBytes(16));
    }

    private static String newMessageId() {
        return "om_" + HexFormat.of().formatHex(randomBytes(16));
    }

    // ================================================================ inspection

    /** Every message the bot sent (sends and replies), in order. */
    public List<SentMessage> sentMessages() {
        synchronized (lock) {
            return sent.stream().map(Msg::snapshot).toList();
        }
    }

    /** Everything the bot uploaded, in order. */
    public List<UploadedFile> uploads() {
        synchronized (lock) {
            return List.copyOf(uploads);
        }
    }

    /** Every response frame clients sent on the long connection, in arrival order. */
    public List<ResponseFrame> responses() {
        synchronized (lock) {
            return List.copyOf(responses);
        }
    }

    /** How many times the event (event id or frame message id) was written to a socket (0 if unknown). */
    public int deliveries(String eventId) {
        synchronized (lock) {
            Push p = findPush(eventId);
            return p == null ? 0 : p.deliveries;
        }
    }

    /** Whether the event (event id or frame message id) was answered with code 200. */
    public boolean isAcknowledged(String eventId) {
        synchronized (lock) {
            Push p = findPush(eventId);
            return p != null && p.acked;
        }
    }

    /** Whether the simulator stopped redelivering the event because its schedule ran out. */
    public boolean isGivenUp(String eventId) {
        synchronized (lock) {
            Push p = findPush(eventId);
            return p != null && p.givenUp;
        }
    }

    /** Events waiting for a connection. */
    public int queuedEvents() {
        synchronized (lock) {
            return pending.size();
        }
    }

    public int openConnections() {
        synchronized (lock) {
            return conns.size();
        }
    }

    /** Requests to {@code /callback/ws/endpoint} (also rejected ones). */
    public int endpointRequests() {
        synchronized (lock) {
            return endpointRequests;
        }
    }

    /** Successful answers of the token endpoints. */
    public int tokenIssuances() {
        synchronized (lock) {
            return tokenIssuances;
        }
    }

    /** pbbp2 ping control frames received. */
    public int pingsReceived() {
        synchronized (lock) {
            return pingsReceived;
        }
    }

    /** pbbp2 pong control frames sent. */
    public int pongsSent() {
        synchronized (lock) {
            return pongsSent;
        }
    }

    public List<String> protocolErrors() {
        synchronized (lock) {
            return List.copyOf(protocolErrors);
        }
    }

    private Push findPush(String id) {
        Push p = pushesByEventId.get(id);
        return p != null ? p : pushes.get(id);
    }

    private void protocolError(String s) {
        synchronized (lock) {
            protocolErrors.add(s);
        }
    }

    // ================================================================ long connection: delivery

    /** Must hold lock. */
    private void deliver(Push p) {
        if (closed || p.acked) {
            return;
        }
        Conn c = null;
        for (Conn candidate : conns.values()) {
            if (candidate.channel.isActive()) {
                c = candidate;
                break;
            }
        }
        if (c == null) {
            if (!pending.contains(p)) {
                pending.add(p);
            }
            return;
        }
        List<byte[]> parts = new ArrayList<>();
        Faults.Split split = faults.takeSplit();
        int n = 1;
        if (split != null) {
            n = split.parts();
        } else if (splitAbove > 0 && p.payload.length > splitAbove) {
            n = (p.payload.length + splitAbove - 1) / splitAbove;
        }
        n = Math.max(1, Math.min(n, p.payload.length));
        int size = (p.payload.length + n - 1) / n;
        for (int i = 0; i < n; i++) {
            int from = Math.min(p.payload.length, i * size);
            int to = Math.min(p.payload.length, from + size);
            parts.add(java.util.Arrays.copyOfRange(p.payload, from, to));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        if (split != null && split.outOfOrder()) {
            java.util.Collections.reverse(order);
        }
        if (split != null && split.incomplete() && n > 1) {
            order.remove(Integer.valueOf(1));
        }
        p.deliveries++;
        ChannelFuture last = null;
        Channel ch = c.channel;
        boolean drop = false;
        for (int i : order) {
            Pbbp2.Frame.Builder f = Pbbp2.Frame.newBuilder()
                    .setSeqID(frameSeq.incrementAndGet())
                    .setLogID(p.logId)
                    .setService(serviceId)
                    .setMethod(1);
            header(f, "type", p.type);
            header(f, "message_id", p.frameMessageId);
            header(f, "sum", String.valueOf(n));
            header(f, "seq", String.valueOf(i));
            header(f, "trace_id", p.traceId);
            header(f, "timestamp", String.valueOf(System.currentTimeMillis()));
            f.setPayload(ByteString.copyFrom(parts.get(i)));
            last = ch.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(f.build().toByteArray())));
            dataFramesWritten++;
            int every = faults.dropEvery;
            if (every > 0 && dataFramesWritten % every == 0) {
                drop = true;
            }
        }
        if (drop && last != null) {
            last.addListener(x -> ch.close());
        }
        if (p.reliable) {
            cancel(p.timer);
            p.awaitingAck = true;
            int generation = p.deliveries;
            p.timer = schedule(ackTimeout, () -> {
                synchronized (lock) {
                    if (p.awaitingAck && !p.acked && p.deliveries == generation) {
                        p.awaitingAck = false;
                        failed(p);
                    }
                }
            });
        }
    }

    private static void header(Pbbp2.Frame.Builder f, String key, String value) {
        f.addHeaders(Pbbp2.Header.newBuilder().setKey(key).setValue(value));
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

    void dropAllConnections(boolean closeFrame) {
        List<Channel> chs;
        synchronized (lock) {
            chs = List.copyOf(conns.keySet());
        }
        for (Channel ch : chs) {
            if (closeFrame) {
                ch.writeAndFlush(new CloseWebSocketFrame(1000, "server closed"))
                        .addListener(x -> ch.close());
            } else {
                ch.close();
            }
        }
    }

    void sendRawToAll(byte[] bytes) {
        synchronized (lock) {
            for (Conn c : conns.values()) {
                c.channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
            }
        }
    }

    void revokeAllTokens() {
        synchronized (lock) {
            tokens.clear();
            currentTenant = null;
            currentApp = null;
        }
    }

    private Map<String, Object> clientConfigMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ReconnectCount", reconnectCount);
        m.put("ReconnectInterval", reconnectInterval);
        m.put("ReconnectNonce", reconnectNonce);
        m.put("PingInterval", pingInterval);
        return m;
    }

    // ================================================================ long connection: websocket callbacks

    private final class LongConnectionHandler implements WebSocketHandler {
        @Override
        public SimResponse checkUpgrade(SimRequest request, Channel channel) {
            String t = request.query("ticket");
            synchronized (lock) {
                String deviceId = t == null ? null : tickets.remove(t);
                Instant exp = t == null ? null : ticketExpiry.remove(t);
                if (deviceId == null || exp == null || Instant.now().isAfter(exp)
                        || !Objects.equals(deviceId, request.query("device_id"))) {
                    return SimResponse.text(403, "auth failed").withHeader("Handshake-Status", "514")
                            .withHeader("Handshake-Msg", "ticket is invalid, used or expired");
                }
                if (conns.size() + upgrading.size() >= maxConnections) {
                    return SimResponse.text(403, "auth failed").withHeader("Handshake-Status", "514")
                            .withHeader("Handshake-Msg", "exceed connection limit")
                            .withHeader("Handshake-Autherrcode", String.valueOf(CODE_CONN_LIMIT));
                }
                upgrading.put(channel, deviceId);
                return null;
            }
        }

        @Override
        public void onOpen(Channel channel) {
            synchronized (lock) {
                String deviceId = upgrading.remove(channel);
                if (deviceId == null || closed) {
                    channel.close();
                    return;
                }
                conns.put(channel, new Conn(deviceId, channel));
                List<Push> queued = new ArrayList<>(pending);
                pending.clear();
                queued.forEach(LarkSimulator.this::deliver);
            }
        }

        @Override
        public void onText(Channel channel, String text) {
            protocolError("text websocket message (pbbp2 needs binary): " + abbreviate(text));
        }

        @Override
        public void onBinary(Channel channel, byte[] data) {
            handleFrame(channel, data);
        }

        @Override
        public void onProtocolError(Channel channel, String description) {
            protocolError("websocket: " + description);
        }

        @Override
        public void onClose(Channel channel) {
            synchronized (lock) {
                upgrading.remove(channel);
                conns.remove(channel);
            }
        }
    }

    private void handleFrame(Channel channel, byte[] data) {
        Pbbp2.Frame frame;
        try {
            frame = Pbbp2.Frame.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            protocolError("undecodable pbbp2 frame (" + data.length + " bytes): " + e.getMessage());
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Pbbp2.Header h : frame.getHeadersList()) {
            headers.putIfAbsent(h.getKey(), h.getValue());
        }
        String type = headers.get("type");
        if (frame.getMethod() == 0) {
            if ("ping".equals(type)) {
                boolean answer;
                synchronized (lock) {
                    pingsReceived++;
                    if (frame.getService() != serviceId) {
                        protocolErrors.add("ping with service " + frame.getService() + ", expected " + serviceId);
                    }
                    answer = faults.answerPings;
                    if (answer) {
                        pongsSent++;
                    }
                }
                if (answer) {
                    Pbbp2.Frame.Builder pong = Pbbp2.Frame.newBuilder().setSeqID(0).setLogID(0)
                            .setService(frame.getService()).setMethod(0);
                    header(pong, "type", "pong");
                    if (pongCarriesClientConfig) {
                        pong.setPayload(ByteString.copyFromUtf8(Json.write(clientConfigMap())));
                    }
                    channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(pong.build().toByteArray())));
                }
            } else {
                protocolError("unexpected control frame type " + type);
            }
            return;
        }
        if (frame.getMethod() != 1) {
            protocolError("frame with unknown method " + frame.getMethod());
            return;
        }
        String payloadText = frame.getPayload().toStringUtf8();
        Map<String, Object> payload = Json.tryParseObject(payloadText);
        int code = payload != null && payload.get("code") instanceof Number n ? n.intValue() : -1;
        Map<String, Object> answerData = null;
        String badData = null;
        if (payload != null && payload.get("data") instanceof String s && !s.isEmpty()) {
            try {
                answerData = Json.tryParseObject(new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                answerData = null;
            }
            if (answerData == null) {
                badData = s;
            }
        } else if (payload != null && payload.get("data") instanceof Map<?, ?> dm) {
            answerData = Json.MAPPER.convertValue(dm, Map.class);
        }
        String messageId = headers.get("message_id");
        synchronized (lock) {
            Conn c = conns.get(channel);
            responses.add(new ResponseFrame(messageId, type, headers.get("trace_id"), headers.get("biz_rt"),
                    Map.copyOf(headers), frame.getSeqID(), frame.getLogID(), frame.getService(), code, payload,
                    answerData, c == null ? null : c.deviceId, Instant.now()));
            if (payload == null) {
                protocolErrors.add("response payload is not a JSON object: " + abbreviate(payloadText));
            }
            if (badData != null) {
                protocolErrors.add("response data is not Base64 of a JSON object: " + abbreviate(badData));
            }
            Push p = messageId == null ? null : pushes.get(messageId);
            if (p == null) {
                protocolErrors.add("response for unknown message_id " + messageId);
                return;
            }
            if (code == 200 && headers.get("biz_rt") == null) {
                protocolErrors.add("response for " + messageId + " without biz_rt header");
            }
            if (!"event".equals(p.type)) {
                protocolErrors.add("response to a " + p.type + " frame " + messageId + " (SDKs never answer those)");
                return;
            }
            if (code == 200) {
                p.acked = true;
                p.awaitingAck = false;
                cancel(p.timer);
                pending.remove(p);
                if (p.cardToken != null && answerData != null) {
                    recordCardResponse(p.eventId, p.cardToken, p.cardMessageId, answerData);
                }
            } else if (p.reliable && p.awaitingAck && !p.acked) {
                p.awaitingAck = false;
                failed(p);
            }
        }
    }

    /** Must hold lock. */
    @SuppressWarnings("unchecked")
    private void recordCardResponse(String eventId, String token, String messageId, Map<String, Object> answer) {
        if (eventId != null) {
            cardResponses.put(eventId, answer);
        }
        if (token != null) {
            cardResponses.put(token, answer);
        }
        Msg m = messageId == null ? null : messages.get(messageId);
        if (m == null) {
            return;
        }
        Object card = answer.get("card");
        Map<String, Object> newContent = null;
        if (card instanceof Map<?, ?> cm) {
            Object t = cm.get("type");
            Object d = cm.get("data");
            if ("raw".equals(t) && d instanceof Map<?, ?> dm) {
                newContent = (Map<String, Object>) dm;
            } else if ("template".equals(t) && d instanceof Map<?, ?> dm) {
                newContent = new LinkedHashMap<>();
                newContent.put("type", "template");
                newContent.put("data", dm);
            }
        } else if (answer.containsKey("elements") || answer.containsKey("header") || answer.containsKey("body")) {
            newContent = answer; // legacy callback: the whole answer is the new card
        }
        if (newContent != null && "interactive".equals(m.msgType)) {
            m.history.add(m.content);
            m.content = newContent;
            m.updated = true;
            m.updateTime = System.currentTimeMillis();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "...(" + s.length() + " chars)" : s;
    }

    // ================================================================ HTTP

    private SimResponse handleHttp(SimRequest r) {
        SimResponse resp = route(r);
        if (resp.contentType() != null && resp.contentType().startsWith("application/json")) {
            resp = resp.withHeader("X-Tt-Logid", logId());
        }
        Duration d = faults.delay;
        return d == null || d.isZero() ? resp : resp.withDelay(d);
    }

    private static String logId() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                .format(java.time.LocalDateTime.now()) + HexFormat.of().formatHex(randomBytes(10)).toUpperCase();
    }

    private SimResponse route(SimRequest r) {
        String path = r.path();
        boolean post = "POST".equals(r.method());
        boolean get = "GET".equals(r.method());
        Faults.Rule rule = faults.take(path);
        if (rule != null) {
            switch (rule.kind) {
                case ENDPOINT:
                    synchronized (lock) {
                        endpointRequests++;
                    }
                    return answer(200, rule.code, rule.msg, Map.of());
                case RATE_LIMIT:
                    return rateLimited(rule.status);
                default:
                    return error(rule.status, rule.code, rule.msg);
            }
        }
        if (ENDPOINT_PATH.equals(path) && post) {
            return endpoint(r);
        }
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (post && "/open-apis/auth/v3/tenant_access_token/internal".equals(p)) {
            return tokenEndpoint(r, false);
        }
        if (post && "/open-apis/auth/v3/app_access_token/internal".equals(p)) {
            return tokenEndpoint(r, true);
        }
        if (!path.startsWith("/open-apis/")) {
            return SimResponse.text(404, "404 page not found");
        }
        if (rateLimitPerSecond > 0) {
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
                return rateLimited(429);
            }
        }
        String[] seg = p.substring("/open-apis/".length()).split("/");
        SimResponse notFound = SimResponse.text(404, "404 page not found");
        SimResponse handled = null;
        boolean known = false;
        if (seg.length >= 3 && "im".equals(seg[0]) && "v1".equals(seg[1])) {
            String res = seg[2];
            if ("messages".equals(res)) {
                known = seg.length == 3 && post || seg.length == 4 && Set.of("DELETE", "PATCH", "PUT", "GET")
                        .contains(r.method()) || seg.length == 5 && post && "reply".equals(seg[4])
                        || seg.length == 6 && get && "resources".equals(seg[4]);
            } else if ("images".equals(res) || "files".equals(res)) {
                known = seg.length == 3 && post || seg.length == 4 && get;
            } else if ("chats".equals(res)) {
                known = get && (seg.length == 3 || seg.length == 4);
            }
        } else if (seg.length == 4 && "contact".equals(seg[0]) && "v3".equals(seg[1]) && "users".equals(seg[2])) {
            known = "batch_get_id".equals(seg[3]) ? post : get;
        }
        if (!known) {
            return notFound;
        }
        SimResponse auth = checkToken(r);
        if (auth != null) {
            return auth;
        }
        if ("contact".equals(seg[0])) {
            return "batch_get_id".equals(seg[3]) ? batchGetId(r) : getUser(r, seg[3]);
        }
        switch (seg[2]) {
            case "messages":
                if (seg.length == 3) {
                    return send(r);
                }
                if (seg.length == 5) {
                    return reply(r, seg[3]);
                }
                if (seg.length == 6) {
                    return download(r, seg[3], seg[5]);
                }
                return switch (r.method()) {
                    case "DELETE" -> recall(seg[3]);
                    case "PATCH" -> updateCard(r, seg[3]);
                    case "PUT" -> edit(r, seg[3]);
                    default -> getMessage(seg[3]);
                };
            case "images":
                return seg.length == 3 ? uploadImage(r) : downloadUpload(seg[3], "image");
            case "files":
                return seg.length == 3 ? uploadFile(r) : downloadUpload(seg[3], "file");
            default:
                return seg.length == 3 ? listChats(r) : getChat(seg[3]);
        }
    }

    private static SimResponse answer(int status, int code, String msg, Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("msg", msg);
        if (data != null) {
            m.put("data", data);
        }
        return SimResponse.json(status, Json.write(m));
    }

    private static SimResponse ok(Object data) {
        return answer(200, 0, "success", data);
    }

    private static SimResponse error(int status, int code, String msg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("msg", msg);
        m.put("error", Map.of("log_id", logId(),
                "troubleshooter", "https://open.feishu.cn/search?from=openapi&code=" + code));
        return SimResponse.json(status, Json.write(m));
    }

    private static SimResponse fieldError(String field, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", CODE_FIELD_VALIDATION);
        m.put("msg", "field validation failed");
        m.put("error", Map.of("log_id", logId(),
                "field_violations", List.of(Map.of("field", field, "description", description))));
        return SimResponse.json(400, Json.write(m));
    }

    private static SimResponse rateLimited(int status) {
        long reset = 1;
        return error(status, CODE_RATE_LIMIT, "request trigger frequency limit")
                .withHeader("x-ogw-ratelimit-limit", "50").withHeader("x-ogw-ratelimit-reset", String.valueOf(reset));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String hex32(String seed) {
        return HexFormat.of().formatHex(LarkCrypto.sha256(seed.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    }

    // ---------------------------------------------------------------- tokens

    private SimResponse tokenEndpoint(SimRequest r, boolean app) {
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        if (body == null || !appId.equals(body.get("app_id"))) {
            return answer(400, 10003, "invalid param", null);
        }
        if (!appSecret.equals(body.get("app_secret"))) {
            return answer(400, 10014, "app secret invalid", null);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", 0);
        m.put("msg", "ok");
        synchronized (lock) {
            Instant now = Instant.now();
            if (app) {
                currentApp = reuseOrIssue(currentApp, 'a', now);
                m.put("app_access_token", currentApp.value());
            }
            currentTenant = reuseOrIssue(currentTenant, 't', now);
            m.put("tenant_access_token", currentTenant.value());
            Token shown = app ? currentApp : currentTenant;
            m.put("expire", Math.max(0, Duration.between(now, shown.expiresAt()).toSeconds()));
            tokenIssuances++;
        }
        return SimResponse.json(200, Json.write(m));
    }

    /** Must hold lock. */
    private Token reuseOrIssue(Token current, char kind, Instant now) {
        if (current != null && tokens.containsKey(current.value())
                && Duration.between(now, current.expiresAt()).compareTo(tokenReissueThreshold) > 0) {
            return current;
        }
        String v = kind + "-g" + HexFormat.of().formatHex(randomBytes(19)).toUpperCase();
        Token t = new Token(v, kind, now.plus(tokenTtl));
        tokens.put(v, t);
        return t;
    }

    private SimResponse checkToken(SimRequest r) {
        String h = r.header("Authorization");
        String token = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : "";
        if (token.isEmpty()) {
            return error(tokenErrorStatus, CODE_MISSING_TOKEN,
                    "Missing access token for authorization. Please make a request with token attached.");
        }
        if (token.startsWith("u-")) {
            return error(tokenErrorStatus, CODE_INVALID_USER_TOKEN, "Invalid access token for authorization. "
                    + "Please make a request with token attached.");
        }
        if (!token.startsWith("t-") && !token.startsWith("a-")) {
            return error(tokenErrorStatus, CODE_TOKEN_FORMAT, "Invalid access token format.");
        }
        boolean valid;
        synchronized (lock) {
            Token t = tokens.get(token);
            valid = t != null && Instant.now().isBefore(t.expiresAt());
        }
        if (token.startsWith("a-") && !valid) {
            return error(tokenErrorStatus, CODE_INVALID_APP_TOKEN, "Invalid app_access_token.");
        }
        if (!valid || token.startsWith("a-")) {
            return error(tokenErrorStatus, CODE_INVALID_TENANT_TOKEN,
                    "Invalid access token for authorization. Please make a request with token attached.");
        }
        return null;
    }

    // ---------------------------------------------------------------- long-connection endpoint

    private SimResponse endpoint(SimRequest r) {
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        synchronized (lock) {
            endpointRequests++;
        }
        if (body == null || !appId.equals(body.get("AppID")) || !appSecret.equals(body.get("AppSecret"))) {
            return answer(200, CODE_ENDPOINT_CREDENTIALS, "app_id or app_secret is invalid", Map.of());
        }
        String ticket = UUID.randomUUID().toString();
        String deviceId = String.valueOf(7_000_000_000_000_000_000L + (RANDOM.nextLong() & 0xFFFFFFFFFFFFL));
        synchronized (lock) {
            tickets.put(ticket, deviceId);
            ticketExpiry.put(ticket, Instant.now().plus(ticketTtl));
        }
        String base = r.tls() ? "wss://localhost:" + port() : "ws://127.0.0.1:" + port();
        String url = base + WS_PATH + "?fpid=493&aid=552564&device_id=" + deviceId + "&access_key="
                + HexFormat.of().formatHex(randomBytes(16)) + "&service_id=" + serviceId + "&ticket=" + ticket;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("URL", url);
        data.put("ClientConfig", clientConfigMap());
        return answer(200, 0, "ok", data);
    }

    // ---------------------------------------------------------------- IM: messages

    private SimResponse send(SimRequest r) {
        String idType = r.query("receive_id_type");
        if (idType == null || idType.isEmpty()) {
            return fieldError("receive_id_type", "receive_id_type is required");
        }
        if (!RECEIVE_ID_TYPES.contains(idType)) {
            return fieldError("receive_id_type", "receive_id_type must be one of open_id, user_id, union_id, email, "
                    + "chat_id");
        }
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        if (body == null) {
            protocolError("HTTP " + r.path() + ": body is not a JSON object");
            return fieldError("body", "request body is not a valid JSON object");
        }
        if (!(body.get("receive_id") instanceof String receiveId) || receiveId.isEmpty()) {
            return fieldError("receive_id", "receive_id is required");
        }
        SimResponse bad = checkCommon(body);
        if (bad != null) {
            return bad;
        }
        String uuid = (String) body.get("uuid");
        synchronized (lock) {
            Msg dup = dedup(uuid);
            if (dup != null) {
                return ok(messageJson(dup));
            }
        }
        String chatId;
        String chatType;
        if ("chat_id".equals(idType)) {
            synchronized (lock) {
                if (chats.containsKey(receiveId)) {
                    chatType = "group";
                } else if (p2pChats.containsValue(receiveId)) {
                    chatType = "p2p";
                } else {
                    return error(400, CODE_NOT_IN_CHAT, "Bot/User can NOT be out of the chat.");
                }
            }
            chatId = receiveId;
        } else {
            LarkUser u = findUser(idType, receiveId);
            if (u == null) {
                return error(400, CODE_NO_AVAILABILITY, "Bot has NO availability to this user.");
            }
            chatId = p2pChatId(u.openId());
            chatType = "p2p";
        }
        return create(body, chatId, chatType, "", "", "", false, idType, receiveId, uuid);
    }

    /** Checks msg_type, content and uuid; returns an error answer or null. */
    private SimResponse checkCommon(Map<String, Object> body) {
        if (!(body.get("msg_type") instanceof String msgType) || msgType.isEmpty()) {
            return fieldError("msg_type", "msg_type is required");
        }
        Object content = body.get("content");
        if (content == null || "".equals(content)) {
            return fieldError("content", "content is required");
        }
        if (!(content instanceof String)) {
            return fieldError("content", "content must be a string (a serialized JSON object)");
        }
        Object uuid = body.get("uuid");
        if (uuid != null && (!(uuid instanceof String s) || s.length() > 50)) {
            return fieldError("uuid", "uuid must be a string of at most 50 characters");
        }
        if (!MSG_TYPES.contains(msgType)) {
            return error(400, CODE_INVALID_PARAM, "invalid msg_type: " + msgType);
        }
        Map<String, Object> parsed = Json.tryParseObject((String) content);
        if (parsed == null) {
            return error(400, CODE_INVALID_PARAM, "invalid message content: content is not a JSON object");
        }
        return validateContent(msgType, parsed);
    }

    @SuppressWarnings("unchecked")
    private SimResponse validateContent(String msgType, Map<String, Object> c) {
        String problem = null;
        synchronized (lock) {
            switch (msgType) {
                case "text":
                    problem = c.get("text") instanceof String ? null : "text content needs a string 'text'";
                    break;
                case "post": {
                    Map<String, Object> locales = c.get("post") instanceof Map<?, ?> pm ? (Map<String, Object>) pm : c;
                    boolean any = false;
                    for (Object v : locales.values()) {
                        if (!(v instanceof Map<?, ?> lm) || !(lm.get("content") instanceof List<?> paras)
                                || !paras.stream().allMatch(x -> x instanceof List<?>)) {
                            problem = "post content needs locale objects with a 'content' array of arrays";
                            break;
                        }
                        any = true;
                    }
                    if (problem == null && !any) {
                        problem = "post content has no locale";
                    }
                    break;
                }
                case "image":
                    problem = known(c.get("image_key"), "image") ? null : "invalid image_key";
                    break;
                case "file":
                case "audio":
                case "sticker":
                    problem = known(c.get("file_key"), "file") ? null : "invalid file_key";
                    break;
                case "media":
                    problem = !known(c.get("file_key"), "file") ? "invalid file_key"
                            : c.get("image_key") != null && !known(c.get("image_key"), "image") ? "invalid image_key"
                            : null;
                    break;
                case "share_chat":
                    problem = c.get("chat_id") instanceof String id && (chats.containsKey(id)
                            || p2pChats.containsValue(id)) ? null : "invalid chat_id";
                    break;
                case "share_user":
                    problem = c.get("user_id") instanceof String id && users.containsKey(id) ? null : "invalid user_id";
                    break;
                case "interactive": {
                    boolean template = "template".equals(c.get("type")) && c.get("data") instanceof Map<?, ?> d
                            && d.get("template_id") instanceof String;
                    boolean card = c.containsKey("elements") || c.containsKey("body") || c.containsKey("header")
                            || c.containsKey("i18n_elements");
                    if (!template && !card) {
                        return error(400, CODE_CARD_INVALID, "Failed to create card content, ext=ErrCode: 200620; "
                                + "ErrMsg: card has no elements");
                    }
                    break;
                }
                default:
                    break;
            }
        }
        return problem == null ? null : error(400, CODE_INVALID_PARAM, "invalid message content: " + problem);
    }

    /** Must hold lock. */
    private boolean known(Object key, String kind) {
        Blob b = key instanceof String k ? resources.get(k) : null;
        return b != null && b.kind().equals(kind);
    }

    /** Must hold lock. */
    private Msg dedup(String uuid) {
        if (uuid == null) {
            return null;
        }
        Object[] e = uuids.get(uuid);
        if (e == null || System.currentTimeMillis() - (Long) e[1] > uuidWindow.toMillis()) {
            return null;
        }
        return messages.get((String) e[0]);
    }

    private LarkUser findUser(String idType, String id) {
        synchronized (lock) {
            for (LarkUser u : users.values()) {
                String v = switch (idType) {
                    case "open_id" -> u.openId();
                    case "user_id" -> u.userId();
                    case "union_id" -> u.unionId();
                    default -> u.email();
                };
                if (id.equals(v)) {
                    return u;
                }
            }
        }
        return null;
    }

    private SimResponse create(Map<String, Object> body, String chatId, String chatType, String rootId,
            String parentId, String threadId, boolean inThread, String idType, String receiveId, String uuid) {
        String msgType = (String) body.get("msg_type");
        Map<String, Object> content = Json.parseObject((String) body.get("content"));
        Msg m = new Msg(newMessageId(), chatId, chatType, msgType, content, true, null, rootId, parentId, threadId,
                inThread, idType, receiveId, uuid);
        synchronized (lock) {
            Msg dup = dedup(uuid);
            if (dup != null) {
                return ok(messageJson(dup));
            }
            messages.put(m.id, m);
            sent.add(m);
            if (uuid != null) {
                uuids.put(uuid, new Object[] {m.id, System.currentTimeMillis()});
            }
            return ok(messageJson(m));
        }
    }

    /** Must hold lock. */
    private Map<String, Object> messageJson(Msg m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("message_id", m.id);
        o.put("root_id", m.rootId);
        o.put("parent_id", m.parentId);
        o.put("thread_id", m.threadId);
        o.put("msg_type", m.msgType);
        o.put("create_time", String.valueOf(m.createTime));
        o.put("update_time", String.valueOf(m.updateTime));
        o.put("deleted", m.recalled);
        o.put("updated", m.updated);
        o.put("chat_id", m.chatId);
        Map<String, Object> sender = new LinkedHashMap<>();
        sender.put("id", m.fromBot ? appId : m.senderOpenId);
        sender.put("id_type", m.fromBot ? "app_id" : "open_id");
        sender.put("sender_type", m.fromBot ? "app" : "user");
        sender.put("tenant_key", tenantKey);
        o.put("sender", sender);
        List<Map<String, Object>> mentions = new ArrayList<>();
        String content = Json.write(m.content);
        if ("text".equals(m.msgType) && m.content.get("text") instanceof String text) {
            StringBuilder sb = new StringBuilder();
            Matcher mt = AT_TAG.matcher(text);
            int n = 0;
            while (mt.find()) {
                String id = mt.group(1);
                if ("all".equals(id)) {
                    mt.appendReplacement(sb, "@_all");
                    continue;
                }
                String key = "@_user_" + (++n);
                mt.appendReplacement(sb, Matcher.quoteReplacement(key));
                LarkUser u = users.get(id);
                if (u == null) {
                    for (LarkUser cand : users.values()) {
                        if (id.equals(cand.userId())) {
                            u = cand;
                        }
                    }
                }
                Map<String, Object> mention = new LinkedHashMap<>();
                mention.put("key", key);
                mention.put("id", u != null ? u.openId() : id);
                mention.put("id_type", "open_id");
                mention.put("name", u != null ? u.name() : mt.group(2));
                mention.put("tenant_key", tenantKey);
                mentions.add(mention);
            }
            mt.appendTail(sb);
            content = Json.write(Map.of("text", sb.toString()));
        }
        o.put("body", Map.of("content", m.recalled ? "This message was recalled" : content));
        if (!mentions.isEmpty()) {
            o.put("mentions", mentions);
        }
        o.put("upper_message_id", "");
        return o;
    }

    private SimResponse reply(SimRequest r, String messageId) {
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        if (body == null) {
            protocolError("HTTP " + r.path() + ": body is not a JSON object");
            return fieldError("body", "request body is not a valid JSON object");
        }
        SimResponse bad = checkCommon(body);
        if (bad != null) {
            return bad;
        }
        String uuid = (String) body.get("uuid");
        Msg target;
        synchronized (lock) {
            Msg dup = dedup(uuid);
            if (dup != null) {
                return ok(messageJson(dup));
            }
            target = messages.get(messageId);
        }
        if (target == null) {
            return error(400, CODE_INVALID_PARAM, "The message is not found, message_id: " + messageId);
        }
        if (target.recalled) {
            return error(400, CODE_RECALLED, "The message is recalled.");
        }
        boolean inThread = Boolean.TRUE.equals(body.get("reply_in_thread"));
        String root = target.rootId.isEmpty() ? target.id : target.rootId;
        String thread = !target.threadId.isEmpty() ? target.threadId
                : inThread ? "omt_" + hex32("thread:" + root).substring(0, 16) : "";
        return create(body, target.chatId, target.chatType, root, target.id, thread, inThread, null, null, uuid);
    }

    /** Returns the message or an error answer for recall/update/edit. Must hold lock. */
    private Object ownMessage(String messageId) {
        Msg m = messages.get(messageId);
        if (m == null) {
            return error(400, CODE_INVALID_PARAM, "The message is not found, message_id: " + messageId);
        }
        if (m.recalled) {
            return error(400, CODE_RECALLED, "The message is recalled.");
        }
        if (!m.fromBot) {
            return error(400, CODE_NOT_OWNER, "No permission to operate this message: it was not sent by the bot.");
        }
        return m;
    }

    private SimResponse recall(String messageId) {
        synchronized (lock) {
            Object o = ownMessage(messageId);
            if (o instanceof SimResponse err) {
                return err;
            }
            Msg m = (Msg) o;
            m.recalled = true;
            m.updateTime = System.currentTimeMillis();
        }
        return ok(Map.of());
    }

    private SimResponse updateCard(SimRequest r, String messageId) {
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        if (body == null || !(body.get("content") instanceof String content)) {
            return fieldError("content", "content is required and must be a string");
        }
        Map<String, Object> card = Json.tryParseObject(content);
        if (card == null) {
            return error(400, CODE_INVALID_PARAM, "invalid message content: content is not a JSON object");
        }
        synchronized (lock) {
            Object o = ownMessage(messageId);
            if (o instanceof SimResponse err) {
                return err;
            }
            Msg m = (Msg) o;
            if (!"interactive".equals(m.msgType)) {
                return error(400, CODE_INVALID_PARAM, "This message is NOT a card (only interactive messages can be "
                        + "updated with PATCH).");
            }
        }
        SimResponse bad = validateContent("interactive", card);
        if (bad != null) {
            return bad;
        }
        synchronized (lock) {
            Msg m = messages.get(messageId);
            m.history.add(m.content);
            m.content = card;
            m.updated = true;
            m.updateTime = System.currentTimeMillis();
        }
        return ok(Map.of());
    }

    private SimResponse edit(SimRequest r, String messageId) {
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        if (body == null) {
            return fieldError("body", "request body is not a valid JSON object");
        }
        SimResponse bad = checkCommon(body);
        if (bad != null) {
            return bad;
        }
        String msgType = (String) body.get("msg_type");
        synchronized (lock) {
            Object o = ownMessage(messageId);
            if (o instanceof SimResponse err) {
                return err;
            }
            Msg m = (Msg) o;
            if (!Set.of("text", "post").contains(m.msgType) || !m.msgType.equals(msgType)) {
                return error(400, CODE_INVALID_PARAM, "Only text and post messages can be edited, keeping their "
                        + "msg_type.");
            }
            m.history.add(m.content);
            m.content = Json.parseObject((String) body.get("content"));
            m.updated = true;
            m.updateTime = System.currentTimeMillis();
            return ok(messageJson(m));
        }
    }

    private SimResponse getMessage(String messageId) {
        synchronized (lock) {
            Msg m = messages.get(messageId);
            if (m == null) {
                return error(400, CODE_INVALID_PARAM, "The message is not found, message_id: " + messageId);
            }
            return ok(Map.of("items", List.of(messageJson(m))));
        }
    }

    // ---------------------------------------------------------------- IM: files

    private SimResponse uploadImage(SimRequest r) {
        FormPart type = r.part("image_type");
        FormPart image = r.part("image");
        if (type == null || !Set.of("message", "avatar").contains(type.text())) {
            return error(400, CODE_UPLOAD_PARAM, "Invalid request param: image_type must be message or avatar.");
        }
        if (image == null || !image.file()) {
            return error(400, CODE_UPLOAD_PARAM, "Invalid request param: image is required (a file part).");
        }
        if (image.bytes().length == 0) {
            return error(400, CODE_EMPTY_FILE, "File's size can't be 0.");
        }
        if (image.bytes().length > MAX_IMAGE) {
            return error(400, CODE_TOO_LARGE, "The file size exceeds the limit (10 MB).");
        }
        String key = "img_v2_" + UUID.randomUUID();
        String ct = image.contentType() == null ? "image/png" : image.contentType();
        synchronized (lock) {
            resources.put(key, new Blob(key, "image", image.bytes(), image.fileName(), ct));
            uploads.add(new UploadedFile(key, "image", type.text(), image.fileName(), image.contentType(), null,
                    image.bytes(), System.currentTimeMillis()));
        }
        return ok(Map.of("image_key", key));
    }

    private SimResponse uploadFile(SimRequest r) {
        FormPart type = r.part("file_type");
        FormPart name = r.part("file_name");
        FormPart file = r.part("file");
        FormPart duration = r.part("duration");
        if (type == null || !FILE_TYPES.contains(type.text())) {
            return error(400, CODE_UPLOAD_PARAM, "Invalid request param: file_type must be one of " + FILE_TYPES);
        }
        if (name == null || name.text().isBlank()) {
            return error(400, CODE_UPLOAD_PARAM, "Invalid request param: file_name is required.");
        }
        Integer dur = null;
        if (duration != null && !duration.text().isBlank()) {
            try {
                dur = Integer.valueOf(duration.text().trim());
            } catch (NumberFormatException e) {
                return error(400, CODE_UPLOAD_PARAM, "Invalid request param: duration must be an integer.");
            }
        }
        if (file == null || !file.file()) {
            return error(400, CODE_UPLOAD_PARAM, "Invalid request param: file is required (a file part).");
        }
        if (file.bytes().length == 0) {
            return error(400, CODE_EMPTY_FILE, "File's size can't be 0.");
        }
        if (file.bytes().length > MAX_FILE) {
            return error(400, CODE_TOO_LARGE, "The file size exceeds the limit (30 MB).");
        }
        String key = "file_v2_" + UUID.randomUUID();
        String ct = file.contentType() == null ? "application/octet-stream" : file.contentType();
        synchronized (lock) {
            resources.put(key, new Blob(key, "file", file.bytes(), name.text(), ct));
            uploads.add(new UploadedFile(key, "file", type.text(), name.text(), file.contentType(), dur, file.bytes(),
                    System.currentTimeMillis()));
        }
        return ok(Map.of("file_key", key));
    }

    private static SimResponse binary(Blob b) {
        String name = b.name() == null ? b.key() : b.name();
        return SimResponse.bytes(200, b.contentType(), b.bytes())
                .withHeader("Content-Disposition", "attachment; filename=\"" + name.replace("\"", "") + "\"")
                .withHeader("X-Tt-Logid", logId());
    }

    private SimResponse download(SimRequest r, String messageId, String key) {
        String type = r.query("type");
        if (type == null || !Set.of("image", "file").contains(type)) {
            return fieldError("type", "type must be image or file");
        }
        synchronized (lock) {
            Msg m = messages.get(messageId);
            if (m == null) {
                return error(400, CODE_INVALID_PARAM, "The message is not found, message_id: " + messageId);
            }
            Blob b = resources.get(key);
            String field = "image".equals(type) ? "image_key" : "file_key";
            if (b == null || !b.kind().equals(type) || !references(m.content, field, key)) {
                return error(400, CODE_FILE_NOT_IN_MSG, "File not in msg.");
            }
            return binary(b);
        }
    }

    /** Whether a key appears as the value of {@code field} anywhere in the content (post elements included). */
    private static boolean references(Object node, String field, String key) {
        if (node instanceof Map<?, ?> m) {
            if (key.equals(m.get(field))) {
                return true;
            }
            for (Object v : m.values()) {
                if (references(v, field, key)) {
                    return true;
                }
            }
        } else if (node instanceof List<?> l) {
            for (Object v : l) {
                if (references(v, field, key)) {
                    return true;
                }
            }
        }
        return false;
    }

    private SimResponse downloadUpload(String key, String kind) {
        synchronized (lock) {
            Blob b = resources.get(key);
            boolean own = uploads.stream().anyMatch(u -> u.key().equals(key));
            if (b == null || !b.kind().equals(kind) || !own) {
                return error(400, CODE_UPLOAD_PARAM, "Invalid request param: unknown " + kind + " key.");
            }
            return binary(b);
        }
    }

    // ---------------------------------------------------------------- IM: chats

    /** Must hold lock. */
    private Map<String, Object> chatJson(LarkChat c, boolean full) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (!full) {
            o.put("chat_id", c.chatId());
        }
        o.put("avatar", "https://s1-imfile.feishucdn.com/static-resource/v1/default-avatar_" + c.chatId());
        o.put("name", c.name());
        o.put("description", "");
        o.put("owner_id", c.members().isEmpty() ? "" : c.members().get(0));
        o.put("owner_id_type", "open_id");
        o.put("external", false);
        o.put("tenant_key", tenantKey);
        o.put("chat_status", "normal");
        if (full) {
            o.put("chat_mode", "group");
            o.put("chat_type", "private");
            o.put("user_count", String.valueOf(c.members().size()));
            o.put("bot_count", "1");
        }
        return o;
    }

    private SimResponse listChats(SimRequest r) {
        int size = 20;
        String ps = r.query("page_size");
        if (ps != null) {
            try {
                size = Integer.parseInt(ps);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > 100) {
                return fieldError("page_size", "page_size must be between 1 and 100");
            }
        }
        int from = 0;
        String pt = r.query("page_token");
        if (pt != null && !pt.isEmpty()) {
            try {
                from = Integer.parseInt(new String(Base64.getDecoder().decode(pt), StandardCharsets.UTF_8)
                        .replace("chats:", ""));
            } catch (IllegalArgumentException e) {
                return fieldError("page_token", "invalid page_token");
            }
        }
        synchronized (lock) {
            List<LarkChat> all = new ArrayList<>(chats.values());
            if ("ByActiveTimeDesc".equals(r.query("sort_type"))) {
                java.util.Collections.reverse(all);
            }
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = from; i < Math.min(all.size(), from + size); i++) {
                items.add(chatJson(all.get(i), false));
            }
            boolean more = from + size < all.size();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("items", items);
            data.put("page_token", more ? Base64.getEncoder().encodeToString(("chats:" + (from + size))
                    .getBytes(StandardCharsets.UTF_8)) : "");
            data.put("has_more", more);
            return ok(data);
        }
    }

    private SimResponse getChat(String chatId) {
        synchronized (lock) {
            LarkChat c = chats.get(chatId);
            if (c == null) {
                return error(400, CODE_NOT_IN_CHAT, "Bot/User can NOT be out of the chat.");
            }
            return ok(chatJson(c, true));
        }
    }

    // ---------------------------------------------------------------- contact

    private static String idOf(LarkUser u, String type) {
        return switch (type) {
            case "union_id" -> u.unionId();
            case "user_id" -> u.userId();
            default -> u.openId();
        };
    }

    private static Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("is_frozen", false);
        s.put("is_resigned", false);
        s.put("is_activated", true);
        s.put("is_exited", false);
        s.put("is_unjoin", false);
        return s;
    }

    private static String normMobile(String m) {
        return m == null ? null : m.startsWith("+86") ? m.substring(3) : m;
    }

    private SimResponse batchGetId(SimRequest r) {
        String type = r.query("user_id_type") == null ? "open_id" : r.query("user_id_type");
        if (!Set.of("open_id", "union_id", "user_id").contains(type)) {
            return fieldError("user_id_type", "user_id_type must be open_id, union_id or user_id");
        }
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        if (body == null) {
            return fieldError("body", "request body is not a valid JSON object");
        }
        List<?> emails = body.get("emails") instanceof List<?> l ? l : List.of();
        List<?> mobiles = body.get("mobiles") instanceof List<?> l ? l : List.of();
        if (emails.size() > 50 || mobiles.size() > 50) {
            return fieldError(emails.size() > 50 ? "emails" : "mobiles", "at most 50 entries");
        }
        List<Map<String, Object>> list = new ArrayList<>();
        synchronized (lock) {
            for (Object e : emails) {
                Map<String, Object> o = new LinkedHashMap<>();
                users.values().stream().filter(u -> String.valueOf(e).equalsIgnoreCase(u.email())).findFirst()
                        .ifPresent(u -> {
                            o.put("user_id", idOf(u, type));
                        });
                o.put("email", String.valueOf(e));
                if (o.containsKey("user_id")) {
                    o.put("status", status());
                }
                list.add(o);
            }
            for (Object mo : mobiles) {
                Map<String, Object> o = new LinkedHashMap<>();
                String q = normMobile(String.valueOf(mo));
                users.values().stream().filter(u -> q.equals(normMobile(u.mobile()))).findFirst()
                        .ifPresent(u -> o.put("user_id", idOf(u, type)));
                o.put("mobile", String.valueOf(mo));
                if (o.containsKey("user_id")) {
                    o.put("status", status());
                }
                list.add(o);
            }
        }
        return ok(Map.of("user_list", list));
    }

    private SimResponse getUser(SimRequest r, String id) {
        String type = r.query("user_id_type") == null ? "open_id" : r.query("user_id_type");
        if (!Set.of("open_id", "union_id", "user_id").contains(type)) {
            return fieldError("user_id_type", "user_id_type must be open_id, union_id or user_id");
        }
        LarkUser u = findUser(type, id);
        if (u == null) {
            return error(400, 41050, "no user authority error");
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("open_id", u.openId());
        o.put("union_id", u.unionId());
        o.put("user_id", u.userId());
        o.put("name", u.name());
        o.put("en_name", u.name());
        if (u.email() != null) {
            o.put("email", u.email());
        }
        if (u.mobile() != null) {
            o.put("mobile", u.mobile());
        }
        String av = "https://s1-imfile.feishucdn.com/static-resource/v1/avatar_" + u.openId();
        o.put("avatar", Map.of("avatar_72", av + "~72x72", "avatar_240", av + "~240x240",
                "avatar_640", av + "~640x640", "avatar_origin", av));
        o.put("status", status());
        o.put("department_ids", List.of("0"));
        return ok(Map.of("user", o));
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

    /**
     * Plays Lark delivering a schema 2.0 event to a webhook: body = the envelope (with {@code header.token}), or
     * {@code {"encrypt":...}} when {@code encrypt}; headers {@code X-Lark-Request-Timestamp}, {@code -Nonce} and, when
     * an encrypt key is configured, {@code X-Lark-Signature}.
     */
    public WebhookResult postEvent(String url, InboundEvent e, boolean encrypt, Tamper tamper) {
        Map<String, Object> env = deepCopy(e.envelope());
        if (tamper == Tamper.WRONG_TOKEN) {
            header(env).put("token", "wrong-" + verificationToken);
        }
        return deliverWebhook(url, Json.write(env), encrypt, tamper, true);
    }

    /** Like {@link #postEvent} with the 1.0 envelope {@code {ts, uuid, token, type:"event_callback", event}}. */
    public WebhookResult postEventV1(String url, InboundEvent e, boolean encrypt, Tamper tamper) {
        Map<String, Object> event = new LinkedHashMap<>(e.event());
        event.put("type", e.eventType());
        event.put("app_id", appId);
        event.put("tenant_key", tenantKey);
        Map<String, Object> env = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        env.put("ts", (now / 1000) + "." + String.format("%07d", (now % 1000) * 10000));
        env.put("uuid", e.eventId());
        env.put("token", tamper == Tamper.WRONG_TOKEN ? "wrong-" + verificationToken : verificationToken);
        env.put("type", "event_callback");
        env.put("event", event);
        return deliverWebhook(url, Json.write(env), encrypt, tamper, true);
    }

    /** Sends the {@code url_verification} challenge (never signed); {@code answerVerified} = the challenge came back. */
    public WebhookResult postUrlVerification(String url, boolean encrypt) {
        String challenge = UUID.randomUUID().toString();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("challenge", challenge);
        m.put("token", verificationToken);
        m.put("type", "url_verification");
        WebhookResult r = deliverWebhook(url, Json.write(m), encrypt, Tamper.NONE, false);
        Map<String, Object> answer = r.status() == 200 ? Json.tryParseObject(r.body()) : null;
        return new WebhookResult(r.status(), r.body(), answer != null && challenge.equals(answer.get("challenge")),
                null);
    }

    /**
     * Plays a card click delivered to an HTTP callback URL as the new-style {@code card.action.trigger} event
     * (encrypted and signed when an encrypt key is configured). The answer (toast / card) is in {@code body()}, also
     * through {@link #cardActionResponse} by event id or token, and its card replaces the stored card.
     */
    public WebhookResult postCardAction(String url, String openId, String messageId, Map<String, Object> value,
            Tamper tamper) {
        InboundEvent e = newCardActionEvent(openId, messageId, value);
        Map<String, Object> env = deepCopy(e.envelope());
        if (tamper == Tamper.WRONG_TOKEN) {
            header(env).put("token", "wrong-" + verificationToken);
        }
        WebhookResult r = deliverWebhook(url, Json.write(env), encryptKey != null, tamper, true);
        Map<String, Object> answer = r.status() == 200 ? Json.tryParseObject(r.body()) : null;
        if (answer != null) {
            synchronized (lock) {
                recordCardResponse(e.eventId(), e.cardToken(), messageId, answer);
            }
        }
        return r;
    }

    /**
     * Plays the legacy "message card request URL" callback: plaintext body {@code {open_id, user_id, open_message_id,
     * open_chat_id, tenant_key, token, action}}, {@code X-Lark-Signature} = SHA-1 over timestamp, nonce, verification
     * token and body. The answer (a new card or {@code {}}) is recorded under the card token.
     */
    public WebhookResult postLegacyCardAction(String url, String openId, String messageId, Map<String, Object> value,
            Tamper tamper) {
        InboundEvent e = newCardActionEvent(openId, messageId, value);
        Map<String, Object> body = legacyCardBody(e);
        if (tamper == Tamper.WRONG_TOKEN) {
            body.put("token", "c-wrong");
        }
        byte[] bytes = tamper == Tamper.MALFORMED_BODY ? "{\"open_id\":".getBytes(StandardCharsets.UTF_8)
                : Json.write(body).getBytes(StandardCharsets.UTF_8);
        String ts = timestamp(tamper);
        String nonce = nonce();
        String sig = LarkCrypto.legacyCardSignature(ts, nonce,
                tamper == Tamper.FORGED_SIGNATURE ? verificationToken + "-forged" : String.valueOf(verificationToken),
                bytes);
        WebhookResult r = post(url, bytes, Map.of("X-Lark-Request-Timestamp", ts, "X-Lark-Request-Nonce", nonce,
                "X-Lark-Signature", sig), tamper == Tamper.REPLAY);
        Map<String, Object> answer = r.status() == 200 ? Json.tryParseObject(r.body()) : null;
        if (answer != null) {
            synchronized (lock) {
                recordCardResponse(null, e.cardToken(), messageId, answer);
            }
        }
        return r;
    }

    private Map<String, Object> legacyCardBody(InboundEvent e) {
        Map<String, Object> ev = e.event();
        @SuppressWarnings("unchecked")
        Map<String, Object> op = (Map<String, Object>) ev.get("operator");
        @SuppressWarnings("unchecked")
        Map<String, Object> ctx = (Map<String, Object>) ev.get("context");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("open_id", op.get("open_id"));
        body.put("user_id", op.get("user_id"));
        body.put("open_message_id", ctx.get("open_message_id"));
        body.put("open_chat_id", ctx.get("open_chat_id"));
        body.put("tenant_key", tenantKey);
        body.put("token", e.cardToken());
        body.put("action", ev.get("action"));
        return body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> header(Map<String, Object> env) {
        return (Map<String, Object>) env.get("header");
    }

    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        return Json.parseObject(Json.write(m));
    }

    private static String timestamp(Tamper tamper) {
        long now = System.currentTimeMillis() / 1000;
        return String.valueOf(tamper == Tamper.STALE_TIMESTAMP ? now - 7200 : now);
    }

    private static String nonce() {
        return String.valueOf(1_000_000_000L + RANDOM.nextInt(1_000_000_000));
    }

    private WebhookResult deliverWebhook(String url, String plain, boolean encrypt, Tamper tamper, boolean sign) {
        if ((encrypt || tamper == Tamper.UNDECRYPTABLE) && encryptKey == null) {
            throw new IllegalStateException("no encryptKey configured");
        }
        String text;
        if (tamper == Tamper.MALFORMED_BODY) {
            text = "{\"schema\":\"2.0\",\"header\":";
        } else if (tamper == Tamper.UNDECRYPTABLE) {
            text = Json.write(Map.of("encrypt", LarkCrypto.encrypt(encryptKey + "-other", plain)));
        } else if (encrypt) {
            text = Json.write(Map.of("encrypt", LarkCrypto.encrypt(encryptKey, plain)));
        } else {
            text = plain;
        }
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        String ts = timestamp(tamper);
        String nonce = nonce();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Lark-Request-Timestamp", ts);
        headers.put("X-Lark-Request-Nonce", nonce);
        if (sign && encryptKey != null) {
            headers.put("X-Lark-Signature", LarkCrypto.signature(ts, nonce,
                    tamper == Tamper.FORGED_SIGNATURE ? encryptKey + "-forged" : encryptKey, body));
        } else if (sign && tamper == Tamper.FORGED_SIGNATURE) {
            headers.put("X-Lark-Signature", HexFormat.of().formatHex(LarkCrypto.sha256(body)));
        }
        return post(url, body, headers, tamper == Tamper.REPLAY);
    }

    private WebhookResult post(String url, byte[] body, Map<String, String> headers, boolean twice) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Request-Id", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(rb::header);
        HttpRequest req = rb.build();
        WebhookResult first = twice ? postOnce(req, null) : null;
        return postOnce(req, first);
    }

    private WebhookResult postOnce(HttpRequest req, WebhookResult first) {
        try {
            HttpResponse<String> resp = http().send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new WebhookResult(resp.statusCode(), resp.body(), resp.statusCode() == 200, first);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookResult(-1, String.valueOf(e), false, first);
        } catch (Exception e) {
            return new WebhookResult(-1, String.valueOf(e), false, first);
        }
    }
}
