package io.camelchat.lark;

import java.time.Duration;

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
import org.apache.camel.support.DefaultEndpoint;

/**
 * Receive Lark / Feishu events and card actions (long connection or HTTP callbacks); send, reply to, recall, update
 * and edit messages; upload and download images and files; look up users and chats; call any other Lark API.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "lark", title = "Lark", syntax = "lark:kind",
             category = { Category.CHAT }, headersClass = LarkConstants.class)
public class LarkEndpoint extends DefaultEndpoint {

    @UriPath(description = "What the endpoint is: `stream` or `webhook` (consumers), `message`, `media` or "
                           + "`directory` (producers).")
    @Metadata(required = true)
    private LarkKind kind;

    @UriParam
    private LarkConfiguration configuration;

    private LarkClient client;

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
    public Producer createProducer() throws Exception {
        if (kind.isConsumer()) {
            throw new IllegalArgumentException("lark:" + kind + " is a consumer: send with lark:message, lark:media or "
                                               + "lark:directory");
        }
        return new LarkProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer consumer = switch (kind) {
            case stream -> new LarkStreamConsumer(this, processor);
            case webhook -> new LarkWebhookConsumer(this, processor);
            default -> throw new IllegalArgumentException("lark:" + kind + " is a producer: consume from lark:stream or "
                                                          + "lark:webhook");
        };
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // webhook endpoints need the API only to download what users sent, and only with credentials
        boolean credentials = configuration.getAppId() != null && configuration.getAppSecret() != null;
        if (client == null && (kind != LarkKind.webhook || credentials)) {
            client = createClient();
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (client != null) {
            client.close();
            client = null;
        }
        super.doStop();
    }

    private LarkClient createClient() throws Exception {
        LarkConfiguration c = configuration;
        ChatHttpClientConfig http = c.httpClientConfig(getCamelContext(), "camel-chat-lark", c.getRateLimit());
        return new LarkClient(c.effectiveApiUrl(), c.getAppId(), c.getAppSecret(),
                new ChatHttpClient(LarkConstants.PLATFORM, http, new LarkErrors()),
                Duration.ofMillis(c.getTokenRefreshAhead()),
                c.getTokenStore() != null ? c.getTokenStore() : getComponent().getSharedTokens());
    }

    /** Downloads a resource (image or file) of a received message. */
    byte[] download(String messageId, String fileKey, String type) {
        if (client == null) {
            throw new IllegalStateException("lark endpoint " + getEndpointBaseUri()
                                            + " cannot download files: it has no appId and appSecret or is stopped");
        }
        return client.downloadResource(messageId, fileKey, type).body();
    }

    /** The API client (created when the endpoint starts). */
    public LarkClient getClient() {
        return client;
    }

    public LarkKind getKind() {
        return kind;
    }

    public void setKind(LarkKind kind) {
        this.kind = kind;
    }

    public LarkConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(LarkConfiguration configuration) {
        this.configuration = configuration;
    }
}
