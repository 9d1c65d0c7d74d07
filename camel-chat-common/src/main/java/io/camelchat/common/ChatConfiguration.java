package io.camelchat.common;

import io.camelchat.common.token.TokenStore;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The options every camel-chat component has, with the same name, meaning and default: connection handling of
 * consumers, webhook limits, producer targets and formats, the HTTP client, proxies and TLS. Each component's
 * configuration extends it with its credentials, addresses and what is its own.
 */
@UriParams
public class ChatConfiguration implements Cloneable {

    @UriParam(label = "consumer", defaultValue = "1s", javaType = "java.time.Duration",
              description = "First wait before reconnecting the connection; doubles (with jitter) on each failed attempt.")
    private long reconnectDelay = 1000;
    @UriParam(label = "consumer,advanced", defaultValue = "60s", javaType = "java.time.Duration",
              description = "Longest wait between reconnection attempts.")
    private long maxReconnectDelay = 60000;
    @UriParam(label = "consumer", defaultValue = "1000",
              description = "Events being processed at most; beyond that the consumer stops reading from the socket "
                            + "until half of them completed.")
    private int maxInFlight = 1000;
    @UriParam(label = "consumer", defaultValue = "1",
              description = "Threads that process events. 1 keeps the order of messages; more give throughput.")
    private int concurrentConsumers = 1;
    @UriParam(label = "consumer,advanced", defaultValue = "1048576",
              description = "Largest frame accepted, in bytes; a larger one is refused and the connection replaced.")
    private int maxFrameSize = 1024 * 1024;
    @UriParam(label = "consumer",
              description = "Path the webhook consumer serves through platform-http, e.g. `/chat/events`.")
    private String webhookPath;
    @UriParam(label = "consumer,advanced", defaultValue = "1048576",
              description = "Largest webhook request body accepted, in bytes (413 above).")
    private int maxBodySize = 1024 * 1024;
    @UriParam(label = "producer",
              description = "The target of producers, `<kind>:<id>` in the platform's kinds (DingTalk `user:`, `group:`, "
                            + "`mobile:`; Lark `chat_id:`, `open_id:`, `user_id:`, `union_id:`, `email:`; Symphony "
                            + "`stream:`, `user:`, `email:`; see the component's Targets). The header `CamelChatTo` "
                            + "overrides it.")
    private String to;
    @UriParam(label = "producer", enums = "text,markdown", defaultValue = "text",
              description = "How a String body is sent: plain `text` or `markdown`.")
    private String format = "text";
    @UriParam(label = "producer", defaultValue = "Message",
              description = "Title of markdown messages (shown in notifications) when the message has none.")
    private String title = "Message";
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
    @UriParam(label = "advanced",
              description = "Where access tokens are shared: by default the endpoints of one component share them in "
                            + "memory; give a shared store (a bean implementing io.camelchat.common.token.TokenStore) "
                            + "so that several nodes use one token.")
    private TokenStore tokenStore;
    @UriParam(label = "proxy", description = "HTTP proxy host for API calls.")
    private String proxyHost;
    @UriParam(label = "proxy", description = "HTTP proxy port.")
    private Integer proxyPort;
    @UriParam(label = "proxy", secret = true, description = "HTTP proxy user name.")
    private String proxyUsername;
    @UriParam(label = "proxy", secret = true, description = "HTTP proxy password.")
    private String proxyPassword;
    @UriParam(label = "security", description = "TLS settings (trust store, client certificate) for API calls and the connection.")
    @Metadata(autowired = false)
    private SSLContextParameters sslContextParameters;

    /**
     * The settings of the endpoint's {@link io.camelchat.common.http.ChatHttpClient} from these options.
     *
     * @param rateLimit the endpoint's calls per second (platforms default it differently)
     */
    public io.camelchat.common.http.ChatHttpClientConfig httpClientConfig(org.apache.camel.CamelContext context,
                                                                       String userAgent, double rateLimit)
            throws Exception {
        io.camelchat.common.http.ChatHttpClientConfig http = new io.camelchat.common.http.ChatHttpClientConfig()
                .setConnectTimeout(java.time.Duration.ofMillis(connectTimeout))
                .setResponseTimeout(java.time.Duration.ofMillis(responseTimeout))
                .setMaxRetries(maxRetries)
                .setInitialRetryDelay(java.time.Duration.ofMillis(retryDelay))
                .setRetryBudget(java.time.Duration.ofMillis(retryBudget))
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

    public long getReconnectDelay() {
        return reconnectDelay;
    }

    public void setReconnectDelay(long reconnectDelay) {
        this.reconnectDelay = reconnectDelay;
    }

    public long getMaxReconnectDelay() {
        return maxReconnectDelay;
    }

    public void setMaxReconnectDelay(long maxReconnectDelay) {
        this.maxReconnectDelay = maxReconnectDelay;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public int getConcurrentConsumers() {
        return concurrentConsumers;
    }

    public void setConcurrentConsumers(int concurrentConsumers) {
        this.concurrentConsumers = concurrentConsumers;
    }

    public int getMaxFrameSize() {
        return maxFrameSize;
    }

    public void setMaxFrameSize(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    public String getWebhookPath() {
        return webhookPath;
    }

    public void setWebhookPath(String webhookPath) {
        this.webhookPath = webhookPath;
    }

    public int getMaxBodySize() {
        return maxBodySize;
    }

    public void setMaxBodySize(int maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

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

    public TokenStore getTokenStore() {
        return tokenStore;
    }

    public void setTokenStore(TokenStore tokenStore) {
        this.tokenStore = tokenStore;
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
