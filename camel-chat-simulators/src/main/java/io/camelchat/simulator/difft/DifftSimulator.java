package io.camelchat.simulator.difft;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.PushEngine;
import io.camelchat.simulator.common.SimHttpServer;
import io.camelchat.simulator.common.SimScheduler;
import io.camelchat.simulator.common.SimulatorTls;

/**
 * An independent implementation of the Difft (wea) bot open API's server side for tests and demos, on a free loopback
 * port.
 *
 * <h2>Usage</h2>
 *
 * <pre>{@code
 * try (DifftSimulator difft = DifftSimulator.builder().app("demoapp0001", "demo-secret", "+60000")
 *         .account("+76459652574", "alice@example.org", "Alice")
 *         .group("a9de6b3ae8c8456d888c4532b487e822", "Ops", "+60000", "+76459652574").start()) {
 *     // the bot signs every request (X-Signature-*) and calls difft.baseUrl() + "/v1/messages"
 *     // and connects to difft.websocketUrl() with a signed upgrade, then sends {"cmd":"fetch"}
 *     String ref = difft.sendText("+76459652574", "+60000", "hi");        // a user writes to the bot
 *     difft.sendGroupText("+76459652574", "a9de...e822", "@bot status?", "+60000");
 *     difft.sendFile("+76459652574", "+60000", "a.txt", "text/plain", bytes); // encrypted, authorized for the bot
 *     difft.sendQuote("+76459652574", "+60000", "yes", ref, "hi");   // also sendGroupMention, sendCard, sendForward,
 *     difft.sendRecall("+76459652574", ref);                        // sendReceipt, sendGroupFile
 *     difft.webhook("demoapp0001", "http://127.0.0.1:8080/difft");  // from now on POSTed there (null: websocket)
 *     difft.faults().dropWithNextBatch("demoapp0001");             // and failNext, closeWebsocket, sendRawFrame, ...
 *     difft.isAcknowledged("demoapp0001", ref);     // the bot fetched (or committed) after the batch
 *     difft.dropWebsocket("demoapp0001");           // the batch in flight is redelivered on the next connection
 *     List<DifftMessage> sent = difft.sent();     // what the bot sent, in order (recalled ones stay, flagged)
 *     difft.isRecalled(sent.get(0));                // sent.get(0).cardContent(), .attachment(), .quote(); recalled()
 *     difft.protocolErrors();                       // every refused request, with the reason
 * }
 * }</pre>
 *
 * <h2>Done</h2>
 * <ul>
 * <li>Signature verification of every request as reference section 2.3 says (see {@link DifftSignatures}): the five
 * non-empty headers and {@code X-Signature-signedHeaders} present, known app id, algorithm {@code HmacSHA256},
 * integer millisecond timestamp within {@code timestampWindow} (default 5 min) of now, nonce not seen for the app within
 * the window, a body signs both {@code Content-Length} and {@code Content-Type}, every signed header present, HMAC
 * compared in constant time. Refused: HTTP 401 {@code {"ver":1,"status":2,"reason":"invalid signature"}}, or
 * {@code "signature expired"} for a stale timestamp or a replayed nonce.</li>
 * <li>{@code POST /v1/messages}: {@code TEXT} (body, {@code atPersons}, {@code quote}, {@code attachment} stored as
 * sent), {@code CARD} ({@code card.appID} must be the caller's appid), {@code FORWARD} (opaque {@code forwarded}),
 * {@code RECALL} (same sender, original timestamp and destination). Answer
 * {@code {"status":0,"errors":[...],"refID":"v1:<timestamp>:<src>"}}; unknown user recipients are per-recipient
 * {@code errors}; an unknown group or a group without the bot is status 3.</li>
 * <li>{@code GET /v1/accounts} ({@code email} or {@code wuid}, comma lists), {@code GET /v1/groups},
 * {@code GET /v1/groups/members} with the section 5 and 6 simulator conventions.</li>
 * <li>Attachments (section 7, see the package-private {@code DifftFiles}): {@code POST /v1/file/isExists} allocates
 * ({@code exists:false}, {@code attachmentId}, a storage {@code url} on this server) or, for a stored file, appends an
 * authorization ({@code exists:true}, a fresh {@code authorizeId}, the stored {@code cipherHash}); the unsigned
 * {@code PUT <url>} takes the encrypted blob; {@code POST /v1/file/uploadInfo} confirms it (algorithm names as 7.2,
 * same {@code fileHash}/{@code fileSize} as allocated, blob length IV + AES-CBC(fileSize) + MAC, MD5 of the blob equal
 * to {@code cipherHash}); {@code POST /v1/file/download} answers an unsigned one-off {@code url} to the uploader, the
 * listed {@code numbers} and members of the listed {@code gids}; {@code POST /v1/file/delAuthorize} removes the
 * caller's authorizations. A message's {@code msg.attachment} must name a live authorization whose file matches its
 * {@code key} (SHA-256 of the key is the fileHash), {@code digest} (the stored cipherHash) and {@code size} (plaintext
 * size).</li>
 * <li>Websocket listener (section 8, {@code DifftGateway} on the shared {@code PushEngine}): upgrade on
 * {@code /v1/websocket} verified like any request (refused: HTTP 401 with the envelope); an app named in
 * {@code websocketDenied} is accepted, then closed with 1008. A batch {@code {"messages":[{"data":...}]}} of at most
 * {@code batchSize} (10) is written only against an outstanding {@code {"cmd":"fetch"}} (held while nothing is
 * queued); the next fetch or {@code {"cmd":"commit"}} acknowledges it; a batch in flight on a dropped connection, or
 * unacknowledged after {@code ackTimeout}, is redelivered (same data) by {@code redeliveryDelays}. Pings are
 * answered. Play-user methods: {@code sendText}, {@code sendGroupText} (to every bot in the group but the sender),
 * {@code sendFile} (7.1 crypto with a random IV, stored and authorized for the bot), {@code inject} (raw data).</li>
 * <li>More play-user methods (8.4 shapes; each returns the refID {@code v1:<timestamp>:<src>}; {@code to} is a bot's
 * wuid or a group id): {@link #sendQuote} ({@code msg.quote {refID,text}}), {@link #sendGroupMention}
 * ({@code @<name>} in the body and {@code msg.atPersons}), {@link #sendCard} ({@code type CARD}, {@code card.content}),
 * {@link #sendForward} ({@code type FORWARD}, {@code forwarded} with {@code author}, {@code text} and optionally
 * {@code attachments}), {@link #sendRecall} ({@code type RECALL} of the user's own earlier message, 4.7 shape),
 * {@link #sendReceipt} ({@code type RECEIPT}), {@link #sendGroupFile} (authorized for the group).
 * {@link #inboundMessages()} lists every inbound {@code data} made.</li>
 * <li>Inspection of what the bot sent: {@link #sent()}, {@link #sentTo}, {@link #recalled()}, {@link #isRecalled};
 * {@link DifftMessage} reads {@code body}, {@code atPersons}, {@code quote}, {@code attachment} (descriptor),
 * {@code card}/{@code cardContent}, {@code forwarded}. {@link #requests()} logs every request, upgrade, frame and
 * webhook call; {@link #protocolErrors()} every client mistake.</li>
 * <li>Fault injection ({@link #faults()}, {@link Faults}): HTTP 4xx/5xx or a {@code status} error for the next N
 * requests to a path, slow answers, refused upgrades, a websocket dropped with a batch in flight, a close with a given
 * code (1008, 1011), malformed websocket frames (not JSON, {@code messages} not an array, an element without
 * {@code data}, any raw text) answering a fetch, a shorter webhook timeout.</li>
 * <li>TLS ({@link Builder#tls}): the same port also serves https and wss with the {@code localhost} certificate of
 * {@link SimulatorTls} ({@link #httpsUrl()}, {@link #secureWebsocketUrl()}); storage and download URLs follow the
 * scheme the request came in with.</li>
 * <li>Webhook calls towards a consumer (section 9, entirely a convention, UNVERIFIED): while an app has a callback URL
 * ({@link Builder#webhook}, {@link #webhook(String, String)}), its inbound messages are {@code POST}ed there, one
 * {@code data} object per call, {@code Content-Type: application/json}, signed with the section 2 scheme by the app's
 * appid and secret (fresh timestamp and nonce per call, {@code X-Signature-signedHeaders:
 * Content-Length,Content-Type}); HTTP 200 with an empty body or {@code {"status":0,...}} acknowledges, anything else
 * (or no answer within {@code webhookTimeout}) is redelivered with the same data on the redelivery schedule.
 * The app's websocket connections stay open meanwhile but get nothing. {@link #postWebhook} makes one raw call,
 * optionally spoiled by a {@link Tamper}.</li>
 * <li>Rate limit (section 10): a second {@code /v1/messages} of an app within {@code messageInterval} (default 1 s) of
 * its last accepted one is status 4 "too many requests" (HTTP 200); {@link Duration#ZERO} switches it off. With
 * {@link Builder#rateLimitFileApi} the same per-app window also covers {@code POST /v1/file/isExists} and
 * {@code POST /v1/file/uploadInfo}.</li>
 * </ul>
 *
 * <p>
 * What it does not do yet, and its choices where the reference is silent (UNVERIFIED), are listed in the package
 * documentation ({@code package-info.java}).
 */
public final class DifftSimulator implements AutoCloseable {

    /** A registered account ({@code GET /v1/accounts}). */
    public record Account(String wuid, String email, String name) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("wuid", wuid);
            m.put("email", email);
            m.put("name", name);
            return m;
        }
    }

    /** A group and its member wuids. */
    public record Group(String gid, String name, Set<String> members) {
    }

    private record App(String secret, String botWuid) {
    }

    private final Map<String, App> apps;
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final List<DifftMessage> sent = new ArrayList<>();
    private final List<DifftMessage> recalls = new ArrayList<>();
    private final List<Map<String, Object>> inboundMessages = new ArrayList<>();
    private final Map<String, Map<String, Object>> inboundByRef = new LinkedHashMap<>();
    private final Set<DifftMessage> recalled = Collections.newSetFromMap(new IdentityHashMap<>());
    private final long messageIntervalMillis;
    private final boolean rateLimitFileApi;
    private final boolean tls;
    private final Faults faults;
    private final ProtocolLog protocolLog = new ProtocolLog();
    private final ProtocolLog traffic = new ProtocolLog();
    private final Map<String, String> webhookUrls = new ConcurrentHashMap<>();
    private final DifftWebhooks webhooks;
    private final DifftSignatures signatures;
    private final DifftFiles files = new DifftFiles(this);
    private final DifftInboundData compose = new DifftInboundData(this);
    private final SimScheduler scheduler;
    private final DifftGateway gateway;
    private final PushEngine<DifftGateway.Delivery> engine;
    private final SimHttpServer server;

    /** A builder with the reference's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures and starts a {@link DifftSimulator}. */
    public static final class Builder {
        private final Map<String, App> apps = new LinkedHashMap<>();
        private final List<Account> accounts = new ArrayList<>();
        private final List<Group> groups = new ArrayList<>();
        private Duration timestampWindow = Duration.ofMinutes(5);
        private Duration messageInterval = Duration.ofSeconds(1);
        private final Set<String> websocketDenied = new LinkedHashSet<>();
        private int batchSize = 10;
        private Duration ackTimeout = Duration.ofSeconds(60);
        private List<Duration> redeliveryDelays = List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(15), Duration.ofSeconds(60));
        private final Map<String, String> webhooks = new LinkedHashMap<>();
        private Duration webhookTimeout = Duration.ofSeconds(10);
        private boolean rateLimitFileApi;
        private boolean tls;
        private int port;

        private Builder() {
        }

        /** A bot app: its appid, secret (UTF-8 bytes are the HMAC key) and the bot's wuid (registered as an account). */
        public Builder app(String appId, String secret, String botWuid) {
            apps.put(Objects.requireNonNull(appId), new App(Objects.requireNonNull(secret),
                    Objects.requireNonNull(botWuid)));
            accounts.add(new Account(botWuid, "", "bot " + appId));
            return this;
        }

        /** A user account. */
        public Builder account(String wuid, String email, String name) {
            accounts.add(new Account(Objects.requireNonNull(wuid), Objects.requireNonNull(email),
                    Objects.requireNonNull(name)));
            return this;
        }

        /** A group with its member wuids (bots included). */
        public Builder group(String gid, String name, String... memberWuids) {
            groups.add(new Group(Objects.requireNonNull(gid), Objects.requireNonNull(name),
                    Set.copyOf(new LinkedHashSet<>(List.of(memberWuids)))));
            return this;
        }

        /** How far a request's timestamp may be from now (default 5 minutes). */
        public Builder timestampWindow(Duration v) {
            timestampWindow = Objects.requireNonNull(v);
            return this;
        }

        /**
         * {@code true}: the rate limit ({@link #messageInterval}) also covers {@code POST /v1/file/isExists} and
         * {@code POST /v1/file/uploadInfo}, one window per app shared with {@code /v1/messages} (default
         * {@code false}: messages only).
         */
        public Builder rateLimitFileApi(boolean v) {
            rateLimitFileApi = v;
            return this;
        }

        /**
         * {@code true}: the same port also accepts TLS (https and wss, detected per connection) with the bundled
         * {@code localhost} certificate of {@link SimulatorTls}; see {@link DifftSimulator#httpsUrl()}.
         */
        public Builder tls(boolean v) {
            tls = v;
            return this;
        }

        /** The minimum time between two accepted {@code /v1/messages} of one app (default 1 s; zero: no limit). */
        public Builder messageInterval(Duration v) {
            messageInterval = Objects.requireNonNull(v);
            return this;
        }

        /** The app has no websocket permission: its signed upgrades are accepted, then closed with 1008. */
        public Builder websocketDenied(String appId) {
            websocketDenied.add(Objects.requireNonNull(appId));
            return this;
        }

        /** Messages per websocket batch (default 10). */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** How long a delivered batch waits for the next fetch or commit before it is redelivered (default 60 s). */
        public Builder ackTimeout(Duration v) {
            ackTimeout = Objects.requireNonNull(v);
            return this;
        }

        /**
         * The delays before each redelivery of an unacknowledged message (default 0, 1 s, 5 s, 15 s, 60 s; a drop
         * with the batch in flight uses one).
         */
        public Builder redeliveryDelays(List<Duration> v) {
            redeliveryDelays = List.copyOf(v);
            return this;
        }

        /**
         * The app's inbound messages are POSTed to {@code callbackUrl} (section 9 convention) instead of being queued for
         * its websocket; see {@link DifftSimulator#webhook(String, String)}.
         */
        public Builder webhook(String appId, String callbackUrl) {
            webhooks.put(Objects.requireNonNull(appId), Objects.requireNonNull(callbackUrl));
            return this;
        }

        /**
         * How long a webhook call waits for the consumer's answer before it counts as failed and is redelivered
         * (default 10 s).
         */
        public Builder webhookTimeout(Duration v) {
            webhookTimeout = Objects.requireNonNull(v);
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

        public DifftSimulator start() {
            if (apps.isEmpty()) {
                throw new IllegalStateException("at least one app is needed");
            }
            for (String appId : webhooks.keySet()) {
                if (!apps.containsKey(appId)) {
                    throw new IllegalStateException("webhook for an unknown app: " + appId);
                }
            }
            return new DifftSimulator(this);
        }
    }

    private DifftSimulator(Builder b) {
        apps = Map.copyOf(b.apps);
        b.accounts.forEach(a -> accounts.put(a.wuid(), a));
        b.groups.forEach(g -> groups.put(g.gid(), g));
        messageIntervalMillis = b.messageInterval.toMillis();
        rateLimitFileApi = b.rateLimitFileApi;
        tls = b.tls;
        faults = new Faults(this, b.webhookTimeout);
        Map<String, String> secrets = new LinkedHashMap<>();
        apps.forEach((id, app) -> secrets.put(id, app.secret()));
        signatures = new DifftSignatures(secrets, b.timestampWindow.toMillis());
        DifftApi api = new DifftApi(this);
        scheduler = new SimScheduler("difft-sim-timer", protocolLog::add);
        gateway = new DifftGateway(this, b.websocketDenied, b.batchSize);
        webhooks = new DifftWebhooks(this, b.webhookTimeout);
        webhookUrls.putAll(b.webhooks);
        engine = new PushEngine<>(scheduler, b.ackTimeout, b.redeliveryDelays, this::write);
        gateway.engine(engine);
        try {
            server = new SimHttpServer("difft-api", tls ? SimulatorTls.serverContext() : null, api::handle,
                    Set.of(DifftGateway.PATH), gateway, 65536,
                    64 * 1024 * 1024).start(b.port);
        } catch (RuntimeException e) {
            scheduler.close();
            webhooks.close();
            throw e;
        }
    }

    /** The engine's transport (engine lock held): the app's callback URL when it has one, else its websocket. */
    private boolean write(PushEngine.Push<DifftGateway.Delivery> p) {
        String url = webhookUrls.get(p.payload().appId());
        if (url != null) {
            webhooks.deliver(url, engine, p);
            return true;
        }
        return gateway.write(p);
    }

    // ---------------------------------------------------------------- addresses

    /** The REST base URL, e.g. {@code http://127.0.0.1:41234} (no trailing slash). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** The websocket listener URL, {@code ws://127.0.0.1:<port>/v1/websocket}. */
    public String websocketUrl() {
        return "ws://127.0.0.1:" + server.port() + DifftGateway.PATH;
    }

    /**
     * The REST base URL over TLS on the same port, {@code https://localhost:<port>} (the certificate's name); only
     * usable with {@code tls(true)}.
     */
    public String httpsUrl() {
        return "https://localhost:" + server.port();
    }

    /** The websocket listener URL over TLS, {@code wss://localhost:<port>/v1/websocket}; only with {@code tls(true)}. */
    public String secureWebsocketUrl() {
        return "wss://localhost:" + server.port() + DifftGateway.PATH;
    }

    /** Whether the port also accepts TLS. */
    public boolean tls() {
        return tls;
    }

    /** The fault injector. */
    public Faults faults() {
        return faults;
    }

    // ---------------------------------------------------------------- playing users

    /** {@code from} sends a direct text to the bot {@code botWuid}; returns the message's refID. */
    public String sendText(String from, String botWuid, String text) {
        return deliver(compose.text(from, Map.of("type", "USER", "wuid", List.of(botWuid)), text));
    }

    /**
     * {@code from} sends a text to a group, listing {@code atPersons} in {@code msg.atPersons} (the body is left as
     * given; {@link #sendGroupMention} also writes the {@code @<name>}s); every bot in the group but the sender's gets
     * it.
     */
    public String sendGroupText(String from, String gid, String text, String... atPersons) {
        return deliver(compose.text(from, Map.of("type", "GROUP", "groupID", gid), text, atPersons));
    }

    /**
     * {@code from} sends a file to the bot: encrypted and stored as a client app does (7.1), authorized for the bot,
     * then delivered with the attachment descriptor in {@code msg.attachment}; returns the refID.
     */
    public String sendFile(String from, String botWuid, String fileName, String contentType, byte[] content) {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("attachment", files.uploadAsUser(from, content, fileName, contentType, List.of(),
                List.of(botWuid)));
        return deliver(compose.inbound(from, Map.of("type", "USER", "wuid", List.of(botWuid)), msg));
    }

    /**
     * {@code from} sends a file to a group: encrypted and stored as {@link #sendFile} does, authorized for the group
     * (every member may download it), delivered to every bot in the group but the sender's; returns the refID.
     */
    public String sendGroupFile(String from, String gid, String fileName, String contentType, byte[] content) {
        Map<String, Object> dest = compose.dest(gid, true);
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("attachment", files.uploadAsUser(from, content, fileName, contentType, List.of(gid), List.of()));
        return deliver(compose.inbound(from, dest, msg));
    }

    /**
     * {@code from} writes to a group mentioning {@code mentioned} (usually the bot) as a client app does (4.2): the
     * body is {@code @<name> } for each mentioned account (its name, else its wuid) followed by {@code text}, and
     * {@code msg.atPersons} lists their wuids; returns the refID.
     */
    public String sendGroupMention(String from, String gid, String text, String... mentioned) {
        if (mentioned.length == 0) {
            throw new IllegalArgumentException("mention at least one wuid");
        }
        StringBuilder body = new StringBuilder();
        for (String w : mentioned) {
            Account a = account(w);
            body.append('@').append(a == null ? w : a.name()).append(' ');
        }
        return sendGroupText(from, gid, body.append(text).toString(), mentioned);
    }

    /**
     * {@code from} replies to an earlier message (4.3): {@code msg.body} is {@code text}, {@code msg.quote} is
     * {@code {"refID":quotedRefId,"text":quotedText}}. {@code to} is a bot's wuid (a direct message) or a group id;
     * returns the refID.
     */
    public String sendQuote(String from, String to, String text, String quotedRefId, String quotedText) {
        return deliver(compose.quote(from, compose.dest(to, false), text, quotedRefId, quotedText));
    }

    /**
     * {@code from} sends a card (type {@code CARD}, 4.4 and 8.4): {@code card} is {@code {"id","content","creator",
     * "timestamp"}} with the markdown in {@code content}, no {@code msg}. {@code to} is a bot's wuid or a group id;
     * returns the refID.
     */
    public String sendCard(String from, String to, String cardId, String markdown) {
        return deliver(compose.card(from, compose.dest(to, false), cardId, markdown));
    }

    /**
     * {@code from} forwards a message of {@code author} (type {@code FORWARD}): {@code forwarded} is
     * {@code {"id":<ms>,"type":0,"isFromGroup":false,"author":author,"text":text}}, no {@code msg}. {@code to} is a
     * bot's wuid or a group id; returns the refID.
     */
    public String sendForward(String from, String to, String author, String text) {
        return sendForward(from, to, compose.forwarded(author, text, null));
    }

    /**
     * Like {@link #sendForward(String, String, String, String)} with a file: stored and authorized as {@link #sendFile}
     * (for the bot, or the group), its descriptor the only element of {@code forwarded.attachments}.
     */
    public String sendForward(String from, String to, String author, String text, String fileName, String contentType,
                              byte[] content) {
        Map<String, Object> dest = compose.dest(to, false);
        boolean group = "GROUP".equals(dest.get("type"));
        Map<String, Object> attachment = files.uploadAsUser(from, content, fileName, contentType,
                group ? List.of(to) : List.of(), group ? List.of() : List.of(to));
        return sendForward(from, to, compose.forwarded(author, text, attachment));
    }

    /** {@code from} forwards with this {@code forwarded} object as it is (its structure is UNVERIFIED); the refID. */
    public String sendForward(String from, String to, Map<String, Object> forwarded) {
        return deliver(compose.forward(from, compose.dest(to, false), forwarded));
    }

    /**
     * {@code from} recalls their own earlier message {@code refId} (one of the play-user methods' refIDs): type
     * {@code RECALL} to the same destination, {@code recall} is {@code {"realSource":{"source":from,"sourceDevice":1,
     * "timestamp":<original>},"refID":""}} as 4.7, no {@code msg}; returns the recall's own refID.
     */
    public String sendRecall(String from, String refId) {
        Map<String, Object> original;
        synchronized (this) {
            original = inboundByRef.get(refId);
        }
        if (original == null) {
            throw new IllegalArgumentException("no message of a user with refID " + refId);
        }
        if (!from.equals(original.get("src"))) {
            throw new IllegalArgumentException(from + " can only recall their own messages, " + refId + " is "
                                               + original.get("src") + "'s");
        }
        return deliver(compose.recall(from, original));
    }

    /**
     * {@code from} reports having read messages of the bot (type {@code RECEIPT}, direct to the bot): {@code receipt}
     * is {@code {"type":"READ","timestamps":[...]}} with the {@code timestamp}s of the bot's messages (e.g.
     * {@link DifftMessage#timestamp()}), no {@code msg} (payload UNVERIFIED); returns the refID.
     */
    public String sendReceipt(String from, String botWuid, long... timestamps) {
        return deliver(compose.receipt(from, compose.dest(botWuid, false), timestamps));
    }

    /**
     * Delivers a raw inbound {@code data} object (8.4) to app {@code appId} (its websocket, or its callback URL while it
     * has one). When the data carry {@code src} and {@code timestamp}, {@link #isAcknowledged} and {@link #deliveries}
     * find it under {@code v1:<timestamp>:<src>}.
     */
    public void inject(String appId, Map<String, Object> data) {
        if (!apps.containsKey(appId)) {
            throw new IllegalArgumentException("unknown app " + appId);
        }
        String key = data.get("src") != null && data.get("timestamp") != null
                ? "v1:" + data.get("timestamp") + ":" + data.get("src")
                : UUID.randomUUID().toString();
        record(key.startsWith("v1:") ? key : null, data);
        engine.push(new PushEngine.Push<>(appId + "|" + key, null, new DifftGateway.Delivery(appId, data), true));
    }

    // ---------------------------------------------------------------- webhook (section 9, a convention)

    /**
     * Sets ({@code callbackUrl} non-null) or removes ({@code null}: back to the websocket) the app's callback URL. While
     * it is set, the app's inbound messages are POSTed there instead of queued for its websocket; messages queued for
     * the websocket go there at once. A delivery counts once the consumer answers HTTP 200 with an empty body or
     * {@code {"status":0,...}}; anything else (and no answer within {@code webhookTimeout}) is redelivered with the
     * same data by the redelivery schedule.
     */
    public void webhook(String appId, String callbackUrl) {
        if (!apps.containsKey(appId)) {
            throw new IllegalArgumentException("unknown app " + appId);
        }
        if (callbackUrl == null) {
            webhookUrls.remove(appId);
        } else {
            URI.create(callbackUrl);
            webhookUrls.put(appId, callbackUrl);
        }
        engine.flushQueued();
    }

    /** The app's callback URL, or {@code null} while it uses the websocket. */
    public String webhook(String appId) {
        return webhookUrls.get(appId);
    }

    /**
     * One webhook call outside the delivery machinery (for bad-path tests): POSTs {@code dataJson} to {@code url},
     * signed by app {@code appId} and spoiled as {@code tamper} says; waits for the answer (at most
     * {@code webhookTimeout}; a failed call is status -1). Nothing is redelivered.
     *
     * @throws IllegalArgumentException when {@code appId} is not an app of this simulator
     */
    public WebhookResult postWebhook(String url, String appId, String dataJson, Tamper tamper) {
        return webhooks.post(url, appId, dataJson, Objects.requireNonNull(tamper));
    }

    /** How many times the message (refID) was written to app {@code appId}'s websocket. */
    public int deliveries(String appId, String refId) {
        return engine.deliveries(appId + "|" + refId);
    }

    /** Whether app {@code appId} acknowledged the message (refID) with a later fetch or commit. */
    public boolean isAcknowledged(String appId, String refId) {
        return engine.isAcknowledged(appId + "|" + refId);
    }

    /** Open websocket connections of the app. */
    public int connections(String appId) {
        return gateway.connections(appId);
    }

    /** Drops every websocket connection of the app (no close frame); a batch in flight is redelivered. */
    public void dropWebsocket(String appId) {
        gateway.drop(appId);
    }

    private String deliver(Map<String, Object> data) {
        String refId = "v1:" + data.get("timestamp") + ":" + data.get("src");
        Map<?, ?> dest = (Map<?, ?>) data.get("dest");
        List<String> audience = new ArrayList<>();
        if ("GROUP".equals(dest.get("type"))) {
            Group g = group((String) dest.get("groupID"));
            if (g == null || !g.members().contains((String) data.get("src"))) {
                throw new IllegalArgumentException("unknown group or sender not a member: " + dest.get("groupID"));
            }
            apps.forEach((id, app) -> {
                if (g.members().contains(app.botWuid()) && !app.botWuid().equals(data.get("src"))) {
                    audience.add(id);
                }
            });
        } else {
            List<?> to = (List<?>) dest.get("wuid");
            apps.forEach((id, app) -> {
                if (to.contains(app.botWuid())) {
                    audience.add(id);
                }
            });
        }
        if (audience.isEmpty()) {
            throw new IllegalArgumentException("no bot of this simulator receives " + dest);
        }
        record(refId, data);
        for (String appId : audience) {
            engine.push(new PushEngine.Push<>(appId + "|" + refId, null, new DifftGateway.Delivery(appId, data),
                    true));
        }
        return refId;
    }

    private synchronized void record(String refId, Map<String, Object> data) {
        Map<String, Object> frozen = Collections.unmodifiableMap(data);
        inboundMessages.add(frozen);
        if (refId != null) {
            inboundByRef.put(refId, frozen);
        }
    }

    // ---------------------------------------------------------------- inspection

    /** Every message the bot sent and the simulator accepted, in order (recalls excluded). */
    public synchronized List<DifftMessage> sent() {
        return List.copyOf(sent);
    }

    /** The sent messages the bot recalled, in the order of their recalls. */
    public synchronized List<DifftMessage> recalled() {
        return List.copyOf(recalls);
    }

    /** What the bot sent to this user ({@code dest.wuid} contains it) or group, in order (recalled ones included). */
    public synchronized List<DifftMessage> sentTo(String wuidOrGid) {
        return sent.stream().filter(m -> wuidOrGid.equals(m.groupId()) || m.wuids().contains(wuidOrGid)).toList();
    }

    /**
     * Every inbound {@code data} object made by the play-user methods and {@link #inject}, in order (unmodifiable; what
     * the bots were given, whether or not they took it yet).
     */
    public synchronized List<Map<String, Object>> inboundMessages() {
        return List.copyOf(inboundMessages);
    }

    /** Whether a sent message was recalled. */
    public synchronized boolean isRecalled(DifftMessage m) {
        return recalled.contains(m);
    }

    /** Every request the simulator refused or found wrong, with the reason, in order. */
    public List<String> protocolErrors() {
        return protocolLog.snapshot();
    }

    /**
     * One line per request, websocket upgrade and frame that came in and per webhook call made (with the consumer's
     * answer), in order.
     */
    public List<String> requests() {
        return traffic.snapshot();
    }

    @Override
    public void close() {
        server.close();
        scheduler.close();
        webhooks.close();
    }

    // ---------------------------------------------------------------- package-private state

    DifftSignatures signatures() {
        return signatures;
    }

    DifftFiles files() {
        return files;
    }

    ProtocolLog protocolLog() {
        return protocolLog;
    }

    void traffic(String line) {
        traffic.add(line);
    }

    String secret(String appId) {
        App app = apps.get(appId);
        return app == null ? null : app.secret();
    }

    long messageIntervalMillis() {
        return messageIntervalMillis;
    }

    boolean rateLimitsFileApi() {
        return rateLimitFileApi;
    }

    DifftGateway gateway() {
        return gateway;
    }

    DifftWebhooks webhooks() {
        return webhooks;
    }

    /** The base URL a client that came in over TLS ({@code tls}) or not should be sent to (storage URLs). */
    String baseUrl(boolean overTls) {
        return overTls ? httpsUrl() : baseUrl();
    }

    boolean isBot(String appId, String wuid) {
        App app = apps.get(appId);
        return app != null && app.botWuid().equals(wuid);
    }

    synchronized Account account(String wuid) {
        return accounts.get(wuid);
    }

    synchronized Account accountByEmail(String email) {
        return accounts.values().stream().filter(a -> a.email().equalsIgnoreCase(email) && !email.isEmpty())
                .findFirst().orElse(null);
    }

    synchronized Group group(String gid) {
        return groups.get(gid);
    }

    synchronized List<Group> groups() {
        return List.copyOf(groups.values());
    }

    synchronized void store(DifftMessage m) {
        sent.add(m);
    }

    synchronized DifftMessage findSent(String src, long timestamp) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            DifftMessage m = sent.get(i);
            if (m.src().equals(src) && m.timestamp() == timestamp) {
                return m;
            }
        }
        return null;
    }

    synchronized void markRecalled(DifftMessage m) {
        if (recalled.add(m)) {
            recalls.add(m);
        }
    }
}
