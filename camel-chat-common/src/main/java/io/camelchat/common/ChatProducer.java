package io.camelchat.common;

import java.util.Set;

import io.camelchat.common.metrics.ChatMetrics;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategyAware;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Base of every camel-chat producer: picks the operation (header first, then the endpoint's option, then the
 * default of the endpoint kind), refuses one that does not apply to the kind, and runs it on the calling thread; any
 * failure becomes the exchange's exception, and the exchange completes synchronously. Producers read headers through
 * {@link #header}, which sees only what the endpoint's {@link HeaderFilterStrategy} lets in (by default the headers
 * the component's page lists as producer input).
 *
 * @param <O> the component's operation enum
 */
public abstract class ChatProducer<O extends Enum<O>> extends DefaultAsyncProducer {

    private final Class<O> operationType;
    private final String operationHeader;
    private ChatMetrics metrics = ChatMetrics.NONE;

    protected ChatProducer(Endpoint endpoint, Class<O> operationType, String operationHeader) {
        super(endpoint);
        this.operationType = operationType;
        this.operationHeader = operationHeader;
    }

    /** The operation set on the endpoint, or null. */
    protected abstract O configuredOperation();

    /** The operation of this endpoint kind when none is set. */
    protected abstract O defaultOperation();

    /** The operations this endpoint kind offers. */
    protected abstract Set<O> allowedOperations();

    /** Carries out {@code operation}; throws on failure. */
    protected abstract void handle(Exchange exchange, O operation) throws Exception;

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String uri = getEndpoint().getEndpointBaseUri();
        int colon = uri.indexOf(':');
        metrics = ChatMetrics.of(getEndpoint().getCamelContext(), colon > 0 ? uri.substring(0, colon) : uri, "endpoint",
                uri);
    }

    @Override
    public final boolean process(Exchange exchange, AsyncCallback callback) {
        long start = System.nanoTime();
        String operation = "unknown";
        Exception error = null;
        try {
            O op = operation(exchange);
            operation = op.name();
            handle(exchange, op);
        } catch (Exception e) {
            error = e;
            exchange.setException(e);
        }
        metrics.call(operation, System.nanoTime() - start, error);
        callback.done(true);
        return true;
    }

    /**
     * The header {@code name} as {@code type}, or null when it is absent or the endpoint's header filter keeps it from
     * producers (a consumer's header that is not producer input).
     */
    protected <T> T header(Exchange exchange, String name, Class<T> type) {
        Object value = exchange.getMessage().getHeader(name);
        if (value == null) {
            return null;
        }
        if (getEndpoint() instanceof HeaderFilterStrategyAware aware && aware.getHeaderFilterStrategy() != null
                && aware.getHeaderFilterStrategy().applyFilterToCamelHeaders(name, value, exchange)) {
            return null;
        }
        return exchange.getMessage().getHeader(name, type);
    }

    private O operation(Exchange exchange) {
        O op = header(exchange, operationHeader, operationType);
        if (op == null) {
            op = configuredOperation();
        }
        if (op == null) {
            op = defaultOperation();
        }
        if (!allowedOperations().contains(op)) {
            throw new IllegalArgumentException(
                    "Operation " + op + " does not apply to " + getEndpoint().getEndpointBaseUri());
        }
        return op;
    }
}
