package io.camelchat.simulator.dingtalk;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.WebhookClient;

/**
 * Plays DingTalk calling an app's HTTP endpoints: robot callbacks signed with {@code timestamp} + {@code sign}
 * headers, and encrypted event subscription pushes (including the URL check), each optionally spoiled by a
 * {@link Tamper}; checks the encrypted {@code success} answer of event pushes.
 */
final class DingTalkWebhookSender {

    private final String clientSecret;
    private final WebhookClient client = new WebhookClient();

    DingTalkWebhookSender(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    WebhookResult postRobotCallback(String url, InboundMessage msg, Tamper tamper) {
        if (tamper == Tamper.WRONG_OWNER_KEY) {
            throw new IllegalArgumentException("WRONG_OWNER_KEY applies to encrypted events only");
        }
        long now = System.currentTimeMillis();
        String ts = String.valueOf(tamper == Tamper.STALE_TIMESTAMP ? now - Duration.ofHours(2).toMillis() : now);
        String sign = WebhookCrypto.robotSign(ts, tamper == Tamper.FORGED_SIGNATURE ? clientSecret + "-forged"
                : clientSecret);
        String body = tamper == Tamper.MALFORMED_BODY ? "{\"msgId\":\"" + msg.msgId() + "\",\"text\":{" : msg.json();
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (tamper != Tamper.MISSING_HEADERS) {
            rb.header("timestamp", ts).header("sign", sign);
        }
        HttpRequest request = rb.build();
        if (tamper == Tamper.REPLAY) {
            client.send(request);
        }
        WebhookClient.Reply reply = client.send(request);
        return new WebhookResult(reply.status(), reply.body(), reply.ok());
    }

    WebhookResult postEncryptedEvent(String url, String token, String aesKey, String ownerKey,
                                     Map<String, Object> eventPlaintext, Tamper tamper) {
        long now = System.currentTimeMillis();
        String ts = String.valueOf(tamper == Tamper.STALE_TIMESTAMP ? now - Duration.ofHours(2).toMillis() : now);
        String nonce = WebhookCrypto.randomAlnum(8);
        String owner = tamper == Tamper.WRONG_OWNER_KEY ? ownerKey + "-wrong" : ownerKey;
        String encrypt = WebhookCrypto.encrypt(aesKey, owner, Json.write(eventPlaintext));
        String sig = WebhookCrypto.signature(tamper == Tamper.FORGED_SIGNATURE ? token + "-forged" : token, ts, nonce,
                encrypt);
        String target = url;
        if (tamper != Tamper.MISSING_HEADERS) {
            target += (url.contains("?") ? "&" : "?") + "msg_signature=" + sig + "&timestamp=" + ts + "&nonce=" + nonce;
        }
        String body = tamper == Tamper.MALFORMED_BODY ? "encrypt=" + encrypt : Json.write(Map.of("encrypt", encrypt));
        HttpRequest req = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        if (tamper == Tamper.REPLAY) {
            client.send(req);
        }
        WebhookClient.Reply reply = client.send(req);
        if (reply.status() == -1) {
            return new WebhookResult(-1, reply.body(), false);
        }
        return new WebhookResult(reply.status(), reply.body(),
                reply.ok() && verifyAnswer(reply.body(), token, aesKey, ownerKey));
    }

    /** Whether the answer is the encrypted, correctly signed {@code success}. */
    private static boolean verifyAnswer(String body, String token, String aesKey, String ownerKey) {
        Map<String, Object> m = Json.tryParseObject(body);
        if (m == null) {
            return false;
        }
        Object sig = m.get("msg_signature");
        Object ts = m.get("timeStamp");
        Object nonce = m.get("nonce");
        Object enc = m.get("encrypt");
        if (sig == null || ts == null || nonce == null || !(enc instanceof String e)) {
            return false;
        }
        if (!WebhookCrypto.signature(token, String.valueOf(ts), String.valueOf(nonce), e).equals(String.valueOf(sig))) {
            return false;
        }
        try {
            return "success".equals(WebhookCrypto.decrypt(aesKey, ownerKey, e));
        } catch (IllegalArgumentException ex) {
            return false;
        }
    }
}
