package io.camelchat.dingtalk;

import io.camelchat.common.ChatStreamWebhookConfiguration;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** Every option of the DingTalk component, once. Component-level values are the defaults of every endpoint. */
@UriParams
public class DingTalkConfiguration extends ChatStreamWebhookConfiguration {

    // ------------------------------------------------------------------ credentials and addresses

    @UriParam(label = "security", secret = true,
              description = "The app's ClientID (formerly AppKey), as shown in the DingTalk developer console.")
    private String clientId;
    @UriParam(label = "security", secret = true,
              description = "The app's ClientSecret (formerly AppSecret). Also the key of outgoing-robot webhook signatures.")
    private String clientSecret;
    @UriParam(label = "producer",
              description = "The robot code used for robot sends, recalls and downloads. Defaults to the clientId "
                            + "(true for robots of internal apps).")
    private String robotCode;
    @UriParam(label = "advanced", defaultValue = "https://api.dingtalk.com",
              description = "Base URL of DingTalk's OpenAPI (/v1.0/...) and of the Stream gateway registration.")
    private String apiUrl = "https://api.dingtalk.com";
    @UriParam(label = "advanced", defaultValue = "https://oapi.dingtalk.com",
              description = "Base URL of DingTalk's older OpenAPI (media upload, user and group look-ups).")
    private String oapiUrl = "https://oapi.dingtalk.com";

    // ------------------------------------------------------------------ stream consumer

    @UriParam(label = "consumer,stream", defaultValue = "robot",
              description = "What the Stream consumer subscribes to, comma separated: robot (robot messages), card "
                            + "(interactive card callbacks), event (every event subscribed in the developer console), "
                            + "or a callback topic starting with /.")
    private String subscriptions = "robot";
    @UriParam(label = "consumer,stream", defaultValue = "30s", javaType = "java.time.Duration",
              description = "Websocket ping interval. A connection that received nothing for 2.5 intervals is replaced. 0 disables.")
    private long heartbeatInterval = 30000;

    // ------------------------------------------------------------------ webhook consumer

    @UriParam(label = "consumer,webhook,security", secret = true,
              description = "Event subscription over HTTP: the token from the developer console (signs callbacks).")
    private String callbackToken;
    @UriParam(label = "consumer,webhook,security", secret = true,
              description = "Event subscription over HTTP: the 43-character aes_key (EncodingAESKey) from the developer console.")
    private String aesKey;
    @UriParam(label = "consumer,webhook,security",
              description = "Event subscription over HTTP: the key encrypted callbacks carry (the app's ClientID for "
                            + "internal apps, the corpId or suiteKey otherwise). Defaults to the clientId.")
    private String ownerKey;
    @UriParam(label = "consumer,webhook,security", defaultValue = "1h", javaType = "java.time.Duration",
              description = "Webhook requests whose timestamp is further from now than this are refused as stale.")
    private long timestampTolerance = 3600_000;

    // ------------------------------------------------------------------ producers

    /** The option {@code to} of {@link io.camelchat.common.ChatConfiguration#getTo()}, with this platform's kinds. */
    @UriParam(label = "producer",
              description = "The target of producers, kind:id. message: user:userId, several comma separated (sent in chunks of "
                            + "20), or group:openConversationId. directory: user:userId, mobile:number or "
                            + "group:openConversationId, of a kind the operation reads; without an operation the kind "
                            + "picks it. The header CamelChatTo overrides it.")
    private String to;
    @UriParam(label = "producer",
              description = "The operation; defaults to send for message, upload for media, getUser for directory.")
    private DingTalkOperation operation;
    @UriParam(label = "producer", enums = "image,voice,video,file",
              description = "Media upload: the media type; guessed from the content type when not set.")
    private String mediaType;

    // ------------------------------------------------------------------ HTTP client

    @UriParam(label = "advanced", defaultValue = "20",
              description = "API calls per second this endpoint makes at most (DingTalk allows 20 per app and API); 0 = no limit.")
    private double rateLimit = 20;
    @UriParam(label = "advanced", defaultValue = "5m", javaType = "java.time.Duration",
              description = "How long before expiry the access token is replaced.")
    private long tokenRefreshAhead = 300_000;

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

    public long getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(long heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
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

    @Override
    public String getTo() {
        return to;
    }

    @Override
    public void setTo(String to) {
        this.to = to;
    }

    public DingTalkOperation getOperation() {
        return operation;
    }

    public void setOperation(DingTalkOperation operation) {
        this.operation = operation;
    }

    public String getMediaType() {
        return mediaType;
    }

    public void setMediaType(String mediaType) {
        this.mediaType = mediaType;
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
