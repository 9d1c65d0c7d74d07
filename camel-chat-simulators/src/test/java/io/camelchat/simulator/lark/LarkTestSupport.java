package io.camelchat.simulator.lark;

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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.camelchat.simulator.lark.proto.Pbbp2;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain JDK clients for the Lark tests. */
final class LarkTestSupport {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String APP_ID = "cli_0123456789abcdef";
    static final String SECRET = "s3cr3t";

    private LarkTestSupport() {
    }

    static LarkSimulator.Builder builder() {
        return LarkSimulator.builder().appId(APP_ID).appSecret(SECRET).verificationToken("vtoken")
                .tenantKey("tenant0001");
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

    static HttpResponse<String> call(String method, String url, String token, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : json(body)));
        return send(b.build());
    }

    static HttpResponse<String> send(HttpRequest r) {
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static HttpResponse<byte[]> sendBytes(HttpRequest r) {
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String tenantToken(LarkSimulator sim) {
        HttpResponse<String> r = call("POST", sim.apiUrl() + "/open-apis/auth/v3/tenant_access_token/internal", null,
                Map.of("app_id", APP_ID, "app_secret", SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (String) parse(r.body()).get("tenant_access_token");
    }

    static HttpResponse<String> multipart(String url, String token, Map<String, String> fields, String filePart,
                                          String fileName, String contentType, byte[] bytes) {
        String boundary = "----lark" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((k, v) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k
                                                 + "\"\r\n\r\n" + v + "\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + filePart + "\"; filename=\""
                        + fileName + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> data(HttpResponse<String> r) {
        Map<String, Object> m = parse(r.body());
        assertThat(m.get("code")).as(r.body()).isEqualTo(0);
        return (Map<String, Object>) m.get("data");
    }

    /** The endpoint answer's data (URL + ClientConfig). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> endpoint(LarkSimulator sim) {
        HttpResponse<String> r = call("POST", sim.apiUrl() + "/callback/ws/endpoint", null,
                "{\"AppID\": \"" + APP_ID + "\", \"AppSecret\": \"" + SECRET + "\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> m = parse(r.body());
        assertThat(m.get("code")).as(r.body()).isEqualTo(0);
        return (Map<String, Object>) m.get("data");
    }

    static WsClient connect(LarkSimulator sim) {
        return WsClient.open((String) endpoint(sim).get("URL"));
    }

    static Map<String, String> headers(Pbbp2.Frame f) {
        Map<String, String> h = new LinkedHashMap<>();
        f.getHeadersList().forEach(x -> h.putIfAbsent(x.getKey(), x.getValue()));
        return h;
    }

    /** A JDK websocket client collecting whole binary messages as pbbp2 frames. */
    static final class WsClient implements WebSocket.Listener, AutoCloseable {
        final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        WebSocket ws;

        static WsClient open(String url) {
            WsClient c = new WsClient();
            c.ws = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(URI.create(url), c)
                    .orTimeout(10, TimeUnit.SECONDS).join();
            return c;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            partial.writeBytes(b);
            if (last) {
                byte[] all = partial.toByteArray();
                partial.reset();
                try {
                    frames.add(Pbbp2.Frame.parseFrom(all));
                } catch (Exception e) {
                    frames.add(all);
                }
            }
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

        Object nextRaw() {
            try {
                Object f = frames.poll(10, TimeUnit.SECONDS);
                assertThat(f).as("expected a frame").isNotNull();
                return f;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        Pbbp2.Frame next() {
            Object o = nextRaw();
            assertThat(o).isInstanceOf(Pbbp2.Frame.class);
            return (Pbbp2.Frame) o;
        }

        /** No frame within the time. */
        boolean quiet(long millis) {
            try {
                return frames.poll(millis, TimeUnit.MILLISECONDS) == null;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        void send(byte[] bytes) {
            ws.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(5, TimeUnit.SECONDS).join();
        }

        void ping(int serviceId) {
            send(Pbbp2.Frame.newBuilder().setSeqID(0).setLogID(0).setService(serviceId).setMethod(0)
                    .addHeaders(Pbbp2.Header.newBuilder().setKey("type").setValue("ping")).build().toByteArray());
        }

        /** Java SDK style answer: the frame echoed with biz_rt and the given payload. */
        void answer(Pbbp2.Frame f, String payloadJson) {
            send(f.toBuilder().setPayload(ByteString.copyFromUtf8(payloadJson))
                    .addHeaders(Pbbp2.Header.newBuilder().setKey("biz_rt").setValue("3")).build().toByteArray());
        }

        @Override
        public void close() {
            if (!ws.isOutputClosed()) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }
            ws.abort();
        }
    }
}
