package io.camelchat.common;

import java.util.Set;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Base of every camel-chat producer: picks the operation (header first, then the endpoint's option, then the
 * default of the endpoint kind), refuses one that does not apply to the kind, and runs it on the calling thread; any
 * failure becomes the exchange's exception, and the exchange completes synchronously.
 *
 * @param <O> the component's operation enum
 */
public abstract class ChatProducer<O extends Enum<O>> extends DefaultAsyncProducer {

    private final Class<O> operationType;
    private final String operationHeader;

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
    public final boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            handle(exchange, operation(exchange));
        } catch (Exception e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    private O operation(Exchange exchange) {
        O op = exchange.getMessage().getHeader(operationHeader, operationType);
        if (op == null) {
            op = configuredOperation();
        }
        if (op == null) {
            op = defaultOperation();
        }
        if (!allowedOperations().contains(op)) {
            throw new IllegalArgumentException("Operation " + op + " does not apply to " + getEndpoint().getEndpointBaseUri());
        }
        return op;
    }
}
