package io.camelchat.common;

import java.time.Duration;

import io.camelchat.common.http.ChatHttpClientConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The options every camel-chat component has, with the same name, meaning, default and label on every platform: the
 * HTTP client of API calls (timeouts, retries), proxies and TLS. Each component's configuration extends it (through
 * {@link ChatStreamWebhookConfiguration} where the platform has a websocket stream and an HTTP webhook) with its
 * credentials, addresses and what is its own.
 * <p>
 * Labels: Camel's tooling groups options by the first word of their label ({@code common}, {@code consumer},
 * {@code producer}, {@code advanced}, {@code security}, {@code proxy}); the words after it tell where the option
 * applies. An option that only one kind of endpoint reads names that kind: {@code consumer,stream},
 * {@code consumer,webhook}, {@code consumer,datafeed}, {@code producer}, each with {@code advanced} where the option is
 * rarely changed. An option is declared here only when its label and description are true on every component's page;
 * one whose kind differs per platform (e.g. {@code reconnectDelay}: Stream connection on DingTalk and Lark, datafeed
 * back-off on Symphony) is declared by the platform's configuration instead, so that each page tells the truth.
 */
@UriParams
public abstract class ChatConfiguration implements Cloneable {

    @UriParam(label = "advanced", defaultValue = "10s", javaType = "java.time.Duration",
              description = "Connect timeout of API calls.")
    private long connectTimeout = 10000;
    @UriParam(label = "advanced", defaultValue = "30s", javaType = "java.time.Duration",
              description = "How long to wait for an API answer.")
    private long responseTimeout = 30000;
    @UriParam(label = "advanced", defaultValue = "3",
              description = "Retries of a call refused for rate limits, or of an idempotent call that failed with 5xx.")
    private int maxRetries = 3;
    @UriParam(label = "advanced", defaultValue = "500ms", javaType = "java.time.Duration",
              description = "First wait before retrying a call that failed with 5xx; doubles (with jitter) on each retry. "
                            + "Rate-limited calls wait as long as the platform asks instead.")
    private long retryDelay = 500;
    @UriParam(label = "advanced", defaultValue = "30s", javaType = "java.time.Duration",
              description = "Longest total wait between retries of one call.")
    private long retryBudget = 30000;
    @UriParam(label = "advanced", defaultValue = "20",
              description = "Most connections open at once to the platform API. Calls beyond it wait for a free "
                            + "connection without holding a thread; raise it for many sends in flight.")
    private int maxConnections = 20;
    @UriParam(label = "producer,advanced", defaultValue = "false",
              description = "Sets whether synchronous processing should be strictly used. By default a send completes "
                            + "asynchronously: no thread waits for the platform's answer and the route goes on from "
                            + "camel-chat's shared pool, so a consumer that does not wait for the exchange (file) may "
                            + "have several sends in flight, posted in any order. When true the producer waits on the "
                            + "calling thread and the route goes on from it: sends keep the consumer's order, and the "
                            + "HTTP calls run on the calling thread (the least CPU per send; one thread per send in "
                            + "flight).")
    private boolean synchronous;
    @UriParam(label = "common,advanced", defaultValue = "true",
              description = "Whether the route goes on from a pool of threads (true, the default) or from the I/O "
                            + "thread where the data arrived (false: no hand-off between threads, the least CPU and "
                            + "latency per event). A stream consumer routes its events on concurrentConsumers worker "
                            + "threads, or on the connection's I/O thread; an asynchronous producer goes on from "
                            + "camel-chat's shared pool after the platform answered, or from the HTTP client's I/O "
                            + "thread that read the answer (a send that waits for something else first, such as a new "
                            + "access token, goes on from the pool). Set false only for routes that do not block, "
                            + "error-handler redelivery delays included (asyncDelayedRedelivery): while a route runs "
                            + "on an I/O thread, that thread reads nothing else (a stream connection no further frames "
                            + "and no heartbeat, the HTTP client no other answer). Set on the component, it applies "
                            + "to consumers and producers alike. As camel-netty's option of the same name.")
    private boolean usingExecutorService = true;
    @UriParam(label = "proxy", description = "HTTP proxy host for API calls.")
    private String proxyHost;
    @UriParam(label = "proxy", description = "HTTP proxy port.")
    private Integer proxyPort;
    @UriParam(label = "proxy", secret = true, description = "HTTP proxy user name.")
    private String proxyUsername;
    @UriParam(label = "proxy", secret = true, description = "HTTP proxy password.")
    private String proxyPassword;
    @UriParam(label = "security",
              description = "TLS settings (trust store, client certificate) for API calls and the connection.")
    @Metadata(autowired = false)
    private SSLContextParameters sslContextParameters;

    /**
     * The settings of the endpoint's {@link io.camelchat.common.http.ChatHttpClient} from these options.
     *
     * @param rateLimit the endpoint's calls per second (platforms default it differently)
     */
    public ChatHttpClientConfig httpClientConfig(CamelContext context,
                                                 String userAgent, double rateLimit)
            throws Exception {
        ChatHttpClientConfig http = new ChatHttpClientConfig()
                .setConnectTimeout(Duration.ofMillis(connectTimeout))
                .setResponseTimeout(Duration.ofMillis(responseTimeout))
                .setMaxRetries(maxRetries)
                .setInitialRetryDelay(Duration.ofMillis(retryDelay))
                .setRetryBudget(Duration.ofMillis(retryBudget))
                .setMaxConnections(maxConnections)
                .setRateLimit(rateLimit)
                .setProxyHost(proxyHost)
                .setProxyPort(proxyPort == null ? 0 : proxyPort)
                .setProxyUsername(proxyUsername)
                .setProxyPassword(proxyPassword)
                .setUserAgent(userAgent);
        if (sslContextParameters != null) {
            http.setSslContext(sslContextParameters.createSSLContext(context));
        }
        return http;
    }

    /** A copy for an endpoint, so that endpoint options do not change the component's defaults. */
    @SuppressWarnings("unchecked")
    public <T extends ChatConfiguration> T copy() {
        try {
            return (T) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /**
     * The option {@code to}: the target of producers, {@code <kind>:<id>}, which the header {@code CamelChatTo}
     * overrides. Every component has it, but each with its own kinds, so each component's configuration declares the
     * field with its own {@code @UriParam} (Camel's generator reads option metadata from fields only, and a field here
     * would list every platform's kinds on every page).
     */
    public abstract String getTo();

    public abstract void setTo(String to);

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getResponseTimeout() {
        return responseTimeout;
    }

    public void setResponseTimeout(long responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(long retryDelay) {
        this.retryDelay = retryDelay;
    }

    public long getRetryBudget() {
        return retryBudget;
    }

    public void setRetryBudget(long retryBudget) {
        this.retryBudget = retryBudget;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public boolean isSynchronous() {
        return synchronous;
    }

    public void setSynchronous(boolean synchronous) {
        this.synchronous = synchronous;
    }

    public boolean isUsingExecutorService() {
        return usingExecutorService;
    }

    public void setUsingExecutorService(boolean usingExecutorService) {
        this.usingExecutorService = usingExecutorService;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public String getProxyUsername() {
        return proxyUsername;
    }

    public void setProxyUsername(String proxyUsername) {
        this.proxyUsername = proxyUsername;
    }

    public String getProxyPassword() {
        return proxyPassword;
    }

    public void setProxyPassword(String proxyPassword) {
        this.proxyPassword = proxyPassword;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }
}
