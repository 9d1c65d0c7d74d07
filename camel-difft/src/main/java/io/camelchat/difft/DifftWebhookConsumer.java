package io.camelchat.difft;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.Json;
import io.camelchat.common.webhook.ChatWebhookConsumer;
import io.camelchat.common.webhook.WebhookRejectedException;
import io.camelchat.common.webhook.WebhookRequest;
import io.camelchat.common.webhook.WebhookResponse;
import io.camelchat.difft.stream.DifftDeliveries;
import io.camelchat.difft.webhook.DifftCallbackVerifier;
import org.apache.camel.Processor;

/**
 * Difft's HTTP callbacks ({@code difft:webhook}, reference section 9, a convention), served through platform-http at
 * {@code webhookPath}: each {@code POST} carries one inbound message (the section 8.4 shape), signed with the section
 * 2 scheme by the bot's appId and appSecret. The call is verified first ({@link DifftCallbackVerifier}: headers, app
 * id, algorithm, timestamp within {@code timestampTolerance}, HMAC over method, path, query, signed headers and raw
 * body, nonce not replayed), then read and normalized ({@link DifftInboundMessage}); forged, stale or replayed calls
 * get 401, malformed bodies 400, bodies over {@code maxBodySize} 413, and nothing is routed. A routed message is
 * answered {@code {"ver":1,"status":0,"reason":"ok"}} when its route completed, 500 when it failed (the platform
 * calls again with the same message).
 * <p>
 * Answered {@code ok} without routing: the bot's own messages, {@code RECEIPT}s unless {@code receipts} is set, and a
 * message routed successfully before (a redelivery, recognized by its id). A call for a message still being routed is
 * answered 409, so that the platform tries again later.
 * <p>
 * The signature covers the path the platform called, checked against the path the HTTP server received (a servlet
 * context path included; {@code webhookPath} when the HTTP consumer does not report it). A reverse proxy that
 * rewrites the path breaks the signature: forward the path unchanged.
 */
public class DifftWebhookConsumer extends ChatWebhookConsumer {

    /** The answer to a call that was handled. */
    public static final String OK = "{\"ver\":1,\"status\":0,\"reason\":\"ok\"}";

    private static final int REMEMBERED_IDS = 10_000;

    private final DifftConfiguration config;
    private final String botId;
    private final DifftCallbackVerifier verifier;
    private final DifftDeliveries deliveries = new DifftDeliveries(REMEMBERED_IDS);
    private final AtomicLong skipped = new AtomicLong();

    public DifftWebhookConsumer(DifftEndpoint endpoint, Processor processor) {
        super(endpoint, processor, DifftConstants.PLATFORM, endpoint.getConfiguration().getWebhookPath(),
                endpoint.getConfiguration().getMaxBodySize());
        this.config = endpoint.getConfiguration();
        // without appId and appSecret anybody could post messages; botId tells the bot's own messages apart
        config.validateCredentials(true);
        this.botId = config.effectiveBotId();
        this.verifier = new DifftCallbackVerifier(config.getAppId(), config.getAppSecret(),
                Duration.ofMillis(config.getTimestampTolerance()), Clock.systemUTC(), config.getReplayRepository());
    }

    @Override
    protected Decision accept(WebhookRequest request) throws WebhookRejectedException {
        verifier.verify(request.path() != null ? request.path() : getPath(), request);
        JsonNode data;
        try {
            data = Json.read(request.body());
        } catch (IllegalArgumentException e) {
            throw WebhookRejectedException.badRequest("body is not JSON");
        }
        DifftInboundMessage m;
        try {
            m = DifftInboundMessage.parse(data, botId);
        } catch (IllegalArgumentException e) {
            throw WebhookRejectedException.badRequest("not a Difft message: " + e.getMessage());
        }
        if (m.isEcho() || (m.isReceipt() && !config.isReceipts())) {
            skipped.incrementAndGet();
            return Decision.respond(WebhookResponse.json(OK));
        }
        String id = m.getMessageId();
        DifftDeliveries.Claim claim = deliveries.claim(id);
        switch (claim.verdict()) {
            case DONE :
                return Decision.respond(WebhookResponse.json(OK));
            case IN_PROGRESS :
                return Decision.respond(new WebhookResponse(409, "application/json; charset=UTF-8",
                        "{\"ver\":1,\"status\":1,\"reason\":\"message is being processed\"}"));
            default :
                break;
        }
        return Decision.route(DifftEventHeaders.event(m), exchange -> {
            deliveries.finish(id, true);
            return WebhookResponse.json(OK);
        }).onFailure(() -> deliveries.finish(id, false));
    }

    /** Calls answered without routing: the bot's own messages, receipts. */
    public long getSkippedCount() {
        return skipped.get();
    }

    /** Calls for messages routed before (or being routed). */
    public long getDuplicateCount() {
        return deliveries.getDuplicates();
    }
}
