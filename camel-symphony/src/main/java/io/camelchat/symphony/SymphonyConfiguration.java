package io.camelchat.symphony;

import io.camelchat.common.ChatConfiguration;
import io.camelchat.common.token.TokenStore;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options of the Symphony component that are Symphony's own; the ones every component shares come from
 * {@link ChatConfiguration}. Component-level values are the defaults of every endpoint.
 */
@UriParams
public class SymphonyConfiguration extends ChatConfiguration {

    @UriParam(label = "security", secret = true, description = "The bot's service account username (the JWT subject).")
    private String botUsername;
    @UriParam(label = "security", secret = true,
              description = "RSA authentication: the bot's private key, PEM (PKCS#8 or PKCS#1).")
    private String privateKey;
    @UriParam(label = "security",
              description = "RSA authentication: a file holding the bot's private key (PEM). Without a private key the bot authenticates with its certificate (sslContextParameters with a key store).")
    private String privateKeyFile;
    @UriParam(label = "common",
              description = "Base URL of the pod (/login and /pod are appended), e.g. https://acme.symphony.com.")
    private String podUrl;
    @UriParam(label = "advanced", description = "Base URL of the agent (/agent is appended); defaults to podUrl.")
    private String agentUrl;
    @UriParam(label = "advanced", description = "Base URL of the key manager (/relay, /keyauth); defaults to podUrl.")
    private String keyManagerUrl;
    @UriParam(label = "advanced",
              description = "Certificate authentication: base URL of session auth (/sessionauth); defaults to podUrl.")
    private String sessionAuthUrl;
    @UriParam(label = "proxy", secret = true,
              description = "The proxy for calls to the pod (/login, /pod): its URL, http://host:port, with user:password as the URL's user info when the proxy asks for them; or direct for none. Default: proxyHost (with proxyPort, proxyUsername, proxyPassword) when set, else none.")
    private String podProxy;
    @UriParam(label = "proxy", secret = true,
              description = "The proxy for calls to the agent: its URL, http://host:port, with user:password as the URL's user info when the proxy asks for them; or direct for none. Default: proxyHost (with proxyPort, proxyUsername, proxyPassword) when set, else none.")
    private String agentProxy;
    @UriParam(label = "proxy", secret = true,
              description = "The proxy for calls to the key manager: its URL, http://host:port, with user:password as the URL's user info when the proxy asks for them; or direct for none. Default: proxyHost (with proxyPort, proxyUsername, proxyPassword) when set, else none.")
    private String keyManagerProxy;
    @UriParam(label = "proxy", secret = true,
              description = "The proxy for calls to session auth (certificate authentication): its URL, http://host:port, with user:password as the URL's user info when the proxy asks for them; or direct for none. Default: proxyHost (with proxyPort, proxyUsername, proxyPassword) when set, else none.")
    private String sessionAuthProxy;
    @UriParam(label = "consumer,datafeed", enums = "v2,v1", defaultValue = "v2",
              description = "Datafeed version: v2 (acknowledged, at-least-once) or v1 (legacy, no acknowledgement).")
    private String datafeedVersion = "v2";
    @UriParam(label = "consumer,datafeed", description = "Datafeed v2: the tag of the feed to create and reuse.")
    private String datafeedTag;
    @UriParam(label = "consumer,datafeed",
              description = "Keeps the datafeed id, so that a restarted route resumes the same feed (default: in memory).")
    private StateRepository<String, String> offsetRepository;
    @UriParam(label = "consumer,datafeed",
              description = "Only these event types are routed (comma separated, e.g. MESSAGESENT,SYMPHONYELEMENTSACTION); others are acknowledged with their batch. Empty: every event.")
    private String eventTypes;
    // The connection options DingTalk and Lark take from ChatStreamWebhookConfiguration (label consumer,stream) are
    // Symphony's own: the datafeed is long-polled, so they are the back-off of its reads and its lanes.
    @UriParam(label = "consumer,datafeed", defaultValue = "1s", javaType = "java.time.Duration",
              description = "First wait before the datafeed consumer tries again after a failed read or login; doubles "
                            + "(with jitter) on each failure in a row.")
    private long reconnectDelay = 1000;
    @UriParam(label = "consumer,datafeed,advanced", defaultValue = "60s", javaType = "java.time.Duration",
              description = "Longest wait of the datafeed consumer between attempts.")
    private long maxReconnectDelay = 60000;
    @UriParam(label = "consumer,datafeed", defaultValue = "1",
              description = "Threads that route the events of one datafeed read, in lanes by stream: the events of a "
                            + "stream stay in order. 1 routes them one after the other.")
    private int concurrentConsumers = 1;
    @UriParam(label = "security", defaultValue = "5",
              description = "Logins (or calls refused right after a login) that may fail in a row before the datafeed consumer reports failure to its health check; it keeps trying with back-off. A producer call logs in at most once more when refused with 401.")
    private int maxAuthAttempts = 5;
    @UriParam(label = "advanced",
              description = "Where access tokens are shared: by default the endpoints of one component share them in "
                            + "memory; give a shared store (a bean implementing io.camelchat.common.token.TokenStore) "
                            + "so that several nodes use one token. Holds the session and key-manager tokens as one "
                            + "entry, keyed by the pod URL and a digest of the bot's username and key; another endpoint or "
                            + "node uses a stored session for up to an hour after its login.")
    private TokenStore tokenStore;
    /** The option {@code to} of {@link io.camelchat.common.ChatConfiguration#getTo()}, with this platform's kinds. */
    @UriParam(label = "producer",
              description = "The target of producers, kind:id. message: stream:streamId, user:userId, several comma separated, "
                            + "or email:address (an IM with the user is created or reused). directory: user:userId, "
                            + "email:address, username:name or stream:streamId, of a kind the operation reads; without an "
                            + "operation the kind picks it. The header CamelChatTo overrides it.")
    private String to;
    @UriParam(label = "producer",
              description = "The operation; defaults to send for message, download for media, getUser for directory.")
    private SymphonyOperation operation;
    @UriParam(label = "advanced", defaultValue = "0",
              description = "API calls per second this endpoint makes at most; 0 = no limit.")
    private double rateLimit;

    private static String base(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The pod's base URL; fails clearly when not configured. */
    public String effectivePodUrl() {
        if (podUrl == null || podUrl.isBlank()) {
            throw new IllegalArgumentException("Symphony needs the option podUrl (e.g. https://acme.symphony.com)");
        }
        return base(podUrl);
    }

    public String effectiveAgentUrl() {
        return agentUrl == null || agentUrl.isBlank() ? effectivePodUrl() : base(agentUrl);
    }

    public String effectiveKeyManagerUrl() {
        return keyManagerUrl == null || keyManagerUrl.isBlank() ? effectivePodUrl() : base(keyManagerUrl);
    }

    public String effectiveSessionAuthUrl() {
        return sessionAuthUrl == null || sessionAuthUrl.isBlank() ? effectivePodUrl() : base(sessionAuthUrl);
    }

    public String getBotUsername() {
        return botUsername;
    }

    public void setBotUsername(String botUsername) {
        this.botUsername = botUsername;
    }

    public String getPrivateKey() {
        return privateKey;
    }

    public void setPrivateKey(String privateKey) {
        this.privateKey = privateKey;
    }

    public String getPrivateKeyFile() {
        return privateKeyFile;
    }

    public void setPrivateKeyFile(String privateKeyFile) {
        this.privateKeyFile = privateKeyFile;
    }

    public String getPodUrl() {
        return podUrl;
    }

    public void setPodUrl(String podUrl) {
        this.podUrl = podUrl;
    }

    public String getAgentUrl() {
        return agentUrl;
    }

    public void setAgentUrl(String agentUrl) {
        this.agentUrl = agentUrl;
    }

    public String getKeyManagerUrl() {
        return keyManagerUrl;
    }

    public void setKeyManagerUrl(String keyManagerUrl) {
        this.keyManagerUrl = keyManagerUrl;
    }

    public String getSessionAuthUrl() {
        return sessionAuthUrl;
    }

    public void setSessionAuthUrl(String sessionAuthUrl) {
        this.sessionAuthUrl = sessionAuthUrl;
    }

    public String getDatafeedVersion() {
        return datafeedVersion;
    }

    public void setDatafeedVersion(String datafeedVersion) {
        this.datafeedVersion = datafeedVersion;
    }

    public String getDatafeedTag() {
        return datafeedTag;
    }

    public void setDatafeedTag(String datafeedTag) {
        this.datafeedTag = datafeedTag;
    }

    public StateRepository<String, String> getOffsetRepository() {
        return offsetRepository;
    }

    public void setOffsetRepository(StateRepository<String, String> offsetRepository) {
        this.offsetRepository = offsetRepository;
    }

    public String getEventTypes() {
        return eventTypes;
    }

    public void setEventTypes(String eventTypes) {
        this.eventTypes = eventTypes;
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

    public int getConcurrentConsumers() {
        return concurrentConsumers;
    }

    public void setConcurrentConsumers(int concurrentConsumers) {
        this.concurrentConsumers = concurrentConsumers;
    }

    public TokenStore getTokenStore() {
        return tokenStore;
    }

    public void setTokenStore(TokenStore tokenStore) {
        this.tokenStore = tokenStore;
    }

    public int getMaxAuthAttempts() {
        return maxAuthAttempts;
    }

    public void setMaxAuthAttempts(int maxAuthAttempts) {
        this.maxAuthAttempts = maxAuthAttempts;
    }

    @Override
    public String getTo() {
        return to;
    }

    @Override
    public void setTo(String to) {
        this.to = to;
    }

    public SymphonyOperation getOperation() {
        return operation;
    }

    public void setOperation(SymphonyOperation operation) {
        this.operation = operation;
    }

    public double getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(double rateLimit) {
        this.rateLimit = rateLimit;
    }

    public String getPodProxy() {
        return podProxy;
    }

    public void setPodProxy(String podProxy) {
        this.podProxy = podProxy;
    }

    public String getAgentProxy() {
        return agentProxy;
    }

    public void setAgentProxy(String agentProxy) {
        this.agentProxy = agentProxy;
    }

    public String getKeyManagerProxy() {
        return keyManagerProxy;
    }

    public void setKeyManagerProxy(String keyManagerProxy) {
        this.keyManagerProxy = keyManagerProxy;
    }

    public String getSessionAuthProxy() {
        return sessionAuthProxy;
    }

    public void setSessionAuthProxy(String sessionAuthProxy) {
        this.sessionAuthProxy = sessionAuthProxy;
    }
}
