package io.camelchat.symphony;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.camelchat.common.ChatEndpoint;
import io.camelchat.common.http.ChatHttpClient;
import io.camelchat.common.http.ChatHttpClientConfig;
import io.camelchat.common.http.ChatProxy;
import io.camelchat.symphony.api.SymphonyClient;
import io.camelchat.symphony.api.SymphonyErrors;
import io.camelchat.symphony.auth.SymphonyAuth;
import io.camelchat.symphony.auth.SymphonyJwt;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

/**
 * Receive every Symphony event through the bot's datafeed; send, update, suppress and read messages with
 * attachments; download attachments; look up users and rooms. The bot authenticates with its RSA key or its
 * certificate.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "symphony", title = "Symphony", syntax = "symphony:kind",
             category = { Category.CHAT }, headersClass = SymphonyConstants.class)
public class SymphonyEndpoint extends ChatEndpoint<SymphonyConfiguration, SymphonyClient> {

    @UriPath(description = "What the endpoint is: `datafeed` (consumer), `message`, `media` or `directory` (producers).")
    @Metadata(required = true)
    private SymphonyKind kind;

    @UriParam
    private SymphonyConfiguration configuration;

    public SymphonyEndpoint(String uri, SymphonyComponent component, SymphonyKind kind,
                            SymphonyConfiguration configuration) {
        super(uri, component);
        this.kind = kind;
        this.configuration = configuration;
    }

    @Override
    public SymphonyComponent getComponent() {
        return (SymphonyComponent) super.getComponent();
    }

    @Override
    protected String platform() {
        return SymphonyConstants.PLATFORM;
    }

    @Override
    protected Class<?> headersClass() {
        return SymphonyConstants.class;
    }

    @Override
    protected Producer newProducer() {
        return new SymphonyProducer(this);
    }

    @Override
    protected Consumer newConsumer(Processor processor) {
        return new SymphonyDatafeedConsumer(this, processor);
    }

    @Override
    protected SymphonyClient createClient() throws Exception {
        SymphonyConfiguration c = configuration;
        if (c.getBotUsername() == null || c.getBotUsername().isBlank()) {
            throw new IllegalArgumentException("Symphony needs the option botUsername");
        }
        PrivateKey key = null;
        if (c.getPrivateKey() != null && !c.getPrivateKey().isBlank()) {
            key = SymphonyJwt.readPrivateKey(c.getPrivateKey());
        } else if (c.getPrivateKeyFile() != null && !c.getPrivateKeyFile().isBlank()) {
            key = SymphonyJwt.readPrivateKey(Path.of(c.getPrivateKeyFile()));
        } else if (c.getSslContextParameters() == null) {
            throw new IllegalArgumentException("Symphony needs privateKey or privateKeyFile (RSA authentication), or "
                                               + "sslContextParameters with the bot's certificate");
        }
        // one client (one pool, one rate limit) for the hosts, each through its own proxy when it has one
        ChatHttpClientConfig config = c.httpClientConfig(getCamelContext(), "camel-chat-symphony", c.getRateLimit());
        Map<String, String> optionOfOrigin = new HashMap<>();
        proxy(config, optionOfOrigin, "podProxy", c.effectivePodUrl(), c.getPodProxy());
        proxy(config, optionOfOrigin, "agentProxy", c.effectiveAgentUrl(), c.getAgentProxy());
        proxy(config, optionOfOrigin, "keyManagerProxy", c.effectiveKeyManagerUrl(), c.getKeyManagerProxy());
        if (key == null) {
            proxy(config, optionOfOrigin, "sessionAuthProxy", c.effectiveSessionAuthUrl(), c.getSessionAuthProxy());
        }
        ChatHttpClient http = new ChatHttpClient(SymphonyConstants.PLATFORM, config, new SymphonyErrors());
        SymphonyAuth auth = new SymphonyAuth(c.getBotUsername(), key, c.effectivePodUrl(), c.effectiveKeyManagerUrl(),
                c.effectiveSessionAuthUrl(), http, c.getMaxAuthAttempts(),
                c.getTokenStore() != null ? c.getTokenStore() : getComponent().getSharedTokens());
        return new SymphonyClient(c.effectivePodUrl(), c.effectiveAgentUrl(), http, auth);
    }

    /** Sets the proxy of one host; two options for one host must agree (agentUrl defaults to podUrl, for one). */
    private static void proxy(ChatHttpClientConfig config, Map<String, String> optionOfOrigin, String option,
                              String url,
                              String value) {
        String origin = ChatProxy.origin(url);
        String other = optionOfOrigin.putIfAbsent(origin, option);
        ChatProxy proxy = ChatProxy.parse(option, value);
        if (other != null && !Objects.equals(proxy, config.getProxies().get(origin))) {
            throw new IllegalArgumentException("Options " + other + " and " + option + " differ, but both are for "
                                               + origin + ": give that host one proxy");
        }
        config.proxyFor(url, proxy);
    }

    /** Downloads an attachment of a received message. */
    byte[] download(String streamId, String messageId, String fileId) {
        return requireClient("download attachments").attachment(streamId, messageId, fileId);
    }

    /** The bot's authentications and whether they are failing; never a token. */
    @Override
    public void consoleDetails(Map<String, Object> details) {
        SymphonyClient client = getClient();
        if (client != null) {
            details.put("bot", client.auth().getUsername());
            details.put("authentications", client.auth().getAuthentications());
            details.put("authFailing", client.auth().isFailing());
        }
    }

    @Override
    public SymphonyKind getKind() {
        return kind;
    }

    public void setKind(SymphonyKind kind) {
        this.kind = kind;
    }

    @Override
    public SymphonyConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(SymphonyConfiguration configuration) {
        this.configuration = configuration;
    }
}
