package io.camelchat.simulator.lark;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.camelchat.simulator.common.Balancing;
import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.SimHttpServer;
import io.camelchat.simulator.common.SimScheduler;
import io.camelchat.simulator.common.SimulatorTls;

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
 * <p>Long connection: each event goes to one open connection of the app (cluster mode, never a broadcast: chosen at
 * random, or in turn with {@code balancing(ROUND_ROBIN)}); with no connection open they are queued and delivered when
 * one opens. When a connection closes, the events it had not answered go to another connection at once (simulator
 * choice; Lark publishes no redelivery timing). Every event data frame ({@code type=event}) must be answered with a
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
 * <li>Legacy send {@code POST /open-apis/message/v4/send} (the first example of the SDK's README): exactly one of
 * {@code chat_id}, {@code open_id}, {@code user_id}, {@code email}, plus {@code msg_type} and {@code content} as a
 * JSON <em>object</em>; answer {@code {"code":0,"msg":"success","data":{"message_id":"om_..."}}}. Token and receiver
 * checks and content validation are those of im/v1 (the message is recorded like an im/v1 send); no receiver or
 * several, a missing {@code msg_type}, or {@code content} missing or not an object: HTTP 400 99992402.</li>
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
 *
 * <p>Inside: {@link LarkState} holds the tenant and its messages, {@link LarkTokens} the tokens,
 * {@link LongConnectionGateway} the long connection (pushes through the shared {@code PushEngine}), {@link LarkHttp}
 * the HTTP route table with {@link ImMessageApi}, {@link ImResourceApi} and {@link ContactApi}, {@link LarkEvents}
 * the events users cause, {@link LarkWebhookSender} the calls to webhook apps, and {@link Faults} the fault
 * injection. This class wires them and is the public face tests use.
 */
public final class LarkSimulator implements AutoCloseable {

    static final String ENDPOINT_PATH = "/callback/ws/endpoint";
    static final String WS_PATH = "/ws/v2";
    static final int DEFAULT_SERVICE_ID = 33554678;
    static final int MAX_HTTP_BODY = 40 * 1024 * 1024;
    static final int MAX_CLIENT_FRAME = 1024 * 1024;

    private final LarkSettings settings;
    private final Faults faults = new Faults(this);
    private final ProtocolLog protocolLog = new ProtocolLog();
    private final SimScheduler scheduler;
    private final LarkState state;
    private final LarkTokens tokens;
    private final LarkEvents events;
    private final LongConnectionGateway gateway;
    private final LarkWebhookSender webhooks;
    private final SimHttpServer server;
    private volatile boolean closed;

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
        private Balancing balancing = Balancing.RANDOM;
        private int serviceId = DEFAULT_SERVICE_ID;
        private int port;

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

        /**
         * How an event picks one of the app's open connections: {@link Balancing#RANDOM} (default, what Lark documents:
         * cluster mode, "only one random client receives the message") or round robin.
         */
        public Builder balancing(Balancing v) {
            balancing = Objects.requireNonNull(v);
            return this;
        }

        /** The {@code service_id} of websocket URLs. */
        public Builder serviceId(int v) {
            serviceId = v;
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
        public LarkSimulator start() {
            return new LarkSimulator(this);
        }
    }

    private LarkSimulator(Builder b) {
        this.settings = new LarkSettings(b.appId, b.appSecret, b.verificationToken, b.encryptKey, b.tenantKey,
                b.botName, b.botOpenId != null ? b.botOpenId : "ou_" + LarkErrors.hex32("bot:" + b.appId),
                "on_" + LarkErrors.hex32("botunion:" + b.appId), b.tls, b.tokenTtl, b.tokenReissueThreshold,
                b.tokenErrorStatus, b.reconnectCount, b.reconnectInterval, b.reconnectNonce, b.pingInterval,
                b.pongCarriesClientConfig, b.redeliveryDelays, b.ackTimeout, b.splitAbove, b.rateLimitPerSecond,
                b.uuidWindow, b.ticketTtl, b.maxConnections, b.serviceId, b.balancing);
        this.scheduler = new SimScheduler("lark-sim-scheduler", protocolLog::add);
        this.state = new LarkState(settings);
        this.tokens = new LarkTokens(settings);
        this.events = new LarkEvents(settings, state);
        this.gateway = new LongConnectionGateway(settings, state, faults, protocolLog, scheduler, this::port);
        this.webhooks = new LarkWebhookSender(settings, state, events);
        LarkHttp http = new LarkHttp(settings, faults, tokens, gateway, new ImMessageApi(state, protocolLog),
                new ImResourceApi(state, settings.tenantKey()), new ContactApi(state));
        this.server = new SimHttpServer("lark-sim", settings.tls() ? SimulatorTls.serverContext() : null,
                http::handle, Set.of(WS_PATH), gateway, MAX_CLIENT_FRAME, MAX_HTTP_BODY);
        try {
            server.start(b.port);
        } catch (RuntimeException e) {
            scheduler.close();
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
        return settings.tls();
    }

    public String appId() {
        return settings.appId();
    }

    public String appSecret() {
        return settings.appSecret();
    }

    public String verificationToken() {
        return settings.verificationToken();
    }

    public String encryptKey() {
        return settings.encryptKey();
    }

    public String tenantKey() {
        return settings.tenantKey();
    }

    public String botOpenId() {
        return settings.botOpenId();
    }

    public String botName() {
        return settings.botName();
    }

    public int serviceId() {
        return settings.serviceId();
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
        scheduler.close();
        server.close();
    }

    @Override
    public String toString() {
        return "LarkSimulator[" + apiUrl() + (settings.tls() ? ", tls" : "") + "]";
    }

    // ================================================================ fixtures

    public LarkSimulator addUser(LarkUser user) {
        state.addUser(user);
        return this;
    }

    /** Adds a group chat the bot is in. */
    public LarkSimulator addChat(LarkChat chat) {
        state.addChat(chat);
        return this;
    }

    /** The p2p chat id between the bot and this user (created on first use, then reused). */
    public String p2pChatId(String openId) {
        return state.p2pChatId(openId);
    }

    // ================================================================ playing users

    /**
     * A user sends text to the bot ({@code chatIdOrNull} null: in the p2p chat; else in that group);
     * {@code im.message.receive_v1}, pushed over the long connection (queued while none is open).
     */
    public InboundEvent userSendsText(String openId, String chatIdOrNull, String text) {
        return push(events.text(openId, chatIdOrNull, text));
    }

    /** Like {@link #userSendsText} with the bot @-mentioned first ({@code @_user_1 text}, bot in {@code mentions}). */
    public InboundEvent userMentionsBot(String openId, String chatIdOrNull, String text) {
        return push(events.mentionsBot(openId, chatIdOrNull, text));
    }

    /** A user sends an image; its {@code image_key} is downloadable through the message-resource API. */
    public InboundEvent userSendsImage(String openId, String chatIdOrNull, byte[] png) {
        return push(events.image(openId, chatIdOrNull, png));
    }

    /** A user sends a file; its {@code file_key} is downloadable through the message-resource API. */
    public InboundEvent userSendsFile(String openId, String chatIdOrNull, String fileName, byte[] bytes) {
        return push(events.file(openId, chatIdOrNull, fileName, bytes));
    }

    /** Builds (and stores the message of) a text event without pushing it, e.g. for {@link #postEvent}. */
    public InboundEvent newTextEvent(String openId, String chatIdOrNull, String text) {
        return events.text(openId, chatIdOrNull, text);
    }

    /**
     * A user clicks a card element: {@code card.action.trigger} (schema 2.0) pushed as an event frame. The
     * returned event carries the card update token; the client's answer is {@link #cardActionResponse}.
     */
    public InboundEvent cardAction(String openId, String messageId, Map<String, Object> actionValue) {
        InboundEvent e = events.cardAction(openId, messageId, actionValue);
        return e.withFrameMessageId(gateway.push(e.eventId(), "event", e.json(), e.cardToken(), messageId));
    }

    /** Builds a {@code card.action.trigger} event (registering its token) without pushing it. */
    public InboundEvent newCardActionEvent(String openId, String messageId, Map<String, Object> actionValue) {
        return events.cardAction(openId, messageId, actionValue);
    }

    /** Sends a legacy {@code type=card} data frame (SDKs ignore it: not redelivered, no answer expected). */
    public InboundEvent pushCardFrame(String openId, String messageId, Map<String, Object> actionValue) {
        InboundEvent e = events.cardAction(openId, messageId, actionValue);
        String json = Json.write(events.legacyCardBody(e));
        return e.withFrameMessageId(gateway.push(e.eventId(), "card", json, null, null));
    }

    /** Pushes any other event (schema 2.0 envelope around {@code event}); returns the event id. */
    public String pushEvent(String eventType, Map<String, Object> event) {
        Map<String, Object> env = events.envelope(LarkEvents.newEventId(), eventType, event == null ? Map.of() : event);
        String eventId = LarkEvents.eventIdOf(env);
        gateway.push(eventId, "event", Json.write(env), null, null);
        return eventId;
    }

    /** What the client answered to a card action (event id, card token or frame message id), or {@code null}. */
    public Map<String, Object> cardActionResponse(String eventIdOrToken) {
        Map<String, Object> r = state.cardResponse(eventIdOrToken);
        if (r == null) {
            String eventId = gateway.eventIdOf(eventIdOrToken);
            r = eventId == null ? null : state.cardResponse(eventId);
        }
        return r;
    }

    private InboundEvent push(InboundEvent e) {
        return e.withFrameMessageId(gateway.push(e.eventId(), "event", e.json(), null, null));
    }

    // ================================================================ inspection

    /** Every message the bot sent (sends and replies), in order. */
    public List<SentMessage> sentMessages() {
        return state.sentMessages();
    }

    /** Everything the bot uploaded, in order. */
    public List<UploadedFile> uploads() {
        return state.uploads();
    }

    /** Every response frame clients sent on the long connection, in arrival order. */
    public List<ResponseFrame> responses() {
        return gateway.responses();
    }

    /** How many times the event (event id or frame message id) was written to a socket (0 if unknown). */
    public int deliveries(String eventId) {
        return gateway.deliveries(eventId);
    }

    /** Whether the event (event id or frame message id) was answered with code 200. */
    public boolean isAcknowledged(String eventId) {
        return gateway.isAcknowledged(eventId);
    }

    /** Whether the simulator stopped redelivering the event because its schedule ran out. */
    public boolean isGivenUp(String eventId) {
        return gateway.isGivenUp(eventId);
    }

    /** Events waiting for a connection. */
    public int queuedEvents() {
        return gateway.queuedEvents();
    }

    public int openConnections() {
        return gateway.openConnections();
    }

    /** Requests to {@code /callback/ws/endpoint} (also rejected ones). */
    public int endpointRequests() {
        return gateway.endpointRequests();
    }

    /** Successful answers of the token endpoints. */
    public int tokenIssuances() {
        return tokens.issuances();
    }

    /** pbbp2 ping control frames received. */
    public int pingsReceived() {
        return gateway.pingsReceived();
    }

    /** pbbp2 pong control frames sent. */
    public int pongsSent() {
        return gateway.pongsSent();
    }

    public List<String> protocolErrors() {
        return protocolLog.snapshot();
    }

    // ================================================================ fault actions (called by Faults)

    void dropAllConnections(boolean closeFrame) {
        gateway.dropAllConnections(closeFrame);
    }

    void sendRawToAll(byte[] bytes) {
        gateway.sendRawToAll(bytes);
    }

    void revokeAllTokens() {
        tokens.revokeAll();
    }

    // ================================================================ webhook sender

    /**
     * Plays Lark delivering a schema 2.0 event to a webhook: body = the envelope (with {@code header.token}), or
     * {@code {"encrypt":...}} when {@code encrypt}; headers {@code X-Lark-Request-Timestamp}, {@code -Nonce} and, when
     * an encrypt key is configured, {@code X-Lark-Signature}.
     */
    public WebhookResult postEvent(String url, InboundEvent e, boolean encrypt, Tamper tamper) {
        return webhooks.postEvent(url, e, encrypt, tamper);
    }

    /** Like {@link #postEvent} with the 1.0 envelope {@code {ts, uuid, token, type:"event_callback", event}}. */
    public WebhookResult postEventV1(String url, InboundEvent e, boolean encrypt, Tamper tamper) {
        return webhooks.postEventV1(url, e, encrypt, tamper);
    }

    /** Sends the {@code url_verification} challenge (never signed); {@code answerVerified} = the challenge came back. */
    public WebhookResult postUrlVerification(String url, boolean encrypt) {
        return webhooks.postUrlVerification(url, encrypt);
    }

    /**
     * Plays a card click delivered to an HTTP callback URL as the new-style {@code card.action.trigger} event
     * (encrypted and signed when an encrypt key is configured). The answer (toast / card) is in {@code body()}, also
     * through {@link #cardActionResponse} by event id or token, and its card replaces the stored card.
     */
    public WebhookResult postCardAction(String url, String openId, String messageId, Map<String, Object> value,
                                        Tamper tamper) {
        return webhooks.postCardAction(url, openId, messageId, value, tamper);
    }

    /**
     * Plays the legacy "message card request URL" callback: plaintext body {@code {open_id, user_id, open_message_id,
     * open_chat_id, tenant_key, token, action}}, {@code X-Lark-Signature} = SHA-1 over timestamp, nonce, verification
     * token and body. The answer (a new card or {@code {}}) is recorded under the card token.
     */
    public WebhookResult postLegacyCardAction(String url, String openId, String messageId, Map<String, Object> value,
                                              Tamper tamper) {
        return webhooks.postLegacyCardAction(url, openId, messageId, value, tamper);
    }
}
