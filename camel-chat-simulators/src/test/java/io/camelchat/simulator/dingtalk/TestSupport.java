package io.camelchat.simulator.dingtalk;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain JDK clients for the tests. */
final class TestSupport {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final List<Map<String, String>> ALL_SUBSCRIPTIONS = List.of(
            Map.of("type", "EVENT", "topic", "*"),
            Map.of("type", "CALLBACK", "topic", DingTalkSimulator.TOPIC_BOT_MESSAGE),
            Map.of("type", "CALLBACK", "topic", DingTalkSimulator.TOPIC_CARD_CALLBACK));

    private TestSupport() {
    }

    static Map<String, Object> parse(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {
            });
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static String json(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static HttpResponse<String> post(String url, Object body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : json(body)));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    static HttpResponse<String> send(HttpRequest r) {
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String token(DingTalkSimulator sim) {
        HttpResponse<String> r = post(sim.apiUrl() + "/v1.0/oauth2/accessToken",
                Map.of("appKey", sim.clientId(), "appSecret", sim.clientSecret()));
        assertThat(r.statusCode()).isEqualTo(200);
        return (String) parse(r.body()).get("accessToken");
    }

    static HttpResponse<String> multipart(String url, Map<String, String> fields, String fileName, String contentType,
                                          byte[] bytes) {
        String boundary = "----sim" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((k, v) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k
                                                 + "\"\r\n\r\n" + v + "\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build());
    }

    /** Registers with all subscriptions; returns the answer (endpoint, ticket). */
    static Map<String, Object> register(DingTalkSimulator sim) {
        HttpResponse<String> r = post(sim.apiUrl() + "/v1.0/gateway/connections/open",
                Map.of("clientId", sim.clientId(), "clientSecret", sim.clientSecret(),
                        "subscriptions", ALL_SUBSCRIPTIONS, "ua", "test/1.0"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return parse(r.body());
    }

    static StreamClient connect(DingTalkSimulator sim) {
        Map<String, Object> reg = register(sim);
        return StreamClient.open(HTTP, reg.get("endpoint") + "?ticket=" + reg.get("ticket"));
    }

    /** A JDK websocket client collecting whole text frames. */
    static final class StreamClient implements WebSocket.Listener, AutoCloseable {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        static StreamClient open(HttpClient client, String url) {
            StreamClient c = new StreamClient();
            c.ws = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(URI.create(url), c)
                    .orTimeout(10, TimeUnit.SECONDS).join();
            return c;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pongs.add(StandardCharsets.UTF_8.decode(message).toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete("close " + statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error " + error);
        }

        String nextText() {
            try {
                String f = frames.poll(10, TimeUnit.SECONDS);
                assertThat(f).as("expected a frame").isNotNull();
                return f;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        Map<String, Object> next() {
            return parse(nextText());
        }

        void send(Object frame) {
            ws.sendText(frame instanceof String s ? s : json(frame), true).orTimeout(5, TimeUnit.SECONDS).join();
        }

        /** Java SDK style ack. */
        void ack(Map<String, Object> frame, int code, Object data) {
            @SuppressWarnings("unchecked")
            Map<String, Object> h = (Map<String, Object>) frame.get("headers");
            Map<String, Object> ack = new LinkedHashMap<>();
            ack.put("code", code);
            ack.put("headers", Map.of("contentType", "application/json", "messageId", h.get("messageId"),
                    "time", String.valueOf(System.currentTimeMillis())));
            ack.put("message", code == 200 ? "OK" : "client internal error");
            if (data != null) {
                ack.put("data", json(data));
            }
            send(ack);
        }

        @Override
        public void close() {
            if (!ws.isOutputClosed()) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }
            ws.abort();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> headers(Map<String, Object> frame) {
        return (Map<String, Object>) frame.get("headers");
    }

    static Map<String, Object> data(Map<String, Object> frame) {
        Object d = frame.get("data");
        assertThat(d).isInstanceOf(String.class);
        return parse((String) d);
    }
}
