package io.camelchat.dingtalk;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.camelchat.common.ChatEndpoint;
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

/**
 * Receive DingTalk robot messages, card callbacks and events (Stream mode or HTTP callbacks); send, reply to and
 * recall robot messages; upload and download files; look up users and groups.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "dingtalk", title = "DingTalk", syntax = "dingtalk:kind",
             category = { Category.CHAT }, headersClass = DingTalkConstants.class)
public class DingTalkEndpoint extends ChatEndpoint<DingTalkConfiguration, DingTalkClient> {

    @UriPath(description = "What the endpoint is: `stream` or `webhook` (consumers), `message`, `media` or "
                           + "`directory` (producers).")
    @Metadata(required = true)
    private DingTalkKind kind;

    @UriParam
    private DingTalkConfiguration configuration;

    public DingTalkEndpoint(String uri, DingTalkComponent component, DingTalkKind kind,
                            DingTalkConfiguration configuration) {
        super(uri, component);
        this.kind = kind;
        this.configuration = configuration;
    }

    @Override
    public DingTalkComponent getComponent() {
        return (DingTalkComponent) super.getComponent();
    }

    @Override
    protected String platform() {
        return DingTalkConstants.PLATFORM;
    }

    @Override
    protected Class<?> headersClass() {
        return DingTalkConstants.class;
    }

    @Override
    protected Producer newProducer() {
        return new DingTalkProducer(this);
    }

    @Override
    protected Consumer newConsumer(Processor processor) {
        return kind == DingTalkKind.stream ? new DingTalkStreamConsumer(this, processor)
                : new DingTalkWebhookConsumer(this, processor);
    }

    /** Webhook endpoints need the API only to download what users sent, and only with credentials. */
    @Override
    protected boolean needsClient() {
        return kind != DingTalkKind.webhook
                || configuration.getClientId() != null && configuration.getClientSecret() != null;
    }

    @Override
    protected DingTalkClient createClient() throws Exception {
        DingTalkConfiguration c = configuration;
        ChatHttpClientConfig http = c.httpClientConfig(getCamelContext(), "camel-chat-dingtalk", c.getRateLimit());
        return new DingTalkClient(c.getApiUrl(), c.getOapiUrl(), c.getClientId(), c.getClientSecret(),
                new ChatHttpClient(DingTalkConstants.PLATFORM, http, new DingTalkErrors()),
                Duration.ofMillis(c.getTokenRefreshAhead()),
                c.getTokenStore() != null ? c.getTokenStore() : getComponent().getSharedTokens());
    }

    /** Downloads a file a user sent, by its download code. */
    byte[] download(String robotCode, String downloadCode) {
        DingTalkClient client = requireClient("download files");
        return client.fetch(client.downloadUrl(robotCode, downloadCode)).body();
    }

    /** Token expiry and fetches of the endpoint's client; never the token. */
    @Override
    public void consoleDetails(Map<String, Object> details) {
        DingTalkClient client = getClient();
        if (client != null) {
            Instant expiresAt = client.tokens().getExpiresAt();
            details.put("tokenExpiresAt", expiresAt == null ? "" : expiresAt.toString());
            details.put("tokenFetches", client.tokens().getFetchCount());
        }
    }

    @Override
    public DingTalkKind getKind() {
        return kind;
    }

    public void setKind(DingTalkKind kind) {
        this.kind = kind;
    }

    @Override
    public DingTalkConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(DingTalkConfiguration configuration) {
        this.configuration = configuration;
    }
}
