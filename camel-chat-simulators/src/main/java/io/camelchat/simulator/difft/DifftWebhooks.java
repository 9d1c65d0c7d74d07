package io.camelchat.simulator.difft;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.PushEngine;
import io.camelchat.simulator.common.SimThreads;
import io.camelchat.simulator.common.WebhookClient;

/**
 * Plays the platform calling a consumer's callback URL (reference section 9, a convention): {@code POST <url>} with
 * {@code Content-Type: application/json}, the body one inbound {@code data} object, signed with the section 2 scheme by
 * the app's appid and secret (fresh timestamp and nonce on every call, {@code X-Signature-signedHeaders:
 * Content-Length,Content-Type}). Deliveries of one app are made one after the other on the app's own thread, so a
 * consumer sees them in order; the engine's transport only hands them over.
 */
final class DifftWebhooks implements AutoCloseable {

    private final DifftSimulator sim;
    private final WebhookClient client = new WebhookClient();
    private final Map<String, ExecutorService> lanes = new LinkedHashMap<>();
    private volatile Duration timeout;
    private boolean closed;

    DifftWebhooks(DifftSimulator sim, Duration timeout) {
        this.sim = sim;
        this.timeout = timeout;
    }

    void timeout(Duration d) {
        timeout = d;
    }

    Duration timeout() {
        return timeout;
    }

    /** Hands one delivery of the push to the app's lane: accepted answers acknowledge it, anything else rejects it. */
    void deliver(String url, PushEngine<DifftGateway.Delivery> engine, PushEngine.Push<DifftGateway.Delivery> p) {
        String appId = p.payload().appId();
        ExecutorService lane;
        synchronized (this) {
            if (closed) {
                return;
            }
            lane = lanes.computeIfAbsent(appId, id -> Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, SimThreads.name("difft-webhook-" + id));
                t.setDaemon(true);
                return t;
            }));
        }
        try {
            lane.execute(() -> {
                WebhookResult r = post(url, appId, Json.write(p.payload().data()), Tamper.NONE);
                sim.traffic("webhook " + appId + " -> " + url + ": " + r.status() + " "
                            + ProtocolLog.abbreviate(r.body()));
                if (r.accepted()) {
                    engine.acknowledge(p);
                } else {
                    engine.reject(p);
                }
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** One signed call (spoiled as {@code tamper} says); waits for the answer. */
    WebhookResult post(String url, String appId, String dataJson, Tamper tamper) {
        String secret = sim.secret(appId);
        if (secret == null) {
            throw new IllegalArgumentException("unknown app " + appId);
        }
        URI uri = URI.create(url);
        byte[] body = dataJson.getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis();
        String ts = Long.toString(tamper == Tamper.STALE_TIMESTAMP ? now - 600_000 : now);
        String nonce = UUID.randomUUID().toString().replace("-", "");
        String signingApp = tamper == Tamper.UNKNOWN_APP ? "unknown-" + appId : appId;
        List<String[]> signed = new ArrayList<>();
        if (tamper != Tamper.UNSIGNED_BODY_HEADERS) {
            signed.add(new String[]{ "Content-Length", Integer.toString(body.length) });
            signed.add(new String[]{ "Content-Type", "application/json" });
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = DifftSignatures.canonicalQuery(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] sts = DifftSignatures.stringToSign(signingApp, ts, nonce, "POST", path, query, signed, body);
        String signature = HexFormat.of().formatHex(DifftSignatures.hmac(
                tamper == Tamper.WRONG_SECRET ? "wrong-" + secret : secret, sts));
        if (tamper == Tamper.BAD_SIGNATURE) {
            char last = signature.charAt(signature.length() - 1);
            signature = signature.substring(0, signature.length() - 1) + (last == '0' ? '1' : '0');
        }
        Duration t = timeout;
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(t)
                .header("Content-Type", "application/json")
                .header(DifftSignatures.APPID, signingApp)
                .header(DifftSignatures.TIMESTAMP, ts)
                .header(DifftSignatures.ALGORITHM, tamper == Tamper.WRONG_ALGORITHM ? "HmacSHA1"
                        : DifftSignatures.HMAC_SHA256)
                .header(DifftSignatures.SIGNED_HEADERS,
                        tamper == Tamper.UNSIGNED_BODY_HEADERS ? "" : "Content-Length,Content-Type")
                .header(DifftSignatures.SIGNATURE, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (tamper != Tamper.MISSING_HEADER) {
            rb.header(DifftSignatures.NONCE, nonce);
        }
        HttpRequest req = rb.build();
        if (tamper == Tamper.REPLAYED_NONCE) {
            client.send(req);
        }
        WebhookClient.Reply reply = client.send(req);
        return new WebhookResult(reply.status(), reply.body());
    }

    @Override
    public synchronized void close() {
        closed = true;
        lanes.values().forEach(ExecutorService::shutdownNow);
    }
}
