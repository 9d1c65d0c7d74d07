package io.camelchat.simulator.difft;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Opens a signed websocket (section 8.1) with the recording {@link DifftWebsocketTest.Client}. */
final class TestWebsocket {

    private TestWebsocket() {
    }

    static DifftWebsocketTest.Client connect(String url, TestSigner as) {
        return connect(TestSigner.HTTP, url, as);
    }

    static DifftWebsocketTest.Client connect(HttpClient http, String url, TestSigner as) {
        DifftWebsocketTest.Client c = new DifftWebsocketTest.Client();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        as.sign("GET", "/v1/websocket", Map.of(), null, System.currentTimeMillis(), TestSigner.nonce()).headers()
                .forEach(b::header);
        c.ws = b.buildAsync(URI.create(url), c).join();
        return c;
    }

    /** The {@code data} objects of a batch frame. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> data(Map<String, Object> batch) {
        return ((List<Map<String, Object>>) batch.get("messages")).stream()
                .map(m -> (Map<String, Object>) m.get("data")).toList();
    }

    /** Sends a fetch and returns the only {@code data} of the next batch. */
    static Map<String, Object> fetchOne(DifftWebsocketTest.Client c) throws InterruptedException {
        c.send("{\"cmd\":\"fetch\"}");
        List<Map<String, Object>> d = data(c.nextBatch());
        if (d.size() != 1) {
            throw new AssertionError("expected one message, got " + d);
        }
        return d.get(0);
    }
}
