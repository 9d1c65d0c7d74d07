package io.camelchat.common.http;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;

/**
 * Settings of a {@link ChatHttpClient}. Components fill it from their endpoint options; the defaults suit a
 * chat API called from a route.
 */
public final class ChatHttpClientConfig {

    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration responseTimeout = Duration.ofSeconds(30);
    private int maxConnections = 20;
    private String proxyHost;
    private int proxyPort;
    private String proxyUsername;
    private String proxyPassword;
    private SSLContext sslContext;
    private final Map<String, ChatProxy> proxies = new LinkedHashMap<>();
    private int maxRetries = 3;
    private Duration initialRetryDelay = Duration.ofMillis(500);
    private Duration retryBudget = Duration.ofSeconds(30);
    private double rateLimit;
    private String userAgent = "camel-chat";

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public ChatHttpClientConfig setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return this;
    }

    public Duration getResponseTimeout() {
        return responseTimeout;
    }

    public ChatHttpClientConfig setResponseTimeout(Duration responseTimeout) {
        this.responseTimeout = responseTimeout;
        return this;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public ChatHttpClientConfig setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
        return this;
    }

    /**
     * Calls to the origin of {@code url} go through {@code proxy} ({@link ChatProxy#DIRECT}: no proxy) instead of the
     * client's proxy. A null proxy changes nothing.
     *
     * @throws IllegalArgumentException when the origin already has another proxy
     */
    public ChatHttpClientConfig proxyFor(String url, ChatProxy proxy) {
        if (proxy != null) {
            String origin = ChatProxy.origin(url);
            ChatProxy before = proxies.putIfAbsent(origin, proxy);
            if (before != null && !before.equals(proxy)) {
                throw new IllegalArgumentException(origin + " cannot go through two different proxies");
            }
        }
        return this;
    }

    /** The proxies by origin ({@code scheme://host:port}). */
    public Map<String, ChatProxy> getProxies() {
        return Collections.unmodifiableMap(proxies);
    }

    /** The proxy of every origin without one of its own, from proxyHost and friends; null when there is none. */
    public ChatProxy defaultProxy() {
        return proxyHost == null || proxyHost.isBlank() ? null
                : new ChatProxy(proxyHost, proxyPort > 0 ? proxyPort : 8080, proxyUsername, proxyPassword);
    }

    public String getProxyHost() {
        return proxyHost;
    }

    public ChatHttpClientConfig setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
        return this;
    }

    public int getProxyPort() {
        return proxyPort;
    }

    public ChatHttpClientConfig setProxyPort(int proxyPort) {
        this.proxyPort = proxyPort;
        return this;
    }

    public String getProxyUsername() {
        return proxyUsername;
    }

    public ChatHttpClientConfig setProxyUsername(String proxyUsername) {
        this.proxyUsername = proxyUsername;
        return this;
    }

    public String getProxyPassword() {
        return proxyPassword;
    }

    public ChatHttpClientConfig setProxyPassword(String proxyPassword) {
        this.proxyPassword = proxyPassword;
        return this;
    }

    public SSLContext getSslContext() {
        return sslContext;
    }

    public ChatHttpClientConfig setSslContext(SSLContext sslContext) {
        this.sslContext = sslContext;
        return this;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    /** How many times a retryable call is sent again (0 = never). */
    public ChatHttpClientConfig setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
        return this;
    }

    public Duration getInitialRetryDelay() {
        return initialRetryDelay;
    }

    public ChatHttpClientConfig setInitialRetryDelay(Duration initialRetryDelay) {
        this.initialRetryDelay = initialRetryDelay;
        return this;
    }

    public Duration getRetryBudget() {
        return retryBudget;
    }

    /** The longest a call may spend waiting between retries in all; a longer {@code Retry-After} fails at once. */
    public ChatHttpClientConfig setRetryBudget(Duration retryBudget) {
        this.retryBudget = retryBudget;
        return this;
    }

    public double getRateLimit() {
        return rateLimit;
    }

    /** Calls per second this client makes at most (0 = no client-side limit). */
    public ChatHttpClientConfig setRateLimit(double rateLimit) {
        this.rateLimit = rateLimit;
        return this;
    }

    public String getUserAgent() {
        return userAgent;
    }

    public ChatHttpClientConfig setUserAgent(String userAgent) {
        this.userAgent = userAgent;
        return this;
    }
}
