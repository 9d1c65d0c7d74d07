package io.camelchat.openim;

import io.camelchat.common.ChatConfiguration;
import io.camelchat.common.token.TokenStore;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options of the OpenIM component that are OpenIM's own; the ones every component shares come from
 * {@link ChatConfiguration}. Component-level values are the defaults of every endpoint.
 * <p>
 * Credentials: either {@code userId} + {@code token} (a user token, which cannot be renewed by the component: the
 * stream works, HTTP sends and look-ups need an admin token and fail), or {@code adminUserId} + {@code secret} (the
 * component fetches an admin token with {@code /auth/get_admin_token}, and the user token of {@code userId} with
 * {@code /auth/get_user_token}, renewing both {@code tokenRefreshAhead} before they expire). Both together: the given
 * user token is used until it is refused, then one is fetched.
 * <p>
 * The stream options ({@code wsUrl}, {@code compression}, {@code encoding}, {@code heartbeatInterval},
 * {@code maxInFlight}, {@code maxFrameSize}) are read by {@code openim:stream}; {@code delay} by {@code openim:datafeed};
 * the other consumer options by both.
 */
@UriParams
public class OpenImConfiguration extends ChatConfiguration {
    @UriParam(label = "security", secret = true,
              description = "The OpenIM user the endpoint acts as: the stream logs in as this user, the datafeed reads this user's conversations, sends are from this user. With token, the user's own token; with adminUserId and secret, a token for this user is fetched.")
    private String userId;
    @UriParam(label = "security", secret = true,
              description = "A user token of userId (issued by the OpenIM server for platformId). Without adminUserId and secret it cannot be renewed: once it expires the endpoint fails until it is replaced.")
    private String token;
    @UriParam(label = "security", secret = true,
              description = "An app manager of the server (one of its imAdminUserID, by default imAdmin): with secret, the component fetches an admin token (needed for HTTP sends and look-ups) and the user token of userId.")
    private String adminUserId;
    @UriParam(label = "security", secret = true,
              description = "The server's shared secret (share.secret in its configuration), used with adminUserId to fetch tokens.")
    private String secret;
    @UriParam(label = "common", defaultValue = "1",
              description = "The platform the user logs in as (1 iOS, 2 Android, 3 Windows, 4 OSX, 5 Web, 6 MiniWeb, 7 Linux, 8 AndroidPad, 9 iPad, 10 Admin); user tokens are issued for one platform. Under the server's multi-login policy a new login may sign out an older one of the same platform.")
    private int platformId = 1;
    @UriParam(label = "common", defaultValue = "http://localhost:10002",
              description = "Base URL of the server's HTTP API (port 10002 by default; OpenIM is self-hosted).")
    private String apiUrl = "http://localhost:10002";
    @UriParam(label = "consumer,stream", defaultValue = "ws://localhost:10001",
              description = "URL of the server's websocket gateway (port 10001 by default); the path is not read by the server.")
    private String wsUrl = "ws://localhost:10001";
    @UriParam(label = "consumer,stream", enums = "gzip,none", defaultValue = "gzip",
              description = "Compression of the gateway's frames: gzip (as the official SDKs) or none.")
    private String compression = "gzip";
    @UriParam(label = "consumer,stream,advanced", enums = "gob,json", defaultValue = "gob",
              description = "Encoding of the gateway's frames: gob (as the Go SDK, sdkType go) or json (as the JavaScript SDK, sdkType js).")
    private String encoding = "gob";
    @UriParam(label = "consumer,stream", defaultValue = "24s", javaType = "java.time.Duration",
              description = "Interval of the websocket pings to the gateway; the gateway closes a connection silent for 30 seconds.")
    private long heartbeatInterval = 24_000;
    @UriParam(label = "consumer", defaultValue = "1s", javaType = "java.time.Duration",
              description = "First wait before the consumer reconnects (stream) or polls again (datafeed) after a failure; doubles (with jitter) on each failure in a row.")
    private long reconnectDelay = 1000;
    @UriParam(label = "consumer,advanced", defaultValue = "60s", javaType = "java.time.Duration",
              description = "Longest wait of the consumer between attempts after failures.")
    private long maxReconnectDelay = 60_000;
    @UriParam(label = "consumer,stream", defaultValue = "1000",
              description = "Messages being processed at most; beyond that the stream consumer stops reading from the socket until half of them completed.")
    private int maxInFlight = 1000;
    @UriParam(label = "consumer,stream,advanced", defaultValue = "1048576",
              description = "Largest websocket frame accepted, in bytes; a larger one is refused and the connection replaced.")
    private int maxFrameSize = 1024 * 1024;
    @UriParam(label = "consumer", defaultValue = "1",
              description = "Threads that route received messages, in lanes by conversation: the messages of a conversation stay in order. 1 routes them one after the other.")
    private int concurrentConsumers = 1;
    @UriParam(label = "consumer",
              description = "Keeps the last seq routed of each conversation, so that a restarted consumer resumes after it (default: in memory, from the newest messages on). A seq is stored only once its exchange and those before it completed.")
    private StateRepository<String, String> offsetRepository;
    @UriParam(label = "consumer", defaultValue = "100",
              description = "Messages asked for per conversation in one pull by seq (the official SDKs use 100).")
    private int pullBatchSize = 100;
    @UriParam(label = "consumer,datafeed", defaultValue = "1s", javaType = "java.time.Duration",
              description = "Wait between two polls of the datafeed when the last one found nothing new (as the delay of Camel's polling consumers); a poll that found messages is followed by the next at once.")
    private long delay = 1000;
    @UriParam(label = "consumer,advanced", defaultValue = "false",
              description = "For conversations with no stored seq: true routes their history from the oldest message the server keeps; false (default) starts after their newest message when the consumer first sees them, and routes only what arrives later.")
    private boolean startFromBeginning = false;
    @UriParam(label = "security", defaultValue = "5m", javaType = "java.time.Duration",
              description = "How long before expiry a fetched token (admin or user) is replaced.")
    private long tokenRefreshAhead = 300_000;
    @UriParam(label = "advanced",
              description = "Where access tokens are shared: by default the endpoints of one component share them in "
                            + "memory; give a shared store (a bean implementing io.camelchat.common.token.TokenStore) "
                            + "so that several nodes use one token. Holds the fetched admin and user tokens (not a "
                            + "configured token), keyed by the API URL and a digest of the credentials.")
    private TokenStore tokenStore;
    @UriParam(label = "advanced", defaultValue = "0",
              description = "API calls per second this endpoint makes at most; 0 = no limit.")
    private double rateLimit = 0;
    @UriParam(label = "producer",
              description = "The target of producers, kind:id. message: user:userId (one to one) or group:groupId. directory: user:userId, several comma separated, group:groupId or members:groupId; without an operation the kind picks it. The header CamelChatTo overrides it.")
    private String to;
    @UriParam(label = "producer",
              description = "The operation; defaults to send for message, upload for media, getUsers for directory.")
    private OpenImOperation operation;
    @UriParam(label = "producer", enums = "text,markdown", defaultValue = "text",
              description = "How a String body is sent: plain text (content type 101) or markdown (118).")
    private String format = "text";
    @UriParam(label = "producer", defaultValue = "10m", javaType = "java.time.Duration",
              description = "How long user profiles looked up by directory and for sends (the sender's nickname and face) are kept; 0 looks them up every time.")
    private long directoryCacheTtl = 600_000;

    private static String base(String url) {
        String u = url.trim();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    /** The API's base URL without a trailing slash; fails clearly when blank. */
    public String effectiveApiUrl() {
        if (apiUrl == null || apiUrl.isBlank()) {
            throw new IllegalArgumentException("OpenIM needs the option apiUrl (e.g. http://im.example.com:10002)");
        }
        return base(apiUrl);
    }

    /** True when the admin credentials (adminUserId and secret) are set. */
    public boolean hasAdminCredentials() {
        return notBlank(adminUserId) && notBlank(secret);
    }

    /** True when a user token is given. */
    public boolean hasUserToken() {
        return notBlank(token);
    }

    /** True for gzip compression of gateway frames. */
    public boolean isGzip() {
        return !"none".equalsIgnoreCase(compression);
    }

    /** The gateway's sdkType for the encoding: go for gob, js for json. */
    public String sdkType() {
        return "json".equalsIgnoreCase(encoding) ? "js" : "go";
    }

    /**
     * Checks that the credentials make sense together: a user (userId) and either its token or the admin
     * credentials. Messages never quote a credential.
     */
    public void validateCredentials(boolean needsUser) {
        if (notBlank(adminUserId) != notBlank(secret)) {
            throw new IllegalArgumentException("OpenIM: adminUserId and secret go together (set both or neither)");
        }
        if (!hasAdminCredentials() && !hasUserToken()) {
            throw new IllegalArgumentException(
                    "OpenIM needs credentials: userId and token, or adminUserId and secret (to fetch tokens)");
        }
        if (hasUserToken() && !notBlank(userId)) {
            throw new IllegalArgumentException("OpenIM: the option token needs userId (the user it was issued to)");
        }
        if (needsUser && !notBlank(userId)) {
            throw new IllegalArgumentException(
                    "OpenIM consumers need the option userId: the user whose messages are read");
        }
        if (pullBatchSize < 1) {
            throw new IllegalArgumentException("OpenIM: pullBatchSize must be at least 1, not " + pullBatchSize);
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getAdminUserId() {
        return adminUserId;
    }

    public void setAdminUserId(String adminUserId) {
        this.adminUserId = adminUserId;
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public int getPlatformId() {
        return platformId;
    }

    public void setPlatformId(int platformId) {
        this.platformId = platformId;
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

    public String getCompression() {
        return compression;
    }

    public void setCompression(String compression) {
        this.compression = compression;
    }

    public String getEncoding() {
        return encoding;
    }

    public void setEncoding(String encoding) {
        this.encoding = encoding;
    }

    public long getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(long heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
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

    public int getMaxFrameSize() {
        return maxFrameSize;
    }

    public void setMaxFrameSize(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    public int getConcurrentConsumers() {
        return concurrentConsumers;
    }

    public void setConcurrentConsumers(int concurrentConsumers) {
        this.concurrentConsumers = concurrentConsumers;
    }

    public StateRepository<String, String> getOffsetRepository() {
        return offsetRepository;
    }

    public void setOffsetRepository(StateRepository<String, String> offsetRepository) {
        this.offsetRepository = offsetRepository;
    }

    public int getPullBatchSize() {
        return pullBatchSize;
    }

    public void setPullBatchSize(int pullBatchSize) {
        this.pullBatchSize = pullBatchSize;
    }

    public long getDelay() {
        return delay;
    }

    public void setDelay(long delay) {
        this.delay = delay;
    }

    public boolean isStartFromBeginning() {
        return startFromBeginning;
    }

    public void setStartFromBeginning(boolean startFromBeginning) {
        this.startFromBeginning = startFromBeginning;
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

    public double getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(double rateLimit) {
        this.rateLimit = rateLimit;
    }

    @Override
    public String getTo() {
        return to;
    }

    @Override
    public void setTo(String to) {
        this.to = to;
    }

    public OpenImOperation getOperation() {
        return operation;
    }

    public void setOperation(OpenImOperation operation) {
        this.operation = operation;
    }

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public long getDirectoryCacheTtl() {
        return directoryCacheTtl;
    }

    public void setDirectoryCacheTtl(long directoryCacheTtl) {
        this.directoryCacheTtl = directoryCacheTtl;
    }
}
