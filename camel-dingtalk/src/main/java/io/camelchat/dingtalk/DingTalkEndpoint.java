package io.camelchat.dingtalk;

import java.time.Duration;

import io.camelchat.common.http.ChatHttpClient;
import io.camelchat.common.http.ChatHttpClientConfig;
import io.camelchat.dingtalk.api.DingTalkClient;
import io.camelchat.dingtalk.api.DingTalkErrors;
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
 * Receive DingTalk robot messages, card callbacks and events (Stream mode or HTTP callbacks); send, reply to and
 * recall robot messages; upload and download files; look up users and groups.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "dingtalk", title = "DingTalk", syntax = "dingtalk:kind",
             category = { Category.CHAT }, headersClass = DingTalkConstants.class)
public class DingTalkEndpoint extends DefaultEndpoint {

    @UriPath(description = "What the endpoint is: `stream` or `webhook` (consumers), `message`, `media` or "
                           + "`directory` (producers).")
    @Metadata(required = true)
    private DingTalkKind kind;

    @UriParam
    private DingTalkConfiguration configuration;

    private DingTalkClient client;

    public DingTalkEndpoint(String uri, DingTalkComponent component, DingTalkKind kind, DingTalkConfiguration configuration) {
        super(uri, component);
        this.kind = kind;
        this.configuration = configuration;
    }

    @Override
    public DingTalkComponent getComponent() {
        return (DingTalkComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        if (kind.isConsumer()) {
            throw new IllegalArgumentException("dingtalk:" + kind + " is a consumer: send with dingtalk:message, "
                                               + "dingtalk:media or dingtalk:directory");
        }
        return new DingTalkProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer consumer = switch (kind) {
            case stream -> new DingTalkStreamConsumer(this, processor);
            case webhook -> new DingTalkWebhookConsumer(this, processor);
            default -> throw new IllegalArgumentException("dingtalk:" + kind + " is a producer: consume from "
                                                          + "dingtalk:stream or dingtalk:webhook");
        };
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // webhook endpoints need the API only to download what users sent, and only with credentials
        boolean credentials = configuration.getClientId() != null && configuration.getClientSecret() != null;
        if (client == null && (kind != DingTalkKind.webhook || credentials)) {
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

    DingTalkClient createClient() throws Exception {
        DingTalkConfiguration c = configuration;
        ChatHttpClientConfig http = c.httpClientConfig(getCamelContext(), "camel-chat-dingtalk", c.getRateLimit());
        return new DingTalkClient(c.getApiUrl(), c.getOapiUrl(), c.getClientId(), c.getClientSecret(),
                new ChatHttpClient(DingTalkConstants.PLATFORM, http, new DingTalkErrors()),
                Duration.ofMillis(c.getTokenRefreshAhead()),
                c.getTokenStore() != null ? c.getTokenStore() : getComponent().getSharedTokens());
    }

    /** Downloads a file a user sent, by its download code. */
    byte[] download(String robotCode, String downloadCode) {
        if (client == null) {
            throw new IllegalStateException("dingtalk endpoint " + getEndpointBaseUri()
                                            + " cannot download files: it has no clientId and clientSecret or is stopped");
        }
        return client.fetch(client.downloadUrl(robotCode, downloadCode)).body();
    }

    /** The API client (created when the endpoint starts). */
    public DingTalkClient getClient() {
        return client;
    }

    public DingTalkKind getKind() {
        return kind;
    }

    public void setKind(DingTalkKind kind) {
        this.kind = kind;
    }

    public DingTalkConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(DingTalkConfiguration configuration) {
        this.configuration = configuration;
    }
}
