package io.camelchat.common.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 and a free port that answers with a scripted sequence of responses (then 200
 * {@code {"ok":true}}), and records every request it saw with the instant it arrived.
 */
final class ScriptedHttpServer implements AutoCloseable {

    record Answer(int status, Map<String, String> headers, String body, CountDownLatch holdUntil) {
        static Answer of(int status, String body) {
            return new Answer(status, Map.of(), body, null);
        }

        static Answer of(int status, Map<String, String> headers, String body) {
            return new Answer(status, headers, body, null);
        }

        /** Answers only once {@code latch} is released (or after 10 s): a server that does not answer in time. */
        static Answer heldUntil(CountDownLatch latch) {
            return new Answer(200, Map.of(), "{\"late\":true}", latch);
        }
    }

    record Seen(String method, URI uri, Headers headers, byte[] body, long arrivedNanos) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as ISO-8859-1, so that every byte is one char (to look for binary content). */
        String bodyLatin1() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

    ScriptedHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    ScriptedHttpServer answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port() + pathAndQuery;
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        long arrived = System.nanoTime();
        byte[] body = ex.getRequestBody().readAllBytes();
        seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI(), ex.getRequestHeaders(), body, arrived));
        Answer a = script.poll();
        if (a == null) {
            a = Answer.of(200, "{\"ok\":true}");
        }
        if (a.holdUntil() != null) {
            try {
                a.holdUntil().await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (!ex.getResponseHeaders().containsKey("Content-Type")) {
            ex.getResponseHeaders().add("Content-Type", "application/json");
        }
        byte[] out = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
        try {
            ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (IOException ignored) {
            // the client gave up (timeout test)
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
