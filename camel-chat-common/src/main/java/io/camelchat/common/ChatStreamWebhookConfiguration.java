package io.camelchat.common;

import io.camelchat.common.token.TokenStore;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options shared by the platforms whose consumers are a websocket stream ({@code stream}) and an HTTP webhook
 * ({@code webhook}), whose producers send text or markdown, and whose apps hold an access token: DingTalk and Lark.
 * Symphony (a datafeed consumer, MessageML, session tokens) has none of these; it declares its own connection options
 * with the label {@code consumer,datafeed}.
 * <p>
 * Each option is labelled with the one kind of endpoint that reads it ({@code consumer,stream} or
 * {@code consumer,webhook}), which is true on both pages.
 */
@UriParams
public abstract class ChatStreamWebhookConfiguration extends ChatConfiguration {

    @UriParam(label = "consumer,stream", defaultValue = "1s", javaType = "java.time.Duration",
              description = "First wait before reconnecting the Stream connection; doubles (with jitter) on each failed "
                            + "attempt.")
    private long reconnectDelay = 1000;
    @UriParam(label = "consumer,stream,advanced", defaultValue = "60s", javaType = "java.time.Duration",
              description = "Longest wait between reconnection attempts of the Stream connection.")
    private long maxReconnectDelay = 60000;
    @UriParam(label = "consumer,stream", defaultValue = "1000",
              description = "Events being processed at most; beyond that the Stream consumer stops reading from the "
                            + "socket until half of them completed.")
    private int maxInFlight = 1000;
    @UriParam(label = "consumer,stream", defaultValue = "1",
              description = "Threads that process the events of the Stream connection. 1 keeps the order of messages; "
                            + "more give throughput.")
    private int concurrentConsumers = 1;
    @UriParam(label = "consumer,stream,advanced", defaultValue = "1048576",
              description = "Largest websocket frame accepted, in bytes; a larger one is refused and the connection "
                            + "replaced.")
    private int maxFrameSize = 1024 * 1024;
    @UriParam(label = "consumer,webhook",
              description = "Path the webhook consumer serves through platform-http, e.g. /chat/events.")
    private String webhookPath;
    @UriParam(label = "consumer,webhook,advanced", defaultValue = "1048576",
              description = "Largest webhook request body accepted, in bytes (413 above).")
    private int maxBodySize = 1024 * 1024;
    @UriParam(label = "producer", enums = "text,markdown", defaultValue = "text",
              description = "How a String body is sent: plain text or markdown.")
    private String format = "text";
    @UriParam(label = "producer", defaultValue = "Message",
              description = "Title of markdown messages (shown in notifications) when the message has none.")
    private String title = "Message";
    @UriParam(label = "advanced",
              description = "Where access tokens are shared: by default the endpoints of one component share them in "
                            + "memory; give a shared store (a bean implementing io.camelchat.common.token.TokenStore) "
                            + "so that several nodes use one token.")
    private TokenStore tokenStore;
    @UriParam(label = "consumer,webhook,advanced",
              description = "Where the signatures of accepted webhook requests are kept to refuse a replay: by default "
                            + "this node's memory; give a shared Camel IdempotentRepository (e.g. camel-sql's "
                            + "JdbcMessageIdRepository) so that a request accepted by one node is refused by the others.")
    private IdempotentRepository replayRepository;

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

    public IdempotentRepository getReplayRepository() {
        return replayRepository;
    }

    public void setReplayRepository(IdempotentRepository replayRepository) {
        this.replayRepository = replayRepository;
    }

    public TokenStore getTokenStore() {
        return tokenStore;
    }

    public void setTokenStore(TokenStore tokenStore) {
        this.tokenStore = tokenStore;
    }
}
