package io.camelchat.benchmarks;

import java.util.concurrent.CompletableFuture;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** A component's producer as the send benchmarks use it: blocking through a template, or asynchronous. */
final class CamelSender implements AutoCloseable {

    private final CamelContext context;
    private final Endpoint endpoint;
    private final ProducerTemplate template;
    private final AsyncProducer producer;

    /** {@code context} started, with its component configured. */
    CamelSender(CamelContext context, String uri) throws Exception {
        this.context = context;
        this.endpoint = context.getEndpoint(uri);
        this.template = context.createProducerTemplate();
        this.producer = endpoint.createAsyncProducer();
        producer.start();
    }

    /** Sends on the calling thread; throws what the exchange failed with. */
    void send(Object body) throws Exception {
        Exchange ex = template.send(endpoint, e -> e.getMessage().setBody(body));
        if (ex.getException() != null) {
            throw ex.getException();
        }
    }

    /**
     * Hands one exchange to the producer's asynchronous API ({@code AsyncProducer.processAsync}); completes when the
     * producer calls back, exceptionally when the exchange failed.
     */
    CompletableFuture<Exchange> sendAsync(Object body) {
        Exchange ex = endpoint.createExchange();
        ex.getMessage().setBody(body);
        return producer.processAsync(ex).thenApply(done -> {
            if (done.getException() != null) {
                throw new IllegalStateException(done.getException());
            }
            return done;
        });
    }

    @Override
    public void close() throws Exception {
        producer.stop();
        template.close();
        context.stop();
    }
}
