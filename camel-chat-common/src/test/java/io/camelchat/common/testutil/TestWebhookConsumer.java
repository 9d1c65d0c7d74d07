package io.camelchat.common.testutil;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.Json;
import io.camelchat.common.webhook.ChatWebhookConsumer;
import io.camelchat.common.webhook.WebhookRejectedException;
import io.camelchat.common.webhook.WebhookRequest;
import io.camelchat.common.webhook.WebhookResponse;
import io.camelchat.common.webhook.WebhookSecurity;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;

/**
 * Accepts requests whose {@code x-token} header is {@code good}; answers a {@code challenge} at once; otherwise
 * routes the body text and replies with the route's body.
 */
public class TestWebhookConsumer extends ChatWebhookConsumer {

    public TestWebhookConsumer(Endpoint endpoint, Processor processor, String path, int maxBodySize) {
        super(endpoint, processor, "testhook", path, maxBodySize);
    }

    @Override
    protected Decision accept(WebhookRequest request) throws WebhookRejectedException {
        if (!WebhookSecurity.constantTimeEquals("good", request.header("x-token"))) {
            throw WebhookRejectedException.unauthorized("bad token");
        }
        String body = request.bodyAsString();
        if (body.startsWith("{")) {
            JsonNode json = Json.read(body);
            String challenge = Json.text(json, "challenge");
            if (challenge != null) {
                return Decision.respond(WebhookResponse.json(Json.write(Map.of("challenge", challenge))));
            }
        }
        Map<String, Object> headers = new HashMap<>();
        headers.put("Sender", "test");
        headers.put("Q", request.query("q"));
        headers.put("Path", request.path());
        return Decision.route(body, headers,
                exchange -> WebhookResponse.text(exchange.getMessage().getBody(String.class)));
    }
}
