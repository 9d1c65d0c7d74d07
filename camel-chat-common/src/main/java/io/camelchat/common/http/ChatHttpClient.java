package io.camelchat.common.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAsync;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.common.ChatPermissionException;
import io.camelchat.common.ChatRateLimitException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityTemplate;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON over HTTP for the platform APIs, on Apache HttpClient 5: pooled connections, timeouts, proxy with
 * authentication, a custom {@link javax.net.ssl.SSLContext} (from Camel's {@code SSLContextParameters}), multipart
 * uploads, and retries:
 * <ul>
 * <li>a rate-limit answer ({@link ChatRateLimitException}) is retried after the platform's {@code Retry-After} (or
 * the exception's hint), since the call was not carried out;</li>
 * <li>a 5xx answer or a broken connection is retried only for idempotent requests; a refused connection (nothing
 * was sent) for every request;</li>
 * <li>waits grow exponentially with jitter; all waits of one call together stay within the retry budget, and a
 * {@code Retry-After} longer than what is left fails at once with the rate-limit exception.</li>
 * </ul>
 * {@link #execute} waits on the calling thread (on the classic, blocking client); {@link #executeAsync} follows the
 * same rules with one decision code, sends on an asynchronous client of the same settings (made on first use) and
 * holds its waits on timers, so a call in flight holds no thread.
 * Auth errors are not retried here: {@link io.camelchat.common.token.AccessTokenCache#call} refreshes the token and
 * tries once more. Permission errors ({@link ChatPermissionException}) are never retried, whatever their status.
 */
public final class ChatHttpClient implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ChatHttpClient.class);

    private final String platform;
    private final ChatHttpClientConfig config;
    private final ResponseInspector inspector;
    private final CloseableHttpClient client;
    private final PoolingHttpClientConnectionManager connectionManager;
    private final RateLimiter rateLimiter;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile CloseableHttpAsyncClient asyncClient;
    private boolean closed;

    public ChatHttpClient(String platform, ChatHttpClientConfig config, ResponseInspector inspector) {
        this.platform = Objects.requireNonNull(platform, "platform");
        this.config = Objects.requireNonNull(config, "config");
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.rateLimiter = new RateLimiter(config.getRateLimit());

        PoolingHttpClientConnectionManagerBuilder cm = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(config.getMaxConnections())
                .setMaxConnPerRoute(config.getMaxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(config.getConnectTimeout()))
                        .setSocketTimeout(Timeout.of(config.getResponseTimeout()))
                        .build());
        if (config.getSslContext() != null) {
            cm.setTlsSocketStrategy(new DefaultClientTlsStrategy(config.getSslContext()));
        }
        this.connectionManager = cm.build();

        HttpClientBuilder builder = HttpClients.custom()
                .setConnectionManager(connectionManager)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(config.getResponseTimeout()))
                        .build())
                .setUserAgent(config.getUserAgent())
                .disableAutomaticRetries()
                .disableCookieManagement()
                // a redirect could carry the token elsewhere, and its errors quote the URL with its query
                .disableRedirectHandling()
                .evictExpiredConnections()
                .evictIdleConnections(Timeout.ofMinutes(1));
        if (ChatHttpClients.hasProxies(config)) {
            builder.setRoutePlanner(ChatHttpClients.routePlanner(config));
            builder.setDefaultCredentialsProvider(ChatHttpClients.proxyCredentials(config));
        }
        this.client = builder.build();
    }

    /**
     * Sends the request, retrying as the class describes; waits park the calling thread.
     *
     * @return                  the successful answer
     * @throws ChatApiException the platform's error (or a transport failure, with HTTP status 0)
     */
    public ChatHttpResponse execute(ChatHttpRequest request) {
        long startNanos = System.nanoTime();
        int attempt = 0;
        while (true) {
            Failure failure;
            try {
                rateLimiter.acquire();
                calls.incrementAndGet();
                ChatHttpResponse response = send(request);
                failure = judge(request, response);
                if (failure == null) {
                    return response;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = judge(request, e, true);
            } catch (IOException e) {
                failure = judge(request, e, Thread.currentThread().isInterrupted());
            }
            long delayNanos = retryDelayNanos(request, failure, attempt, startNanos);
            if (delayNanos < 0) {
                throw failure.error();
            }
            attempt++;
            try {
                TimeUnit.NANOSECONDS.sleep(delayNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure.error();
            }
        }
    }

    /**
     * Sends the request without blocking the calling thread, retrying as {@link #execute} does: the rate limit and the
     * waits between attempts are timers ({@link ChatAsync}), the call itself runs on the asynchronous client's I/O
     * threads, the signer runs again for every attempt. The future completes with the answer or the
     * {@link ChatApiException} that {@code execute} would throw, on {@link ChatAsync}'s pool, or on the I/O thread that
     * received the answer when the caller chose so ({@link ChatAsync#completion}). On a thread that
     * waits for the answer anyway ({@link ChatAsync#callerWaits}: a {@code synchronous} producer) it is
     * {@link #execute}, blocking, and the future is complete when returned.
     */
    public CompletableFuture<ChatHttpResponse> executeAsync(ChatHttpRequest request) {
        if (ChatAsync.callerWaits()) {
            // a synchronous producer waits for the answer anyway: the blocking client on its thread costs less
            try {
                return CompletableFuture.completedFuture(execute(request));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        Call call = new Call(request, new CompletableFuture<>(), ChatAsync.completion(), System.nanoTime());
        attemptAsync(call, 0);
        return call.result();
    }

    /** One asynchronous call: its request, its result, where the result completes, when the call began. */
    private record Call(ChatHttpRequest request, CompletableFuture<ChatHttpResponse> result, Executor completion,
            long startNanos) {

        void complete(ChatHttpResponse answer) {
            completion.execute(() -> result.complete(answer));
        }

        void fail(Throwable error) {
            completion.execute(() -> result.completeExceptionally(error));
        }
    }

    private void attemptAsync(Call call, int attempt) {
        long waitNanos = rateLimiter.reserve();
        if (waitNanos > 0) {
            ChatAsync.schedule(() -> sendAsync(call, attempt), waitNanos);
        } else {
            sendAsync(call, attempt);
        }
    }

    private void sendAsync(Call call, int attempt) {
        ChatHttpRequest request = call.request();
        SimpleHttpRequest http;
        CloseableHttpAsyncClient async;
        try {
            async = asyncClient();
            http = asyncRequest(request);
        } catch (RuntimeException | IOException e) {
            call.fail(e);
            return;
        }
        calls.incrementAndGet();
        async.execute(SimpleRequestProducer.create(http), SimpleResponseConsumer.create(),
                new FutureCallback<SimpleHttpResponse>() {
                    @Override
                    public void completed(SimpleHttpResponse response) {
                        ChatHttpResponse answer = toResponse(response);
                        Failure failure;
                        try {
                            failure = judge(request, answer);
                        } catch (RuntimeException e) {
                            call.fail(e);
                            return;
                        }
                        if (failure == null) {
                            call.complete(answer);
                        } else {
                            retryOrFail(call, failure, attempt);
                        }
                    }

                    @Override
                    public void failed(Exception e) {
                        retryOrFail(call, judge(request, e, false), attempt);
                    }

                    @Override
                    public void cancelled() {
                        call.fail(judge(request, new InterruptedException("cancelled"), true).error());
                    }
                });
    }

    private void retryOrFail(Call call, Failure failure, int attempt) {
        long delayNanos = retryDelayNanos(call.request(), failure, attempt, call.startNanos());
        if (delayNanos < 0) {
            call.fail(failure.error());
        } else {
            ChatAsync.schedule(() -> attemptAsync(call, attempt + 1), delayNanos);
        }
    }

    /** What a failed attempt means: the error to report, whether sending again may help, the wait asked for. */
    private record Failure(ChatApiException error, boolean retryable, Duration retryAfter) {
    }

    /** The failure an answer stands for, or null when it is a success. */
    private Failure judge(ChatHttpRequest request, ChatHttpResponse response) {
        ChatApiException error = inspector.inspect(request, response);
        if (error == null) {
            return null;
        }
        if (error instanceof ChatRateLimitException rl) {
            return new Failure(error, request.isRetryOnRateLimit(), rl.getRetryAfter());
        }
        if (error instanceof ChatPermissionException || error instanceof ChatAuthException) {
            return new Failure(error, false, null); // the same call gets the same refusal
        }
        return new Failure(error, error.getHttpStatus() >= 500 && request.isIdempotent(), null);
    }

    /**
     * The failure a transport error stands for.
     *
     * @param interrupted whether the calling thread was interrupted (then a timeout is an interruption)
     */
    private Failure judge(ChatHttpRequest request, Throwable e, boolean interrupted) {
        if (e instanceof InterruptedException || e instanceof InterruptedIOException) {
            boolean timeout = !(e instanceof InterruptedException) && !interrupted;
            ChatApiException failure = new ChatApiException(platform, request.operation(), 0,
                    timeout ? "timeout" : "interrupted",
                    timeout ? "no answer within " + config.getResponseTimeout().toMillis() + " ms" : "interrupted",
                    null, e);
            // a connection that timed out carried nothing
            boolean retryable = e instanceof ConnectTimeoutException || timeout && request.isIdempotent();
            return new Failure(failure, retryable, null);
        }
        boolean notSent = e instanceof ConnectException || e instanceof HttpHostConnectException
                || e instanceof UnknownHostException;
        // the message of an I/O error may quote the URL with its query (a token): keep neither
        ChatApiException failure = new ChatApiException(platform, request.operation(), 0, "io",
                e.getClass().getSimpleName() + ": " + withoutQueries(e.getMessage()), null);
        return new Failure(failure, notSent || request.isIdempotent(), null);
    }

    /**
     * How long to wait before sending {@code request} again after {@code failure}, or -1 when the failure is final
     * (not retryable, no retries left, or the wait would exceed the retry budget). Counts the retry it allows.
     */
    private long retryDelayNanos(ChatHttpRequest request, Failure failure, int attempt, long startNanos) {
        if (!failure.retryable() || attempt >= config.getMaxRetries()) {
            return -1;
        }
        long delayNanos = failure.retryAfter() != null ? failure.retryAfter().toNanos() : backoffNanos(attempt);
        long elapsed = System.nanoTime() - startNanos;
        if (elapsed + delayNanos > config.getRetryBudget().toNanos()) {
            LOG.debug("{} {}: not retrying, waiting {} ms would exceed the retry budget", platform,
                    request.operation(), TimeUnit.NANOSECONDS.toMillis(delayNanos));
            return -1;
        }
        retries.incrementAndGet();
        LOG.debug("{} {}: retry {} of {} in {} ms after: {}", platform, request.operation(), attempt + 1,
                config.getMaxRetries(), TimeUnit.NANOSECONDS.toMillis(delayNanos), failure.error().getMessage());
        return delayNanos;
    }

    /** Removes the query of every URL a message quotes. */
    static String withoutQueries(String message) {
        return message == null ? null : message.replaceAll("\\?[^\\s'\"]*", "?...");
    }

    private long backoffNanos(int attempt) {
        long base = config.getInitialRetryDelay().toNanos() << Math.min(attempt, 10);
        // full jitter on the upper half: [base/2, base]
        return base / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, base / 2));
    }

    private ChatHttpResponse send(ChatHttpRequest request) throws IOException {
        HttpUriRequestBase http = new HttpUriRequestBase(request.method(), URI.create(request.url()));
        if (request.responseTimeout() != null) {
            http.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(request.responseTimeout())).build());
        }
        attemptHeaders(request).forEach(http::setHeader);
        if (request.parts() != null) {
            ChatMultipart multipart = new ChatMultipart(request.parts());
            http.setEntity(new EntityTemplate(multipart.length(), ContentType.parse(multipart.contentType()), null,
                    multipart::writeTo));
        } else if (request.body() != null) {
            // no content type given: no Content-Type header (HttpClient adds none for an entity without one)
            http.setEntity(new ByteArrayEntity(request.body(),
                    request.contentType() == null ? null : ContentType.parse(request.contentType())));
        }
        return client.execute(http, response -> new ChatHttpResponse(response.getCode(),
                headers(response.getHeaders()), body(response.getEntity())));
    }

    /**
     * An answer's body. With a {@code Content-Length} it is read straight into an array of that size, in reads as
     * large as what has arrived (a long-poll answer of a hundred events is tens of kilobytes: not copied from buffer
     * to buffer, nor read 4 KB at a time); an early end of the body fails as it would with {@code EntityUtils}.
     */
    static byte[] body(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        long length = entity.getContentLength();
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("HTTP entity too large to be buffered in memory: " + length + " bytes");
        }
        try (InputStream in = entity.getContent()) {
            if (in == null) {
                return new byte[0];
            }
            if (length < 0) {
                return in.readAllBytes();
            }
            byte[] body = new byte[(int) length];
            int read = in.readNBytes(body, 0, body.length);
            return read == body.length ? body : Arrays.copyOf(body, read);
        }
    }

    /** The request's headers, then this attempt's signature headers. */
    private static Map<String, String> attemptHeaders(ChatHttpRequest request) {
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        if (request.signer() != null) {
            headers.putAll(request.signer().headers(request));
        }
        return headers;
    }

    private static Map<String, String> headers(Header[] all) {
        Map<String, String> headers = new HashMap<>();
        for (Header h : all) {
            headers.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
        }
        return headers;
    }

    /** One attempt of {@code request} for the asynchronous client; a multipart body is written out to bytes. */
    private static SimpleHttpRequest asyncRequest(ChatHttpRequest request) throws IOException {
        SimpleHttpRequest http = SimpleHttpRequest.create(request.method(), URI.create(request.url()));
        if (request.responseTimeout() != null) {
            http.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(request.responseTimeout())).build());
        }
        attemptHeaders(request).forEach(http::setHeader);
        if (request.parts() != null) {
            ChatMultipart multipart = new ChatMultipart(request.parts());
            http.setBody(multipart.toByteArray(), ContentType.parse(multipart.contentType()));
        } else if (request.body() != null) {
            http.setBody(request.body(),
                    request.contentType() == null ? null : ContentType.parse(request.contentType()));
        }
        return http;
    }

    private static ChatHttpResponse toResponse(SimpleHttpResponse response) {
        byte[] body = response.getBody() == null ? null : response.getBodyBytes();
        return new ChatHttpResponse(response.getCode(), headers(response.getHeaders()), body);
    }

    /** The asynchronous client, made and started on first use. */
    private CloseableHttpAsyncClient asyncClient() {
        CloseableHttpAsyncClient c = asyncClient;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The " + platform + " HTTP client is closed");
            }
            if (asyncClient == null) {
                asyncClient = ChatHttpClients.async(platform, config);
                asyncClient.start();
            }
            return asyncClient;
        }
    }

    /** Calls sent so far, retries included. */
    public long getCallCount() {
        return calls.get();
    }

    /** Retries made so far. */
    public long getRetryCount() {
        return retries.get();
    }

    public String getPlatform() {
        return platform;
    }

    @Override
    public void close() {
        CloseableHttpAsyncClient async;
        synchronized (this) {
            closed = true;
            async = asyncClient;
        }
        if (async != null) {
            async.close(CloseMode.GRACEFUL);
        }
        client.close(CloseMode.GRACEFUL);
        connectionManager.close(CloseMode.GRACEFUL);
    }

    /**
     * The exception an HTTP error status stands for, when a platform has nothing more specific: 401 auth ("who are
     * you": a fresh login or token may help), 403 permission ("you may not": nothing but a grant helps, so never a
     * re-login), 404 not found, 429 rate limit (with {@code Retry-After}), anything else the plain
     * {@link ChatApiException}.
     */
    public static ChatApiException errorForStatus(String platform, ChatHttpRequest request, ChatHttpResponse response,
                                                  String code, String message, String requestId) {
        int status = response.status();
        return switch (status) {
            case 401 -> new ChatAuthException(platform, request.operation(), status, code, message, requestId);
            case 403 -> new ChatPermissionException(platform, request.operation(), status, code, message, requestId);
            case 404 -> new ChatNotFoundException(platform, request.operation(), status, code, message, requestId);
            case 429 -> new ChatRateLimitException(platform, request.operation(), status, code, message, requestId,
                    retryAfter(response, Duration.ofSeconds(1)));
            default -> new ChatApiException(platform, request.operation(), status, code, message, requestId);
        };
    }

    /** The {@code Retry-After} header (seconds or an HTTP date) as a duration, or {@code fallback}. */
    public static Duration retryAfter(ChatHttpResponse response, Duration fallback) {
        String value = response.header("Retry-After");
        if (value == null || value.isBlank()) {
            return fallback;
        }
        value = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException ignored) {
                return fallback;
            }
        }
    }
}
