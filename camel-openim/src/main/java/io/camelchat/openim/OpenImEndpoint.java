package io.camelchat.openim;

import java.time.Duration;
import java.util.Map;

import io.camelchat.common.ChatEndpoint;
import io.camelchat.common.http.ChatHttpClient;
import io.camelchat.common.http.ChatHttpClientConfig;
import io.camelchat.openim.api.OpenImClient;
import io.camelchat.openim.api.OpenImErrors;
import io.camelchat.openim.api.OpenImHttpSender;
import io.camelchat.openim.gob.OpenImFrames.Encoding;
import io.camelchat.openim.stream.OpenImGatewaySender;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

/**
 * Receive OpenIM messages through the websocket gateway or by polling; send and recall messages; upload and download
 * objects; look up users and groups.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "openim", title = "OpenIM", syntax = "openim:kind",
             category = { Category.CHAT }, headersClass = OpenImConstants.class)
public class OpenImEndpoint extends ChatEndpoint<OpenImConfiguration, OpenImClient> {

    @UriPath(description = "What the endpoint is: stream or datafeed (consumers), message, media or directory (producers).")
    @Metadata(required = true)
    private OpenImKind kind;

    @UriParam
    private OpenImConfiguration configuration;

    private volatile OpenImSender sender;

    public OpenImEndpoint(String uri, OpenImComponent component, OpenImKind kind, OpenImConfiguration configuration) {
        super(uri, component);
        this.kind = kind;
        this.configuration = configuration;
    }

    @Override
    protected String platform() {
        return OpenImConstants.PLATFORM;
    }

    @Override
    protected Class<?> headersClass() {
        return OpenImConstants.class;
    }

    @Override
    protected Producer newProducer() {
        return new OpenImProducer(this);
    }

    @Override
    protected Consumer newConsumer(Processor processor) {
        configuration.validateCredentials(true);
        return switch (kind) {
            case datafeed -> new OpenImDatafeedConsumer(this, processor);
            case stream -> newStreamConsumer(processor);
            default -> throw new IllegalArgumentException("openim:" + kind + " is not a consumer");
        };
    }

    /** The websocket gateway consumer ({@code openim:stream}). */
    protected Consumer newStreamConsumer(Processor processor) {
        return new OpenImStreamConsumer(this, processor);
    }

    /**
     * The sender of the message producer: HTTP with the admin token when admin credentials are set, else the gateway
     * with the user token ({@link #newGatewaySender()}).
     */
    public OpenImSender sender() {
        OpenImSender s = sender;
        if (s == null) {
            OpenImClient client = requireClient("send messages");
            s = client.hasAdmin() ? new OpenImHttpSender(client) : newGatewaySender();
            sender = s;
        }
        return s;
    }

    /** The sender over the websocket gateway (request 1003 with the user token). */
    protected OpenImSender newGatewaySender() {
        OpenImConfiguration c = configuration;
        return new OpenImGatewaySender(requireClient("send messages"), new OpenImGatewaySender.Settings(c.getWsUrl(),
                c.getPlatformId(), "json".equalsIgnoreCase(c.getEncoding()) ? Encoding.JSON : Encoding.GOB,
                !"none".equalsIgnoreCase(c.getCompression()), c.getMaxFrameSize(),
                Duration.ofMillis(c.getConnectTimeout()),
                Duration.ofMillis(c.getResponseTimeout()), Duration.ofMillis(c.getHeartbeatInterval()),
                Duration.ofMillis(Math.max(1, c.getReconnectDelay())),
                Duration.ofMillis(Math.max(c.getReconnectDelay(), c.getMaxReconnectDelay()))));
    }

    @Override
    protected OpenImClient createClient() throws Exception {
        OpenImConfiguration c = configuration;
        c.validateCredentials(false);
        ChatHttpClientConfig config = c.httpClientConfig(getCamelContext(), "camel-chat-openim", c.getRateLimit());
        ChatHttpClient http = new ChatHttpClient(OpenImConstants.PLATFORM, config, new OpenImErrors());
        return new OpenImClient(http, c.effectiveApiUrl(),
                new OpenImClient.Credentials(c.getUserId(), c.getToken(), c.getAdminUserId(), c.getSecret(),
                        c.getPlatformId()),
                Duration.ofMillis(c.getTokenRefreshAhead()),
                c.getTokenStore() != null ? c.getTokenStore()
                        : (getComponent() instanceof OpenImComponent oc ? oc.getSharedTokens() : null));
    }

    @Override
    protected void doStop() throws Exception {
        OpenImSender s = sender;
        sender = null;
        if (s instanceof AutoCloseable closeable) {
            closeable.close();
        }
        super.doStop();
    }

    /** Downloads an object (the loader of received attachments). */
    byte[] download(String urlOrName) {
        return requireClient("download objects").download(urlOrName);
    }

    /** The user, the platform, whether admin credentials are set and how many tokens were fetched; never a token. */
    @Override
    public void consoleDetails(Map<String, Object> details) {
        OpenImClient client = getClient();
        details.put("userId", configuration.getUserId() == null ? "" : configuration.getUserId());
        details.put("platformId", configuration.getPlatformId());
        details.put("apiUrl", configuration.getApiUrl());
        if (client != null) {
            details.put("admin", client.hasAdmin());
            details.put("tokenFetches", client.getTokenFetches());
            details.put("apiCalls", client.http().getCallCount());
        }
    }

    @Override
    public OpenImKind getKind() {
        return kind;
    }

    public void setKind(OpenImKind kind) {
        this.kind = kind;
    }

    @Override
    public OpenImConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(OpenImConfiguration configuration) {
        this.configuration = configuration;
    }
}
