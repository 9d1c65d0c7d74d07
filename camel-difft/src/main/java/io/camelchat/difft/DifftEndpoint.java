package io.camelchat.difft;

import java.time.Duration;
import java.util.Map;

import io.camelchat.common.ChatEndpoint;
import io.camelchat.common.http.ChatHttpClient;
import io.camelchat.common.http.ChatHttpClientConfig;
import io.camelchat.difft.api.DifftAttachment;
import io.camelchat.difft.api.DifftClient;
import io.camelchat.difft.api.DifftErrors;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

/**
 * Receive Difft bot messages over the websocket listener or webhook callbacks; send and recall messages (text,
 * mentions, quotes, cards, forwards, encrypted attachments); upload and download attachments; look up accounts and
 * groups.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "difft", title = "Difft", syntax = "difft:kind",
             category = { Category.CHAT }, headersClass = DifftConstants.class)
public class DifftEndpoint extends ChatEndpoint<DifftConfiguration, DifftClient> {

    @UriPath(description = "What the endpoint is: stream or webhook (consumers), message, media or directory (producers).")
    @Metadata(required = true)
    private DifftKind kind;

    @UriParam
    private DifftConfiguration configuration;

    public DifftEndpoint(String uri, DifftComponent component, DifftKind kind, DifftConfiguration configuration) {
        super(uri, component);
        this.kind = kind;
        this.configuration = configuration;
    }

    @Override
    protected String platform() {
        return DifftConstants.PLATFORM;
    }

    @Override
    protected Class<?> headersClass() {
        return DifftConstants.class;
    }

    @Override
    protected Producer newProducer() {
        return new DifftProducer(this);
    }

    @Override
    protected Consumer newConsumer(Processor processor) throws Exception {
        return switch (kind) {
            case stream -> newStreamConsumer(processor);
            case webhook -> newWebhookConsumer(processor);
            default -> throw new IllegalArgumentException("difft:" + kind + " is not a consumer");
        };
    }

    /** The websocket listener consumer ({@code difft:stream}). */
    protected Consumer newStreamConsumer(Processor processor) throws Exception {
        return new DifftStreamConsumer(this, processor);
    }

    /** The webhook consumer ({@code difft:webhook}). */
    protected Consumer newWebhookConsumer(Processor processor) throws Exception {
        return new DifftWebhookConsumer(this, processor);
    }

    @Override
    protected DifftClient createClient() throws Exception {
        DifftConfiguration c = configuration;
        c.validateCredentials(false);
        ChatHttpClientConfig config = c.httpClientConfig(getCamelContext(), "camel-chat-difft", c.getRateLimit());
        ChatHttpClient http = new ChatHttpClient(DifftConstants.PLATFORM, config, new DifftErrors());
        return new DifftClient(http, c.effectiveApiUrl(), c.getAppId(), c.getAppSecret(), c.effectiveBotId(),
                Duration.ofMillis(Math.max(0, c.getSendInterval())));
    }

    /** Downloads and decrypts an attachment (the loader of received attachments); a changed file is an error. */
    public byte[] download(DifftAttachment attachment) {
        return requireClient("download attachments").download(attachment);
    }

    /** The API URL, the calls made and the sends waiting for their turn; never a credential. */
    @Override
    public void consoleDetails(Map<String, Object> details) {
        DifftClient client = getClient();
        details.put("apiUrl", configuration.getApiUrl());
        if (client != null) {
            details.put("apiCalls", client.http().getCallCount());
            details.put("retries", client.http().getRetryCount());
            details.put("sendsWaiting", client.gate().getWaiting());
            details.put("sendsPassed", client.gate().getPassed());
        }
    }

    @Override
    public DifftKind getKind() {
        return kind;
    }

    public void setKind(DifftKind kind) {
        this.kind = kind;
    }

    @Override
    public DifftConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(DifftConfiguration configuration) {
        this.configuration = configuration;
    }
}
