package io.camelchat.lark;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.camelchat.common.ChatEndpoint;
import io.camelchat.common.http.ChatHttpClient;
import io.camelchat.common.http.ChatHttpClientConfig;
import io.camelchat.lark.api.LarkClient;
import io.camelchat.lark.api.LarkErrors;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

/**
 * Receive Lark / Feishu events and card actions (long connection or HTTP callbacks); send, reply to, recall, update
 * and edit messages; upload and download images and files; look up users and chats; call any other Lark API.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "lark", title = "Lark", syntax = "lark:kind",
             category = { Category.CHAT }, headersClass = LarkConstants.class)
public class LarkEndpoint extends ChatEndpoint<LarkConfiguration, LarkClient> {

    @UriPath(description = "What the endpoint is: `stream` or `webhook` (consumers), `message`, `media` or "
                           + "`directory` (producers).")
    @Metadata(required = true)
    private LarkKind kind;

    @UriParam
    private LarkConfiguration configuration;

    public LarkEndpoint(String uri, LarkComponent component, LarkKind kind, LarkConfiguration configuration) {
        super(uri, component);
        this.kind = kind;
        this.configuration = configuration;
    }

    @Override
    public LarkComponent getComponent() {
        return (LarkComponent) super.getComponent();
    }

    @Override
    protected String platform() {
        return LarkConstants.PLATFORM;
    }

    @Override
    protected Class<?> headersClass() {
        return LarkConstants.class;
    }

    @Override
    protected Producer newProducer() {
        return new LarkProducer(this);
    }

    @Override
    protected Consumer newConsumer(Processor processor) {
        return kind == LarkKind.stream ? new LarkStreamConsumer(this, processor)
                : new LarkWebhookConsumer(this, processor);
    }

    /** Webhook endpoints need the API only to download what users sent, and only with credentials. */
    @Override
    protected boolean needsClient() {
        return kind != LarkKind.webhook || configuration.getAppId() != null && configuration.getAppSecret() != null;
    }

    @Override
    protected LarkClient createClient() throws Exception {
        LarkConfiguration c = configuration;
        ChatHttpClientConfig http = c.httpClientConfig(getCamelContext(), "camel-chat-lark", c.getRateLimit());
        return new LarkClient(c.effectiveApiUrl(), c.getAppId(), c.getAppSecret(),
                new ChatHttpClient(LarkConstants.PLATFORM, http, new LarkErrors()),
                Duration.ofMillis(c.getTokenRefreshAhead()),
                c.getTokenStore() != null ? c.getTokenStore() : getComponent().getSharedTokens());
    }

    /** Downloads a resource (image or file) of a received message. */
    byte[] download(String messageId, String fileKey, String type) {
        return requireClient("download files").downloadResource(messageId, fileKey, type).body();
    }

    /** Token expiry and fetches of the endpoint's client; never the token. */
    @Override
    public void consoleDetails(Map<String, Object> details) {
        LarkClient client = getClient();
        if (client != null) {
            Instant expiresAt = client.tokens().getExpiresAt();
            details.put("tokenExpiresAt", expiresAt == null ? "" : expiresAt.toString());
            details.put("tokenFetches", client.tokens().getFetchCount());
        }
    }

    @Override
    public LarkKind getKind() {
        return kind;
    }

    public void setKind(LarkKind kind) {
        this.kind = kind;
    }

    @Override
    public LarkConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(LarkConfiguration configuration) {
        this.configuration = configuration;
    }
}
