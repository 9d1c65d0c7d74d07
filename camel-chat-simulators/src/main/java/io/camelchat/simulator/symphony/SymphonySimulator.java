package io.camelchat.simulator.symphony;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.SimHttpServer;
import io.camelchat.simulator.common.SimScheduler;
import io.camelchat.simulator.common.SimulatorTls;
import io.camelchat.simulator.symphony.SymphonyHttp.Role;

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
 *
 * <p>Inside: {@link SymWorld} holds the pod's users, streams and messages and plays what users do,
 * {@link Datafeeds} the agent's datafeeds, {@link Authenticator} RSA and certificate authentication and the tokens,
 * {@link SymphonyHttp} the routing of the servers with {@link PodApi} and {@link AgentApi} (route tables),
 * {@link MessageMLRenderer} MessageML, and {@link Faults} the fault injection. This class wires them and is the public
 * face tests use.
 */
public final class SymphonySimulator implements AutoCloseable {

    static final int MAX_HTTP_BODY = 60 * 1024 * 1024;
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]+");

    private final SymphonySettings settings;
    private final Faults faults = new Faults(this);
    private final ProtocolLog protocolLog = new ProtocolLog();
    private final SimScheduler scheduler;
    private final Authenticator auth;
    private final Datafeeds datafeeds;
    private final SymWorld world;
    private final Map<Role, SimHttpServer> servers = new LinkedHashMap<>();

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
        private int port;

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

        /**
         * The loopback port to listen on; {@code 0} (default): free ones. With {@code separatePorts(true)} the pod
         * listens on it and the agent, key manager and session auth on the three ports after it.
         */
        public Builder port(int v) {
            if (v < 0 || v > 65532) {
                throw new IllegalArgumentException("not a port: " + v);
            }
            this.port = v;
            return this;
        }

        public SymphonySimulator start() {
            return new SymphonySimulator(this);
        }
    }

    private SymphonySimulator(Builder b) {
        SymUser bot = new SymUser(b.botId, b.botUsername,
                b.botEmail != null ? b.botEmail : b.botUsername + "@acme.example",
                b.botUsername, "Bot", b.botDisplayName != null ? b.botDisplayName : b.botUsername);
        this.settings = new SymphonySettings(bot, b.botPublicKey, b.botCertificate, b.tls, b.sessionTtl, b.kmTtl,
                b.longPoll, b.redeliveryDelay, b.feedTtl, b.jwtSkew, b.maxJwtLifetime, b.maxFeeds, b.bufferEvents,
                b.maxEventsPerRead > 0 ? b.maxEventsPerRead : Integer.MAX_VALUE, b.requireKmToken, b.tagAsFeedId,
                b.canSuppress, b.maxAttachmentBytes, b.certFailureStatus);
        this.scheduler = new SimScheduler("symphony-sim-scheduler", protocolLog::add);
        this.auth = new Authenticator(settings);
        this.datafeeds = new Datafeeds(settings, faults, protocolLog, scheduler);
        this.world = new SymWorld(bot, datafeeds);
        SymphonyHttp http = new SymphonyHttp(faults, protocolLog, auth, new PodApi(settings, world),
                new AgentApi(settings, world, datafeeds, protocolLog, this::agentUrl));
        try {
            List<Role> roles = b.separatePorts
                    ? List.of(Role.POD, Role.AGENT, Role.KEY_MANAGER, Role.SESSION_AUTH) : List.of(Role.ALL);
            int next = b.port;
            for (Role role : roles) {
                SimHttpServer s = new SimHttpServer("symphony-" + role.name().toLowerCase(),
                        settings.tls() ? SimulatorTls.clientAuthServerContext() : null, r -> http.handle(role, r),
                        MAX_HTTP_BODY);
                servers.put(role, s);
                s.start(next);
                next = next == 0 ? 0 : next + 1;
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static PublicKey parsePublicKey(String pem) {
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (Exception e) {
            throw new IllegalArgumentException("not an X.509 (SubjectPublicKeyInfo) RSA public key PEM", e);
        }
    }

    /** A new URL-safe id (25 random bytes, no padding, 34 characters), like Symphony stream and message ids. */
    static String newId() {
        return SymphonyErrors.newId();
    }

    static boolean isUrlSafeId(String id) {
        return SAFE_ID.matcher(id).matches();
    }

    // ================================================================ basics

    private String url(Role role) {
        SimHttpServer s = servers.containsKey(Role.ALL) ? servers.get(Role.ALL) : servers.get(role);
        return (settings.tls() ? "https://localhost:" : "http://127.0.0.1:") + s.port();
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
        return settings.tls();
    }

    /** The bot's own user. */
    public SymUser bot() {
        return settings.bot();
    }

    public Faults faults() {
        return faults;
    }

    @Override
    public void close() {
        for (SimHttpServer s : servers.values()) {
            s.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
    }

    @Override
    public String toString() {
        return "SymphonySimulator[pod=" + (servers.isEmpty() ? "?" : podUrl()) + "]";
    }

    // ================================================================ world set-up (playing users)

    public SymphonySimulator addUser(SymUser user) {
        world.addUser(user);
        return this;
    }

    /** Looks a user up by id, or {@code null}. */
    public SymUser user(long id) {
        return world.user(id);
    }

    /**
     * Creates a room (ROOMCREATED for the bot when it is a member: creator or among {@code memberIds}). Returns the
     * room's stream id.
     */
    public String createRoom(String name, long creatorId, long... memberIds) {
        return world.createRoom(name, creatorId, memberIds);
    }

    /**
     * Adds a member to a room, by the room's creator (USERJOINEDROOM for the bot if it is, or now becomes, a
     * member).
     */
    public SymEvent addMember(String roomId, long userId) {
        return world.addMember(roomId, userId);
    }

    /**
     * {@code byUserId} adds {@code userId} to a room (the same id: the user joins of their own accord):
     * USERJOINEDROOM, initiator {@code byUserId}, {@code affectedUser} the new member; for the bot if it is, or now
     * becomes, a member.
     */
    public SymEvent addMember(String roomId, long userId, long byUserId) {
        return world.addMember(roomId, userId, byUserId);
    }

    /** A member leaves a room of their own accord (USERLEFTROOM for the bot if it was a member). */
    public SymEvent removeMember(String roomId, long userId) {
        return world.removeMember(roomId, userId);
    }

    /**
     * {@code byUserId} removes {@code userId} from a room (the same id: the user leaves): USERLEFTROOM, initiator
     * {@code byUserId}, {@code affectedUser} the former member; for the bot if it was a member.
     */
    public SymEvent removeMember(String roomId, long userId, long byUserId) {
        return world.removeMember(roomId, userId, byUserId);
    }

    /**
     * An owner ({@code byUserId}) makes a member an owner: ROOMMEMBERPROMOTEDTOOWNER, {@code affectedUser} the
     * promoted member; for the bot if it is a member.
     */
    public SymEvent promoteOwner(String roomId, long userId, long byUserId) {
        return world.promoteOwner(roomId, userId, byUserId);
    }

    /**
     * An owner ({@code byUserId}) makes an owner a plain member again: ROOMMEMBERDEMOTEDFROMOWNER,
     * {@code affectedUser} the demoted member; for the bot if it is a member.
     */
    public SymEvent demoteOwner(String roomId, long userId, long byUserId) {
        return world.demoteOwner(roomId, userId, byUserId);
    }

    /**
     * An owner ({@code byUserId}) changes a room's name and description ({@code null}: unchanged): ROOMUPDATED with
     * the stream (new {@code roomName}) and {@code newRoomProperties}; for the bot if it is a member.
     */
    public SymEvent updateRoom(String roomId, long byUserId, String name, String description) {
        return world.updateRoom(roomId, byUserId, name, description);
    }

    /**
     * An owner ({@code byUserId}) deactivates a room: ROOMDEACTIVATED whose stream carries only {@code streamId} and
     * {@code streamType}; for the bot if it is a member. Room and stream info then answer {@code active: false}.
     */
    public SymEvent deactivateRoom(String roomId, long byUserId) {
        return world.deactivateRoom(roomId, byUserId);
    }

    /** An owner ({@code byUserId}) reactivates a room: ROOMREACTIVATED; for the bot if it is a member. */
    public SymEvent reactivateRoom(String roomId, long byUserId) {
        return world.reactivateRoom(roomId, byUserId);
    }

    /**
     * A user who is not a member asks to join a room: USERREQUESTEDTOJOINROOM, initiator the requester,
     * {@code affectedUsers} the room's owners. Only the owners see it: published when the bot is an owner.
     */
    public SymEvent requestToJoinRoom(String roomId, long userId) {
        return world.requestToJoinRoom(roomId, userId);
    }

    /**
     * {@code sharerId} shares a wall post written by {@code authorId} on their own wall, with a comment: SHAREDPOST
     * whose {@code message} is the share (in the sharer's wall, stream type {@code POST}) and {@code sharedMessage}
     * the original post (in the author's wall). Published when the bot is the author or the sharer. Both posts are
     * stored (readable with {@link #message(String)}); the envelope's {@code messageId} is the share's.
     */
    public SymEvent sharePost(long sharerId, String commentMessageML, long authorId, String originalMessageML) {
        return world.sharePost(sharerId, commentMessageML, authorId, originalMessageML);
    }

    /**
     * A user with the entitlement (a compliance officer) suppresses a message: MESSAGESUPPRESSED initiated by them,
     * for the bot if it is a member of the message's stream. The message then reads as suppressed.
     */
    public SymEvent userSuppressesMessage(long userId, String messageId) {
        return world.userSuppressesMessage(userId, messageId);
    }

    /**
     * An external system posts an event into a stream: GENERICSYSTEMEVENT with {@code eventTimestamp} (now),
     * {@code sourceSystem}, {@code eventSubtype} and free-form {@code parameters}; initiator {@code initiatorId};
     * for the bot if it is a member of the stream.
     */
    public SymEvent systemEvent(String streamId, long initiatorId, String sourceSystem, String eventSubtype,
                                Map<String, Object> parameters) {
        return world.systemEvent(streamId, initiatorId, sourceSystem, eventSubtype, parameters);
    }

    /**
     * Creates (or returns) the IM between the bot and these users (several users: a MIM); INSTANTMESSAGECREATED when
     * new, initiated by the first user.
     */
    public String createIm(long... userIds) {
        return world.createIm(userIds);
    }

    /** A user posts MessageML into a stream they are a member of; MESSAGESENT for the bot when it is a member. */
    public SymEvent userPostsMessage(long userId, String streamId, String messageML) {
        return world.userPostsMessage(userId, streamId, messageML);
    }

    /** Like {@link #userPostsMessage(long, String, String)} with EntityJSON {@code data} and attachments. */
    public SymEvent userPostsMessage(long userId, String streamId, String messageML, String data,
                                     List<SymAttachment> attachments) {
        return world.userPostsMessage(userId, streamId, messageML, data, attachments);
    }

    /** A user submits an Elements form of a message: SYMPHONYELEMENTSACTION ({@code formValues.action} = button). */
    public SymEvent userSubmitsForm(long userId, String formMessageId, String formId, Map<String, Object> formValues) {
        return world.userSubmitsForm(userId, formMessageId, formId, formValues);
    }

    /** A user asks the bot for a connection: CONNECTIONREQUESTED, initiator the user, {@code toUser} the bot. */
    public SymEvent userRequestsConnection(long userId) {
        return world.userRequestsConnection(userId);
    }

    /**
     * A user accepts the bot's connection request: CONNECTIONACCEPTED, initiator the user who accepted,
     * {@code fromUser} the one who had asked (the bot).
     */
    public SymEvent userAcceptsConnection(long userId) {
        return world.userAcceptsConnection(userId);
    }

    /**
     * Pushes any event to the bot's feeds: {@code type} (e.g. {@code GENERICSYSTEMEVENT}), payload member name
     * (e.g. {@code genericSystemEvent}) and its content.
     */
    public SymEvent pushEvent(String type, String payloadMember, long initiatorId, Map<String, Object> payload) {
        return world.pushEvent(type, payloadMember, initiatorId, payload);
    }

    /** Like {@link #pushEvent(String, String, long, Map)} with the envelope's {@code messageId} ({@code null}: none). */
    public SymEvent pushEvent(String type, String payloadMember, long initiatorId, Map<String, Object> payload,
                              String envelopeMessageId) {
        return world.pushEvent(type, payloadMember, initiatorId, payload, envelopeMessageId);
    }

    // ================================================================ inspection

    /** Messages the bot sent (creates and updates), oldest first. */
    public List<SymMessage> sentMessages() {
        return world.sent();
    }

    /** A stored message (any author), or {@code null}. */
    public SymMessage message(String messageId) {
        return world.message(messageId);
    }

    public boolean isSuppressed(String messageId) {
        return world.isSuppressed(messageId);
    }

    /** Every datafeed ever created (v1 and v2). */
    public List<DatafeedInfo> datafeeds() {
        return datafeeds.infos();
    }

    /** Every event published to the bot's feeds, oldest first. */
    public List<SymEvent> events() {
        return datafeeds.events();
    }

    /** Whether a v2 read acknowledged this event (on any feed). */
    public boolean acknowledged(String eventId) {
        return datafeeds.acknowledged(eventId);
    }

    /** How many times this event was handed out in read answers (all feeds). */
    public int deliveries(String eventId) {
        return datafeeds.deliveries(eventId);
    }

    /** Every authentication call, oldest first. */
    public List<AuthRecord> authentications() {
        return auth.records();
    }

    /** Client mistakes noticed (wrong base URL, malformed bodies, ...). */
    public List<String> protocolErrors() {
        return protocolLog.snapshot();
    }

    /** Invalidates every session and key-manager token issued so far. */
    public void expireSessions() {
        auth.expireAll();
    }

    /** Forgets every datafeed: reads (also pending long polls) answer 400 as for a stale feed. */
    public void loseFeeds() {
        datafeeds.loseFeeds();
    }

    /** Removes every fault, and clears recorded messages, events, authentications and protocol errors. */
    public void reset() {
        faults.reset();
        world.clearSent();
        auth.clearRecords();
        protocolLog.clear();
        datafeeds.clearRecords();
    }
}
