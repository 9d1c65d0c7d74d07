package io.camelchat.common;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointUriFactory;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategyAware;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Base of every camel-chat endpoint ({@code <platform>:<kind>}): refuses a consumer kind used as a producer and the
 * other way round with the kinds that would fit, owns the platform's API client from start to stop, and holds the
 * header filter that keeps a consumer's headers from steering a producer. The platform's class declares the
 * {@code kind} path and the {@code configuration} (so that Camel's generator sees their types) and makes the client,
 * producer and consumers.
 * <p>
 * {@link #getEndpointUri()} shows every option marked {@code secret} masked ({@code xxxxxx}), as
 * {@link org.apache.camel.util.URISupport#sanitizeUri} masks the options whose names hold one of Camel's sensitive
 * words: Camel prints endpoints through it (their {@code toString}, route and consumer logs, management), and Camel 4.14
 * has no way to add words to that list, so names such as Lark's {@code encryptKey} or DingTalk's {@code aesKey} would be
 * printed as written. Endpoints are equal when the URIs as written are.
 *
 * @param <C> the component's configuration
 * @param <T> the platform's API client
 */
public abstract class ChatEndpoint<C extends ChatConfiguration, T extends AutoCloseable> extends DefaultEndpoint
        implements HeaderFilterStrategyAware {

    @UriParam(label = "filter",
              description = "Which headers producers take as input and consumers set. By default a consumer sets all "
                            + "its headers and a producer reads only those its page lists as producer input, so that "
                            + "headers of an incoming event never steer a producer.")
    private HeaderFilterStrategy headerFilterStrategy;

    private T client;
    private volatile String maskedFrom;
    private volatile String masked;

    protected ChatEndpoint(String uri, Component component) {
        super(uri, component);
    }

    /** The platform's scheme, e.g. {@code dingtalk}. */
    protected abstract String platform();

    /** The URI with the value of every {@code secret} option masked. */
    @Override
    public String getEndpointUri() {
        String uri = super.getEndpointUri();
        if (uri == null) {
            return null;
        }
        if (!uri.equals(maskedFrom)) {
            masked = ChatUris.maskSecrets(uri, secretOptions());
            maskedFrom = uri;
        }
        return masked;
    }

    /** The names of the options marked {@code secret} (from the component's generated URI factory). */
    protected Set<String> secretOptions() {
        EndpointUriFactory factory = getCamelContext() == null ? null
                : getCamelContext().getCamelContextExtension().getEndpointUriFactory(platform());
        return factory == null ? Set.of() : factory.secretPropertyNames();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ChatEndpoint<?, ?> other) || other.getClass() != getClass()) {
            return false;
        }
        return Objects.equals(super.getEndpointUri(), other.writtenUri())
                && Objects.equals(getCamelContext() == null ? null : getCamelContext().getName(),
                        other.getCamelContext() == null ? null : other.getCamelContext().getName());
    }

    private String writtenUri() {
        return super.getEndpointUri();
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), super.getEndpointUri());
    }

    /** The platform's scheme, e.g. {@code dingtalk}. */
    public String getPlatform() {
        return platform();
    }

    /**
     * Adds what the dev console shows of this endpoint's client (token expiry, authentications); never a token or a
     * secret.
     */
    public void consoleDetails(Map<String, Object> details) {
    }

    /** What this endpoint is. */
    public abstract ChatKind getKind();

    public abstract C getConfiguration();

    /** The platform's headers class (the one {@code @UriEndpoint(headersClass)} names). */
    protected abstract Class<?> headersClass();

    /** Makes the API client when the endpoint starts. */
    protected abstract T createClient() throws Exception;

    /** Whether this endpoint needs the API client (webhooks without credentials may not). */
    protected boolean needsClient() {
        return true;
    }

    protected abstract Producer newProducer() throws Exception;

    protected abstract Consumer newConsumer(Processor processor) throws Exception;

    @Override
    public final Producer createProducer() throws Exception {
        ChatKind kind = getKind();
        if (kind.isConsumer()) {
            throw new IllegalArgumentException(platform() + ":" + kind.name() + " is a consumer: send with "
                                               + kinds(false));
        }
        return newProducer();
    }

    @Override
    public final Consumer createConsumer(Processor processor) throws Exception {
        ChatKind kind = getKind();
        if (!kind.isConsumer()) {
            throw new IllegalArgumentException(platform() + ":" + kind.name() + " is a producer: consume from "
                                               + kinds(true));
        }
        Consumer consumer = newConsumer(processor);
        configureConsumer(consumer);
        return consumer;
    }

    private String kinds(boolean consumers) {
        ChatKind kind = getKind();
        ChatKind[] all = kind instanceof Enum<?> e ? (ChatKind[]) e.getDeclaringClass().getEnumConstants()
                : new ChatKind[]{ kind };
        String[] names = Arrays.stream(all).filter(k -> k.isConsumer() == consumers)
                .map(k -> platform() + ":" + k.name()).toArray(String[]::new);
        if (names.length <= 1) {
            return String.join("", names);
        }
        return Arrays.stream(names, 0, names.length - 1).collect(Collectors.joining(", ")) + " or "
               + names[names.length - 1];
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (client == null && needsClient()) {
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

    /** The API client (created when the endpoint starts; null before, after stop, or when not needed). */
    public T getClient() {
        return client;
    }

    /** The API client, or a clear error when the endpoint cannot call the platform. */
    public T requireClient(String what) {
        T c = client;
        if (c == null) {
            throw new IllegalStateException(platform() + " endpoint " + getEndpointBaseUri() + " cannot " + what
                                            + ": it is stopped or has no credentials");
        }
        return c;
    }

    @Override
    public HeaderFilterStrategy getHeaderFilterStrategy() {
        if (headerFilterStrategy == null) {
            headerFilterStrategy = ChatHeaderFilterStrategy.forHeadersClass(headersClass());
        }
        return headerFilterStrategy;
    }

    @Override
    public void setHeaderFilterStrategy(HeaderFilterStrategy headerFilterStrategy) {
        this.headerFilterStrategy = headerFilterStrategy;
    }
}
