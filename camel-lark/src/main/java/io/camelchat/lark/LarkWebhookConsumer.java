package io.camelchat.lark;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelchat.common.Json;
import io.camelchat.common.consumer.ChatEvent;
import io.camelchat.common.webhook.ChatWebhookConsumer;
import io.camelchat.common.webhook.ReplayGuard;
import io.camelchat.common.webhook.WebhookRejectedException;
import io.camelchat.common.webhook.WebhookRequest;
import io.camelchat.common.webhook.WebhookResponse;
import io.camelchat.common.webhook.WebhookSecurity;
import io.camelchat.lark.api.LarkEvent;
import io.camelchat.lark.webhook.LarkCallbackCrypto;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Lark's HTTP callbacks, served through platform-http at {@code webhookPath}: events (schema 2.0 and 1.0), card
 * actions (the {@code card.action.trigger} event and the older card callback), and the URL verification challenge.
 * <ul>
 * <li>With an {@code encryptKey}, requests must be encrypted and signed ({@code X-Lark-Signature} over timestamp,
 * nonce, key and raw body); stale timestamps and replayed signatures are refused.</li>
 * <li>With a {@code verificationToken}, events must carry it.</li>
 * <li>A card action's route may set the answer as its body: a Map, JSON node or JSON text with {@code toast} and/or
 * {@code card}.</li>
 * </ul>
 * Forged, stale, replayed, undecryptable or malformed requests get 4xx and route nothing; a failed route gets 500,
 * so Lark delivers the event again.
 */
public class LarkWebhookConsumer extends ChatWebhookConsumer {

    private final LarkConfiguration config;
    private final LarkCallbackCrypto crypto;
    private final ReplayGuard replayGuard;
    private final Set<String> eventTypes;
    private final Clock clock = Clock.systemUTC();

    public LarkWebhookConsumer(LarkEndpoint endpoint, Processor processor) {
        super(endpoint, processor, LarkConstants.PLATFORM, endpoint.getConfiguration().getWebhookPath(),
                endpoint.getConfiguration().getMaxBodySize());
        this.config = endpoint.getConfiguration();
        if ((config.getEncryptKey() == null || config.getEncryptKey().isBlank())
                && (config.getVerificationToken() == null || config.getVerificationToken().isBlank())) {
            throw new IllegalArgumentException("lark:webhook needs the verificationToken and/or encryptKey of the app: "
                                               + "without them anybody could post events");
        }
        this.crypto = config.getEncryptKey() == null || config.getEncryptKey().isBlank() ? null
                : new LarkCallbackCrypto(config.getEncryptKey());
        this.replayGuard = new ReplayGuard(Duration.ofMillis(config.getTimestampTolerance()).multipliedBy(2), 100_000,
                Clock.systemUTC(), config.getReplayRepository());
        this.eventTypes = parseTypes(config.getEventTypes());
    }

    static Set<String> parseTypes(String option) {
        if (option == null || option.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(option.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    @Override
    protected Decision accept(WebhookRequest request) throws WebhookRejectedException {
        JsonNode outer;
        try {
            outer = Json.read(request.body());
        } catch (IllegalArgumentException e) {
            throw WebhookRejectedException.badRequest("body is not JSON");
        }
        if (!outer.isObject()) {
            throw WebhookRejectedException.badRequest("body is not a JSON object");
        }
        boolean encrypted = outer.hasNonNull("encrypt");
        // 1. the raw bytes are authenticated before anything is decrypted: a forged body never reaches the cipher
        Boolean legacyCard = request.header("x-lark-signature") != null ? verifySignature(request) : null;
        JsonNode root = outer;
        if (encrypted) {
            if (crypto == null) {
                throw WebhookRejectedException.badRequest("callback is encrypted but no encryptKey is configured");
            }
            try {
                root = Json.read(crypto.decrypt(outer.path("encrypt").asText()));
            } catch (IllegalArgumentException e) {
                // one answer for every failure: nothing about the plaintext or the padding leaks
                throw WebhookRejectedException.badRequest("cannot decrypt or parse the callback");
            }
            if (!root.isObject()) {
                throw WebhookRejectedException.badRequest("cannot decrypt or parse the callback");
            }
        }
        // 2. the URL challenge is never signed: the token (and the key, when encrypted) proves it
        if ("url_verification".equals(Json.text(root, "type"))) {
            checkToken(LarkEvent.token(root));
            String challenge = Json.text(root, "challenge");
            if (challenge == null) {
                throw WebhookRejectedException.badRequest("url_verification without challenge");
            }
            ObjectNode answer = Json.MAPPER.createObjectNode().put("challenge", challenge);
            return Decision.respond(WebhookResponse.json(answer.toString()));
        }
        boolean legacyShape = root.has("open_message_id") && root.has("action") && !root.has("header");
        if (legacyCard == null) {
            if (crypto != null) {
                throw WebhookRejectedException.unauthorized("callbacks must be signed (an encryptKey is configured)");
            }
            if (legacyShape) {
                throw WebhookRejectedException.unauthorized("card callbacks must be signed");
            }
            legacyCard = false;
        } else if (legacyCard != legacyShape) {
            throw WebhookRejectedException.badRequest("the signature does not fit the kind of callback");
        } else if (!legacyCard && crypto != null && !encrypted) {
            throw WebhookRejectedException.unauthorized("events must be encrypted (an encryptKey is configured)");
        }
        if (!legacyCard) {
            checkToken(LarkEvent.token(root));
        }
        LarkEvent event;
        try {
            event = legacyCard ? fromLegacyCard(root) : LarkEvent.parse(root);
        } catch (IllegalArgumentException e) {
            throw WebhookRejectedException.badRequest("not a Lark event");
        }
        if (!eventTypes.isEmpty() && (event.eventType() == null || !eventTypes.contains(event.eventType()))) {
            return Decision.respond(WebhookResponse.json("{\"msg\":\"success\"}"));
        }
        boolean legacy = legacyCard;
        String signature = request.header("x-lark-signature");
        // card actions are InOut: the route's resulting body is the answer
        ChatEvent routed = new ChatEvent(event, LarkMessages.headers(event), event.isCardAction());
        return Decision.route(routed, exchange -> answer(event, exchange, legacy))
                .onFailure(() -> {
                    if (signature != null) {
                        replayGuard.forget(signature);
                    }
                });
    }

    private void checkToken(String token) throws WebhookRejectedException {
        String expected = config.getVerificationToken();
        if (expected == null || expected.isBlank()) {
            return;
        }
        if (!WebhookSecurity.constantTimeEquals(expected, token)) {
            throw WebhookRejectedException.unauthorized("verification token does not match");
        }
    }

    /**
     * Checks the signature headers over the raw body: SHA-256 with the encrypt key (events, new card actions), else
     * SHA-1 with the verification token (older card callbacks); then freshness and replay.
     *
     * @return whether the request is an older card callback
     */
    private boolean verifySignature(WebhookRequest request) throws WebhookRejectedException {
        String timestamp = request.header("x-lark-request-timestamp");
        String nonce = request.header("x-lark-request-nonce");
        String signature = request.header("x-lark-signature");
        if (timestamp == null || nonce == null) {
            throw WebhookRejectedException.unauthorized("missing X-Lark-Request-Timestamp or X-Lark-Request-Nonce");
        }
        long ts = WebhookSecurity.parseEpochMillis(timestamp);
        if (ts < 0) {
            throw WebhookRejectedException.badRequest("timestamp is not a number");
        }
        boolean legacy;
        if (crypto != null && crypto.verify(signature, timestamp, nonce, request.body())) {
            legacy = false;
        } else if (config.getVerificationToken() != null && !config.getVerificationToken().isBlank()
                && WebhookSecurity.constantTimeEquals(LarkCallbackCrypto.cardSignature(timestamp, nonce,
                        config.getVerificationToken(), request.body()), signature)) {
            legacy = true;
        } else {
            throw WebhookRejectedException.unauthorized("signature does not match");
        }
        if (!WebhookSecurity.isFresh(ts, Duration.ofMillis(config.getTimestampTolerance()), clock)) {
            throw WebhookRejectedException
                    .unauthorized("timestamp is outside the accepted window (stale or from the future)");
        }
        if (!replayGuard.firstSeen(signature)) {
            throw WebhookRejectedException.unauthorized("request was already received (replay)");
        }
        return legacy;
    }

    /** The older card callback, in the shape of a {@code card.action.trigger} event. */
    private static LarkEvent fromLegacyCard(JsonNode root) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.putObject("operator").put("open_id", Json.text(root, "open_id"))
                .put("user_id", Json.text(root, "user_id"))
                .put("tenant_key", Json.text(root, "tenant_key"));
        event.put("token", Json.text(root, "token"));
        event.set("action", root.path("action"));
        event.putObject("context").put("open_message_id", Json.text(root, "open_message_id"))
                .put("open_chat_id", Json.text(root, "open_chat_id"));
        String id = Json.text(root, "token") != null ? Json.text(root, "token") : Json.text(root, "open_message_id");
        return new LarkEvent("card", id, LarkEvent.CARD_ACTION, 0, null, Json.text(root, "tenant_key"), event);
    }

    /**
     * Card actions answer with the route's toast / card (the older card callback: the bare new card, else the toast);
     * every other event with Lark's success message.
     */
    private static WebhookResponse answer(LarkEvent event, Exchange exchange, boolean legacyCard) {
        if (!event.isCardAction()) {
            return WebhookResponse.json("{\"msg\":\"success\"}");
        }
        byte[] bytes = LarkStreamConsumer.cardAnswer(exchange.getMessage().getBody());
        if (bytes == null) {
            return WebhookResponse.json("{}");
        }
        JsonNode answer = Json.read(bytes);
        if (legacyCard) {
            JsonNode card = answer.path("card");
            if ("raw".equals(card.path("type").asText()) && card.has("data")) {
                return WebhookResponse.json(card.path("data").toString());
            }
            return WebhookResponse.json(answer.has("toast") ? Json.MAPPER.createObjectNode()
                    .set("toast", answer.get("toast")).toString() : "{}");
        }
        return WebhookResponse.json(answer.toString());
    }
}
