package io.camelchat.simulator.difft;

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

import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.SimHttpServer;

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
 *     List<DifftMessage> sent = difft.sent();     // what the bot sent, in order (recalled ones stay, flagged)
 *     difft.isRecalled(sent.get(0));
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
 * <li>Rate limit (section 10): a second {@code /v1/messages} of an app within {@code messageInterval} (default 1 s) of
 * its last accepted one is status 4 "too many requests" (HTTP 200); {@link Duration#ZERO} switches it off.</li>
 * </ul>
 *
 * <h2>Not yet</h2> The websocket listener (section 8, on the shared PushEngine),
 * webhook calls towards a consumer (section 9), play-user methods, fault injection, TLS.
 *
 * <h2>UNVERIFIED choices</h2>
 * <ul>
 * <li>All error codes and reasons beyond {@code 0} (section 3 conventions); failures also carry {@code error} (the
 * send API's SDK reads it); invalid parameters are status 1 with HTTP 200; unknown paths are HTTP 404.</li>
 * <li>The timestamp window (5 min), nonce replay per app within the window, and requiring signed
 * {@code Content-Length}/{@code Content-Type} on a request with a body.</li>
 * <li>The query canonicalisation follows the Python SDK ({@code parse_qs}: {@code +} decodes to a space, empty values
 * dropped); the JS SDK's {@code a=1&b=2} form is refused.</li>
 * <li>{@code src} must be the wuid of the bot of the signing app; {@code operator}, when given, too.</li>
 * <li>The rate limit's scope (per app, on {@code /v1/messages} only) and its rejection (status 4, not HTTP 429).</li>
 * <li>Recall has no time limit; a recall is answered {@code {"status":0,"errors":[]}} without {@code refID}.</li>
 * <li>{@code authorizeId} is a JSON string of digits (the reference leaves string vs number open); storage and
 * download URLs never expire; a storage {@code PUT} before confirmation replaces the blob; files are never deleted.
 * </li>
 * <li>The checks of a message's attachment against the stored file, the blob length check and the download rights
 * (uploader, numbers, group members) are the simulator's; the reference does not say the server makes them.</li>
 * <li>Members answer {@code data.gid}, {@code data.name} and {@code data.members}.</li>
 * </ul>
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
    private final Set<DifftMessage> recalled = Collections.newSetFromMap(new IdentityHashMap<>());
    private final long messageIntervalMillis;
    private final ProtocolLog protocolLog = new ProtocolLog();
    private final DifftSignatures signatures;
    private final DifftFiles files = new DifftFiles(this);
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

        /** The minimum time between two accepted {@code /v1/messages} of one app (default 1 s; zero: no limit). */
        public Builder messageInterval(Duration v) {
            messageInterval = Objects.requireNonNull(v);
            return this;
        }

        public DifftSimulator start() {
            if (apps.isEmpty()) {
                throw new IllegalStateException("at least one app is needed");
            }
            return new DifftSimulator(this);
        }
    }

    private DifftSimulator(Builder b) {
        apps = Map.copyOf(b.apps);
        b.accounts.forEach(a -> accounts.put(a.wuid(), a));
        b.groups.forEach(g -> groups.put(g.gid(), g));
        messageIntervalMillis = b.messageInterval.toMillis();
        Map<String, String> secrets = new LinkedHashMap<>();
        apps.forEach((id, app) -> secrets.put(id, app.secret()));
        signatures = new DifftSignatures(secrets, b.timestampWindow.toMillis());
        DifftApi api = new DifftApi(this);
        server = new SimHttpServer("difft-api", null, api::handle, Set.of(), null, 65536, 64 * 1024 * 1024).start();
    }

    // ---------------------------------------------------------------- addresses

    /** The REST base URL, e.g. {@code http://127.0.0.1:41234} (no trailing slash). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    // ---------------------------------------------------------------- inspection

    /** Every message the bot sent and the simulator accepted, in order (recalls excluded). */
    public synchronized List<DifftMessage> sent() {
        return List.copyOf(sent);
    }

    /** Whether a sent message was recalled. */
    public synchronized boolean isRecalled(DifftMessage m) {
        return recalled.contains(m);
    }

    /** Every request the simulator refused or found wrong, with the reason, in order. */
    public List<String> protocolErrors() {
        return protocolLog.snapshot();
    }

    @Override
    public void close() {
        server.close();
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

    long messageIntervalMillis() {
        return messageIntervalMillis;
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
        recalled.add(m);
    }
}
