package io.camelchat.common.ws;

import java.time.Duration;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLContext;

/** Settings of a {@link WebSocketSession}; components fill it from their endpoint options. */
public final class WebSocketSessionConfig {

    private String name = "websocket";
    private volatile Duration reconnectDelay = Duration.ofSeconds(1);
    private volatile Duration maxReconnectDelay = Duration.ofSeconds(60);
    private int failureThreshold = 5;
    private volatile Duration heartbeatInterval = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private volatile Duration firstReconnectJitter = Duration.ZERO;
    private int maxInFlight = 100;
    private int maxFrameSize = 1024 * 1024;
    private SSLContext sslContext;
    private Executor executor;
    private String proxyHost;
    private int proxyPort;
    private String proxyUsername;
    private String proxyPassword;

    public String getName() {
        return name;
    }

    /** A label for thread names and logs (platform and app id; never a secret). */
    public WebSocketSessionConfig setName(String name) {
        this.name = name;
        return this;
    }

    public Duration getReconnectDelay() {
        return reconnectDelay;
    }

    /** First wait before reconnecting; doubles on every failed attempt up to {@link #getMaxReconnectDelay()}. */
    public WebSocketSessionConfig setReconnectDelay(Duration reconnectDelay) {
        this.reconnectDelay = reconnectDelay;
        return this;
    }

    public Duration getMaxReconnectDelay() {
        return maxReconnectDelay;
    }

    public WebSocketSessionConfig setMaxReconnectDelay(Duration maxReconnectDelay) {
        this.maxReconnectDelay = maxReconnectDelay;
        return this;
    }

    public Duration getFirstReconnectJitter() {
        return firstReconnectJitter;
    }

    /**
     * A random extra wait in {@code [0, jitter]} before the first reconnect attempt after a connection was lost, so
     * that many clients dropped at once by a restarting server do not all come back at the same moment (zero by
     * default). May be changed while the session runs, as may the reconnect delays.
     */
    public WebSocketSessionConfig setFirstReconnectJitter(Duration firstReconnectJitter) {
        this.firstReconnectJitter = firstReconnectJitter == null ? Duration.ZERO : firstReconnectJitter;
        return this;
    }

    public int getFailureThreshold() {
        return failureThreshold;
    }

    /** After this many failed attempts in a row the session reports itself failed (it keeps trying). */
    public WebSocketSessionConfig setFailureThreshold(int failureThreshold) {
        this.failureThreshold = failureThreshold;
        return this;
    }

    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    /**
     * How often a heartbeat is sent; a connection that received nothing for two intervals is considered dead and
     * replaced. Zero turns both off.
     */
    public WebSocketSessionConfig setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
        return this;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public WebSocketSessionConfig setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return this;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    /** Events handed out and not yet finished above which the session stops reading from the socket. */
    public WebSocketSessionConfig setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
        return this;
    }

    public int getMaxFrameSize() {
        return maxFrameSize;
    }

    /** Largest message (all fragments together) accepted; a larger one closes the connection with 1009. */
    public WebSocketSessionConfig setMaxFrameSize(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
        return this;
    }

    public SSLContext getSslContext() {
        return sslContext;
    }

    /** TLS settings for {@code wss://}; the JVM's defaults when null. */
    public WebSocketSessionConfig setSslContext(SSLContext sslContext) {
        this.sslContext = sslContext;
        return this;
    }

    /** An HTTP proxy the connection tunnels through (HTTP CONNECT), with optional basic authentication. */
    public WebSocketSessionConfig setProxy(String host, int port, String username, String password) {
        this.proxyHost = host;
        this.proxyPort = port;
        this.proxyUsername = username;
        this.proxyPassword = password;
        return this;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    public int getProxyPort() {
        return proxyPort;
    }

    public String getProxyUsername() {
        return proxyUsername;
    }

    public String getProxyPassword() {
        return proxyPassword;
    }

    public Executor getExecutor() {
        return executor;
    }

    /** Where the session's I/O and connect threads come from (e.g. Camel's executor service manager). */
    public WebSocketSessionConfig setExecutor(Executor executor) {
        this.executor = executor;
        return this;
    }
}
