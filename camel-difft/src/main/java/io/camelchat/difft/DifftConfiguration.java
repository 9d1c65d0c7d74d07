package io.camelchat.difft;

import java.net.URI;
import java.util.Locale;

import io.camelchat.common.ChatConfiguration;
import io.camelchat.common.ChatTarget;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options of the Difft component that are Difft's own; the ones every component shares come from
 * {@link ChatConfiguration}. Component-level values are the defaults of every endpoint.
 * <p>
 * Credentials: {@code appId} and {@code appSecret} sign every request (reference section 2); {@code botId} is the
 * bot's wuid, which sends, look-ups and uploads name. Difft has no access token, so this configuration does not extend
 * {@link io.camelchat.common.ChatStreamWebhookConfiguration}; it declares the stream and webhook options with the same
 * names and labels.
 */
@UriParams
public class DifftConfiguration extends ChatConfiguration {
    @UriParam(label = "security", secret = true,
              description = "The app's appid, as the Difft bot console shows it; every request is signed with it.")
    private String appId;
    @UriParam(label = "security", secret = true,
              description = "The app's secret: the key of the HMAC-SHA256 request signatures (and of the signatures of webhook callbacks).")
    private String appSecret;
    @UriParam(label = "security", secret = true,
              description = "The bot's own wuid, as the botid of the .difft.cfg file: the sender of messages, the operator of look-ups and the owner of uploads. Consumers skip messages the bot sent.")
    private String botId;
    @UriParam(label = "advanced", defaultValue = "https://openapi.difft.org",
              description = "Base URL of the Difft open API (https://openapi.test.difft.org for the test environment).")
    private String apiUrl = "https://openapi.difft.org";
    @UriParam(label = "consumer,stream,advanced",
              description = "URL of the websocket listener; by default apiUrl with ws or wss as scheme and the path /v1/websocket.")
    private String wsUrl;
    @UriParam(label = "consumer,stream", defaultValue = "1s", javaType = "java.time.Duration",
              description = "First wait before reconnecting the websocket after a failure; doubles (with jitter) on each failed attempt.")
    private long reconnectDelay = 1000;
    @UriParam(label = "consumer,stream,advanced", defaultValue = "60s", javaType = "java.time.Duration",
              description = "Longest wait between reconnection attempts of the websocket.")
    private long maxReconnectDelay = 60_000;
    @UriParam(label = "consumer,stream", defaultValue = "30s", javaType = "java.time.Duration",
              description = "Websocket ping interval (Difft's SDK pings every 30 seconds). A connection that received nothing for 2.5 intervals is replaced. 0 disables.")
    private long heartbeatInterval = 30_000;
    @UriParam(label = "consumer,stream", defaultValue = "1000",
              description = "Messages being processed at most; beyond that the stream consumer stops fetching until half of them completed.")
    private int maxInFlight = 1000;
    @UriParam(label = "consumer,stream", defaultValue = "1",
              description = "Threads that route received messages. 1 keeps their order; more give throughput.")
    private int concurrentConsumers = 1;
    @UriParam(label = "consumer,stream,advanced", defaultValue = "1048576",
              description = "Largest websocket frame accepted, in bytes; a larger one is refused and the connection replaced.")
    private int maxFrameSize = 1024 * 1024;
    @UriParam(label = "consumer,webhook",
              description = "Path the webhook consumer serves through platform-http, e.g. /difft/callback.")
    private String webhookPath;
    @UriParam(label = "consumer,webhook,security", defaultValue = "5m", javaType = "java.time.Duration",
              description = "Signed webhook requests whose timestamp is further from now than this are refused as stale.")
    private long timestampTolerance = 300_000;
    @UriParam(label = "consumer,webhook,advanced", defaultValue = "1048576",
              description = "Largest webhook request body accepted, in bytes (413 above).")
    private int maxBodySize = 1024 * 1024;
    @UriParam(label = "consumer,webhook,advanced",
              description = "Where the nonces of accepted webhook requests are kept to refuse a replay: by default "
                            + "this node's memory; give a shared Camel IdempotentRepository (e.g. camel-sql's "
                            + "JdbcMessageIdRepository) so that a request accepted by one node is refused by the others.")
    private IdempotentRepository replayRepository;
    @UriParam(label = "consumer", defaultValue = "false",
              description = "Whether consumers route RECEIPT messages (read and delivery receipts); by default they are acknowledged and skipped.")
    private boolean receipts = false;
    @UriParam(label = "producer",
              description = "The target of producers, kind:id. message: user:wuid, several comma separated, or group:groupId. media upload and authorize: the users or the group the file is authorized for. directory: user:wuid or email:address (accounts, several comma separated), group:groupId or members:groupId (members). The header CamelChatTo overrides it.")
    private String to;
    @UriParam(label = "producer",
              description = "The operation; defaults to send for message, upload for media, getAccounts for directory.")
    private DifftOperation operation;
    @UriParam(label = "producer", enums = "text,markdown", defaultValue = "text",
              description = "How a String body is sent: plain text, or markdown as a card message.")
    private String format = "text";
    @UriParam(label = "producer,advanced", defaultValue = "1s", javaType = "java.time.Duration",
              description = "Least time between two sends (and file uploads) of one app, over all its endpoints in this JVM: Difft accepts one message per second. Sends wait their turn; 0 disables the wait.")
    private long sendInterval = 1000;
    @UriParam(label = "advanced", defaultValue = "0",
              description = "API calls per second this endpoint makes at most (look-ups included); 0 = no limit besides sendInterval.")
    private double rateLimit = 0;

    /** The API's base URL without a trailing slash; fails clearly when blank. */
    public String effectiveApiUrl() {
        if (apiUrl == null || apiUrl.isBlank()) {
            throw new IllegalArgumentException("Difft needs the option apiUrl (e.g. https://openapi.difft.org)");
        }
        String u = apiUrl.trim();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    /**
     * The websocket URL: {@code wsUrl}, or {@code apiUrl} with {@code https} turned into {@code wss} ({@code http}
     * into {@code ws}) and the path {@code /v1/websocket}.
     */
    public String effectiveWsUrl() {
        if (wsUrl != null && !wsUrl.isBlank()) {
            return wsUrl.trim();
        }
        URI api = URI.create(effectiveApiUrl());
        String scheme = api.getScheme() == null ? "https" : api.getScheme().toLowerCase(Locale.ROOT);
        String ws = "http".equals(scheme) ? "ws" : "wss";
        String path = api.getRawPath() == null ? "" : api.getRawPath();
        return ws + "://" + api.getRawAuthority() + path + "/v1/websocket";
    }

    /**
     * Checks that the credentials are there; messages never quote a credential.
     *
     * @param needsBot whether the endpoint needs botId too
     */
    public void validateCredentials(boolean needsBot) {
        if (isBlank(appId) || isBlank(appSecret)) {
            throw new IllegalArgumentException(
                    "Difft needs the options appId and appSecret (the app's appid and secret)");
        }
        if (needsBot && isBlank(botId)) {
            throw new IllegalArgumentException("Difft needs the option botId: the bot's own wuid, e.g. +60000");
        }
    }

    /** The bot's wuid, with the {@code +} that URI decoding may have turned into a space restored. */
    public String effectiveBotId() {
        return botId == null ? null : ChatTarget.restorePlus(botId);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
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

    public String getBotId() {
        return botId;
    }

    public void setBotId(String botId) {
        this.botId = botId;
    }

    public String getApiUrl() {
        return apiUrl;
    }

    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    public String getWsUrl() {
        return wsUrl;
    }

    public void setWsUrl(String wsUrl) {
        this.wsUrl = wsUrl;
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

    public boolean isReceipts() {
        return receipts;
    }

    public void setReceipts(boolean receipts) {
        this.receipts = receipts;
    }

    @Override
    public String getTo() {
        return to;
    }

    @Override
    public void setTo(String to) {
        this.to = to;
    }

    public DifftOperation getOperation() {
        return operation;
    }

    public void setOperation(DifftOperation operation) {
        this.operation = operation;
    }

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public long getSendInterval() {
        return sendInterval;
    }

    public void setSendInterval(long sendInterval) {
        this.sendInterval = sendInterval;
    }

    public double getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(double rateLimit) {
        this.rateLimit = rateLimit;
    }

    public IdempotentRepository getReplayRepository() {
        return replayRepository;
    }

    public void setReplayRepository(IdempotentRepository replayRepository) {
        this.replayRepository = replayRepository;
    }
}
