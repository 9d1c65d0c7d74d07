package io.camelchat.common.consumer;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategyAware;
import org.apache.camel.spi.HeadersMapFactory;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How every camel-chat consumer turns an event into an exchange and learns when its unit of work is done. */
public final class ChatExchanges {

    private static final Logger LOG = LoggerFactory.getLogger(ChatExchanges.class);

    /** What runs once an exchange's unit of work is done. */
    @FunctionalInterface
    public interface Done {
        /**
         * @param exchange  the exchange that completed (a copy when the route handed it on, e.g. to {@code seda:})
         * @param completed false when it failed
         */
        void done(Exchange exchange, boolean completed);
    }

    private ChatExchanges() {
    }

    /**
     * A new exchange of {@code consumer} for {@code event}: its body and the headers the endpoint's header filter lets
     * in, {@code InOut} when the event expects an answer (else the endpoint's pattern).
     */
    public static Exchange create(DefaultConsumer consumer, ChatEvent event) {
        Exchange exchange = consumer.createExchange(false);
        if (event.expectsAnswer()) {
            exchange.setPattern(ExchangePattern.InOut);
        }
        Message message = exchange.getMessage();
        message.setBody(event.body());
        Map<String, Object> headers = event.headers();
        if (headers != null && !headers.isEmpty()) {
            HeaderFilterStrategy filter = consumer.getEndpoint() instanceof HeaderFilterStrategyAware aware
                    ? aware.getHeaderFilterStrategy() : null;
            String[] names = new String[headers.size()];
            Object[] values = new Object[names.length];
            int size = 0;
            for (Map.Entry<String, Object> header : headers.entrySet()) {
                String k = header.getKey();
                Object v = header.getValue();
                if (k != null && v != null
                        && (filter == null || !filter.applyFilterToExternalHeaders(k, v, exchange))) {
                    names[size] = k;
                    values[size++] = v;
                }
            }
            setHeaders(exchange, message, names, values, size);
        }
        return exchange;
    }

    /**
     * Sets the headers: the message's header map is built in one pass from a sorted view when the message has none
     * yet (a map per event, the consumers' hottest path), else each by name.
     */
    private static void setHeaders(Exchange exchange, Message message, String[] names, Object[] values, int size) {
        if (size == 0) {
            return;
        }
        SortedHeaders sorted = message.hasHeaders() ? null : SortedHeaders.of(names, values, size);
        if (sorted != null) {
            HeadersMapFactory factory = exchange.getContext().getCamelContextExtension().getHeadersMapFactory();
            message.setHeaders(factory.newMap(sorted));
            return;
        }
        for (int i = 0; i < size; i++) {
            message.setHeader(names[i], values[i]);
        }
    }

    /**
     * Runs {@code done} exactly once, when the unit of work of {@code exchange} completes or fails: from a
     * {@link Synchronization} that Camel hands over with the exchange, so it runs when the work a route handed on is
     * done, not when the route returns.
     */
    public static void onUnitOfWorkDone(Exchange exchange, Done done) {
        AtomicBoolean once = new AtomicBoolean();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange completed) {
                run(completed, true);
            }

            @Override
            public void onFailure(Exchange failed) {
                run(failed, false);
            }

            private void run(Exchange ex, boolean ok) {
                if (!once.compareAndSet(false, true)) {
                    return;
                }
                try {
                    done.done(ex, ok && !ex.isFailed());
                } catch (RuntimeException e) {
                    LOG.warn("Acknowledging exchange {} failed: {}", ex.getExchangeId(), e.getMessage(), e);
                }
            }

            @Override
            public String toString() {
                return "camel-chat acknowledgement";
            }
        });
    }
}
