package io.camelchat.it.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import io.camelchat.common.Json;
import io.camelchat.difft.DifftComponent;
import io.camelchat.difft.DifftConfiguration;
import io.camelchat.dingtalk.DingTalkComponent;
import io.camelchat.dingtalk.DingTalkConfiguration;
import io.camelchat.lark.LarkComponent;
import io.camelchat.lark.LarkConfiguration;
import io.camelchat.simulator.difft.DifftSimulator;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.SimGroup;
import io.camelchat.simulator.dingtalk.SimUser;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every HTTP webhook consumer ({@code dingtalk:webhook} robot callbacks and encrypted event callbacks,
 * {@code lark:webhook}, {@code difft:webhook}) under N attack requests (short form 500, reliability profile 10,000 per
 * platform): the simulators' spoiled requests (forged signatures, stale timestamps, wrong tokens, secrets, owner keys
 * or algorithms, missing headers, malformed or undecryptable bodies, replays of a valid request), bodies over
 * {@code maxBodySize} and random bytes with random signature headers. Every attack must be answered 4xx and none
 * routed: the routes see exactly the valid originals of the replays, each once.
 */
class WebhookAttacksTest {

    private static final int N = Reliability.scaled(500, 10_000);
    private static final int MAX_BODY = 64 * 1024;
    private static final String DT_ID = "dingattackclient";
    private static final String DT_SECRET = "ding-attack-secret";
    private static final String DT_TOKEN = "attack-callback-token";
    private static final String DT_AES = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final String DT_GROUP = "cidATTACK==";
    private static final String LARK_APP = "cli_attack0123456";
    private static final String LARK_TOKEN = "vtoken-attack";
    private static final String LARK_KEY = "encrypt-key-attack";
    private static final String ALICE = "ou_alice_attack";
    private static final String CHAT = "oc_attack_chat";
    private static final String DIFFT_APP = "attackapp0001";
    private static final String DIFFT_SECRET = "difft-attack-secret";
    private static final String BOT = "+60009";
    private static final String DAN = "+71234567899";

    private static DingTalkSimulator dingtalk;
    private static LarkSimulator lark;
    private static DifftSimulator difft;
    private static CamelContext context;
    private static int port;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, AtomicInteger> ROUTED = new ConcurrentHashMap<>();
    private static final Set<String> ROUTED_TEXTS = ConcurrentHashMap.newKeySet();
    private static long difftClock = System.currentTimeMillis();

    @BeforeAll
    static void start() throws Exception {
        dingtalk = DingTalkSimulator.builder().clientId(DT_ID).clientSecret(DT_SECRET).start();
        dingtalk.addUser(new SimUser("carol", "unionCarol", "Carol", "+8613800000009", "carol@example.com"));
        dingtalk.addGroup(new SimGroup(DT_GROUP, "Attack", List.of("carol")));
        lark = LarkSimulator.builder().appId(LARK_APP).appSecret("lark-attack-secret").verificationToken(LARK_TOKEN)
                .encryptKey(LARK_KEY).start();
        lark.addUser(new LarkUser(ALICE, "u_alice", "on_alice", "Alice", "alice@example.com", "+8613800000001"));
        lark.addChat(new LarkChat(CHAT, "Attack", List.of(ALICE)));
        difft = DifftSimulator.builder().app(DIFFT_APP, DIFFT_SECRET, BOT).account(DAN, "dan@example.org", "Dan")
                .start();
        port = AvailablePortFinder.getNextAvailable();
        context = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(conf));
        DingTalkConfiguration d = context.getComponent("dingtalk", DingTalkComponent.class).getConfiguration();
        d.setClientId(DT_ID);
        d.setClientSecret(DT_SECRET);
        d.setApiUrl(dingtalk.apiUrl());
        d.setOapiUrl(dingtalk.oapiUrl());
        LarkConfiguration l = context.getComponent("lark", LarkComponent.class).getConfiguration();
        l.setAppId(LARK_APP);
        l.setAppSecret("lark-attack-secret");
        l.setApiUrl(lark.apiUrl());
        l.setVerificationToken(LARK_TOKEN);
        l.setEncryptKey(LARK_KEY);
        DifftConfiguration f = context.getComponent("difft", DifftComponent.class).getConfiguration();
        f.setAppId(DIFFT_APP);
        f.setAppSecret(DIFFT_SECRET);
        f.setBotId(BOT);
        f.setApiUrl(difft.baseUrl());
        f.setWsUrl(difft.websocketUrl());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("dingtalk:webhook?webhookPath=/dt/robot&maxBodySize=" + MAX_BODY).routeId("dingtalk-robot")
                        .process(e -> routed("dingtalk", e.getMessage().getBody(String.class)));
                from("dingtalk:webhook?webhookPath=/dt/events&maxBodySize=" + MAX_BODY + "&callbackToken=" + DT_TOKEN
                     + "&aesKey=" + DT_AES).routeId("dingtalk-events")
                        .process(e -> routed("dingtalk", e.getMessage().getBody(String.class)));
                from("lark:webhook?webhookPath=/lark/events&maxBodySize=" + MAX_BODY).routeId("lark")
                        .process(e -> routed("lark", e.getMessage().getBody(String.class)));
                from("difft:webhook?webhookPath=/difft/callback&maxBodySize=" + MAX_BODY).routeId("difft")
                        .process(e -> routed("difft", e.getMessage().getBody(String.class)));
            }
        });
        context.start();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.stop();
        }
        dingtalk.close();
        lark.close();
        difft.close();
    }

    private static void routed(String platform, String text) {
        ROUTED.computeIfAbsent(platform, k -> new AtomicInteger()).incrementAndGet();
        ROUTED_TEXTS.add(platform + ":" + text);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Tally of one platform's attacks: answers by kind and status, and how many valid originals were sent. */
    private static final class Tally {
        final Map<String, Map<Integer, Integer>> byKind = new TreeMap<>();
        final List<String> notRefused = new ArrayList<>();
        int originals;
        int attacks;

        void answer(String kind, int status) {
            attacks++;
            byKind.computeIfAbsent(kind, k -> new TreeMap<>()).merge(status, 1, Integer::sum);
            if (status < 400 || status > 499) {
                notRefused.add(kind + " answered " + status);
            }
        }
    }

    private static void run(String platform, List<String> kinds, IntFunction<Integer> send, Tally t) {
        for (int i = 0; i < N; i++) {
            String kind = kinds.get(i % kinds.size());
            t.answer(kind, send.apply(i));
        }
    }

    private static void check(String platform, Tally t) {
        assertThat(t.notRefused).as(platform + ": attacks not answered 4xx; by kind " + t.byKind).isEmpty();
        assertThat(t.byKind.keySet()).as("every kind of attack sent").isNotEmpty();
        int routed = ROUTED.getOrDefault(platform, new AtomicInteger()).get();
        assertThat(routed).as(platform + ": exchanges routed (only the replays' valid originals)")
                .isEqualTo(t.originals);
        assertThat(ROUTED_TEXTS).as("no attack's content routed").noneMatch(s -> s.contains("attack-"));
        ReliabilityReport.record("webhook attacks", platform, "webhook", "attack requests answered 4xx",
                t.attacks + " of " + t.attacks, "all");
        ReliabilityReport.record("webhook attacks", platform, "webhook", "attacks routed", routed - t.originals, "0");
        ReliabilityReport.record("webhook attacks", platform, "webhook", "statuses by kind", t.byKind.toString(),
                "4xx");
    }

    // ------------------------------------------------------------------ raw requests

    private static int post(String target, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Random bytes, up to 2 KiB, with a random choice of the platforms' signature headers holding random values. */
    private static int garbage(Random random, String path, String... headerNames) {
        byte[] body = new byte[random.nextInt(2048)];
        random.nextBytes(body);
        Map<String, String> headers = new TreeMap<>();
        headers.put("Content-Type", random.nextBoolean() ? "application/json" : "application/octet-stream");
        for (String h : headerNames) {
            if (random.nextBoolean()) {
                byte[] v = new byte[1 + random.nextInt(40)];
                random.nextBytes(v);
                headers.put(h, h.toLowerCase().contains("timestamp") ? Long.toString(System.currentTimeMillis()
                        / (random.nextBoolean() ? 1 : 1000)) : Base64.getEncoder().encodeToString(v));
            }
        }
        String query = random.nextBoolean() ? "" : "?msg_signature=" + Long.toHexString(random.nextLong())
                                                   + "&timestamp=" + System.currentTimeMillis() + "&nonce=n"
                                                   + random.nextInt();
        return post(url(path) + query, headers, body);
    }

    /** A body one to 64 KiB over maxBodySize, JSON-looking, with plausible signature headers. */
    private static int oversize(Random random, String path, Map<String, String> headers) {
        StringBuilder sb = new StringBuilder("{\"text\":\"attack-oversize ");
        int size = MAX_BODY + 1 + random.nextInt(64 * 1024);
        while (sb.length() < size) {
            sb.append("abcdefghijklmnopqrstuvwxyz0123456789");
        }
        sb.append("\"}");
        Map<String, String> h = new TreeMap<>(headers);
        h.put("Content-Type", "application/json");
        return post(url(path), h, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ the platforms

    @Test
    void dingtalkWebhooks() {
        Random random = new Random(1);
        Tally t = new Tally();
        List<String> kinds = List.of("robot forged signature", "robot stale timestamp", "robot missing headers",
                "robot malformed body", "robot replay", "event forged signature", "event stale timestamp",
                "event missing signature", "event malformed body", "event wrong owner key", "event replay",
                "oversize body", "random bytes");
        run("dingtalk", kinds, i -> {
            String text = "attack-" + i;
            var tamper = io.camelchat.simulator.dingtalk.Tamper.values();
            return switch (i % kinds.size()) {
                case 0, 1, 2, 3 -> dingtalk.postRobotCallback(url("/dt/robot"),
                        dingtalk.newTextMessage("carol", DT_GROUP, text), tamper[1 + i % kinds.size()]).status();
                case 4 -> {
                    t.originals++;
                    // the consumer's replay guard keys a robot callback by its sign, which covers the timestamp
                    // (milliseconds) and the secret only: a valid callback in the millisecond of the last one counts
                    // as a replay
                    pause();
                    yield dingtalk.postRobotCallback(url("/dt/robot"),
                            dingtalk.newTextMessage("carol", DT_GROUP, "original-" + i),
                            io.camelchat.simulator.dingtalk.Tamper.REPLAY).status();
                }
                case 5, 6, 7, 8, 9 -> dingtalk.postEncryptedEvent(url("/dt/events"), DT_TOKEN, DT_AES, DT_ID,
                        event(text), tamper[i % kinds.size() - 4]).status();
                case 10 -> {
                    t.originals++;
                    yield dingtalk
                            .postEncryptedEvent(url("/dt/events"), DT_TOKEN, DT_AES, DT_ID, event("original-" + i),
                                    io.camelchat.simulator.dingtalk.Tamper.REPLAY)
                            .status();
                }
                case 11 -> oversize(random, random.nextBoolean() ? "/dt/robot" : "/dt/events",
                        Map.of("timestamp", Long.toString(System.currentTimeMillis()), "sign", "c2lnbg=="));
                default -> garbage(random, random.nextBoolean() ? "/dt/robot" : "/dt/events", "timestamp", "sign");
            };
        }, t);
        check("dingtalk", t);
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> event(String marker) {
        return Map.of("EventType", "user_add_org", "TimeStamp", Long.toString(System.currentTimeMillis()), "UserId",
                List.of("carol"), "CorpId", "dingattackcorp", "Marker", marker);
    }

    @Test
    void larkWebhook() {
        Random random = new Random(2);
        Tally t = new Tally();
        List<String> kinds = List.of("forged signature", "stale timestamp", "wrong token", "malformed body",
                "undecryptable", "replay", "plain body while a key is set", "oversize body", "random bytes");
        var tamper = io.camelchat.simulator.lark.Tamper.values();
        run("lark", kinds, i -> switch (i % kinds.size()) {
            case 0, 1, 2, 3, 4 ->
                lark.postEvent(url("/lark/events"), lark.newTextEvent(ALICE, CHAT, "attack-" + i), true,
                        tamper[1 + i % kinds.size()]).status();
            case 5 -> {
                var r = lark.postEvent(url("/lark/events"), lark.newTextEvent(ALICE, CHAT, "original-" + i), true,
                        io.camelchat.simulator.lark.Tamper.REPLAY);
                assertThat(r.first().status()).as("the replay's original").isEqualTo(200);
                t.originals++;
                yield r.status();
            }
            case 6 -> lark.postEvent(url("/lark/events"), lark.newTextEvent(ALICE, CHAT, "attack-" + i), false,
                    io.camelchat.simulator.lark.Tamper.NONE).status();
            case 7 -> oversize(random, "/lark/events", Map.of("X-Lark-Request-Timestamp",
                    Long.toString(System.currentTimeMillis() / 1000), "X-Lark-Request-Nonce", "n" + i,
                    "X-Lark-Signature", "00"));
            default -> garbage(random, "/lark/events", "X-Lark-Request-Timestamp", "X-Lark-Request-Nonce",
                    "X-Lark-Signature");
        }, t);
        check("lark", t);
    }

    private static synchronized String difftText(String from, String body) {
        long ts = ++difftClock;
        return Json.write(Map.of("version", 1, "src", from, "srcDevice", 1, "type", "TEXT",
                "timestamp", ts, "dest", Map.of("type", "USER", "wuid", List.of(BOT)), "msg", Map.of("body", body)));
    }

    @Test
    void difftWebhook() {
        Random random = new Random(3);
        Tally t = new Tally();
        List<String> kinds = List.of("bad signature", "wrong secret", "stale timestamp", "replayed nonce",
                "missing header", "unknown app", "wrong algorithm", "unsigned body headers",
                "signed body that is not JSON", "oversize body", "random bytes");
        var tamper = io.camelchat.simulator.difft.Tamper.values();
        run("difft", kinds, i -> switch (i % kinds.size()) {
            case 0, 1, 2, 4, 5, 6, 7 ->
                difft.postWebhook(url("/difft/callback"), DIFFT_APP, difftText(DAN, "attack-" + i),
                        tamper[1 + i % kinds.size()]).status();
            case 3 -> {
                t.originals++;
                yield difft.postWebhook(url("/difft/callback"), DIFFT_APP, difftText(DAN, "original-" + i),
                        io.camelchat.simulator.difft.Tamper.REPLAYED_NONCE).status();
            }
            case 8 -> difft.postWebhook(url("/difft/callback"), DIFFT_APP, "{\"version\":1,\"src\":\"attack-" + i,
                    io.camelchat.simulator.difft.Tamper.NONE).status();
            case 9 -> oversize(random, "/difft/callback", Map.of("X-Signature-appid", DIFFT_APP,
                    "X-Signature-timestamp", Long.toString(System.currentTimeMillis()), "X-Signature-nonce", "n" + i,
                    "X-Signature-algorithm", "HmacSHA256", "X-Signature-signature", "00"));
            default -> garbage(random, "/difft/callback", "X-Signature-appid", "X-Signature-timestamp",
                    "X-Signature-nonce", "X-Signature-algorithm", "X-Signature-signedHeaders", "X-Signature-signature");
        }, t);
        check("difft", t);
    }
}
