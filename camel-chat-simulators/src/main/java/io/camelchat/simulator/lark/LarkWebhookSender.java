package io.camelchat.simulator.lark;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.WebhookClient;

/**
 * Plays Lark calling an app's HTTP endpoints: event deliveries (schema 2.0 and 1.0, plaintext or encrypted, signed
 * when an encrypt key is configured), the URL verification challenge, and card actions (new-style event and legacy
 * callback), each optionally spoiled by a {@link Tamper}. Answers to card actions are recorded in the
 * {@link LarkState}. The sender does not retry.
 */
final class LarkWebhookSender {

    private final LarkSettings settings;
    private final LarkState state;
    private final LarkEvents events;
    private final WebhookClient client = new WebhookClient();

    LarkWebhookSender(LarkSettings settings, LarkState state, LarkEvents events) {
        this.settings = settings;
        this.state = state;
        this.events = events;
    }

    WebhookResult postEvent(String url, InboundEvent e, boolean encrypt, Tamper tamper) {
        Map<String, Object> env = deepCopy(e.envelope());
        if (tamper == Tamper.WRONG_TOKEN) {
            header(env).put("token", "wrong-" + settings.verificationToken());
        }
        return deliver(url, Json.write(env), encrypt, tamper, true);
    }

    WebhookResult postEventV1(String url, InboundEvent e, boolean encrypt, Tamper tamper) {
        Map<String, Object> event = new LinkedHashMap<>(e.event());
        event.put("type", e.eventType());
        event.put("app_id", settings.appId());
        event.put("tenant_key", settings.tenantKey());
        Map<String, Object> env = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        env.put("ts", (now / 1000) + "." + String.format("%07d", (now % 1000) * 10000));
        env.put("uuid", e.eventId());
        env.put("token", tamper == Tamper.WRONG_TOKEN ? "wrong-" + settings.verificationToken()
                : settings.verificationToken());
        env.put("type", "event_callback");
        env.put("event", event);
        return deliver(url, Json.write(env), encrypt, tamper, true);
    }

    WebhookResult postUrlVerification(String url, boolean encrypt) {
        String challenge = UUID.randomUUID().toString();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("challenge", challenge);
        m.put("token", settings.verificationToken());
        m.put("type", "url_verification");
        WebhookResult r = deliver(url, Json.write(m), encrypt, Tamper.NONE, false);
        Map<String, Object> answer = r.status() == 200 ? Json.tryParseObject(r.body()) : null;
        return new WebhookResult(r.status(), r.body(), answer != null && challenge.equals(answer.get("challenge")),
                null);
    }

    WebhookResult postCardAction(String url, String openId, String messageId, Map<String, Object> value,
                                 Tamper tamper) {
        InboundEvent e = events.cardAction(openId, messageId, value);
        Map<String, Object> env = deepCopy(e.envelope());
        if (tamper == Tamper.WRONG_TOKEN) {
            header(env).put("token", "wrong-" + settings.verificationToken());
        }
        WebhookResult r = deliver(url, Json.write(env), settings.encryptKey() != null, tamper, true);
        Map<String, Object> answer = r.status() == 200 ? Json.tryParseObject(r.body()) : null;
        if (answer != null) {
            state.recordCardResponse(e.eventId(), e.cardToken(), messageId, answer);
        }
        return r;
    }

    WebhookResult postLegacyCardAction(String url, String openId, String messageId, Map<String, Object> value,
                                       Tamper tamper) {
        InboundEvent e = events.cardAction(openId, messageId, value);
        Map<String, Object> body = events.legacyCardBody(e);
        if (tamper == Tamper.WRONG_TOKEN) {
            body.put("token", "c-wrong");
        }
        byte[] bytes = tamper == Tamper.MALFORMED_BODY ? "{\"open_id\":".getBytes(StandardCharsets.UTF_8)
                : Json.write(body).getBytes(StandardCharsets.UTF_8);
        String ts = timestamp(tamper);
        String nonce = nonce();
        String token = settings.verificationToken();
        String sig = LarkCrypto.legacyCardSignature(ts, nonce,
                tamper == Tamper.FORGED_SIGNATURE ? token + "-forged" : String.valueOf(token), bytes);
        WebhookResult r = post(url, bytes, Map.of("X-Lark-Request-Timestamp", ts, "X-Lark-Request-Nonce", nonce,
                "X-Lark-Signature", sig), tamper == Tamper.REPLAY);
        Map<String, Object> answer = r.status() == 200 ? Json.tryParseObject(r.body()) : null;
        if (answer != null) {
            state.recordCardResponse(null, e.cardToken(), messageId, answer);
        }
        return r;
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
        return String.valueOf(1_000_000_000L + LarkErrors.RANDOM.nextInt(1_000_000_000));
    }

    private WebhookResult deliver(String url, String plain, boolean encrypt, Tamper tamper, boolean sign) {
        String encryptKey = settings.encryptKey();
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
        WebhookClient.Reply reply = client.send(req);
        return new WebhookResult(reply.status(), reply.body(), reply.ok(), first);
    }
}
