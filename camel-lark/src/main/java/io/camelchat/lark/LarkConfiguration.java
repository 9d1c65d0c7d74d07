package io.camelchat.lark;

import io.camelchat.common.ChatConfiguration;
import io.camelchat.common.ChatStreamWebhookConfiguration;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options of the Lark component that are Lark's own; the ones every component shares come from
 * {@link ChatConfiguration}. Component-level values are the defaults of every endpoint.
 */
@UriParams
public class LarkConfiguration extends ChatStreamWebhookConfiguration {

    @UriParam(label = "security", secret = true,
              description = "The app's App ID (cli_...), from the developer console.")
    private String appId;
    @UriParam(label = "security", secret = true, description = "The app's App Secret.")
    private String appSecret;
    @UriParam(label = "consumer,webhook,security", secret = true,
              description = "Events and callbacks: the Verification Token from the developer console; events carrying another token are refused.")
    private String verificationToken;
    @UriParam(label = "consumer,webhook,security", secret = true,
              description = "Events and callbacks: the Encrypt Key from the developer console; with it, HTTP callbacks must be encrypted and signed.")
    private String encryptKey;
    @UriParam(label = "common", enums = "feishu,larksuite", defaultValue = "feishu",
              description = "Which Lark: feishu (open.feishu.cn) or larksuite (open.larksuite.com). apiUrl overrides it.")
    private String domain = "feishu";
    @UriParam(label = "advanced",
              description = "Base URL of the open platform (API, tokens and the long-connection endpoint); defaults to the one of domain.")
    private String apiUrl;
    @UriParam(label = "consumer",
              description = "Only these event types are routed (comma separated, e.g. im.message.receive_v1,card.action.trigger); others are acknowledged and dropped. Empty: every event.")
    private String eventTypes;
    @UriParam(label = "consumer,stream", javaType = "java.time.Duration",
              description = "Ping interval of the long connection. By default (0) the PingInterval of the client config Lark sends (120 s unless Lark says otherwise). A connection that received nothing for 2.5 intervals is replaced.")
    private long heartbeatInterval;
    @UriParam(label = "consumer,webhook,security", defaultValue = "5m", javaType = "java.time.Duration",
              description = "Signed webhook requests whose timestamp is further from now than this are refused as stale.")
    private long timestampTolerance = 300_000;
    /** The option {@code to} of {@link io.camelchat.common.ChatConfiguration#getTo()}, with this platform's kinds. */
    @UriParam(label = "producer",
              description = "The target of producers, kind:id with Lark's id types. message: chat_id:oc_id, open_id:ou_id, "
                            + "user_id:id, union_id:on_id or email:address. directory: open_id, user_id or union_id, "
                            + "email:address or mobile:number, of a kind the operation reads; without an operation the "
                            + "kind picks it. The header CamelChatTo overrides it.")
    private String to;
    @UriParam(label = "producer",
              description = "The operation; defaults to send for message, upload for media, getUser for directory.")
    private LarkOperation operation;
    @UriParam(label = "producer", enums = "image,file",
              description = "Media upload and download: image or file; guessed from the content type when not set.")
    private String mediaType;
    @UriParam(label = "producer", defaultValue = "false",
              description = "reply: answer in a thread of the replied message.")
    private boolean replyInThread;
    @UriParam(label = "advanced", defaultValue = "0",
              description = "API calls per second this endpoint makes at most; 0 = no limit (Lark's limits differ per API).")
    private double rateLimit;
    @UriParam(label = "advanced", defaultValue = "3m", javaType = "java.time.Duration",
              description = "How long before expiry the access token is replaced.")
    private long tokenRefreshAhead = 180_000;

    /** The base URL: {@code apiUrl}, else the one of {@code domain}. */
    public String effectiveApiUrl() {
        if (apiUrl != null && !apiUrl.isBlank()) {
            return apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        }
        if (domain == null || "feishu".equalsIgnoreCase(domain)) {
            return "https://open.feishu.cn";
        }
        if ("larksuite".equalsIgnoreCase(domain) || "lark".equalsIgnoreCase(domain)) {
            return "https://open.larksuite.com";
        }
        throw new IllegalArgumentException("Unknown Lark domain '" + domain + "': use feishu or larksuite (or apiUrl)");
    }

    public String getAppId() {
        return appId;
    }

    public void setAppId(String appId) {
        this.appId = appId;
    }

    public String getAppSecret() {
        return appSecret;
    }

    public void setAppSecret(String appSecret) {
        this.appSecret = appSecret;
    }

    public String getVerificationToken() {
        return verificationToken;
    }

    public void setVerificationToken(String verificationToken) {
        this.verificationToken = verificationToken;
    }

    public String getEncryptKey() {
        return encryptKey;
    }

    public void setEncryptKey(String encryptKey) {
        this.encryptKey = encryptKey;
    }

    public String getDomain() {
        return domain;
    }

    public void setDomain(String domain) {
        this.domain = domain;
    }

    public String getApiUrl() {
        return apiUrl;
    }

    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    public String getEventTypes() {
        return eventTypes;
    }

    public void setEventTypes(String eventTypes) {
        this.eventTypes = eventTypes;
    }

    public long getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(long heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public long getTimestampTolerance() {
        return timestampTolerance;
    }

    public void setTimestampTolerance(long timestampTolerance) {
        this.timestampTolerance = timestampTolerance;
    }

    @Override
    public String getTo() {
        return to;
    }

    @Override
    public void setTo(String to) {
        this.to = to;
    }

    public LarkOperation getOperation() {
        return operation;
    }

    public void setOperation(LarkOperation operation) {
        this.operation = operation;
    }

    public String getMediaType() {
        return mediaType;
    }

    public void setMediaType(String mediaType) {
        this.mediaType = mediaType;
    }

    public boolean isReplyInThread() {
        return replyInThread;
    }

    public void setReplyInThread(boolean replyInThread) {
        this.replyInThread = replyInThread;
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
}
