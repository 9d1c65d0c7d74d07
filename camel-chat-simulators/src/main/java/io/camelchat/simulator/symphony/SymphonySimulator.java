package io.camelchat.simulator.symphony;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.xml.parsers.DocumentBuilderFactory;

import io.camelchat.simulator.common.FormPart;
import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.SimHttpServer;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;
import io.camelchat.simulator.common.SimulatorTls;

/**
 * An independent implementation of the server side of a Symphony deployment as a bot uses it: the pod (login with
 * RSA, users, streams, session info, message suppression), the key manager (RSA and certificate authentication), the
 * session-auth server (certificate authentication) and the agent (datafeed v2 and v1, message create / update / get,
 * attachment download).
 *
 * <p>By default every server listens on its own loopback port ({@link #podUrl()}, {@link #agentUrl()},
 * {@link #keyManagerUrl()}, {@link #sessionAuthUrl()}); each answers only its own context paths ({@code /login},
 * {@code /pod} on the pod; {@code /agent} on the agent; {@code /relay}, {@code /keyauth} on the key manager;
 * {@code /sessionauth} on session auth) and 404 for the others, so a client mixing up base URLs fails. The base URLs
 * carry no context path (clients append {@code /pod}, {@code /agent}, ... as the BDK does). {@code separatePorts(false)}
 * serves everything on one port. With {@code tls(true)} every port also accepts TLS (bundled {@code localhost}
 * certificate of {@link SimulatorTls}) and asks for an optional client certificate.
 *
 * <p>Simulator choices (where shared/protocols/symphony.md says UNVERIFIED or nothing can tell):
 * <ul>
 * <li>RSA authentication ({@code /login/pubkey/authenticate}, {@code /relay/pubkey/authenticate}): body
 * {@code {"token":"<jwt>"}}; header {@code alg} must be {@code RS512} ({@code typ} optional); the signature is
 * verified with the public key registered for {@code sub}; {@code exp} (seconds) must be {@code > now - skew} and
 * {@code <= now + maxJwtLifetime + skew} (defaults 300 s, skew 0). Every failure: 401
 * {@code {"code":401,"message":"..."}}. Answers {@code {"name":"sessionToken","token":...}} /
 * {@code {"name":"keyManagerToken","token":...}}; tokens are opaque hex strings (never JWTs, so the BDK never tries
 * simplified key delivery); no {@code authorizationToken} is issued (common JWT unsupported).</li>
 * <li>Certificate authentication ({@code /sessionauth/v1/authenticate}, {@code /keyauth/v1/authenticate}): needs TLS
 * and a client certificate that equals the registered bot certificate, or is signed by it / by a registered CA and
 * has CN = bot username; otherwise {@code certificateFailureStatus} (default 401).</li>
 * <li>Tokens: session and KM tokens live {@code sessionTokenTtl} / {@code keyManagerTokenTtl} (default 14 days);
 * re-authenticating issues new tokens, old ones stay valid until expiry or {@link #expireSessions()}. Pod calls need a
 * valid {@code sessionToken}; agent calls need {@code sessionToken} and {@code keyManagerToken} (switch the latter off
 * with {@code requireKeyManagerToken(false)}); {@code GET /agent/v1/info} and {@code /agent/v3/health} need none.
 * Missing token: 401 {@code Missing session token}/{@code Missing key manager token}; unknown or expired: 401
 * {@code Invalid session}/{@code Invalid key manager token}.</li>
 * <li>Datafeed v2: ids are {@code <32 hex>_f}, or the tag itself when a tag is given on create
 * ({@code tagAsFeedId}, default true: the BDK reuses a feed whose id equals its tag); an existing active feed with that
 * id is returned again. {@code type} is {@code fanout}; {@code GET} honours {@code ?tag=}. At most {@code maxFeeds}
 * (20) active v2 feeds: 403. Every read answer carries a fresh ackId bound to the events it returned; a read quoting
 * that ackId acknowledges (removes) them; an unknown or empty ackId acknowledges nothing (no 400, for the seed's
 * quirk). Delivered but unacknowledged events become deliverable again {@code redeliveryDelay} (default 30 s) after
 * delivery, with the same event ids. A read with nothing to deliver is held up to {@code longPollTimeout} (default
 * 30 s) and answers {@code {"events":[],"ackId":...}}. A feed not read for {@code feedTtl} (30 min), deleted or lost
 * ({@link Faults#loseFeeds()}) answers 400 {@code Could not find a datafeed with the id: <id>}, also to a pending long
 * poll; DELETE of an unknown feed: 400 with the same message.</li>
 * <li>Datafeed v1: create answers 200 {@code {"id":"<uuid>"}}; read returns a JSON array (events removed on
 * delivery) or 204 after the long poll; unknown feed 400 as above.</li>
 * <li>Fan-out: every event the bot may see goes to every active feed (v1 and v2); with no active feed the events are
 * kept and handed to the next feed created ({@code bufferEventsWithoutFeed}, default true, a test convenience: a real
 * agent drops them). The bot's own messages are on its feeds too (initiator = bot).</li>
 * <li>Messages: the {@code message} part must be well-formed XML with a {@code messageML} root (or a PresentationML
 * {@code div}), else 400 {@code Error parsing message: ...}; named HTML entities other than XML's are not supported;
 * Freemarker templating with {@code data} is not applied. {@code data} must be empty or a JSON object. PresentationML:
 * root becomes {@code <div data-format="PresentationML" data-version="2.0">}; {@code <mention uid|email/>},
 * {@code <hash tag/>} and {@code <cash tag/>} become {@code span.entity} with EntityJSON keys {@code mention<n>},
 * {@code keyword<n>}, {@code cash<n>} merged into {@code data}; other markup is copied. Attachments: any number of
 * {@code attachment} parts, ids {@code internal_<n>}, at most {@code maxAttachmentBytes} (25 MiB) per message else
 * 400. An update gets a new message id with {@code replacing}, {@code initialMessageId}, {@code initialTimestamp},
 * keeps the original's attachments, only the author may update (403) and it is delivered as MESSAGESENT. Unknown
 * stream: 400; bot not a member: 403. {@code GET /agent/v1/message/{id}}: 204 for an unknown id, 403 when not a
 * member. Suppression needs {@code canSuppress} (default true, else 403), emits MESSAGESUPPRESSED; suppressed messages
 * are returned with an empty message body and cannot be updated (400).</li>
 * <li>Pod: {@code /pod/v3/users} needs exactly one of uid/email/username (else 400) and answers
 * {@code {"users":[...]}} (never 204); {@code /pod/v2/user} answers 204 when not found. {@code /pod/v1/im/create}
 * is idempotent for the same member set (bot excluded from the body), unknown user: 400. Room info for an unknown
 * stream: 400, for a room the bot is not in: 403.</li>
 * <li>Real-time events (one payload member named after the type; the initiator is the played user):
 * {@code createRoom} ROOMCREATED for the bot when it is a member (also when another user created the room);
 * {@code addMember} / {@code removeMember} USERJOINEDROOM / USERLEFTROOM with {@code affectedUser}, initiator the
 * user who added or removed (the creator when not given; the bot for the pod's {@code membership/add|remove});
 * {@code promoteOwner} / {@code demoteOwner} (also the pod's {@code membership/promoteOwner|demoteOwner}, bot must
 * be an owner, else 403) with {@code affectedUser}; {@code updateRoom} ROOMUPDATED whose {@code newRoomProperties}
 * holds {@code name}, {@code description}, {@code discoverable}, {@code membersCanInvite} (the exact set a real
 * agent sends is UNVERIFIED); {@code deactivateRoom} ROOMDEACTIVATED whose stream has only {@code streamId} and
 * {@code streamType}; {@code reactivateRoom} ROOMREACTIVATED with the full stream; only owners may update,
 * deactivate, reactivate, promote and demote (else {@link IllegalArgumentException}). Every room and membership
 * event goes to the bot only when it is a member. {@code requestToJoinRoom}: USERREQUESTEDTOJOINROOM with the
 * owners as {@code affectedUsers}, only when the bot is an owner. {@code sharePost}: SHAREDPOST, only when the bot
 * wrote the original or shared it; every user has one wall ({@code POST} stream, created on first use, never
 * announced), both posts carry {@code streamType} {@code POST}, the envelope's {@code messageId} is the share's.
 * {@code userSuppressesMessage}: MESSAGESUPPRESSED initiated by that user (the pod's suppression: by the bot).
 * {@code userRequestsConnection}: CONNECTIONREQUESTED with {@code toUser} = bot; {@code userAcceptsConnection}:
 * CONNECTIONACCEPTED initiated by the accepting user with {@code fromUser} = the bot (the user who had asked).
 * {@code systemEvent}: GENERICSYSTEMEVENT (who initiates one on a real pod is UNVERIFIED: the caller chooses).
 * Streams in events carry {@code streamId}, {@code streamType}, {@code roomName} (rooms), {@code external},
 * {@code crossPod}; {@code members} only in INSTANTMESSAGECREATED. No event has {@code diagnostic}.</li>
 * <li>Errors: pod/login/relay {@code {"code":..,"message":..}}, agent the same shape (V2Error without details);
 * injected 502s ({@link Faults#gatewayErrorNext}) carry an HTML body; 429 carries {@code Retry-After}.</li>
 * </ul>
 */
public final class SymphonySimulator implements AutoCloseable {

    enum Role { POD, AGENT, KEY_MANAGER, SESSION_AUTH, ALL }

    static final int MAX_HTTP_BODY = 60 * 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern MENTION = Pattern.compile("<mention\\s+(uid|email)\\s*=\\s*\"([^\"]*)\"\\s*/>");
    private static final Pattern HASH = Pattern.compile("<(hash|cash)\\s+tag\\s*=\\s*\"([^\"]*)\"\\s*/>");
    private static final Pattern ROOT_OPEN = Pattern.compile("^<messageML(\\s[^>]*)?>");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]+");

    // ---------------------------------------------------------------- configuration
    private final SymUser bot;
    private final PublicKey botPublicKey;
    private final X509Certificate botCertificate;
    private final boolean tls;
    private final Duration sessionTtl;
    private final Duration kmTtl;
    private final Duration longPoll;
    private final Duration redeliveryDelay;
    private final Duration feedTtl;
    private final Duration jwtSkew;
    private final Duration maxJwtLifetime;
    private final int maxFeeds;
    private final boolean bufferEvents;
    private final int maxEventsPerRead;
    private final boolean requireKmToken;
    private final boolean tagAsFeedId;
    private final boolean canSuppress;
    private final long maxAttachmentBytes;
    private final int certFailureStatus;

    // ---------------------------------------------------------------- state
    private final Object lock = new Object();
    private final Faults faults = new Faults(this);
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<Role, SimHttpServer> servers = new LinkedHashMap<>();
    private final Map<Long, SymUser> users = new LinkedHashMap<>();
    private final Map<String, Stream> streams = new LinkedHashMap<>();
    private final Map<String, SymMessage> messages = new LinkedHashMap<>();
    private final Set<String> suppressed = new HashSet<>();
    private final List<SymMessage> sent = new ArrayList<>();
    private final Map<String, Long> sessionTokens = new HashMap<>();
    private final Map<String, Long> kmTokens = new HashMap<>();
    private final List<AuthRecord> auths = new ArrayList<>();
    private final List<String> protocolErrors = new ArrayList<>();
    private final Map<String, Feed> feeds = new LinkedHashMap<>();
    private final List<SymEvent> events = new ArrayList<>();
    private final List<SymEvent> backlog = new ArrayList<>();
    private final Map<String, Integer> deliveries = new HashMap<>();
    private final Set<String> acknowledged = new LinkedHashSet<>();
    private final Set<String> connections = new HashSet<>();
    private final AtomicLong counter = new AtomicLong(1);

    /** A builder with Symphony's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configuration of a {@link SymphonySimulator}. */
    public static final class Builder {
        private String botUsername = "bot";
        private long botId = 349026222340001L;
        private String botDisplayName;
        private String botEmail;
        private PublicKey botPublicKey;
        private X509Certificate botCertificate;
        private boolean tls;
        private boolean separatePorts = true;
        private Duration sessionTtl = Duration.ofDays(14);
        private Duration kmTtl = Duration.ofDays(14);
        private Duration longPoll = Duration.ofSeconds(30);
        private Duration redeliveryDelay = Duration.ofSeconds(30);
        private Duration feedTtl = Duration.ofMinutes(30);
        private Duration jwtSkew = Duration.ZERO;
        private Duration maxJwtLifetime = Duration.ofMinutes(5);
        private int maxFeeds = 20;
        private boolean bufferEvents = true;
        private int maxEventsPerRead;
        private boolean requireKmToken = true;
        private boolean tagAsFeedId = true;
        private boolean canSuppress = true;
        private long maxAttachmentBytes = 25L * 1024 * 1024;
        private int certFailureStatus = 401;

        private Builder() {
        }

        public Builder botUsername(String v) {
            this.botUsername = v;
            return this;
        }

        public Builder botId(long v) {
            this.botId = v;
            return this;
        }

        public Builder botDisplayName(String v) {
            this.botDisplayName = v;
            return this;
        }

        public Builder botEmail(String v) {
            this.botEmail = v;
            return this;
        }

        /** The RSA public key registered on the bot's service account. */
        public Builder botPublicKey(PublicKey v) {
            this.botPublicKey = v;
            return this;
        }

        /** The public key as a PEM {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo). */
        public Builder botPublicKey(String pem) {
            this.botPublicKey = parsePublicKey(pem);
            return this;
        }

        /** The bot's client certificate (or the CA that signs it) for certificate authentication. */
        public Builder botCertificate(X509Certificate v) {
            this.botCertificate = v;
            return this;
        }

        /** Also accept TLS on every port (client certificates optional). */
        public Builder tls(boolean v) {
            this.tls = v;
            return this;
        }

        /** {@code true} (default): pod, agent, key manager and session auth each on their own port. */
        public Builder separatePorts(boolean v) {
            this.separatePorts = v;
            return this;
        }

        public Builder sessionTokenTtl(Duration v) {
            this.sessionTtl = v;
            return this;
        }

        public Builder keyManagerTokenTtl(Duration v) {
            this.kmTtl = v;
            return this;
        }

        /** How long a datafeed read with nothing to deliver is held (default 30 s). */
        public Builder longPollTimeout(Duration v) {
            this.longPoll = v;
            return this;
        }

        /** How long after delivery unacknowledged v2 events become deliverable again (default 30 s). */
        public Builder redeliveryDelay(Duration v) {
            this.redeliveryDelay = v;
            return this;
        }

        /** A feed not read for this long is gone (default 30 min). */
        public Builder feedTtl(Duration v) {
            this.feedTtl = v;
            return this;
        }

        public Builder jwtClockSkew(Duration v) {
            this.jwtSkew = v;
            return this;
        }

        public Builder maxJwtLifetime(Duration v) {
            this.maxJwtLifetime = v;
            return this;
        }

        public Builder maxFeeds(int v) {
            this.maxFeeds = v;
            return this;
        }

        /**
         * Datafeed v2: events one read answers at most (default: every ready event). How many the real agent returns
         * is not documented (UNVERIFIED); clients must cope with any number.
         */
        public Builder maxEventsPerRead(int v) {
            this.maxEventsPerRead = v;
            return this;
        }

        public Builder bufferEventsWithoutFeed(boolean v) {
            this.bufferEvents = v;
            return this;
        }

        public Builder requireKeyManagerToken(boolean v) {
            this.requireKmToken = v;
            return this;
        }

        public Builder tagAsFeedId(boolean v) {
            this.tagAsFeedId = v;
            return this;
        }

        public Builder canSuppress(boolean v) {
            this.canSuppress = v;
            return this;
        }

        public Builder maxAttachmentBytes(long v) {
            this.maxAttachmentBytes = v;
            return this;
        }

        public Builder certificateFailureStatus(int v) {
            this.certFailureStatus = v;
            return this;
        }

        public SymphonySimulator start() {
            return new SymphonySimulator(this);
        }
    }

    private SymphonySimulator(Builder b) {
        this.bot = new SymUser(b.botId, b.botUsername, b.botEmail != null ? b.botEmail : b.botUsername + "@acme.example",
                b.botUsername, "Bot", b.botDisplayName != null ? b.botDisplayName : b.botUsername);
        this.botPublicKey = b.botPublicKey;
        this.botCertificate = b.botCertificate;
        this.tls = b.tls;
        this.sessionTtl = b.sessionTtl;
        this.kmTtl = b.kmTtl;
        this.longPoll = b.longPoll;
        this.redeliveryDelay = b.redeliveryDelay;
        this.feedTtl = b.feedTtl;
        this.jwtSkew = b.jwtSkew;
        this.maxJwtLifetime = b.maxJwtLifetime;
        this.maxFeeds = b.maxFeeds;
        this.bufferEvents = b.bufferEvents;
        this.maxEventsPerRead = b.maxEventsPerRead > 0 ? b.maxEventsPerRead : Integer.MAX_VALUE;
        this.requireKmToken = b.requireKmToken;
        this.tagAsFeedId = b.tagAsFeedId;
        this.canSuppress = b.canSuppress;
        this.maxAttachmentBytes = b.maxAttachmentBytes;
        this.certFailureStatus = b.certFailureStatus;
        users.put(bot.id(), bot);
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "symphony-sim-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        try {
            List<Role> roles = b.separatePorts
                    ? List.of(Role.POD, Role.AGENT, Role.KEY_MANAGER, Role.SESSION_AUTH) : List.of(Role.ALL);
            for (Role role : roles) {
                SimHttpServer s = new SimHttpServer("symphony-" + role.name().toLowerCase(),
                        tls ? SimulatorTls.clientAuthServerContext() : null, r -> handle(role, r), MAX_HTTP_BODY);
                servers.put(role, s);
                s.start();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static PublicKey parsePublicKey(String pem) {
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (Exception e) {
            throw new IllegalArgumentException("not an X.509 (SubjectPublicKeyInfo) RSA public key PEM", e);
        }
    }

    // ================================================================ basics

    private String url(Role role) {
        SimHttpServer s = servers.containsKey(Role.ALL) ? servers.get(Role.ALL) : servers.get(role);
        return (tls ? "https://localhost:" : "http://127.0.0.1:") + s.port();
    }

    /** Pod base URL (clients append {@code /login/...} and {@code /pod/...}). */
    public String podUrl() {
        return url(Role.POD);
    }

    /** Agent base URL (clients append {@code /agent/...}). */
    public String agentUrl() {
        return url(Role.AGENT);
    }

    /** Key manager base URL (clients append {@code /relay/...} or {@code /keyauth/...}). */
    public String keyManagerUrl() {
        return url(Role.KEY_MANAGER);
    }

    /** Session-auth base URL for certificate authentication (clients append {@code /sessionauth/...}). */
    public String sessionAuthUrl() {
        return url(Role.SESSION_AUTH);
    }

    public boolean tls() {
        return tls;
    }

    /** The bot's own user. */
    public SymUser bot() {
        return bot;
    }

    public Faults faults() {
        return faults;
    }

    @Override
    public void close() {
        for (SimHttpServer s : servers.values()) {
            s.close();
        }
        scheduler.shutdownNow();
    }

    @Override
    public String toString() {
        return "SymphonySimulator[pod=" + (servers.isEmpty() ? "?" : podUrl()) + "]";
    }

    // ================================================================ world set-up (playing users)

    public SymphonySimulator addUser(SymUser user) {
        synchronized (lock) {
            users.put(user.id(), user);
        }
        return this;
    }

    /** Looks a user up by id, or {@code null}. */
    public SymUser user(long id) {
        synchronized (lock) {
            return users.get(id);
        }
    }

    /**
     * Creates a room (ROOMCREATED for the bot when it is a member: creator or among {@code memberIds}). Returns the
     * room's stream id.
     */
    public String createRoom(String name, long creatorId, long... memberIds) {
        synchronized (lock) {
            requireUser(creatorId);
            Stream s = new Stream(newId(), "ROOM", name, creatorId);
            s.members.add(creatorId);
            s.owners.add(creatorId);
            for (long m : memberIds) {
                requireUser(m);
                s.members.add(m);
            }
            streams.put(s.id, s);
            if (s.members.contains(bot.id())) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("stream", streamJson(s, false));
                p.put("roomProperties", roomProperties(s));
                publish(newEvent("ROOMCREATED", "roomCreated", creatorId, p, null));
            }
            return s.id;
        }
    }

    /**
     * Adds a member to a room, by the room's creator (USERJOINEDROOM for the bot if it is, or now becomes, a
     * member).
     */
    public SymEvent addMember(String roomId, long userId) {
        synchronized (lock) {
            return addMember(roomId, userId, requireStream(roomId).creator);
        }
    }

    /**
     * {@code byUserId} adds {@code userId} to a room (the same id: the user joins of their own accord):
     * USERJOINEDROOM, initiator {@code byUserId}, {@code affectedUser} the new member; for the bot if it is, or now
     * becomes, a member.
     */
    public SymEvent addMember(String roomId, long userId, long byUserId) {
        synchronized (lock) {
            Stream s = requireRoom(roomId);
            SymUser u = requireUser(userId);
            requireUser(byUserId);
            s.members.add(userId);
            return publishIfMember(s, memberEvent("USERJOINEDROOM", "userJoinedRoom", s, u, byUserId));
        }
    }

    /** A member leaves a room of their own accord (USERLEFTROOM for the bot if it was a member). */
    public SymEvent removeMember(String roomId, long userId) {
        return removeMember(roomId, userId, userId);
    }

    /**
     * {@code byUserId} removes {@code userId} from a room (the same id: the user leaves): USERLEFTROOM, initiator
     * {@code byUserId}, {@code affectedUser} the former member; for the bot if it was a member.
     */
    public SymEvent removeMember(String roomId, long userId, long byUserId) {
        synchronized (lock) {
            Stream s = requireRoom(roomId);
            SymUser u = requireUser(userId);
            requireUser(byUserId);
            boolean botSees = s.members.contains(bot.id());
            s.members.remove(userId);
            s.owners.remove(userId);
            SymEvent e = memberEvent("USERLEFTROOM", "userLeftRoom", s, u, byUserId);
            if (botSees) {
                publish(e);
            }
            return e;
        }
    }

    /**
     * An owner ({@code byUserId}) makes a member an owner: ROOMMEMBERPROMOTEDTOOWNER, {@code affectedUser} the
     * promoted member; for the bot if it is a member.
     */
    public SymEvent promoteOwner(String roomId, long userId, long byUserId) {
        synchronized (lock) {
            Stream s = requireRoom(roomId);
            SymUser u = requireUser(userId);
            requireOwner(s, byUserId);
            if (!s.members.contains(userId)) {
                throw new IllegalArgumentException("user " + userId + " is not a member of " + roomId);
            }
            s.owners.add(userId);
            return publishIfMember(s, memberEvent("ROOMMEMBERPROMOTEDTOOWNER", "roomMemberPromotedToOwner", s, u,
                    byUserId));
        }
    }

    /**
     * An owner ({@code byUserId}) makes an owner a plain member again: ROOMMEMBERDEMOTEDFROMOWNER,
     * {@code affectedUser} the demoted member; for the bot if it is a member.
     */
    public SymEvent demoteOwner(String roomId, long userId, long byUserId) {
        synchronized (lock) {
            Stream s = requireRoom(roomId);
            SymUser u = requireUser(userId);
            requireOwner(s, byUserId);
            if (!s.owners.contains(userId)) {
                throw new IllegalArgumentException("user " + userId + " is not an owner of " + roomId);
            }
            s.owners.remove(userId);
            return publishIfMember(s, memberEvent("ROOMMEMBERDEMOTEDFROMOWNER", "roomMemberDemotedFromOwner", s, u,
                    byUserId));
        }
    }

    /**
     * An owner ({@code byUserId}) changes a room's name and description ({@code null}: unchanged): ROOMUPDATED with
     * the stream (new {@code roomName}) and {@code newRoomProperties}; for the bot if it is a member.
     */
    public SymEvent updateRoom(String roomId, long byUserId, String name, String description) {
        synchronized (lock) {
            Stream s = requireRoom(roomId);
            requireOwner(s, byUserId);
            if (name != null) {
                s.name = name;
            }
            if (description != null) {
                s.description = description;
            }
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("name", s.name);
            props.put("description", s.description);
            props.put("discoverable", false);
            props.put("membersCanInvite", true);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("stream", streamJson(s, false));
            p.put("newRoomProperties", props);
            return publishIfMember(s, newEvent("ROOMUPDATED", "roomUpdated", byUserId, p, null));
        }
    }

    /**
     * An owner ({@code byUserId}) deactivates a room: ROOMDEACTIVATED whose stream carries only {@code streamId} and
     * {@code streamType}; for the bot if it is a member. Room and stream info then answer {@code active: false}.
     */
    public SymEvent deactivateRoom(String roomId, long byUserId) {
        synchronized (lock) {
            Stream s = requireRoom(roomId);
            requireOwner(s, byUserId);
            s.active = false;
            Map<String, Object> stream = new LinkedHashMap<>();
            stream.put("streamId", s.id);
            stream.put("streamType", s.type);
            return publishIfMember(s, newEvent("ROOMDEACTIVATED", "roomDeactivated", byUserId,
                    Map.of("stream", stream), null));
        }
    }

    /** An owner ({@code byUserId}) reactivates a room: ROOMREACTIVATED; for the bot if it is a member. */
    public SymEvent reactivateRoom(String roomId, long byUserId) {
        synchronized (lock) {
            Stream s = requireRoom(roomId);
            requireOwner(s, byUserId);
            s.active = true;
            return publishIfMember(s, newEvent("ROOMREACTIVATED", "roomReactivated", byUserId,
                    Map.of("stream", streamJson(s, false)), null));
        }
    }

    /**
     * A user who is not a member asks to join a room: USERREQUESTEDTOJOINROOM, initiator the requester,
     * {@code affectedUsers} the room's owners. Only the owners see it: published when the bot is an owner.
     */
    public SymEvent requestToJoinRoom(String roomId, long userId) {
        synchronized (lock) {
            Stream s = requireRoom(roomId);
            requireUser(userId);
            if (s.members.contains(userId)) {
                throw new IllegalArgumentException("user " + userId + " is already a member of " + roomId);
            }
            List<Map<String, Object>> owners = new ArrayList<>();
            for (long id : s.owners) {
                owners.add(userJson(requireUser(id)));
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("stream", streamJson(s, false));
            p.put("affectedUsers", owners);
            SymEvent e = newEvent("USERREQUESTEDTOJOINROOM", "userRequestedToJoinRoom", userId, p, null);
            if (s.owners.contains(bot.id())) {
                publish(e);
            }
            return e;
        }
    }

    /**
     * {@code sharerId} shares a wall post written by {@code authorId} on their own wall, with a comment: SHAREDPOST
     * whose {@code message} is the share (in the sharer's wall, stream type {@code POST}) and {@code sharedMessage}
     * the original post (in the author's wall). Published when the bot is the author or the sharer. Both posts are
     * stored (readable with {@link #message(String)}); the envelope's {@code messageId} is the share's.
     */
    public SymEvent sharePost(long sharerId, String commentMessageML, long authorId, String originalMessageML) {
        synchronized (lock) {
            SymUser sharer = requireUser(sharerId);
            SymUser author = requireUser(authorId);
            SymMessage original = wallPost(author, originalMessageML);
            SymMessage share = wallPost(sharer, commentMessageML);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("message", v4Message(share));
            p.put("sharedMessage", v4Message(original));
            SymEvent e = newEvent("SHAREDPOST", "sharedPost", sharerId, p, share.messageId());
            if (sharerId == bot.id() || authorId == bot.id()) {
                publish(e);
            }
            return e;
        }
    }

    /**
     * A user with the entitlement (a compliance officer) suppresses a message: MESSAGESUPPRESSED initiated by them,
     * for the bot if it is a member of the message's stream. The message then reads as suppressed.
     */
    public SymEvent userSuppressesMessage(long userId, String messageId) {
        synchronized (lock) {
            requireUser(userId);
            SymMessage m = messages.get(messageId);
            if (m == null) {
                throw new IllegalArgumentException("unknown message " + messageId);
            }
            if (!suppressed.add(messageId)) {
                throw new IllegalArgumentException("message " + messageId + " is already suppressed");
            }
            Stream s = streams.get(m.streamId());
            SymEvent e = suppressedEvent(s, messageId, userId);
            return publishIfMember(s, e);
        }
    }

    /**
     * An external system posts an event into a stream: GENERICSYSTEMEVENT with {@code eventTimestamp} (now),
     * {@code sourceSystem}, {@code eventSubtype} and free-form {@code parameters}; initiator {@code initiatorId};
     * for the bot if it is a member of the stream.
     */
    public SymEvent systemEvent(String streamId, long initiatorId, String sourceSystem, String eventSubtype,
            Map<String, Object> parameters) {
        synchronized (lock) {
            Stream s = requireStream(streamId);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("stream", streamJson(s, false));
            p.put("eventTimestamp", System.currentTimeMillis());
            p.put("sourceSystem", sourceSystem);
            p.put("eventSubtype", eventSubtype);
            p.put("parameters", new LinkedHashMap<>(parameters));
            return publishIfMember(s, newEvent("GENERICSYSTEMEVENT", "genericSystemEvent", initiatorId, p, null));
        }
    }

    /**
     * Creates (or returns) the IM between the bot and these users (several users: a MIM); INSTANTMESSAGECREATED when
     * new, initiated by the first user.
     */
    public String createIm(long... userIds) {
        synchronized (lock) {
            Set<Long> set = new java.util.TreeSet<>();
            for (long u : userIds) {
                requireUser(u);
                set.add(u);
            }
            set.add(bot.id());
            return imFor(set, userIds.length > 0 ? userIds[0] : bot.id());
        }
    }

    /** A user posts MessageML into a stream they are a member of; MESSAGESENT for the bot when it is a member. */
    public SymEvent userPostsMessage(long userId, String streamId, String messageML) {
        return userPostsMessage(userId, streamId, messageML, null, List.of());
    }

    /** Like {@link #userPostsMessage(long, String, String)} with EntityJSON {@code data} and attachments. */
    public SymEvent userPostsMessage(long userId, String streamId, String messageML, String data,
            List<SymAttachment> attachments) {
        synchronized (lock) {
            SymUser u = requireUser(userId);
            Stream s = requireStream(streamId);
            if (!s.members.contains(userId)) {
                throw new IllegalArgumentException("user " + userId + " is not a member of " + streamId);
            }
            Rendered r = render(messageML, data);
            SymMessage m = new SymMessage(newId(), s.id, u.id(), messageML, r.presentationML, r.data,
                    List.copyOf(attachments), System.currentTimeMillis(), null, null, false, "DESKTOP-sim");
            m = new SymMessage(m.messageId(), m.streamId(), m.senderId(), m.messageML(), m.presentationML(), m.data(),
                    m.attachments(), m.timestamp(), null, m.messageId(), false, m.userAgent());
            messages.put(m.messageId(), m);
            SymEvent e = messageSentEvent(m);
            if (s.members.contains(bot.id())) {
                publish(e);
            }
            return e;
        }
    }

    /** A user submits an Elements form of a message: SYMPHONYELEMENTSACTION ({@code formValues.action} = button). */
    public SymEvent userSubmitsForm(long userId, String formMessageId, String formId, Map<String, Object> formValues) {
        synchronized (lock) {
            requireUser(userId);
            SymMessage m = messages.get(formMessageId);
            if (m == null) {
                throw new IllegalArgumentException("unknown message " + formMessageId);
            }
            Stream s = requireStream(m.streamId());
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("stream", streamJson(s, false));
            p.put("formMessageId", formMessageId);
            p.put("formId", formId);
            p.put("formValues", new LinkedHashMap<>(formValues));
            SymEvent e = newEvent("SYMPHONYELEMENTSACTION", "symphonyElementsAction", userId, p, formMessageId);
            publish(e);
            return e;
        }
    }

    /** A user asks the bot for a connection: CONNECTIONREQUESTED, initiator the user, {@code toUser} the bot. */
    public SymEvent userRequestsConnection(long userId) {
        synchronized (lock) {
            requireUser(userId);
            connections.add("requested:" + userId);
            SymEvent e = newEvent("CONNECTIONREQUESTED", "connectionRequested", userId,
                    Map.of("toUser", userJson(bot)), null);
            publish(e);
            return e;
        }
    }

    /**
     * A user accepts the bot's connection request: CONNECTIONACCEPTED, initiator the user who accepted,
     * {@code fromUser} the one who had asked (the bot).
     */
    public SymEvent userAcceptsConnection(long userId) {
        synchronized (lock) {
            requireUser(userId);
            connections.add("accepted:" + userId);
            SymEvent e = newEvent("CONNECTIONACCEPTED", "connectionAccepted", userId,
                    Map.of("fromUser", userJson(bot)), null);
            publish(e);
            return e;
        }
    }

    /**
     * Pushes any event to the bot's feeds: {@code type} (e.g. {@code GENERICSYSTEMEVENT}), payload member name
     * (e.g. {@code genericSystemEvent}) and its content.
     */
    public SymEvent pushEvent(String type, String payloadMember, long initiatorId, Map<String, Object> payload) {
        return pushEvent(type, payloadMember, initiatorId, payload, null);
    }

    /** Like {@link #pushEvent(String, String, long, Map)} with the envelope's {@code messageId} ({@code null}: none). */
    public SymEvent pushEvent(String type, String payloadMember, long initiatorId, Map<String, Object> payload,
            String envelopeMessageId) {
        synchronized (lock) {
            SymEvent e = newEvent(type, payloadMember, initiatorId, payload, envelopeMessageId);
            publish(e);
            return e;
        }
    }

    // ================================================================ inspection

    /** Messages the bot sent (creates and updates), oldest first. */
    public List<SymMessage> sentMessages() {
        synchronized (lock) {
            return List.copyOf(sent);
        }
    }

    /** A stored message (any author), or {@code null}. */
    public SymMessage message(String messageId) {
        synchronized (lock) {
            return messages.get(messageId);
        }
    }

    public boolean isSuppressed(String messageId) {
        synchronized (lock) {
            return suppressed.contains(messageId);
        }
    }

    /** Every datafeed ever created (v1 and v2). */
    public List<DatafeedInfo> datafeeds() {
        synchronized (lock) {
            List<DatafeedInfo> l = new ArrayList<>();
            for (Feed f : feeds.values()) {
                l.add(new DatafeedInfo(f.id, f.version, f.tag, f.createdAt, f.reads, f.entries.size(), isLive(f)));
            }
            return l;
        }
    }

    /** Every event published to the bot's feeds, oldest first. */
    public List<SymEvent> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    /** Whether a v2 read acknowledged this event (on any feed). */
    public boolean acknowledged(String eventId) {
        synchronized (lock) {
            return acknowledged.contains(eventId);
        }
    }

    /** How many times this event was handed out in read answers (all feeds). */
    public int deliveries(String eventId) {
        synchronized (lock) {
            return deliveries.getOrDefault(eventId, 0);
        }
    }

    /** Every authentication call, oldest first. */
    public List<AuthRecord> authentications() {
        synchronized (lock) {
            return List.copyOf(auths);
        }
    }

    /** Client mistakes noticed (wrong base URL, malformed bodies, ...). */
    public List<String> protocolErrors() {
        synchronized (lock) {
            return List.copyOf(protocolErrors);
        }
    }

    /** Invalidates every session and key-manager token issued so far. */
    public void expireSessions() {
        synchronized (lock) {
            sessionTokens.clear();
            kmTokens.clear();
        }
    }

    /** Forgets every datafeed: reads (also pending long polls) answer 400 as for a stale feed. */
    public void loseFeeds() {
        synchronized (lock) {
            for (Feed f : feeds.values()) {
                if (f.active) {
                    kill(f);
                }
            }
        }
    }

    /** Removes every fault, and clears recorded messages, events, authentications and protocol errors. */
    public void reset() {
        faults.reset();
        synchronized (lock) {
            sent.clear();
            auths.clear();
            protocolErrors.clear();
            events.clear();
            backlog.clear();
            deliveries.clear();
            acknowledged.clear();
        }
    }

    // ================================================================ HTTP

    private CompletionStage<SimResponse> handle(Role role, SimRequest r) {
        CompletionStage<SimResponse> answer = route(role, r);
        Duration d = faults.delay;
        if (d == null || d.isZero()) {
            return answer;
        }
        return answer.thenApply(a -> a.withDelay(a.delay() == null ? d : a.delay().plus(d)));
    }

    private static CompletionStage<SimResponse> now(SimResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    static SimResponse error(int status, String message) {
        return SimResponse.json(status, Json.write(Map.of("code", status, "message", message)));
    }

    private static boolean allowed(Role role, String path) {
        return switch (role) {
            case ALL -> true;
            case POD -> path.startsWith("/login/") || path.startsWith("/pod/");
            case AGENT -> path.startsWith("/agent/");
            case KEY_MANAGER -> path.startsWith("/relay/") || path.startsWith("/keyauth/");
            case SESSION_AUTH -> path.startsWith("/sessionauth/");
        };
    }

    private CompletionStage<SimResponse> route(Role role, SimRequest r) {
        String path = r.path();
        if (!allowed(role, path)) {
            protocolError(r.method() + " " + path + " sent to the " + role.name().toLowerCase() + " base URL");
            return now(error(404, "Not found"));
        }
        Faults.Rule rule = faults.take(path);
        if (rule != null) {
            switch (rule.kind) {
                case UNAUTHORIZED:
                    return now(error(401, "Invalid session"));
                case RATE_LIMIT: {
                    SimResponse resp = error(429, "Too many requests");
                    int ra = faults.retryAfterSeconds;
                    return now(ra >= 0 ? resp.withHeader("Retry-After", Integer.toString(ra)) : resp);
                }
                case DROP:
                    return now(SimResponse.bytes(rule.status, "text/html",
                            ("<html><body><h1>" + rule.status + " Bad Gateway</h1></body></html>")
                                    .getBytes(StandardCharsets.UTF_8)));
                default:
                    return now(error(rule.status, rule.status >= 500 ? "Internal server error" : "Bad request"));
            }
        }
        String m = r.method();
        try {
            synchronized (lock) {
                // authentication
                switch (path) {
                    case "/login/pubkey/authenticate":
                        return now("POST".equals(m) ? rsaAuth(r, false) : error(405, "Method not allowed"));
                    case "/relay/pubkey/authenticate":
                        return now("POST".equals(m) ? rsaAuth(r, true) : error(405, "Method not allowed"));
                    case "/sessionauth/v1/authenticate":
                        return now("POST".equals(m) ? certAuth(r, false) : error(405, "Method not allowed"));
                    case "/keyauth/v1/authenticate":
                        return now("POST".equals(m) ? certAuth(r, true) : error(405, "Method not allowed"));
                    case "/agent/v1/info":
                        return now(SimResponse.json(200, Json.write(agentInfo())));
                    case "/agent/v3/health":
                        return now(SimResponse.json(200, "{\"status\":\"UP\",\"version\":\"25.8.1\"}"));
                    default:
                        break;
                }
                if (path.startsWith("/pod/")) {
                    SimResponse denied = checkSession(r);
                    return now(denied != null ? denied : pod(r, path, m));
                }
                if (path.startsWith("/agent/")) {
                    SimResponse denied = checkSession(r);
                    if (denied == null) {
                        denied = checkKm(r);
                    }
                    return denied != null ? now(denied) : agent(r, path, m);
                }
            }
        } catch (BadRequest e) {
            return now(error(e.status, e.getMessage()));
        }
        return now(error(404, "Not found"));
    }

    /** A 4xx answer thrown from deep inside a handler. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private void protocolError(String s) {
        synchronized (lock) {
            protocolErrors.add(s);
        }
    }

    // ---------------------------------------------------------------- authentication

    private SimResponse rsaAuth(SimRequest r, boolean km) {
        String endpoint = r.path();
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        if (body == null || !(body.get("token") instanceof String jwt)) {
            auths.add(new AuthRecord(endpoint, null, false, "no token in body", System.currentTimeMillis()));
            return error(401, "Invalid JWT: no token");
        }
        String[] parts = jwt.split("\\.", -1);
        String sub = null;
        String reason;
        try {
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a compact JWS");
            }
            Base64.Decoder dec = Base64.getUrlDecoder();
            Map<String, Object> header = Json.parseObject(new String(dec.decode(parts[0]), StandardCharsets.UTF_8));
            Map<String, Object> claims = Json.parseObject(new String(dec.decode(parts[1]), StandardCharsets.UTF_8));
            if (claims.get("sub") instanceof String s) {
                sub = s;
            }
            reason = checkJwt(header, claims, parts, dec);
        } catch (RuntimeException e) {
            reason = "malformed JWT: " + e.getMessage();
        }
        if (reason != null) {
            auths.add(new AuthRecord(endpoint, sub, false, reason, System.currentTimeMillis()));
            return error(401, "Invalid JWT: " + reason);
        }
        auths.add(new AuthRecord(endpoint, sub, true, null, System.currentTimeMillis()));
        return issue(km);
    }

    private String checkJwt(Map<String, Object> header, Map<String, Object> claims, String[] parts,
            Base64.Decoder dec) {
        if (!"RS512".equals(header.get("alg"))) {
            return "alg must be RS512";
        }
        if (!(claims.get("sub") instanceof String sub) || sub.isEmpty()) {
            return "no sub";
        }
        if (!sub.equals(bot.username()) || botPublicKey == null) {
            return "unknown user " + sub;
        }
        if (!(claims.get("exp") instanceof Number exp)) {
            return "no exp";
        }
        try {
            Signature sig = Signature.getInstance("SHA512withRSA");
            sig.initVerify(botPublicKey);
            sig.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!sig.verify(dec.decode(parts[2]))) {
                return "bad signature";
            }
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return "bad signature";
        }
        long nowSec = System.currentTimeMillis() / 1000;
        long e = exp.longValue();
        if (e <= nowSec - jwtSkew.toSeconds()) {
            return "expired";
        }
        if (e > nowSec + maxJwtLifetime.toSeconds() + jwtSkew.toSeconds()) {
            return "exp too far in the future";
        }
        return null;
    }

    private SimResponse certAuth(SimRequest r, boolean km) {
        String endpoint = r.path();
        List<X509Certificate> chain = r.peerCertificates();
        String cn = chain.isEmpty() ? null : commonName(chain.get(0));
        String reason = null;
        if (!r.tls()) {
            reason = "not over TLS";
        } else if (chain.isEmpty()) {
            reason = "no client certificate";
        } else if (botCertificate == null) {
            reason = "certificate authentication not configured";
        } else if (!certificateAccepted(chain.get(0))) {
            reason = "unknown certificate";
        }
        if (reason != null) {
            auths.add(new AuthRecord(endpoint, cn, false, reason, System.currentTimeMillis()));
            return error(certFailureStatus, "Invalid certificate: " + reason);
        }
        auths.add(new AuthRecord(endpoint, cn, true, null, System.currentTimeMillis()));
        return issue(km);
    }

    private boolean certificateAccepted(X509Certificate c) {
        if (c.equals(botCertificate)) {
            return true;
        }
        try {
            c.checkValidity();
            c.verify(botCertificate.getPublicKey());
            return bot.username().equals(commonName(c));
        } catch (Exception e) {
            return false;
        }
    }

    static String commonName(X509Certificate c) {
        try {
            for (Rdn rdn : new LdapName(c.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (Exception e) {
            return null;
        }
        return null;
    }

    private SimResponse issue(boolean km) {
        long nowMs = System.currentTimeMillis();
        if (km) {
            String t = hex(96);
            kmTokens.put(t, nowMs + kmTtl.toMillis());
            return SimResponse.json(200, Json.write(Map.of("name", "keyManagerToken", "token", t)));
        }
        String t = hex(32);
        sessionTokens.put(t, nowMs + sessionTtl.toMillis());
        return SimResponse.json(200, Json.write(Map.of("name", "sessionToken", "token", t)));
    }

    private SimResponse checkSession(SimRequest r) {
        String t = r.header("sessionToken");
        if (t == null || t.isEmpty()) {
            return error(401, "Missing session token");
        }
        Long exp = sessionTokens.get(t);
        if (exp == null || exp <= System.currentTimeMillis()) {
            return error(401, "Invalid session");
        }
        return null;
    }

    private SimResponse checkKm(SimRequest r) {
        String t = r.header("keyManagerToken");
        if (t == null || t.isEmpty()) {
            return requireKmToken ? error(401, "Missing key manager token") : null;
        }
        Long exp = kmTokens.get(t);
        if (exp == null || exp <= System.currentTimeMillis()) {
            return error(401, "Invalid key manager token");
        }
        return null;
    }

    // ---------------------------------------------------------------- pod

    private SimResponse pod(SimRequest r, String path, String m) {
        String[] seg = path.split("/");
        // seg[0]="" seg[1]="pod" seg[2]=version ...
        if ("GET".equals(m) && "/pod/v2/sessioninfo".equals(path)) {
            Map<String, Object> u = userV2(bot);
            u.put("accountType", "SYSTEM");
            u.put("roles", List.of("INDIVIDUAL"));
            return SimResponse.json(200, Json.write(u));
        }
        if ("GET".equals(m) && "/pod/v3/users".equals(path)) {
            return usersV3(r);
        }
        if ("GET".equals(m) && "/pod/v2/user".equals(path)) {
            List<SymUser> found = lookup(r);
            return found.isEmpty() ? SimResponse.bytes(204, null, new byte[0])
                    : SimResponse.json(200, Json.write(userV2(found.get(0))));
        }
        if ("POST".equals(m) && "/pod/v1/im/create".equals(path)) {
            return imCreate(r);
        }
        if ("GET".equals(m) && seg.length == 6 && "v3".equals(seg[2]) && "room".equals(seg[3])
                && "info".equals(seg[5])) {
            Stream s = visibleStream(seg[4]);
            return SimResponse.json(200, Json.write(roomDetail(s)));
        }
        if ("GET".equals(m) && seg.length == 6 && "v2".equals(seg[2]) && "streams".equals(seg[3])
                && "info".equals(seg[5])) {
            Stream s = visibleStream(seg[4]);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", s.id);
            o.put("crossPod", false);
            o.put("origin", "INTERNAL");
            o.put("active", s.active);
            o.put("lastMessageDate", s.created);
            o.put("streamType", Map.of("type", s.type));
            o.put("streamAttributes", Map.of("members", new ArrayList<>(s.members)));
            if ("ROOM".equals(s.type)) {
                o.put("roomAttributes", Map.of("name", s.name));
            }
            return SimResponse.json(200, Json.write(o));
        }
        if ("GET".equals(m) && seg.length == 7 && "room".equals(seg[3]) && "membership".equals(seg[5])
                && "list".equals(seg[6])) {
            Stream s = visibleStream(seg[4]);
            List<Map<String, Object>> l = new ArrayList<>();
            for (long id : s.members) {
                l.add(Map.of("id", id, "owner", s.owners.contains(id), "joinDate", s.created));
            }
            return SimResponse.json(200, Json.write(l));
        }
        if ("POST".equals(m) && seg.length == 7 && "room".equals(seg[3]) && "membership".equals(seg[5])
                && List.of("add", "remove", "promoteOwner", "demoteOwner").contains(seg[6])) {
            Stream s = visibleStream(seg[4]);
            Map<String, Object> body = Json.tryParseObject(r.bodyText());
            if (body == null || !(body.get("id") instanceof Number id)) {
                return error(400, "Invalid body: id is required");
            }
            if (!users.containsKey(id.longValue())) {
                return error(400, "User not found");
            }
            switch (seg[6]) {
                case "add" -> {
                    addMember(s.id, id.longValue(), bot.id());
                    return SimResponse.json(200, "{\"format\":\"TEXT\",\"message\":\"Member added\"}");
                }
                case "remove" -> {
                    removeMember(s.id, id.longValue(), bot.id());
                    return SimResponse.json(200, "{\"format\":\"TEXT\",\"message\":\"Member removed\"}");
                }
                default -> {
                    if (!s.owners.contains(bot.id())) {
                        return error(403, "User is not an owner of the room " + s.id);
                    }
                    boolean promote = "promoteOwner".equals(seg[6]);
                    if (promote ? !s.members.contains(id.longValue()) : !s.owners.contains(id.longValue())) {
                        return error(400, promote ? "User is not a member of the room" : "User is not an owner of the room");
                    }
                    if (promote) {
                        promoteOwner(s.id, id.longValue(), bot.id());
                    } else {
                        demoteOwner(s.id, id.longValue(), bot.id());
                    }
                    return SimResponse.json(200, "{\"format\":\"TEXT\",\"message\":\"Member "
                            + (promote ? "promoted to owner" : "demoted from owner") + "\"}");
                }
            }
        }
        if ("POST".equals(m) && seg.length == 7 && "messagesuppression".equals(seg[4]) && "suppress".equals(seg[6])) {
            return suppress(seg[5]);
        }
        return error(404, "Not found");
    }

    private List<SymUser> lookup(SimRequest r) {
        String uid = r.query("uid");
        String email = r.query("email");
        String username = r.query("username");
        int n = (uid != null ? 1 : 0) + (email != null ? 1 : 0) + (username != null ? 1 : 0);
        if (n != 1) {
            throw new BadRequest(400, "Exactly one of uid, email or username is required");
        }
        List<SymUser> found = new ArrayList<>();
        String list = uid != null ? uid : email != null ? email : username;
        for (String v : list.split(",")) {
            String x = v.trim();
            if (x.isEmpty()) {
                continue;
            }
            for (SymUser u : users.values()) {
                boolean match;
                if (uid != null) {
                    try {
                        match = u.id() == Long.parseLong(x);
                    } catch (NumberFormatException e) {
                        throw new BadRequest(400, "Invalid uid: " + x);
                    }
                } else if (email != null) {
                    match = x.equalsIgnoreCase(u.email());
                } else {
                    match = x.equals(u.username());
                }
                if (match && !found.contains(u)) {
                    found.add(u);
                }
            }
        }
        return found;
    }

    private SimResponse usersV3(SimRequest r) {
        List<Map<String, Object>> l = new ArrayList<>();
        for (SymUser u : lookup(r)) {
            l.add(userV2(u));
        }
        return SimResponse.json(200, Json.write(Map.of("users", l)));
    }

    private SimResponse imCreate(SimRequest r) {
        List<?> ids;
        try {
            Object o = Json.MAPPER.readValue(r.body(), Object.class);
            if (!(o instanceof List<?> l) || l.isEmpty()) {
                return error(400, "Body must be a non-empty array of user ids");
            }
            ids = l;
        } catch (java.io.IOException e) {
            return error(400, "Body must be a non-empty array of user ids");
        }
        Set<Long> set = new java.util.TreeSet<>();
        for (Object o : ids) {
            if (!(o instanceof Number n) || !users.containsKey(n.longValue())) {
                return error(400, "Invalid user id: " + o);
            }
            set.add(n.longValue());
        }
        set.add(bot.id());
        return SimResponse.json(200, Json.write(Map.of("id", imFor(set, bot.id()))));
    }

    private String imFor(Set<Long> members, long initiator) {
        for (Stream s : streams.values()) {
            if (!"ROOM".equals(s.type) && s.members.equals(members)) {
                return s.id;
            }
        }
        Stream s = new Stream(newId(), members.size() > 2 ? "MIM" : "IM", null, initiator);
        s.members.addAll(members);
        streams.put(s.id, s);
        publish(newEvent("INSTANTMESSAGECREATED", "instantMessageCreated", initiator,
                Map.of("stream", streamJson(s, true)), null));
        return s.id;
    }

    private SymEvent suppressedEvent(Stream s, String messageId, long byUserId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("messageId", messageId);
        p.put("stream", streamJson(s, false));
        return newEvent("MESSAGESUPPRESSED", "messageSuppressed", byUserId, p, messageId);
    }

    private Stream visibleStream(String id) {
        Stream s = streams.get(id);
        if (s == null) {
            throw new BadRequest(400, "Stream " + id + " not found");
        }
        if (!s.members.contains(bot.id())) {
            throw new BadRequest(403, "User is not a member of the stream " + id);
        }
        return s;
    }

    private SimResponse suppress(String messageId) {
        if (!canSuppress) {
            return error(403, "Missing entitlement: canSuppressMessage");
        }
        SymMessage msg = messages.get(messageId);
        if (msg == null) {
            return error(400, "Message " + messageId + " not found");
        }
        long now = System.currentTimeMillis();
        if (suppressed.add(messageId)) {
            publish(suppressedEvent(streams.get(msg.streamId()), messageId, bot.id()));
        }
        return SimResponse.json(200, Json.write(Map.of("messageId", messageId, "suppressed", true,
                "suppressionDate", now)));
    }

    // ---------------------------------------------------------------- agent

    private CompletionStage<SimResponse> agent(SimRequest r, String path, String m) {
        String[] seg = path.split("/");
        // /agent/v5/datafeeds[/{id}[/read]]
        if (seg.length >= 4 && "v5".equals(seg[2]) && "datafeeds".equals(seg[3])) {
            if (seg.length == 4 && "POST".equals(m)) {
                return now(createV2(r));
            }
            if (seg.length == 4 && "GET".equals(m)) {
                return now(listV2(r));
            }
            if (seg.length == 5 && "DELETE".equals(m)) {
                Feed f = feeds.get(seg[4]);
                if (f == null || !isLive(f) || !"v2".equals(f.version)) {
                    return now(stale(seg[4]));
                }
                kill(f);
                return now(SimResponse.bytes(204, null, new byte[0]));
            }
            if (seg.length == 6 && "read".equals(seg[5]) && "POST".equals(m)) {
                return readV2(seg[4], r);
            }
            return now(error(405, "Method not allowed"));
        }
        if (seg.length >= 4 && "v4".equals(seg[2]) && "datafeed".equals(seg[3])) {
            if (seg.length == 5 && "create".equals(seg[4]) && "POST".equals(m)) {
                Feed f = newFeed(java.util.UUID.randomUUID().toString(), "v1", null);
                return now(SimResponse.json(200, Json.write(Map.of("id", f.id)))
                        .withHeader("X-Warning", "This method is deprecated"));
            }
            if (seg.length == 6 && "read".equals(seg[5]) && "GET".equals(m)) {
                return readV1(seg[4], r);
            }
            return now(error(405, "Method not allowed"));
        }
        // /agent/v4/stream/{sid}/message/create | /agent/v4/stream/{sid}/message/{mid}/update
        if ("POST".equals(m) && seg.length == 7 && "v4".equals(seg[2]) && "stream".equals(seg[3])
                && "message".equals(seg[5]) && "create".equals(seg[6])) {
            return now(createMessage(seg[4], r, null));
        }
        if ("POST".equals(m) && seg.length == 8 && "v4".equals(seg[2]) && "stream".equals(seg[3])
                && "message".equals(seg[5]) && "update".equals(seg[7])) {
            return now(createMessage(seg[4], r, seg[6]));
        }
        if ("GET".equals(m) && seg.length == 5 && "v1".equals(seg[2]) && "message".equals(seg[3])) {
            SymMessage msg = messages.get(seg[4]);
            if (msg == null) {
                return now(SimResponse.bytes(204, null, new byte[0]));
            }
            visibleStream(msg.streamId());
            return now(SimResponse.json(200, Json.write(v4Message(msg))));
        }
        if ("GET".equals(m) && seg.length == 6 && "v1".equals(seg[2]) && "stream".equals(seg[3])
                && "attachment".equals(seg[5])) {
            return now(attachment(seg[4], r));
        }
        return now(error(404, "Not found"));
    }

    private Map<String, Object> agentInfo() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("ipAddress", "127.0.0.1");
        o.put("hostname", "localhost");
        o.put("serverFqdn", agentUrl());
        o.put("version", "25.8.1");
        o.put("url", agentUrl());
        o.put("onPrem", false);
        o.put("mt", false);
        o.put("commitId", "simulator");
        return o;
    }

    private SimResponse createMessage(String sid, SimRequest r, String replacingId) {
        Stream s = streams.get(sid);
        if (s == null) {
            return error(400, "Stream " + sid + " not found");
        }
        if (!s.members.contains(bot.id())) {
            return error(403, "User is not a member of the stream " + sid);
        }
        SymMessage original = null;
        if (replacingId != null) {
            original = messages.get(replacingId);
            if (original == null || !original.streamId().equals(sid)) {
                return error(400, "Message " + replacingId + " not found in stream " + sid);
            }
            if (original.senderId() != bot.id()) {
                return error(403, "Only the author can update a message");
            }
            if (suppressed.contains(replacingId)) {
                return error(400, "Message " + replacingId + " has been suppressed");
            }
        }
        String ct = r.header("Content-Type");
        if (ct == null || !ct.toLowerCase().startsWith("multipart/form-data")) {
            protocolError("message " + (replacingId == null ? "create" : "update") + " with Content-Type " + ct);
            return error(400, "Content-Type must be multipart/form-data");
        }
        FormPart msgPart = r.part("message");
        if (msgPart == null || msgPart.text().isBlank()) {
            return error(400, "Message is required");
        }
        FormPart dataPart = r.part("data");
        String data = dataPart == null ? null : dataPart.text();
        FormPart silentPart = r.part("silent");
        boolean silent = silentPart != null && "true".equalsIgnoreCase(silentPart.text().trim());
        Rendered rendered;
        try {
            rendered = render(msgPart.text(), data);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        List<SymAttachment> atts = new ArrayList<>();
        long total = 0;
        for (FormPart p : r.parts("attachment")) {
            total += p.bytes().length;
            atts.add(new SymAttachment("internal_" + counter.getAndIncrement() + "_" + hex(8),
                    p.fileName() != null ? p.fileName() : "attachment", p.contentType(), p.bytes()));
        }
        if (total > maxAttachmentBytes) {
            return error(400, "Attachments exceed the maximum size of " + maxAttachmentBytes + " bytes");
        }
        if (original != null && atts.isEmpty()) {
            atts.addAll(original.attachments());
        }
        long ts = System.currentTimeMillis();
        String id = newId();
        SymMessage msg = new SymMessage(id, sid, bot.id(), msgPart.text(), rendered.presentationML, rendered.data,
                List.copyOf(atts), ts, replacingId, original != null ? original.initialMessageId() : id, silent,
                r.header("User-Agent"));
        messages.put(id, msg);
        sent.add(msg);
        publish(messageSentEvent(msg));
        return SimResponse.json(200, Json.write(v4Message(msg)));
    }

    private SimResponse attachment(String sid, SimRequest r) {
        Stream s = streams.get(sid);
        if (s == null) {
            return error(400, "Stream " + sid + " not found");
        }
        if (!s.members.contains(bot.id())) {
            return error(403, "User is not a member of the stream " + sid);
        }
        String fileId = r.query("fileId");
        String messageId = r.query("messageId");
        SymMessage msg = messageId == null ? null : messages.get(messageId);
        if (fileId == null || msg == null || !msg.streamId().equals(sid)) {
            return error(400, "Attachment not found");
        }
        for (SymAttachment a : msg.attachments()) {
            if (a.id().equals(fileId)) {
                return SimResponse.bytes(200, "application/octet-stream",
                        Base64.getEncoder().encode(a.bytes()));
            }
        }
        return error(400, "Attachment not found");
    }

    // ---------------------------------------------------------------- datafeeds

    private Feed newFeed(String id, String version, String tag) {
        Feed f = new Feed(id, version, tag);
        feeds.put(id, f);
        if (!backlog.isEmpty()) {
            for (SymEvent e : backlog) {
                f.entries.add(new Entry(e));
            }
            backlog.clear();
        }
        return f;
    }

    private SimResponse createV2(SimRequest r) {
        String tag = null;
        boolean hasBody = r.body().length > 0 && !r.bodyText().isBlank();
        if (hasBody) {
            Map<String, Object> body = Json.tryParseObject(r.bodyText());
            if (body == null) {
                protocolError("datafeed create body is not a JSON object: " + abbreviate(r.bodyText()));
                return error(400, "Invalid body");
            }
            Object t = body.get("tag");
            if (t != null && !(t instanceof String)) {
                return error(400, "tag must be a string");
            }
            tag = (String) t;
            if (tag != null && tag.length() > 100) {
                return error(400, "tag is longer than 100 characters");
            }
        }
        long active = feeds.values().stream().filter(f -> "v2".equals(f.version) && isLive(f)).count();
        if (tagAsFeedId && tag != null && !tag.isEmpty()) {
            Feed existing = feeds.get(tag);
            if (existing != null && isLive(existing)) {
                return SimResponse.json(201, Json.write(feedJson(existing)));
            }
        }
        if (active >= maxFeeds) {
            return error(403, "Too many feeds created. The maximum is " + maxFeeds + " active feeds");
        }
        String id = tagAsFeedId && tag != null && !tag.isEmpty() ? tag : hex(16) + "_f";
        Feed f = newFeed(id, "v2", tag);
        return SimResponse.json(201, Json.write(feedJson(f)));
    }

    private SimResponse listV2(SimRequest r) {
        String tag = r.query("tag");
        List<Map<String, Object>> l = new ArrayList<>();
        for (Feed f : feeds.values()) {
            if ("v2".equals(f.version) && isLive(f) && (tag == null || tag.equals(f.tag))) {
                l.add(feedJson(f));
            }
        }
        return SimResponse.json(200, Json.write(l));
    }

    private static Map<String, Object> feedJson(Feed f) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", f.id);
        o.put("createdAt", f.createdAt);
        o.put("type", "fanout");
        return o;
    }

    private static SimResponse stale(String id) {
        return error(400, "Could not find a datafeed with the id: " + id);
    }

    private boolean isLive(Feed f) {
        if (f.active && System.currentTimeMillis() - f.lastActivity > feedTtl.toMillis() && f.waiters.isEmpty()) {
            kill(f);
        }
        return f.active;
    }

    private void kill(Feed f) {
        f.active = false;
        for (Waiter w : f.waiters) {
            w.cancel();
            w.future.complete(stale(f.id));
        }
        f.waiters.clear();
    }

    private CompletionStage<SimResponse> readV2(String id, SimRequest r) {
        Feed f = feeds.get(id);
        if (f == null || !"v2".equals(f.version) || !isLive(f)) {
            return now(stale(id));
        }
        String ackId = "";
        if (r.body().length > 0 && !r.bodyText().isBlank()) {
            Map<String, Object> body = Json.tryParseObject(r.bodyText());
            if (body == null || (body.get("ackId") != null && !(body.get("ackId") instanceof String))) {
                protocolError("datafeed read body is not {\"ackId\":\"...\"}: " + abbreviate(r.bodyText()));
                return now(error(400, "Invalid ackId"));
            }
            ackId = body.get("ackId") == null ? "" : (String) body.get("ackId");
        }
        f.reads++;
        f.lastActivity = System.currentTimeMillis();
        if (!ackId.isEmpty()) {
            List<Entry> batch = f.inflight.remove(ackId);
            if (batch != null) {
                // one pass over the feed, however large the batch
                java.util.Set<Entry> done = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                done.addAll(batch);
                f.entries.removeIf(e -> {
                    if (done.contains(e)) {
                        acknowledged.add(e.event.id());
                        return true;
                    }
                    return false;
                });
            }
        }
        Waiter w = new Waiter(f, new CompletableFuture<>());
        f.waiters.add(w);
        w.timeout = scheduler.schedule(() -> timeout(w), longPoll.toMillis(), TimeUnit.MILLISECONDS);
        serve(f);
        return withReadDelay(w.future);
    }

    private CompletionStage<SimResponse> readV1(String id, SimRequest r) {
        Feed f = feeds.get(id);
        if (f == null || !"v1".equals(f.version) || !isLive(f)) {
            return now(stale(id));
        }
        f.reads++;
        f.lastActivity = System.currentTimeMillis();
        String limit = r.query("limit");
        if (limit != null) {
            try {
                f.limit = Math.max(1, Integer.parseInt(limit));
            } catch (NumberFormatException e) {
                return now(error(400, "Invalid limit"));
            }
        } else {
            f.limit = Integer.MAX_VALUE;
        }
        Waiter w = new Waiter(f, new CompletableFuture<>());
        f.waiters.add(w);
        w.timeout = scheduler.schedule(() -> timeout(w), longPoll.toMillis(), TimeUnit.MILLISECONDS);
        serve(f);
        return withReadDelay(w.future);
    }

    private CompletionStage<SimResponse> withReadDelay(CompletableFuture<SimResponse> fut) {
        Duration d = faults.readDelay;
        if (d == null || d.isZero()) {
            return fut;
        }
        return fut.thenApply(a -> a.withDelay(d));
    }

    private void timeout(Waiter w) {
        synchronized (lock) {
            Feed f = w.feed;
            if (!f.waiters.remove(w)) {
                return;
            }
            f.lastActivity = System.currentTimeMillis();
            if ("v1".equals(f.version)) {
                w.future.complete(SimResponse.bytes(204, null, new byte[0]));
            } else {
                String ack = newAckId();
                f.inflight.put(ack, List.of());
                w.future.complete(SimResponse.json(200, Json.write(Map.of("events", List.of(), "ackId", ack))));
            }
        }
    }

    /** Hands ready events to waiting reads of this feed. Call with the lock held. */
    private void serve(Feed f) {
        long now = System.currentTimeMillis();
        while (!f.waiters.isEmpty()) {
            List<Entry> ready = new ArrayList<>();
            long nextVisible = Long.MAX_VALUE;
            for (Entry e : f.entries) {
                if (e.ackId == null || e.visibleAt <= now) {
                    ready.add(e);
                    if ("v1".equals(f.version) ? ready.size() >= f.limit : ready.size() >= maxEventsPerRead) {
                        break;
                    }
                } else {
                    nextVisible = Math.min(nextVisible, e.visibleAt);
                }
            }
            if (ready.isEmpty()) {
                if (nextVisible != Long.MAX_VALUE && !f.recheckScheduled) {
                    f.recheckScheduled = true;
                    scheduler.schedule(() -> {
                        synchronized (lock) {
                            f.recheckScheduled = false;
                            if (f.active) {
                                serve(f);
                            }
                        }
                    }, Math.max(1, nextVisible - now), TimeUnit.MILLISECONDS);
                }
                return;
            }
            Waiter w = f.waiters.poll();
            w.cancel();
            List<Map<String, Object>> evs = new ArrayList<>();
            for (Entry e : ready) {
                evs.add(e.event.json());
                deliveries.merge(e.event.id(), 1, Integer::sum);
            }
            if ("v1".equals(f.version)) {
                f.entries.removeAll(ready);
                w.future.complete(SimResponse.json(200, Json.write(evs)));
            } else {
                String ack = newAckId();
                for (Entry e : ready) {
                    if (e.ackId != null) {
                        List<Entry> old = f.inflight.get(e.ackId);
                        if (old != null) {
                            List<Entry> rest = new ArrayList<>(old);
                            rest.remove(e);
                            f.inflight.put(e.ackId, rest);
                        }
                    }
                    e.ackId = ack;
                    e.visibleAt = now + redeliveryDelay.toMillis();
                }
                f.inflight.put(ack, ready);
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("events", evs);
                o.put("ackId", ack);
                w.future.complete(SimResponse.json(200, Json.write(o)));
                // schedule redelivery check
                if (!f.recheckScheduled) {
                    f.recheckScheduled = true;
                    scheduler.schedule(() -> {
                        synchronized (lock) {
                            f.recheckScheduled = false;
                            if (f.active) {
                                serve(f);
                            }
                        }
                    }, redeliveryDelay.toMillis() + 1, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private void publish(SymEvent e) {
        events.add(e);
        boolean any = false;
        for (Feed f : feeds.values()) {
            if (isLive(f)) {
                any = true;
                f.entries.add(new Entry(e));
                serve(f);
            }
        }
        if (!any && bufferEvents) {
            backlog.add(e);
        }
    }

    private String newAckId() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24));
    }

    private final class Feed {
        final String id;
        final String version;
        final String tag;
        final long createdAt = System.currentTimeMillis();
        long lastActivity = createdAt;
        int reads;
        int limit = Integer.MAX_VALUE;
        boolean active = true;
        boolean recheckScheduled;
        final List<Entry> entries = new ArrayList<>();
        final Map<String, List<Entry>> inflight = new HashMap<>();
        final Deque<Waiter> waiters = new ArrayDeque<>();

        Feed(String id, String version, String tag) {
            this.id = id;
            this.version = version;
            this.tag = tag;
        }
    }

    private static final class Entry {
        final SymEvent event;
        String ackId;
        long visibleAt;

        Entry(SymEvent event) {
            this.event = event;
        }
    }

    private static final class Waiter {
        final Feed feed;
        final CompletableFuture<SimResponse> future;
        ScheduledFuture<?> timeout;

        Waiter(Feed feed, CompletableFuture<SimResponse> future) {
            this.feed = feed;
            this.future = future;
        }

        void cancel() {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
    }

    // ---------------------------------------------------------------- model helpers

    private static final class Stream {
        final String id;
        final String type;
        String name;
        String description = "";
        boolean active = true;
        final long creator;
        final long created = System.currentTimeMillis();
        final Set<Long> members = new java.util.TreeSet<>();
        final Set<Long> owners = new java.util.TreeSet<>();

        Stream(String id, String type, String name, long creator) {
            this.id = id;
            this.type = type;
            this.name = name;
            this.creator = creator;
        }
    }

    private record Rendered(String presentationML, String data) {
    }

    private Rendered render(String messageML, String data) {
        String text = messageML.trim();
        Map<String, Object> entities = new LinkedHashMap<>();
        if (data != null && !data.isBlank()) {
            Map<String, Object> d = Json.tryParseObject(data);
            if (d == null) {
                throw new IllegalArgumentException("Error parsing data: not a JSON object");
            }
            entities.putAll(d);
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(false);
            var doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            String root = doc.getDocumentElement().getTagName();
            boolean pml = "div".equals(root) && "PresentationML".equals(doc.getDocumentElement()
                    .getAttribute("data-format"));
            if (!"messageML".equals(root) && !pml) {
                throw new IllegalArgumentException("Error parsing message: root element must be <messageML>");
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("Error parsing message: " + e.getMessage());
        }
        int[] n = {entities.size() + 1};
        StringBuilder sb = new StringBuilder();
        Matcher mm = MENTION.matcher(text);
        while (mm.find()) {
            SymUser u = null;
            for (SymUser x : users.values()) {
                if ("uid".equals(mm.group(1)) ? String.valueOf(x.id()).equals(mm.group(2))
                        : mm.group(2).equalsIgnoreCase(x.email())) {
                    u = x;
                }
            }
            if (u == null) {
                throw new IllegalArgumentException("Error parsing message: unknown user in mention " + mm.group(2));
            }
            String key = "mention" + n[0]++;
            entities.put(key, Map.of("id", List.of(Map.of("type", "com.symphony.user.userId",
                    "value", String.valueOf(u.id()))), "type", "com.symphony.user.mention"));
            mm.appendReplacement(sb, Matcher.quoteReplacement("<span class=\"entity\" data-entity-id=\"" + key + "\">@"
                    + escape(u.displayName()) + "</span>"));
        }
        mm.appendTail(sb);
        Matcher hm = HASH.matcher(sb.toString());
        StringBuilder sb2 = new StringBuilder();
        while (hm.find()) {
            boolean hash = "hash".equals(hm.group(1));
            String key = (hash ? "keyword" : "cash") + n[0]++;
            entities.put(key, hash
                    ? Map.of("id", List.of(Map.of("type", "org.symphonyoss.taxonomy.hashtag", "value", hm.group(2))),
                            "type", "org.symphonyoss.taxonomy", "version", "1.0")
                    : Map.of("id", List.of(Map.of("type", "org.symphonyoss.fin.security.id.ticker",
                            "value", hm.group(2))), "type", "org.symphonyoss.fin.security", "version", "1.0"));
            hm.appendReplacement(sb2, Matcher.quoteReplacement("<span class=\"entity\" data-entity-id=\"" + key + "\">"
                    + (hash ? "#" : "$") + hm.group(2) + "</span>"));
        }
        hm.appendTail(sb2);
        String out = sb2.toString();
        Matcher root = ROOT_OPEN.matcher(out);
        if (root.find()) {
            out = "<div data-format=\"PresentationML\" data-version=\"2.0\">" + out.substring(root.end());
            if (out.endsWith("</messageML>")) {
                out = out.substring(0, out.length() - "</messageML>".length()) + "</div>";
            }
        } else if (out.startsWith("<messageML/>") || out.startsWith("<messageML />")) {
            out = "<div data-format=\"PresentationML\" data-version=\"2.0\"></div>";
        }
        return new Rendered(out, Json.write(entities));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private SymEvent messageSentEvent(SymMessage m) {
        return newEvent("MESSAGESENT", "messageSent", m.senderId(), Map.of("message", v4Message(m)), m.messageId());
    }

    private SymEvent newEvent(String type, String member, long initiatorId, Map<String, Object> payload,
            String messageId) {
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(4)) + counter.getAndIncrement();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", id);
        if (messageId != null) {
            o.put("messageId", messageId);
        }
        o.put("timestamp", System.currentTimeMillis());
        o.put("type", type);
        SymUser u = users.get(initiatorId);
        o.put("initiator", Map.of("user", u != null ? userJson(u) : Map.of("userId", initiatorId)));
        o.put("payload", Map.of(member, payload));
        return new SymEvent(id, type, messageId, o);
    }

    private Map<String, Object> v4Message(SymMessage m) {
        Map<String, Object> o = new LinkedHashMap<>();
        boolean supp = suppressed.contains(m.messageId());
        o.put("messageId", m.messageId());
        o.put("timestamp", m.timestamp());
        o.put("message", supp ? "<div data-format=\"PresentationML\" data-version=\"2.0\"></div>" : m.presentationML());
        o.put("data", supp ? "{}" : m.data());
        List<Map<String, Object>> atts = new ArrayList<>();
        for (SymAttachment a : m.attachments()) {
            atts.add(Map.of("id", a.id(), "name", a.name(), "size", a.size(), "images", List.of()));
        }
        o.put("attachments", atts);
        o.put("user", userJson(users.get(m.senderId())));
        Stream s = streams.get(m.streamId());
        o.put("stream", streamJson(s, false));
        o.put("externalRecipients", false);
        o.put("userAgent", m.senderId() == bot.id() ? "Agent-25.8.1-Linux-x86_64" : m.userAgent());
        o.put("originalFormat", "com.symphony.messageml.v2");
        o.put("sid", "sim-session-" + m.senderId());
        if (m.replacing() != null) {
            SymMessage first = messages.get(m.initialMessageId());
            o.put("replacing", m.replacing());
            o.put("initialMessageId", m.initialMessageId());
            o.put("initialTimestamp", first != null ? first.timestamp() : m.timestamp());
            o.put("silent", m.silent());
        }
        return o;
    }

    private static Map<String, Object> userJson(SymUser u) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("userId", u.id());
        putIf(o, "firstName", u.firstName());
        putIf(o, "lastName", u.lastName());
        putIf(o, "displayName", u.displayName());
        putIf(o, "email", u.email());
        putIf(o, "username", u.username());
        return o;
    }

    private static Map<String, Object> userV2(SymUser u) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", u.id());
        putIf(o, "emailAddress", u.email());
        putIf(o, "firstName", u.firstName());
        putIf(o, "lastName", u.lastName());
        putIf(o, "displayName", u.displayName());
        putIf(o, "username", u.username());
        o.put("company", "Acme");
        o.put("accountType", "NORMAL");
        return o;
    }

    private static void putIf(Map<String, Object> o, String k, Object v) {
        if (v != null) {
            o.put(k, v);
        }
    }

    private Map<String, Object> streamJson(Stream s, boolean withMembers) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("streamId", s.id);
        o.put("streamType", s.type);
        if (s.name != null) {
            o.put("roomName", s.name);
        }
        if (withMembers) {
            List<Map<String, Object>> l = new ArrayList<>();
            for (long id : s.members) {
                SymUser u = users.get(id);
                l.add(u != null ? userJson(u) : Map.of("userId", id));
            }
            o.put("members", l);
        }
        o.put("external", false);
        o.put("crossPod", false);
        return o;
    }

    private Map<String, Object> roomProperties(Stream s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", s.name);
        o.put("description", s.description);
        o.put("creatorUser", userJson(users.get(s.creator)));
        o.put("createdDate", s.created);
        o.put("external", false);
        o.put("crossPod", false);
        o.put("public", false);
        o.put("copyProtected", false);
        o.put("readOnly", false);
        o.put("discoverable", false);
        o.put("membersCanInvite", true);
        o.put("canViewHistory", true);
        o.put("keywords", List.of());
        return o;
    }

    private Map<String, Object> roomDetail(Stream s) {
        if (!"ROOM".equals(s.type)) {
            throw new BadRequest(400, "Stream " + s.id + " is not a room");
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("name", s.name);
        attrs.put("description", s.description);
        attrs.put("keywords", List.of());
        attrs.put("membersCanInvite", true);
        attrs.put("discoverable", false);
        attrs.put("public", false);
        attrs.put("readOnly", false);
        attrs.put("copyProtected", false);
        attrs.put("crossPod", false);
        attrs.put("viewHistory", true);
        attrs.put("multiLateralRoom", false);
        Map<String, Object> sys = new LinkedHashMap<>();
        sys.put("id", s.id);
        sys.put("creationDate", s.created);
        sys.put("createdByUserId", s.creator);
        sys.put("active", s.active);
        return Map.of("roomAttributes", attrs, "roomSystemInfo", sys);
    }

    private SymUser requireUser(long id) {
        SymUser u = users.get(id);
        if (u == null) {
            throw new IllegalArgumentException("unknown user " + id + " (addUser first)");
        }
        return u;
    }

    private SymEvent memberEvent(String type, String member, Stream s, SymUser affected, long byUserId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("stream", streamJson(s, false));
        p.put("affectedUser", userJson(affected));
        return newEvent(type, member, byUserId, p, null);
    }

    private SymEvent publishIfMember(Stream s, SymEvent e) {
        if (s.members.contains(bot.id())) {
            publish(e);
        }
        return e;
    }

    /** A new post on the user's wall (their {@code POST} stream, created on first use). */
    private SymMessage wallPost(SymUser u, String messageML) {
        Stream wall = null;
        for (Stream s : streams.values()) {
            if ("POST".equals(s.type) && s.creator == u.id()) {
                wall = s;
                break;
            }
        }
        if (wall == null) {
            wall = new Stream(newId(), "POST", null, u.id());
            wall.members.add(u.id());
            streams.put(wall.id, wall);
        }
        Rendered r = render(messageML, null);
        String id = newId();
        SymMessage m = new SymMessage(id, wall.id, u.id(), messageML, r.presentationML, r.data, List.of(),
                System.currentTimeMillis(), null, id, false, "DESKTOP-sim");
        messages.put(id, m);
        return m;
    }

    private Stream requireRoom(String id) {
        Stream s = requireStream(id);
        if (!"ROOM".equals(s.type)) {
            throw new IllegalArgumentException("stream " + id + " is not a room");
        }
        return s;
    }

    private void requireOwner(Stream s, long userId) {
        requireUser(userId);
        if (!s.owners.contains(userId)) {
            throw new IllegalArgumentException("user " + userId + " is not an owner of " + s.id);
        }
    }

    private Stream requireStream(String id) {
        Stream s = streams.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown stream " + id);
        }
        return s;
    }

    /** A new URL-safe id (25 random bytes, no padding, 34 characters), like Symphony stream and message ids. */
    static String newId() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(25));
    }

    static boolean isUrlSafeId(String id) {
        return SAFE_ID.matcher(id).matches();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String hex(int bytes) {
        return HexFormat.of().formatHex(randomBytes(bytes));
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
