package io.camelchat.common.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.common.ChatPermissionException;
import io.camelchat.common.ChatRateLimitException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.protocol.HttpContext;
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
        ChatProxy fallback = config.defaultProxy();
        Map<String, ChatProxy> byOrigin = Map.copyOf(config.getProxies());
        if (fallback != null || !byOrigin.isEmpty()) {
            builder.setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE) {
                @Override
                protected HttpHost determineProxy(HttpHost target, HttpContext context) {
                    ChatProxy p = byOrigin.getOrDefault(
                            ChatProxy.origin(target.getSchemeName(), target.getHostName(), target.getPort()), fallback);
                    return p == null || p.isDirect() ? null : new HttpHost(p.host(), p.port());
                }
            });
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            List<ChatProxy> all = new ArrayList<>(byOrigin.values());
            if (fallback != null) {
                all.add(fallback);
            }
            for (ChatProxy p : all) {
                if (!p.isDirect() && p.username() != null) {
                    String password = p.password() == null ? "" : p.password();
                    credentials.setCredentials(new AuthScope(p.host(), p.port()),
                            new UsernamePasswordCredentials(p.username(), password.toCharArray()));
                }
            }
            builder.setDefaultCredentialsProvider(credentials);
        }
        this.client = builder.build();
    }

    /**
     * Sends the request, retrying as the class describes.
     *
     * @return          the successful answer
     * @throws ChatApiException the platform's error (or a transport failure, with HTTP status 0)
     */
    public ChatHttpResponse execute(ChatHttpRequest request) {
        long budgetNanos = config.getRetryBudget().toNanos();
        long startNanos = System.nanoTime();
        int attempt = 0;
        while (true) {
            ChatApiException failure;
            boolean retryable;
            Duration hint = null;
            try {
                rateLimiter.acquire();
                calls.incrementAndGet();
                ChatHttpResponse response = send(request);
                ChatApiException error = inspector.inspect(request, response);
                if (error == null) {
                    return response;
                }
                failure = error;
                if (error instanceof ChatRateLimitException rl) {
                    retryable = request.isRetryOnRateLimit();
                    hint = rl.getRetryAfter();
                } else if (error instanceof ChatPermissionException || error instanceof ChatAuthException) {
                    retryable = false; // the same call gets the same refusal
                } else {
                    retryable = error.getHttpStatus() >= 500 && request.isIdempotent();
                }
            } catch (InterruptedException | InterruptedIOException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                boolean timeout = !(e instanceof InterruptedException) && !Thread.currentThread().isInterrupted();
                failure = new ChatApiException(platform, request.operation(), 0, timeout ? "timeout" : "interrupted",
                        timeout ? "no answer within " + config.getResponseTimeout().toMillis() + " ms" : "interrupted",
                        null, e);
                retryable = timeout && request.isIdempotent() && !(e instanceof ConnectTimeoutException);
                if (e instanceof ConnectTimeoutException) {
                    retryable = true;
                }
            } catch (IOException e) {
                boolean notSent = e instanceof ConnectException || e instanceof HttpHostConnectException
                        || e instanceof UnknownHostException;
                // the message of an I/O error may quote the URL with its query (a token): keep neither
                failure = new ChatApiException(platform, request.operation(), 0, "io",
                        e.getClass().getSimpleName() + ": "
                                                                                       + withoutQueries(e.getMessage()),
                        null);
                retryable = notSent || request.isIdempotent();
            }
            if (!retryable || attempt >= config.getMaxRetries()) {
                throw failure;
            }
            long delayNanos = hint != null ? hint.toNanos() : backoffNanos(attempt);
            long elapsed = System.nanoTime() - startNanos;
            if (elapsed + delayNanos > budgetNanos) {
                LOG.debug("{} {}: not retrying, waiting {} ms would exceed the retry budget", platform,
                        request.operation(),
                        TimeUnit.NANOSECONDS.toMillis(delayNanos));
                throw failure;
            }
            attempt++;
            retries.incrementAndGet();
            LOG.debug("{} {}: retry {} of {} in {} ms after: {}", platform, request.operation(), attempt,
                    config.getMaxRetries(), TimeUnit.NANOSECONDS.toMillis(delayNanos), failure.getMessage());
            try {
                TimeUnit.NANOSECONDS.sleep(delayNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
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
        request.headers().forEach(http::setHeader);
        if (request.signer() != null) {
            request.signer().headers(request).forEach(http::setHeader);
        }
        if (request.parts() != null) {
            MultipartEntityBuilder mb = MultipartEntityBuilder.create();
            for (ChatHttpRequest.Part part : request.parts()) {
                ContentType ct = part.contentType() == null ? ContentType.APPLICATION_OCTET_STREAM
                        : ContentType.parse(part.contentType());
                if (part.fileName() != null) {
                    mb.addBinaryBody(part.name(), part.data(), ct, part.fileName());
                } else {
                    mb.addTextBody(part.name(), new String(part.data(), StandardCharsets.UTF_8), ct);
                }
            }
            http.setEntity(mb.build());
        } else if (request.body() != null) {
            // no content type given: no Content-Type header (HttpClient adds none for an entity without one)
            http.setEntity(new ByteArrayEntity(request.body(),
                    request.contentType() == null ? null : ContentType.parse(request.contentType())));
        }
        return client.execute(http, response -> {
            Map<String, String> headers = new HashMap<>();
            for (Header h : response.getHeaders()) {
                headers.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
            }
            byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
            return new ChatHttpResponse(response.getCode(), headers, body);
        });
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
