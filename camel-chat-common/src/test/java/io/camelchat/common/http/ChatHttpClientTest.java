package io.camelchat.common.http;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAsync;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.common.ChatRateLimitException;
import io.camelchat.common.Json;
import io.camelchat.common.http.ScriptedHttpServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link ChatHttpClient} against a real local server: the scenarios that {@code execute} and {@code executeAsync} share
 * run both ways ({@link Mode}); the others are of one way only.
 */
class ChatHttpClientTest {

    /** How a test sends: blocking, or asynchronously and then waiting for the future. */
    enum Mode {
        SYNC {
            @Override
            ChatHttpResponse execute(ChatHttpClient client, ChatHttpRequest request) {
                return client.execute(request);
            }
        },
        ASYNC {
            @Override
            ChatHttpResponse execute(ChatHttpClient client, ChatHttpRequest request) {
                try {
                    return client.executeAsync(request).orTimeout(20, TimeUnit.SECONDS).join();
                } catch (CompletionException e) {
                    // the exception execute would throw, not its wrapper
                    if (ChatAsync.unwrap(e) instanceof RuntimeException cause) {
                        throw cause;
                    }
                    throw e;
                }
            }
        };

        /** The answer, or the exception {@link ChatHttpClient#execute} throws. */
        abstract ChatHttpResponse execute(ChatHttpClient client, ChatHttpRequest request);
    }

    /** Like a platform's inspector: an error status is an error, with the platform's code and message from the body. */
    static final ResponseInspector INSPECTOR = (request, response) -> response.status() >= 400
            ? ChatHttpClient.errorForStatus("test", request, response, Json.text(response.json(), "code"),
                    Json.text(response.json(), "msg"), response.header("X-Request-Id"))
            : null;

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

    private ChatHttpClientConfig config() {
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

    @ParameterizedTest
    @EnumSource(Mode.class)
    void jsonPostRoundTrip(Mode mode) {
        server.answer(Answer.of(200, Map.of("X-Request-Id", "r-1"), "{\"ok\":true,\"id\":\"m42\"}"));
        ChatHttpClient client = client(config());

        ChatHttpResponse response = mode.execute(client, ChatHttpRequest.post(server.url("/v1/send"))
                .header("Authorization", "Bearer tok").json(Map.of("text", "héllo")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.isJson()).isTrue();
        assertThat(response.json().get("id").asText()).isEqualTo("m42");
        assertThat(response.header("x-request-id")).isEqualTo("r-1");
        assertThat(response.as(Map.class)).containsEntry("ok", true);

        ScriptedHttpServer.Seen seen = server.seen().get(0);
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.uri().getPath()).isEqualTo("/v1/send");
        assertThat(seen.headers().getFirst("Content-Type")).startsWith("application/json");
        assertThat(seen.headers().getFirst("Authorization")).isEqualTo("Bearer tok");
        assertThat(seen.headers().getFirst("User-Agent")).isEqualTo("camel-chat-test");
        assertThat(Json.read(seen.body()).get("text").asText()).isEqualTo("héllo");
        assertThat(client.getCallCount()).isEqualTo(1);
        assertThat(client.getRetryCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void idempotentRequestIsRetriedAfter5xx(Mode mode) {
        server.answer(Answer.of(503, "{\"code\":\"busy\"}"), Answer.of(200, "{\"v\":1}"));
        ChatHttpClient client = client(config());

        ChatHttpResponse response = mode.execute(client, ChatHttpRequest.get(server.url("/v1/user")));

        assertThat(response.json().get("v").asInt()).isEqualTo(1);
        assertThat(server.seen()).hasSize(2);
        assertThat(client.getRetryCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theSignerRunsAgainForEveryAttempt(Mode mode) {
        server.answer(Answer.of(503, "{\"code\":\"busy\"}"), Answer.of(200, "{}"));
        ChatHttpClient client = client(config());
        AtomicInteger attempts = new AtomicInteger();
        mode.execute(client, ChatHttpRequest.get(server.url("/v1/signed")).header("X-Fixed", "f")
                .signer(r -> Map.of("X-Nonce", "n" + attempts.incrementAndGet(), "X-Op", r.operation())));
        assertThat(server.seen()).hasSize(2);
        assertThat(server.seen()).extracting(s -> s.headers().getFirst("X-Nonce")).containsExactly("n1", "n2");
        assertThat(server.seen()).allSatisfy(s -> {
            assertThat(s.headers().getFirst("X-Op")).isEqualTo("GET /v1/signed");
            assertThat(s.headers().getFirst("X-Fixed")).isEqualTo("f");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void postMarkedIdempotentIsRetriedAfter5xx(Mode mode) {
        server.answer(Answer.of(502, ""), Answer.of(200, "{}"));
        ChatHttpClient client = client(config());
        mode.execute(client, ChatHttpRequest.post(server.url("/v1/lookup")).json("{}").idempotent(true));
        assertThat(server.seen()).hasSize(2);
        assertThat(server.seen().get(1).bodyText()).isEqualTo("{}");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void nonIdempotentPostIsNotRetriedAfter5xx(Mode mode) {
        server.answer(Answer.of(503, "{\"code\":\"busy\",\"msg\":\"try later\"}"), Answer.of(200, "{}"));
        ChatHttpClient client = client(config());

        ChatApiException e = catchThrowableOfType(ChatApiException.class, () -> mode.execute(client,
                ChatHttpRequest.post(server.url("/v1/send")).json("{\"text\":\"x\"}")));

        assertThat(e.getHttpStatus()).isEqualTo(503);
        assertThat(e.getPlatformCode()).isEqualTo("busy");
        assertThat(e.getPlatformMessage()).isEqualTo("try later");
        assertThat(e.getOperation()).isEqualTo("POST /v1/send");
        assertThat(e.isRejectedBeforeProcessing()).isFalse();
        assertThat(server.seen()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void retriesStopAtMaxRetries(Mode mode) {
        server.answer(Answer.of(500, ""), Answer.of(500, ""), Answer.of(500, ""), Answer.of(200, "{}"));
        ChatHttpClient client = client(config().setMaxRetries(2));
        ChatApiException e = catchThrowableOfType(ChatApiException.class,
                () -> mode.execute(client, ChatHttpRequest.get(server.url("/v1/x"))));
        assertThat(e.getHttpStatus()).isEqualTo(500);
        assertThat(server.seen()).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void authAndNotFoundErrorsAreTypedAndNotRetried(Mode mode) {
        server.answer(Answer.of(401, Map.of("X-Request-Id", "req-9"), "{\"code\":\"40014\",\"msg\":\"invalid token\"}"),
                Answer.of(404, "{\"msg\":\"no such user\"}"));
        ChatHttpClient client = client(config());

        ChatAuthException auth = catchThrowableOfType(ChatAuthException.class,
                () -> mode.execute(client, ChatHttpRequest.get(server.url("/v1/me"))));
        assertThat(auth.getRequestId()).isEqualTo("req-9");
        assertThat(auth.getMessage())
                .isEqualTo("test GET /v1/me failed: HTTP 401, code 40014: invalid token (request id req-9)");

        ChatNotFoundException nf = catchThrowableOfType(ChatNotFoundException.class,
                () -> mode.execute(client, ChatHttpRequest.get(server.url("/v1/users/u1"))));
        assertThat(nf.getHttpStatus()).isEqualTo(404);
        assertThat(server.seen()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void rateLimitIsRetriedAfterRetryAfter(Mode mode) {
        server.answer(Answer.of(429, Map.of("Retry-After", "1"), "{\"code\":\"limit\"}"), Answer.of(200, "{}"));
        // a non-idempotent send: rate-limit rejections are retried anyway, the platform did not carry them out
        ChatHttpClient client = client(config());

        mode.execute(client, ChatHttpRequest.post(server.url("/v1/send")).json("{}"));

        List<ScriptedHttpServer.Seen> seen = server.seen();
        assertThat(seen).hasSize(2);
        long gapMillis = TimeUnit.NANOSECONDS.toMillis(seen.get(1).arrivedNanos() - seen.get(0).arrivedNanos());
        assertThat(gapMillis).as("the second call honoured Retry-After: 1").isGreaterThanOrEqualTo(900);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void rateLimitIsNotRetriedWhenTheRequestSaysSo(Mode mode) {
        server.answer(Answer.of(429, Map.of("Retry-After", "1"), "{}"));
        ChatHttpClient client = client(config());
        ChatRateLimitException e = catchThrowableOfType(ChatRateLimitException.class, () -> mode.execute(client,
                ChatHttpRequest.post(server.url("/v1/send")).json("{}").retryOnRateLimit(false)));
        assertThat(e.getRetryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(server.seen()).hasSize(1);
        assertThat(client.getRetryCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void retryAfterBeyondTheBudgetFailsAtOnce(Mode mode) {
        server.answer(Answer.of(429, Map.of("Retry-After", "60"), "{\"code\":\"quota\"}"));
        ChatHttpClient client = client(config());
        long start = System.nanoTime();

        ChatRateLimitException e = catchThrowableOfType(ChatRateLimitException.class,
                () -> mode.execute(client, ChatHttpRequest.get(server.url("/v1/x"))));

        assertThat(e.getRetryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(e.getHttpStatus()).isEqualTo(429);
        assertThat(e.isRejectedBeforeProcessing()).isTrue();
        assertThat(server.seen()).hasSize(1);
        assertThat(client.getRetryCount()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("did not wait")
                .isLessThan(config().getRetryBudget());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void connectionRefusedIsStatusZero(Mode mode) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        ChatHttpClient client = client(config().setMaxRetries(1));
        ChatApiException e = catchThrowableOfType(ChatApiException.class, () -> mode.execute(client,
                ChatHttpRequest.post("http://127.0.0.1:" + port + "/v1/send?access_token=SECRET").json("{}")));
        assertThat(e.getHttpStatus()).isZero();
        assertThat(e.getPlatformCode()).isEqualTo("io");
        assertThat(e.getMessage()).contains("no answer").doesNotContain("SECRET");
        assertThat(e.getOperation()).isEqualTo("POST /v1/send");
        // routes log the exception with its causes: no part of it may carry the token
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain("SECRET");
        assertThat(client.getCallCount()).as("nothing was sent, so even a POST is tried again").isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void noAnswerInTimeIsStatusZeroTimeout(Mode mode) {
        server.answer(Answer.heldUntil(releaseHeld));
        ChatHttpClient client = client(config().setResponseTimeout(Duration.ofMillis(300)));

        ChatApiException e = catchThrowableOfType(ChatApiException.class, () -> mode.execute(client,
                ChatHttpRequest.post(server.url("/v1/send?access_token=SECRET")).json("{}")));

        assertThat(e.getHttpStatus()).isZero();
        assertThat(e.getPlatformCode()).isEqualTo("timeout");
        assertThat(e.getMessage()).contains("300 ms").doesNotContain("SECRET");
        assertThat(server.seen()).as("a POST that may have been carried out is not sent again").hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void errorMessagesNeverContainTheQuery(Mode mode) {
        server.answer(Answer.of(400, "{\"code\":\"bad\",\"msg\":\"bad request\"}"), Answer.of(503, "{}"),
                Answer.of(429, Map.of("Retry-After", "100"), "{}"));
        ChatHttpClient client = client(config().setMaxRetries(0));
        for (int i = 0; i < 3; i++) {
            ChatApiException e = catchThrowableOfType(ChatApiException.class,
                    () -> mode.execute(client, ChatHttpRequest.get(server.url("/v1/x?access_token=SECRET&y=1"))));
            assertThat(e.getMessage()).doesNotContain("SECRET").doesNotContain("access_token");
            assertThat(e.getOperation()).isEqualTo("GET /v1/x");
        }
        assertThat(server.seen()).hasSize(3);
    }

    @Test
    void anUnparsableUrlIsNamedWithoutItsQuery() {
        // even a URL java.net.URI cannot parse
        assertThat(ChatHttpRequest.get("http://h/a b?access_token=SECRET").operation()).doesNotContain("SECRET");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void redirectsNeverLeakTheQueryIntoErrors(Mode mode) {
        String url = server.url("/v1/x?access_token=SECRET");
        for (int i = 0; i < 5; i++) {
            server.answer(Answer.of(302, Map.of("Location", url), ""));
        }
        ChatHttpClient client = client(config().setMaxRetries(0));

        Throwable t = catchThrowable(() -> mode.execute(client, ChatHttpRequest.get(url)));

        if (t != null) {
            // routes log the exception with its causes: no part of it may carry the token
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain("SECRET");
        } else {
            assertThat(server.seen()).as("redirect not followed").hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void multipartUpload(Mode mode) {
        byte[] image = new byte[]{ (byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff, 'E', 'N', 'D' };
        server.answer(Answer.of(200, "{\"media_id\":\"m1\"}"));
        ChatHttpClient client = client(config());

        ChatHttpResponse response = mode.execute(client, ChatHttpRequest.post(server.url("/v1/media/upload"))
                .multipart(List.of(ChatHttpRequest.Part.text("type", "image"),
                        ChatHttpRequest.Part.file("media", "logo.png", "image/png", image))));

        assertThat(response.json().get("media_id").asText()).isEqualTo("m1");
        ScriptedHttpServer.Seen seen = server.seen().get(0);
        String contentType = seen.headers().getFirst("Content-Type");
        assertThat(contentType).startsWith("multipart/form-data").contains("boundary=");
        String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
        String body = seen.bodyLatin1();
        assertThat(body).contains("--" + boundary)
                .contains("Content-Disposition: form-data; name=\"type\"")
                .contains("image")
                .contains("Content-Disposition: form-data; name=\"media\"; filename=\"logo.png\"")
                .contains("Content-Type: image/png")
                .contains(new String(image, StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void bytesWithoutContentTypeSendNoContentTypeHeader(Mode mode) {
        ChatHttpClient client = client(config());
        mode.execute(client, ChatHttpRequest.put(server.url("/v1/object")).body(new byte[]{ 1, 2, 3 }, null));
        ScriptedHttpServer.Seen seen = server.seen().get(0);
        assertThat(seen.method()).isEqualTo("PUT");
        assertThat(seen.body()).containsExactly(1, 2, 3);
        assertThat(seen.headers().getFirst("Content-Type")).isNull();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aClosedClientFailsNewCalls(Mode mode) {
        ChatHttpClient client = client(config());
        client.close();
        assertThat(catchThrowable(() -> mode.execute(client, ChatHttpRequest.get(server.url("/v1/x")))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(server.seen()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void callsGoThroughTheConfiguredProxyWithCredentials(Mode mode) throws IOException {
        // a forward proxy that insists on credentials, then answers on the target's behalf
        List<String> proxied = Collections.synchronizedList(new ArrayList<>());
        List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Proxy-Authorization");
            authorizations.add(String.valueOf(auth));
            proxied.add(ex.getRequestURI().toString());
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
        // the target is never contacted directly: nothing listens there
        ChatHttpResponse response = mode.execute(client, ChatHttpRequest.get("http://chat.invalid:8080/v1/me"));

        assertThat(response.json().get("via").asText()).isEqualTo("proxy");
        assertThat(proxied).last().isEqualTo("http://chat.invalid:8080/v1/me");
        assertThat(authorizations).last().asString().startsWith("Basic ");
        assertThat(server.seen()).isEmpty();
    }

    @Test
    void retryAfterHeaderForms() {
        Duration fallback = Duration.ofSeconds(7);
        assertThat(ChatHttpClient.retryAfter(response("Retry-After", "3"), fallback)).isEqualTo(Duration.ofSeconds(3));
        assertThat(ChatHttpClient.retryAfter(response("Retry-After", "-3"), fallback)).isEqualTo(Duration.ZERO);
        assertThat(ChatHttpClient.retryAfter(response("Retry-After", "soon"), fallback)).isEqualTo(fallback);
        assertThat(ChatHttpClient.retryAfter(response("X-Other", "1"), fallback)).isEqualTo(fallback);
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
        assertThat(ChatHttpClient.retryAfter(response("Retry-After", inTenSeconds), fallback))
                .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusHours(1));
        assertThat(ChatHttpClient.retryAfter(response("Retry-After", past), fallback)).isEqualTo(Duration.ZERO);
    }

    private static ChatHttpResponse response(String header, String value) {
        return new ChatHttpResponse(429, Map.of(header.toLowerCase(Locale.ROOT), value), null);
    }

    // executeAsync only

    @Test
    void theFutureCompletesOnChatAsyncsPoolNotOnAnIoThread() throws Exception {
        // answers held until the callback is attached: it then runs where the future completes
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        server.answer(held(first, 200, "{\"id\":\"m42\"}"), held(second, 400, "{\"code\":\"bad\",\"msg\":\"no\"}"));
        ChatHttpClient client = client(config());
        List<String> completedOn = Collections.synchronizedList(new ArrayList<>());

        CompletableFuture<ChatHttpResponse> ok = client
                .executeAsync(ChatHttpRequest.post(server.url("/v1/send")).json("{}"))
                .whenComplete((r, e) -> completedOn.add(Thread.currentThread().getName()));
        first.countDown();
        assertThat(ok.get(20, TimeUnit.SECONDS).json().get("id").asText()).isEqualTo("m42");
        // and a failure too
        CompletableFuture<ChatHttpResponse> bad = client
                .executeAsync(ChatHttpRequest.post(server.url("/v1/send")).json("{}"))
                .whenComplete((r, e) -> completedOn.add(Thread.currentThread().getName()));
        second.countDown();
        assertThat(failureOf(bad)).isInstanceOf(ChatApiException.class);

        assertThat(completedOn).hasSize(2).allSatisfy(name -> assertThat(name).startsWith("camel-chat-async-"));
        assertThat(client.getCallCount()).isEqualTo(2);
    }

    @Test
    void aCallerThatAsksForTheIoThreadIsCompletedThereRetriesIncluded() throws Exception {
        CountDownLatch retried = new CountDownLatch(1);
        CountDownLatch refused = new CountDownLatch(1);
        server.answer(Answer.of(503, "{\"code\":\"busy\"}"), held(retried, 200, "{\"v\":1}"),
                held(refused, 400, "{\"code\":\"bad\",\"msg\":\"no\"}"));
        ChatHttpClient client = client(config());
        List<String> completedOn = Collections.synchronizedList(new ArrayList<>());

        // usingExecutorService=false: the answer completes the future on the I/O thread that read it, also after a
        // retry that waited on the timer
        CompletableFuture<ChatHttpResponse> ok = ChatAsync.whileCompletingOnIoThread(
                () -> client.executeAsync(ChatHttpRequest.get(server.url("/v1/user"))));
        CompletableFuture<ChatHttpResponse> okSeen = ok.whenComplete(
                (r, e) -> completedOn.add(Thread.currentThread().getName()));
        retried.countDown();
        okSeen.get(20, TimeUnit.SECONDS);
        assertThat(ok.get().json().get("v").asInt()).isEqualTo(1);
        assertThat(client.getRetryCount()).isEqualTo(1);
        CompletableFuture<ChatHttpResponse> bad = ChatAsync.whileCompletingOnIoThread(
                () -> client.executeAsync(ChatHttpRequest.post(server.url("/v1/send")).json("{}")))
                .whenComplete((r, e) -> completedOn.add(Thread.currentThread().getName()));
        refused.countDown();
        assertThat(failureOf(bad)).isInstanceOf(ChatApiException.class);

        assertThat(completedOn).hasSize(2).allSatisfy(name -> assertThat(name).startsWith("camel-chat-test-io-"));
        // the mark ends with the call, and an I/O thread is not marked by itself: calls made there complete on the pool
        Executor direct = ChatAsync.whileCompletingOnIoThread(ChatAsync::completion);
        assertThat(ChatAsync.completion()).isNotSameAs(direct).isSameAs(ChatAsync.executor());
        Executor onIoThread = CompletableFuture.supplyAsync(ChatAsync::completion,
                r -> ChatAsync.ioThreadFactory("camel-chat-test-unmarked-io").newThread(r).start())
                .get(20, TimeUnit.SECONDS);
        assertThat(onIoThread).isSameAs(ChatAsync.executor());
    }

    /** An answer given only once {@code latch} is released. */
    private static Answer held(CountDownLatch latch, int status, String body) {
        return new Answer(status, Map.of(), body, latch);
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
    void aRateLimitedRetryWaitsOnATimerWithTheFuturePending() throws Exception {
        server.answer(Answer.of(429, Map.of("Retry-After", "1"), "{\"code\":\"limit\"}"), Answer.of(200, "{}"));
        ChatHttpClient client = client(config());

        CompletableFuture<ChatHttpResponse> future = client
                .executeAsync(ChatHttpRequest.post(server.url("/v1/send")).json("{}"));
        // the first answer came and the retry waits on a timer: the future is pending, no caller blocked
        await().atMost(Duration.ofSeconds(10)).until(() -> client.getRetryCount() == 1);
        assertThat(future).isNotDone();
        future.get(20, TimeUnit.SECONDS);
        assertThat(server.seen()).hasSize(2);
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
}
