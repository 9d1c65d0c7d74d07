package io.camelchat.common.http;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAsync;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatRateLimitException;
import io.camelchat.common.Json;
import io.camelchat.common.http.ScriptedHttpServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.camelchat.common.http.ChatHttpClientTest.INSPECTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link ChatHttpClient#executeAsync}: the same retry rules as {@code execute}, against a real local server. */
class ChatHttpClientAsyncTest {

    private ScriptedHttpServer server;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final CountDownLatch releaseHeld = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        server = new ScriptedHttpServer();
    }

    @AfterEach
    void stop() throws Exception {
        releaseHeld.countDown();
        Collections.reverse(closeables);
        for (AutoCloseable c : closeables) {
            c.close();
        }
        server.close();
    }

    private static ChatHttpClientConfig config() {
        return new ChatHttpClientConfig()
                .setConnectTimeout(Duration.ofSeconds(5))
                .setResponseTimeout(Duration.ofSeconds(5))
                .setInitialRetryDelay(Duration.ofMillis(20))
                .setMaxRetries(3)
                .setRetryBudget(Duration.ofSeconds(5))
                .setUserAgent("camel-chat-test");
    }

    private ChatHttpClient client(ChatHttpClientConfig config) {
        ChatHttpClient c = new ChatHttpClient("test", config, INSPECTOR);
        closeables.add(c);
        return c;
    }

    /** The exception the future failed with (unwrapped), or null when it succeeded. */
    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.get(20, TimeUnit.SECONDS);
            return null;
        } catch (Exception e) {
            return ChatAsync.unwrap(e);
        }
    }

    @Test
    void jsonPostRoundTripCompletesOffTheIoThreads() throws Exception {
        server.answer(Answer.of(200, Map.of("X-Request-Id", "r-1"), "{\"ok\":true,\"id\":\"m42\"}"));
        ChatHttpClient client = client(config());

        List<String> completedOn = Collections.synchronizedList(new ArrayList<>());
        ChatHttpResponse response = client.executeAsync(ChatHttpRequest.post(server.url("/v1/send"))
                .header("Authorization", "Bearer tok").json(Map.of("text", "héllo")))
                .whenComplete((r, e) -> completedOn.add(Thread.currentThread().getName()))
                .get(20, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("id").asText()).isEqualTo("m42");
        assertThat(response.header("x-request-id")).isEqualTo("r-1");
        ScriptedHttpServer.Seen seen = server.seen().get(0);
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.headers().getFirst("Content-Type")).startsWith("application/json");
        assertThat(seen.headers().getFirst("Authorization")).isEqualTo("Bearer tok");
        assertThat(seen.headers().getFirst("User-Agent")).isEqualTo("camel-chat-test");
        assertThat(Json.read(seen.body()).get("text").asText()).isEqualTo("héllo");
        assertThat(completedOn).singleElement().asString().startsWith("camel-chat-async-");
        assertThat(client.getCallCount()).isEqualTo(1);
    }

    @Test
    void aCallerThatWaitsAnywaySendsOnItsOwnThreadWithTheSameRules() throws Exception {
        server.answer(Answer.of(503, "{\"code\":\"busy\"}"), Answer.of(200, "{\"v\":1}"),
                Answer.of(400, "{\"code\":\"bad\",\"msg\":\"no\"}"));
        ChatHttpClient client = client(config());
        List<String> signedOn = Collections.synchronizedList(new ArrayList<>());
        String caller = Thread.currentThread().getName();

        // a synchronous producer's thread: the blocking client, retries included, and a complete future returned
        CompletableFuture<ChatHttpResponse> ok = ChatAsync.whileCallerWaits(() -> client.executeAsync(
                ChatHttpRequest.get(server.url("/v1/user")).signer(r -> {
                    signedOn.add(Thread.currentThread().getName());
                    return Map.of();
                })));
        assertThat(ok).isDone();
        assertThat(ok.get().json().get("v").asInt()).isEqualTo(1);
        assertThat(signedOn).containsExactly(caller, caller);
        assertThat(client.getRetryCount()).isEqualTo(1);

        CompletableFuture<ChatHttpResponse> refused = ChatAsync.whileCallerWaits(
                () -> client.executeAsync(ChatHttpRequest.post(server.url("/v1/send")).json("{}")));
        assertThat(refused).isCompletedExceptionally();
        assertThat(failureOf(refused)).isInstanceOf(ChatApiException.class)
                .extracting(e -> ((ChatApiException) e).getPlatformCode()).isEqualTo("bad");
        assertThat(ChatAsync.callerWaits()).isFalse();
    }

    @Test
    void idempotentRequestIsRetriedAfter5xxAndSignedAgain() throws Exception {
        server.answer(Answer.of(503, "{\"code\":\"busy\"}"), Answer.of(200, "{\"v\":1}"));
        ChatHttpClient client = client(config());
        AtomicInteger attempts = new AtomicInteger();

        ChatHttpResponse response = client.executeAsync(ChatHttpRequest.get(server.url("/v1/user"))
                .header("X-Fixed", "f")
                .signer(r -> Map.of("X-Nonce", "n" + attempts.incrementAndGet(), "X-Op", r.operation())))
                .get(20, TimeUnit.SECONDS);

        assertThat(response.json().get("v").asInt()).isEqualTo(1);
        assertThat(server.seen()).extracting(s -> s.headers().getFirst("X-Nonce")).containsExactly("n1", "n2");
        assertThat(server.seen()).allSatisfy(s -> {
            assertThat(s.headers().getFirst("X-Op")).isEqualTo("GET /v1/user");
            assertThat(s.headers().getFirst("X-Fixed")).isEqualTo("f");
        });
        assertThat(client.getRetryCount()).isEqualTo(1);
    }

    @Test
    void nonIdempotentPostIsNotRetriedAfter5xx() {
        server.answer(Answer.of(503, "{\"code\":\"busy\",\"msg\":\"try later\"}"), Answer.of(200, "{}"));
        ChatHttpClient client = client(config());

        Throwable t = failureOf(client.executeAsync(ChatHttpRequest.post(server.url("/v1/send")).json("{}")));

        assertThat(t).isInstanceOf(ChatApiException.class);
        ChatApiException e = (ChatApiException) t;
        assertThat(e.getHttpStatus()).isEqualTo(503);
        assertThat(e.getPlatformCode()).isEqualTo("busy");
        assertThat(e.getOperation()).isEqualTo("POST /v1/send");
        assertThat(server.seen()).hasSize(1);
    }

    @Test
    void retriesStopAtMaxRetriesAndAuthErrorsAreNotRetried() {
        server.answer(Answer.of(500, ""), Answer.of(500, ""), Answer.of(500, ""));
        ChatHttpClient client = client(config().setMaxRetries(2));
        Throwable t = failureOf(client.executeAsync(ChatHttpRequest.get(server.url("/v1/x"))));
        assertThat(t).isInstanceOf(ChatApiException.class);
        assertThat(((ChatApiException) t).getHttpStatus()).isEqualTo(500);
        assertThat(server.seen()).hasSize(3);

        server.answer(Answer.of(401, "{\"code\":\"40014\",\"msg\":\"invalid token\"}"));
        assertThat(failureOf(client.executeAsync(ChatHttpRequest.get(server.url("/v1/me")))))
                .isInstanceOf(ChatAuthException.class);
        assertThat(server.seen()).hasSize(4);
    }

    @Test
    void rateLimitIsRetriedAfterRetryAfterWithoutAThreadWaiting() throws Exception {
        server.answer(Answer.of(429, Map.of("Retry-After", "1"), "{\"code\":\"limit\"}"), Answer.of(200, "{}"));
        ChatHttpClient client = client(config());

        CompletableFuture<ChatHttpResponse> future = client
                .executeAsync(ChatHttpRequest.post(server.url("/v1/send")).json("{}"));
        // the first answer came and the retry waits on a timer: the future is pending, no caller blocked
        await().atMost(Duration.ofSeconds(10)).until(() -> client.getRetryCount() == 1);
        assertThat(future).isNotDone();
        future.get(20, TimeUnit.SECONDS);

        List<ScriptedHttpServer.Seen> seen = server.seen();
        assertThat(seen).hasSize(2);
        long gapMillis = TimeUnit.NANOSECONDS.toMillis(seen.get(1).arrivedNanos() - seen.get(0).arrivedNanos());
        assertThat(gapMillis).as("the second call honoured Retry-After: 1").isGreaterThanOrEqualTo(900);
    }

    @Test
    void rateLimitIsNotRetriedWhenTheRequestSaysSoNorBeyondTheBudget() {
        server.answer(Answer.of(429, Map.of("Retry-After", "1"), "{}"),
                Answer.of(429, Map.of("Retry-After", "60"), "{\"code\":\"quota\"}"));
        ChatHttpClient client = client(config());

        Throwable once = failureOf(client.executeAsync(
                ChatHttpRequest.post(server.url("/v1/send")).json("{}").retryOnRateLimit(false)));
        assertThat(once).isInstanceOf(ChatRateLimitException.class);
        assertThat(((ChatRateLimitException) once).getRetryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(server.seen()).hasSize(1);

        Throwable beyond = failureOf(client.executeAsync(ChatHttpRequest.get(server.url("/v1/x"))));
        assertThat(beyond).isInstanceOf(ChatRateLimitException.class);
        assertThat(((ChatRateLimitException) beyond).getRetryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(server.seen()).hasSize(2);
        assertThat(client.getRetryCount()).isZero();
    }

    @Test
    void refusedConnectionIsRetriedEvenForAPostAndNamesNoQuery() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        ChatHttpClient client = client(config().setMaxRetries(1));

        Throwable t = failureOf(client.executeAsync(
                ChatHttpRequest.post("http://127.0.0.1:" + port + "/v1/send?access_token=SECRET").json("{}")));

        assertThat(t).isInstanceOf(ChatApiException.class);
        ChatApiException e = (ChatApiException) t;
        assertThat(e.getHttpStatus()).isZero();
        assertThat(e.getPlatformCode()).isEqualTo("io");
        assertThat(e.getOperation()).isEqualTo("POST /v1/send");
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain("SECRET");
        assertThat(client.getCallCount()).as("nothing was sent, so even a POST is tried again").isEqualTo(2);
    }

    @Test
    void noAnswerInTimeIsATimeoutAndAPostIsNotSentAgain() {
        server.answer(Answer.heldUntil(releaseHeld));
        ChatHttpClient client = client(config().setResponseTimeout(Duration.ofMillis(300)));

        Throwable t = failureOf(client.executeAsync(
                ChatHttpRequest.post(server.url("/v1/send?access_token=SECRET")).json("{}")));

        assertThat(t).isInstanceOf(ChatApiException.class);
        ChatApiException e = (ChatApiException) t;
        assertThat(e.getHttpStatus()).isZero();
        assertThat(e.getPlatformCode()).isEqualTo("timeout");
        assertThat(e.getMessage()).contains("300 ms").doesNotContain("SECRET");
        assertThat(server.seen()).hasSize(1);
    }

    @Test
    void multipartBodyIsWrittenOutForTheAsyncClient() throws Exception {
        byte[] image = new byte[]{ (byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff, 'E', 'N', 'D' };
        server.answer(Answer.of(200, "{\"media_id\":\"m1\"}"));
        ChatHttpClient client = client(config());

        ChatHttpResponse response = client.executeAsync(ChatHttpRequest.post(server.url("/v1/media/upload"))
                .multipart(List.of(ChatHttpRequest.Part.text("type", "image"),
                        ChatHttpRequest.Part.file("media", "logo.png", "image/png", image))))
                .get(20, TimeUnit.SECONDS);

        assertThat(response.json().get("media_id").asText()).isEqualTo("m1");
        ScriptedHttpServer.Seen seen = server.seen().get(0);
        String contentType = seen.headers().getFirst("Content-Type");
        assertThat(contentType).startsWith("multipart/form-data").contains("boundary=");
        String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
        assertThat(seen.bodyLatin1()).contains("--" + boundary)
                .contains("Content-Disposition: form-data; name=\"media\"; filename=\"logo.png\"")
                .contains(new String(image, StandardCharsets.ISO_8859_1));
    }

    @Test
    void bytesWithoutContentTypeSendNoContentTypeHeader() throws Exception {
        ChatHttpClient client = client(config());
        client.executeAsync(ChatHttpRequest.put(server.url("/v1/object")).body(new byte[]{ 1, 2, 3 }, null))
                .get(20, TimeUnit.SECONDS);
        ScriptedHttpServer.Seen seen = server.seen().get(0);
        assertThat(seen.body()).containsExactly(1, 2, 3);
        assertThat(seen.headers().getFirst("Content-Type")).isNull();
    }

    @Test
    void theRateLimitSpacesAsyncCallsWithoutBlockingTheCaller() throws Exception {
        ChatHttpClient client = client(config().setRateLimit(5));
        List<CompletableFuture<ChatHttpResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            futures.add(client.executeAsync(ChatHttpRequest.get(server.url("/v1/ping"))));
        }
        // every call was accepted at once; the two beyond the bucket are still waiting for their slot
        assertThat(futures).filteredOn(CompletableFuture::isDone).hasSizeLessThan(7);
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        List<ScriptedHttpServer.Seen> seen = new ArrayList<>(server.seen());
        seen.sort((a, b) -> Long.compare(a.arrivedNanos(), b.arrivedNanos()));
        assertThat(seen).hasSize(7);
        // 5 from the full bucket, 2 more at 5/s
        assertThat(TimeUnit.NANOSECONDS.toMillis(seen.get(6).arrivedNanos() - seen.get(0).arrivedNanos()))
                .isGreaterThanOrEqualTo(350);
    }

    @Test
    void aClosedClientFailsNewCalls() {
        ChatHttpClient client = client(config());
        client.close();
        assertThat(failureOf(client.executeAsync(ChatHttpRequest.get(server.url("/v1/x")))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(server.seen()).isEmpty();
    }

    @Test
    void callsGoThroughTheConfiguredProxyWithCredentials() throws Exception {
        List<String> proxied = Collections.synchronizedList(new ArrayList<>());
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Proxy-Authorization");
            proxied.add(ex.getRequestURI() + " " + auth);
            ex.getRequestBody().readAllBytes();
            String expected = "Basic " + Base64.getEncoder()
                    .encodeToString("proxyuser:proxypass".getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(auth)) {
                ex.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"proxy\"");
                ex.sendResponseHeaders(407, -1);
            } else {
                byte[] out = "{\"via\":\"proxy\"}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, out.length);
                ex.getResponseBody().write(out);
            }
            ex.close();
        });
        proxy.start();
        closeables.add(() -> proxy.stop(0));

        ChatHttpClient client = client(config().setProxyHost("127.0.0.1").setProxyPort(proxy.getAddress().getPort())
                .setProxyUsername("proxyuser").setProxyPassword("proxypass"));
        ChatHttpResponse response = client.executeAsync(ChatHttpRequest.get("http://chat.invalid:8080/v1/me"))
                .get(20, TimeUnit.SECONDS);

        assertThat(response.json().get("via").asText()).isEqualTo("proxy");
        assertThat(proxied).last().asString().startsWith("http://chat.invalid:8080/v1/me Basic ");
        assertThat(server.seen()).isEmpty();
    }
}
