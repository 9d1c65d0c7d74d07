package io.camelchat.difft.webhook;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.camelchat.common.webhook.ReplayGuard;
import io.camelchat.common.webhook.WebhookRejectedException;
import io.camelchat.common.webhook.WebhookRequest;
import io.camelchat.difft.api.DifftSignatures;
import org.apache.camel.spi.IdempotentRepository;

/**
 * Checks a webhook call as reference section 9 asks (the steps of section 2.3, {@link DifftSignatures#verify}): the
 * six {@code X-Signature-*} headers present, the app id the configured one, the algorithm {@code HmacSHA256}, a
 * millisecond timestamp within the tolerance of now, a body that signs both {@code Content-Length} and
 * {@code Content-Type}, every signed header present, the HMAC over the canonical request (method, path, query, signed
 * headers, raw body) matching in constant time; then a nonce not seen before within twice the tolerance. The nonce is
 * remembered only once the HMAC matched, so a forged call cannot use up a nonce of the platform's. Every refusal is a
 * 401 whose message names the step, never a secret nor the expected signature.
 */
public final class DifftCallbackVerifier {

    private final String appId;
    private final String appSecret;
    private final Duration tolerance;
    private final ReplayGuard nonces;
    private final Clock clock;

    public DifftCallbackVerifier(String appId, String appSecret, Duration tolerance, Clock clock) {
        this(appId, appSecret, tolerance, clock, null);
    }

    /**
     * @param replayRepository where the accepted nonces are kept (shared by several nodes), or null for this node's
     *                         memory
     */
    public DifftCallbackVerifier(String appId, String appSecret, Duration tolerance, Clock clock,
                                 IdempotentRepository replayRepository) {
        this.appId = appId;
        this.appSecret = appSecret;
        this.tolerance = tolerance;
        this.clock = clock;
        this.nonces = new ReplayGuard(tolerance.multipliedBy(2), 100_000, clock, replayRepository);
    }

    /**
     * Verifies a {@code POST} to {@code path} (the path the platform signed: the callback URL's path).
     *
     * @throws WebhookRejectedException 401 when the call is forged, stale or replayed
     */
    public void verify(String path, WebhookRequest request) throws WebhookRejectedException {
        byte[] body = request.body();
        DifftSignatures.Verification v = DifftSignatures.verify(appId, appSecret, "POST", path,
                rawQuery(request), name -> header(request, name, body), body, clock.millis(), tolerance.toMillis());
        if (!v.ok()) {
            throw WebhookRejectedException.unauthorized(v.stale()
                    ? "timestamp is outside the accepted window (stale or from the future)" : v.problem());
        }
        if (!nonces.firstSeen(v.appId() + "|" + v.nonce())) {
            throw WebhookRejectedException.unauthorized("nonce was already used (replay)");
        }
    }

    /** A request header; {@code Content-Length}, when the HTTP server keeps it to itself, is the body's length. */
    private static String header(WebhookRequest request, String name, byte[] body) {
        String v = request.header(name);
        if (v == null && "content-length".equalsIgnoreCase(name)) {
            return Integer.toString(body.length);
        }
        return v;
    }

    /** The query again as text (the first value of each parameter; the canonical request decodes and sorts it). */
    private static String rawQuery(WebhookRequest request) {
        List<String> pairs = new ArrayList<>();
        request.queryParameters().forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                                                              + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return pairs.isEmpty() ? null : String.join("&", pairs);
    }
}
