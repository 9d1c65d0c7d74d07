package io.camelchat.common.http;

import java.time.Duration;

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
