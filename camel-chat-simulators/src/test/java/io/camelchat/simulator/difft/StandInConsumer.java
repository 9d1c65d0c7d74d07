package io.camelchat.simulator.difft;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook consumer for tests (JDK HTTP server on 127.0.0.1): it checks every call with a verifier written from
 * reference sections 2.3 and 9 (using {@link TestSigner} to rebuild the signature), records what came in, and answers
 * 401 when the check fails, else the next scripted status (200 {@code {"ver":1,"status":0,"reason":"ok"}} when none).
 */
final class StandInConsumer implements AutoCloseable {

    /** One call as received, with the verifier's verdict ({@code null}: accepted). */
    record Call(String path, Map<String, String> headers, String body, String refusal, int answered) {
    }

    private final Map<String, String> secrets;
    private final HttpServer server;
    private final Set<String> nonces = new HashSet<>();
    private final List<Call> calls = new ArrayList<>();
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
    private volatile CountDownLatch hold;

    StandInConsumer(Map<String, String> secretsByAppId) throws IOException {
        this.secrets = Map.copyOf(secretsByAppId);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stand-in-consumer");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next calls that pass the check get these HTTP statuses, in order. */
    StandInConsumer answer(Integer... statuses) {
        script.addAll(List.of(statuses));
        return this;
    }

    /** Calls block until the latch is counted down (or 30 s), to play a consumer that does not answer in time. */
    StandInConsumer hold(CountDownLatch latch) {
        hold = latch;
        return this;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        Map<String, String> headers = new LinkedHashMap<>();
        x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        Map<String, String> query = new LinkedHashMap<>();
        String raw = x.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && eq < pair.length() - 1) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        String refusal = verify(x.getRequestMethod(), x.getRequestURI().getRawPath(), query, headers, body);
        CountDownLatch h = hold;
        if (h != null) {
            try {
                h.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status = 401;
        String answer = "{\"ver\":1,\"status\":2,\"reason\":\"invalid signature\"}";
        if (refusal == null) {
            Integer s = script.poll();
            status = s == null ? 200 : s;
            answer = status == 200 ? "{\"ver\":1,\"status\":0,\"reason\":\"ok\"}" : "{\"status\":9}";
        }
        synchronized (this) {
            calls.add(new Call(x.getRequestURI().getRawPath(), headers, new String(body, StandardCharsets.UTF_8),
                    refusal, status));
        }
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, out.length);
        try (OutputStream os = x.getResponseBody()) {
            os.write(out);
        }
    }

    /** Section 2.3 applied to a callback; {@code null} when accepted. */
    private String verify(String method, String path, Map<String, String> query, Map<String, String> h,
                          byte[] body) {
        for (String name : List.of("appid", "timestamp", "nonce", "algorithm", "signature")) {
            String v = h.get("x-signature-" + name);
            if (v == null || v.isEmpty()) {
                return "missing X-Signature-" + name;
            }
        }
        String signedHeaders = h.get("x-signature-signedheaders");
        if (signedHeaders == null) {
            return "missing X-Signature-signedHeaders";
        }
        String appId = h.get("x-signature-appid");
        String secret = secrets.get(appId);
        if (secret == null) {
            return "unknown app";
        }
        if (!"HmacSHA256".equals(h.get("x-signature-algorithm"))) {
            return "wrong algorithm";
        }
        long ts;
        try {
            ts = Long.parseLong(h.get("x-signature-timestamp"));
        } catch (NumberFormatException e) {
            return "bad timestamp";
        }
        if (Math.abs(System.currentTimeMillis() - ts) > 300_000) {
            return "stale timestamp";
        }
        if (body.length > 0 && !"Content-Length,Content-Type".equals(signedHeaders)) {
            return "body headers not signed";
        }
        if (!"application/json".equals(h.get("content-type"))
                || !String.valueOf(body.length).equals(h.get("content-length"))) {
            return "unexpected content headers";
        }
        String nonce = h.get("x-signature-nonce");
        String expected = new TestSigner(appId, secret).sign(method, path, query, body, ts, nonce).headers()
                .get("X-Signature-signature");
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                h.get("x-signature-signature").getBytes(StandardCharsets.US_ASCII))) {
            return "signature mismatch";
        }
        synchronized (this) {
            if (!nonces.add(appId + "|" + nonce)) {
                return "nonce replayed";
            }
        }
        return null;
    }

    @Override
    public void close() {
        CountDownLatch h = hold;
        if (h != null) {
            while (h.getCount() > 0) {
                h.countDown();
            }
        }
        server.stop(0);
    }
}
