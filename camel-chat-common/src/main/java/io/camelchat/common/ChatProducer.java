package io.camelchat.common;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import io.camelchat.common.metrics.ChatMetrics;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategyAware;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Base of every camel-chat producer: picks the operation (header first, then the endpoint's option, then the
 * default of the endpoint kind), refuses one that does not apply to the kind, and runs it; any failure becomes the
 * exchange's exception. An operation a subclass carries out in {@link #handleAsync} (the sends) completes
 * asynchronously: no thread waits for the platform's answer, and the route goes on from the thread that completed
 * the call ({@link ChatAsync}'s pool; with the option {@code usingExecutorService=false} the HTTP client's I/O thread
 * that read the answer); the others run on the calling thread and complete synchronously. With the
 * option {@code synchronous} every operation completes on the calling thread: it waits for the asynchronous ones,
 * so that a consumer which does not wait for its exchanges (Camel's {@code file:}) sends in its order. Producers read
 * headers through
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

    /** Carries out {@code operation} on the calling thread; throws on failure. */
    protected abstract void handle(Exchange exchange, O operation) throws Exception;

    /**
     * Carries out {@code operation}, asynchronously where the subclass can: the returned stage completes when the
     * operation is done, exceptionally on failure (throwing here fails the exchange at once). The default runs
     * {@link #handle} on the calling thread and returns a completed stage.
     */
    protected CompletionStage<Void> handleAsync(Exchange exchange, O operation) throws Exception {
        handle(exchange, operation);
        return CompletableFuture.completedFuture(null);
    }

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
        CompletableFuture<Void> done;
        boolean synchronous = synchronous();
        boolean pool = usingExecutorService();
        try {
            O op = operation(exchange);
            operation = op.name();
            if (synchronous) {
                // the HTTP calls run on this thread (the blocking client), which waits for them anyway
                done = ChatAsync.whileCallerWaits(() -> handleAsync(exchange, op).toCompletableFuture());
            } else if (pool) {
                done = handleAsync(exchange, op).toCompletableFuture();
            } else {
                // the answers complete on the HTTP client's I/O thread, and the route goes on from it
                done = ChatAsync.whileCompletingOnIoThread(() -> handleAsync(exchange, op).toCompletableFuture());
            }
        } catch (Exception e) {
            done = CompletableFuture.failedFuture(e);
        }
        String name = operation;
        if (!done.isDone() && synchronous) {
            done = awaitQuietly(done);
        }
        if (done.isDone()) {
            finish(exchange, name, start, done);
            callback.done(true);
            return true;
        }
        CompletableFuture<Void> async = done;
        async.whenComplete((ignored, error) -> {
            if (pool && ChatAsync.onIoThread()) {
                // an answer shared with a caller that asked for the I/O thread: the route goes on from the pool
                ChatAsync.execute(() -> complete(exchange, name, start, async, callback));
            } else {
                complete(exchange, name, start, async, callback);
            }
        });
        return false;
    }

    private void complete(Exchange exchange, String name, long start, CompletableFuture<Void> done,
                          AsyncCallback callback) {
        finish(exchange, name, start, done);
        callback.done(false);
    }

    /** Whether the endpoint's option {@code synchronous} is set. */
    private boolean synchronous() {
        return getEndpoint() instanceof ChatEndpoint<?, ?> chat && chat.getConfiguration() != null
                && chat.getConfiguration().isSynchronous();
    }

    /** Whether the endpoint's option {@code usingExecutorService} is set (the default). */
    private boolean usingExecutorService() {
        return !(getEndpoint() instanceof ChatEndpoint<?, ?> chat && chat.getConfiguration() != null
                && !chat.getConfiguration().isUsingExecutorService());
    }

    /**
     * {@code pending} once it completed, waited for on the calling thread; a failed future when the thread is
     * interrupted meanwhile (the operation itself goes on).
     */
    private static CompletableFuture<Void> awaitQuietly(CompletableFuture<Void> pending) {
        try {
            pending.get();
        } catch (ExecutionException | CancellationException e) {
            // the outcome is read from the future
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        return pending;
    }

    /** Waits on the calling thread for {@code stage} (an asynchronous operation run synchronously); throws its failure. */
    protected static void await(CompletionStage<?> stage) throws Exception {
        try {
            stage.toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable cause = ChatAsync.unwrap(e);
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** Records the outcome of a completed operation on the exchange and in the metrics. */
    private void finish(Exchange exchange, String operation, long start, CompletableFuture<Void> done) {
        Exception error = null;
        try {
            done.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = ChatAsync.unwrap(e);
            error = cause instanceof Exception ex ? ex : new CamelExchangeException(cause.toString(), exchange, cause);
            exchange.setException(error);
        }
        metrics.call(operation, System.nanoTime() - start, error);
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
