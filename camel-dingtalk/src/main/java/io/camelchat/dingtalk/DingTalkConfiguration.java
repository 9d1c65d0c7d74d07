package io.camelchat.dingtalk;

import io.camelchat.common.token.TokenStore;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

/** Every option of the DingTalk component, once. Component-level values are the defaults of every endpoint. */
@UriParams
public class DingTalkConfiguration implements Cloneable {

    // ------------------------------------------------------------------ credentials and addresses

    @UriParam(label = "security", secret = true,
              description = "The app's ClientID (formerly AppKey), as shown in the DingTalk developer console.")
    private String clientId;
    @UriParam(label = "security", secret = true,
              description = "The app's ClientSecret (formerly AppSecret). Also the key of outgoing-robot webhook signatures.")
    private String clientSecret;
    @UriParam(label = "common",
              description = "The robot code used for robot sends, recalls and downloads. Defaults to the clientId "
                            + "(true for robots of internal apps).")
    private String robotCode;
    @UriParam(label = "common", defaultValue = "https://api.dingtalk.com",
              description = "Base URL of DingTalk's OpenAPI (`/v1.0/...`) and of the Stream gateway registration.")
    private String apiUrl = "https://api.dingtalk.com";
    @UriParam(label = "common", defaultValue = "https://oapi.dingtalk.com",
              description = "Base URL of DingTalk's older OpenAPI (media upload, user and group look-ups).")
    private String oapiUrl = "https://oapi.dingtalk.com";

    // ------------------------------------------------------------------ stream consumer

    @UriParam(label = "consumer", defaultValue = "robot",
              description = "What the Stream consumer subscribes to, comma separated: `robot` (robot messages), `card` "
                            + "(interactive card callbacks), `event` (every event subscribed in the developer console), "
                            + "or a callback topic starting with `/`.")
    private String subscriptions = "robot";
    @UriParam(label = "consumer", defaultValue = "1s", javaType = "java.time.Duration",
              description = "First wait before reconnecting the Stream connection; doubles (with jitter) on each failed attempt.")
    private long reconnectDelay = 1000;
    @UriParam(label = "consumer,advanced", defaultValue = "60s", javaType = "java.time.Duration",
              description = "Longest wait between reconnection attempts.")
    private long maxReconnectDelay = 60000;
    @UriParam(label = "consumer", defaultValue = "30s", javaType = "java.time.Duration",
              description = "Websocket ping interval. A connection that received nothing for 2.5 intervals is replaced. 0 disables.")
    private long heartbeatInterval = 30000;
    @UriParam(label = "consumer", defaultValue = "1000",
              description = "Events being processed at most; beyond that the consumer stops reading from the socket "
                            + "until half of them completed.")
    private int maxInFlight = 1000;
    @UriParam(label = "consumer", defaultValue = "1",
              description = "Threads that process events. 1 keeps the order of messages; more give throughput.")
    private int concurrentConsumers = 1;
    @UriParam(label = "consumer,advanced", defaultValue = "1048576",
              description = "Largest Stream frame accepted, in bytes; a larger one is refused and the connection replaced.")
    private int maxFrameSize = 1024 * 1024;

    // ------------------------------------------------------------------ webhook consumer

    @UriParam(label = "consumer",
              description = "Path the webhook consumer serves through platform-http, e.g. `/dingtalk/callback`.")
    private String webhookPath;
    @UriParam(label = "consumer,security", secret = true,
              description = "Event subscription over HTTP: the `token` from the developer console (signs callbacks).")
    private String callbackToken;
    @UriParam(label = "consumer,security", secret = true,
              description = "Event subscription over HTTP: the 43-character `aes_key` (EncodingAESKey) from the developer console.")
    private String aesKey;
    @UriParam(label = "consumer,security",
              description = "Event subscription over HTTP: the key encrypted callbacks carry (the app's ClientID for "
                            + "internal apps, the corpId or suiteKey otherwise). Defaults to the clientId.")
    private String ownerKey;
    @UriParam(label = "consumer,security", defaultValue = "1h", javaType = "java.time.Duration",
              description = "Webhook requests whose timestamp is further from now than this are refused as stale.")
    private long timestampTolerance = 3600_000;
    @UriParam(label = "consumer,advanced", defaultValue = "1048576",
              description = "Largest webhook request body accepted, in bytes (413 above).")
    private int maxBodySize = 1024 * 1024;

    // ------------------------------------------------------------------ producers

    @UriParam(label = "producer",
              description = "The operation; defaults to `send` for `message`, `upload` for `media`, `getUser` for `directory`.")
    private DingTalkOperation operation;
    @UriParam(label = "producer",
              description = "Target: `user:<userId>[,<userId>...]` (1:1, up to 20) or `group:<openConversationId>`. "
                            + "For directory look-ups: `user:<userId>`, `mobile:<number>`, `group:<openConversationId>`. "
                            + "The header `CamelChatTo` overrides it.")
    private String to;
    @UriParam(label = "producer", enums = "text,markdown", defaultValue = "text",
              description = "How a String body is sent: plain `text` or `markdown`.")
    private String format = "text";
    @UriParam(label = "producer", defaultValue = "Message",
              description = "Title of markdown messages (shown in notifications) when the message has none.")
    private String title = "Message";
    @UriParam(label = "producer", enums = "image,voice,video,file",
              description = "Media upload: the media type; guessed from the content type when not set.")
    private String mediaType;

    // ------------------------------------------------------------------ HTTP client

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
                            + "Rate-limited calls wait as long as DingTalk asks instead.")
    private long retryDelay = 500;
    @UriParam(label = "advanced", defaultValue = "30s", javaType = "java.time.Duration",
              description = "Longest total wait between retries of one call.")
    private long retryBudget = 30000;
    @UriParam(label = "advanced", defaultValue = "20",
              description = "API calls per second this endpoint makes at most (DingTalk allows 20 per app and API); 0 = no limit.")
    private double rateLimit = 20;
    @UriParam(label = "advanced", defaultValue = "5m", javaType = "java.time.Duration",
              description = "How long before expiry the access token is replaced.")
    private long tokenRefreshAhead = 300_000;
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
    @UriParam(label = "security", description = "TLS settings (trust store, client certificate) for API calls and the Stream connection.")
    @Metadata(autowired = false)
    private SSLContextParameters sslContextParameters;

    public DingTalkConfiguration copy() {
        try {
            return (DingTalkConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** The robot code, defaulting to the clientId. */
    public String effectiveRobotCode() {
        return robotCode != null && !robotCode.isBlank() ? robotCode : clientId;
    }

    /** The owner key of encrypted callbacks, defaulting to the clientId. */
    public String effectiveOwnerKey() {
        return ownerKey != null && !ownerKey.isBlank() ? ownerKey : clientId;
    }

    // ------------------------------------------------------------------ getters and setters

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public String getRobotCode() {
        return robotCode;
    }

    public void setRobotCode(String robotCode) {
        this.robotCode = robotCode;
    }

    public String getApiUrl() {
        return apiUrl;
    }

    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    public String getOapiUrl() {
        return oapiUrl;
    }

    public void setOapiUrl(String oapiUrl) {
        this.oapiUrl = oapiUrl;
    }

    public String getSubscriptions() {
        return subscriptions;
    }

    public void setSubscriptions(String subscriptions) {
        this.subscriptions = subscriptions;
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

    public long getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(long heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
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

    public String getCallbackToken() {
        return callbackToken;
    }

    public void setCallbackToken(String callbackToken) {
        this.callbackToken = callbackToken;
    }

    public String getAesKey() {
        return aesKey;
    }

    public void setAesKey(String aesKey) {
        this.aesKey = aesKey;
    }

    public String getOwnerKey() {
        return ownerKey;
    }

    public void setOwnerKey(String ownerKey) {
        this.ownerKey = ownerKey;
    }

    public long getTimestampTolerance() {
        return timestampTolerance;
    }

    public void setTimestampTolerance(long timestampTolerance) {
        this.timestampTolerance = timestampTolerance;
    }

    public int getMaxBodySize() {
        return maxBodySize;
    }

    public void setMaxBodySize(int maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    public DingTalkOperation getOperation() {
        return operation;
    }

    public void setOperation(DingTalkOperation operation) {
        this.operation = operation;
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

    public String getMediaType() {
        return mediaType;
    }

    public void setMediaType(String mediaType) {
        this.mediaType = mediaType;
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

    public double getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(double rateLimit) {
        this.rateLimit = rateLimit;
    }

    public long getTokenRefreshAhead() {
        return tokenRefreshAhead;
    }

    public void setTokenRefreshAhead(long tokenRefreshAhead) {
        this.tokenRefreshAhead = tokenRefreshAhead;
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
