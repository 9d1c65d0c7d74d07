package io.camelchat.openim;

import io.camelchat.common.ChatEndpoint;
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
public class OpenImEndpoint extends ChatEndpoint<OpenImConfiguration, AutoCloseable> {

    @UriPath(description = "What the endpoint is: stream or datafeed (consumers), message, media or directory (producers).")
    @Metadata(required = true)
    private OpenImKind kind;

    @UriParam
    private OpenImConfiguration configuration;

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
        throw new UnsupportedOperationException("openim producers are not built yet");
    }

    @Override
    protected Consumer newConsumer(Processor processor) {
        throw new UnsupportedOperationException("openim consumers are not built yet");
    }

    @Override
    protected AutoCloseable createClient() {
        return () -> {
        };
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
