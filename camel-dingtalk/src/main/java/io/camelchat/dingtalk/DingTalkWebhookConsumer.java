package io.camelchat.dingtalk;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.Json;
import io.camelchat.common.webhook.ChatWebhookConsumer;
import io.camelchat.common.webhook.ReplayGuard;
import io.camelchat.common.webhook.WebhookRejectedException;
import io.camelchat.common.webhook.WebhookRequest;
import io.camelchat.common.webhook.WebhookResponse;
import io.camelchat.common.webhook.WebhookSecurity;
import io.camelchat.dingtalk.api.DingTalkEvent;
import io.camelchat.dingtalk.api.DingTalkRobotMessage;
import io.camelchat.dingtalk.webhook.DingTalkCallbackCrypto;
import org.apache.camel.Processor;

/**
 * DingTalk's HTTP callbacks, served through platform-http at {@code webhookPath}:
 * <ul>
 * <li>outgoing-robot callbacks (headers {@code timestamp} and {@code sign}: HmacSHA256 of
 * {@code timestamp + "\n" + clientSecret} keyed with the clientSecret), routed as {@link DingTalkRobotMessage};</li>
 * <li>encrypted event-subscription callbacks (query {@code msg_signature}, {@code timestamp}, {@code nonce}; body
 * {@code {"encrypt": ...}}), decrypted and routed as {@link DingTalkEvent}; {@code check_url} is answered without
 * routing; the answer is the encrypted {@code success} DingTalk expects, sent after the route completed.</li>
 * </ul>
 * Forged, stale, replayed or malformed requests get 4xx and route nothing.
 */
public class DingTalkWebhookConsumer extends ChatWebhookConsumer {

    private final DingTalkConfiguration config;
    private final DingTalkCallbackCrypto crypto;
    private final ReplayGuard replayGuard;
    private final Clock clock = Clock.systemUTC();

    public DingTalkWebhookConsumer(DingTalkEndpoint endpoint, Processor processor) {
        super(endpoint, processor, DingTalkConstants.PLATFORM, endpoint.getConfiguration().getWebhookPath(),
                endpoint.getConfiguration().getMaxBodySize());
        this.config = endpoint.getConfiguration();
        boolean events = config.getAesKey() != null || config.getCallbackToken() != null;
        if (events) {
            if (config.getAesKey() == null || config.getCallbackToken() == null || config.effectiveOwnerKey() == null) {
                throw new IllegalArgumentException(
                        "DingTalk event callbacks need the options aesKey, callbackToken and "
                                                   + "ownerKey (or clientId)");
            }
            this.crypto = new DingTalkCallbackCrypto(config.getCallbackToken(), config.getAesKey(),
                    config.effectiveOwnerKey());
        } else {
            this.crypto = null;
        }
        if (crypto == null && (config.getClientSecret() == null || config.getClientSecret().isBlank())) {
            throw new IllegalArgumentException("dingtalk:webhook needs clientSecret (robot callbacks) or aesKey and "
                                               + "callbackToken (event callbacks)");
        }
        this.replayGuard = new ReplayGuard(Duration.ofMillis(config.getTimestampTolerance()).multipliedBy(2), 100_000,
                Clock.systemUTC(), config.getReplayRepository());
    }

    @Override
    protected Decision accept(WebhookRequest request) throws WebhookRejectedException {
        String msgSignature = request.query("msg_signature") != null ? request.query("msg_signature")
                : request.query("signature");
        if (msgSignature != null) {
            return acceptEvent(request, msgSignature);
        }
        if (request.header("sign") != null || request.header("timestamp") != null) {
            return acceptRobotMessage(request);
        }
        throw WebhookRejectedException.unauthorized("request carries no DingTalk signature");
    }

    private Decision acceptRobotMessage(WebhookRequest request) throws WebhookRejectedException {
        String secret = config.getClientSecret();
        if (secret == null || secret.isBlank()) {
            throw WebhookRejectedException.unauthorized("robot callbacks are not configured (no clientSecret)");
        }
        String timestamp = request.header("timestamp");
        String sign = request.header("sign");
        if (timestamp == null || sign == null) {
            throw WebhookRejectedException.unauthorized("missing timestamp or sign header");
        }
        checkFresh(timestamp);
        String expected = WebhookSecurity.hmacSha256Base64(secret, timestamp + "\n" + secret);
        if (!WebhookSecurity.constantTimeEquals(expected, sign)) {
            throw WebhookRejectedException.unauthorized("signature does not match");
        }
        if (!replayGuard.firstSeen("robot:" + sign)) {
            throw WebhookRejectedException.unauthorized("request was already received (replay)");
        }
        DingTalkRobotMessage message;
        try {
            JsonNode body = Json.read(request.body());
            if (!body.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            message = Json.MAPPER.treeToValue(body, DingTalkRobotMessage.class);
        } catch (Exception e) {
            throw WebhookRejectedException.badRequest("body is not a DingTalk robot message");
        }
        return Decision.route(message, DingTalkMessages.headers(message), exchange -> WebhookResponse.json("{}"))
                .onFailure(() -> replayGuard.forget("robot:" + sign));
    }

    private Decision acceptEvent(WebhookRequest request, String signature) throws WebhookRejectedException {
        if (crypto == null) {
            throw WebhookRejectedException
                    .unauthorized("event callbacks are not configured (no aesKey / callbackToken)");
        }
        String timestamp = request.query("timestamp") != null ? request.query("timestamp") : request.query("timeStamp");
        String nonce = request.query("nonce");
        if (timestamp == null || nonce == null) {
            throw WebhookRejectedException.unauthorized("missing timestamp or nonce");
        }
        checkFresh(timestamp);
        String encrypt;
        try {
            encrypt = Json.text(Json.read(request.body()), "encrypt");
        } catch (IllegalArgumentException e) {
            throw WebhookRejectedException.badRequest("body is not JSON");
        }
        if (encrypt == null) {
            throw WebhookRejectedException.badRequest("body has no encrypt field");
        }
        if (!crypto.verify(signature, timestamp, nonce, encrypt)) {
            throw WebhookRejectedException.unauthorized("signature does not match");
        }
        if (!replayGuard.firstSeen("event:" + signature)) {
            throw WebhookRejectedException.unauthorized("request was already received (replay)");
        }
        JsonNode event;
        try {
            event = Json.read(crypto.decrypt(encrypt));
        } catch (IllegalArgumentException e) {
            // one answer for every failure: nothing about the plaintext leaks
            throw WebhookRejectedException.badRequest("cannot decrypt or parse the callback");
        }
        String type = Json.text(event, "EventType");
        if (type == null) {
            throw WebhookRejectedException.badRequest("decrypted event has no EventType");
        }
        if ("check_url".equals(type)) {
            return Decision.respond(successAnswer());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> data = new LinkedHashMap<>(Json.MAPPER.convertValue(event, Map.class));
        data.remove("EventType");
        String eventId = Json.text(event, "EventId");
        if (eventId == null) {
            // DingTalk's HTTP events carry no id field of their own: the signature identifies this push
            eventId = signature;
        }
        long born = WebhookSecurity.parseEpochMillis(Json.text(event, "TimeStamp"));
        DingTalkEvent dt = new DingTalkEvent(eventId, type, Json.text(event, "CorpId"), Math.max(born, 0), null, data);
        return Decision.route(dt, DingTalkMessages.headers(dt), exchange -> successAnswer())
                .onFailure(() -> replayGuard.forget("event:" + signature));
    }

    private void checkFresh(String timestamp) throws WebhookRejectedException {
        long ts = WebhookSecurity.parseEpochMillis(timestamp);
        if (ts < 0) {
            throw WebhookRejectedException.badRequest("timestamp is not a number");
        }
        if (!WebhookSecurity.isFresh(ts, Duration.ofMillis(config.getTimestampTolerance()), clock)) {
            throw WebhookRejectedException
                    .unauthorized("timestamp is outside the accepted window (stale or from the future)");
        }
    }

    /** The encrypted, signed {@code success} DingTalk expects in answer to every event. */
    private WebhookResponse successAnswer() {
        String timestamp = Long.toString(clock.millis());
        String nonce = DingTalkCallbackCrypto.nonce();
        String encrypt = crypto.encrypt("success");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("msg_signature", crypto.signature(timestamp, nonce, encrypt));
        answer.put("timeStamp", timestamp);
        answer.put("nonce", nonce);
        answer.put("encrypt", encrypt);
        return WebhookResponse.json(Json.write(answer));
    }
}
