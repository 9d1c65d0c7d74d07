package io.camelchat.common.metrics;

import java.util.function.ToDoubleFunction;

import org.apache.camel.CamelContext;
import org.slf4j.LoggerFactory;

/**
 * What a camel-chat consumer or producer reports to Micrometer when the application has a {@code MeterRegistry} in its
 * registry (camel-micrometer's, Spring Boot's actuator, Quarkus's); nothing otherwise, and nothing costs more than a
 * method call then. Meters are tagged with {@code platform}, and {@code routeId} (consumers) or {@code endpoint}
 * (producers, the endpoint's base URI without options):
 * <ul>
 * <li>{@code camelchat.consumer.events.received}: events read and routed;</li>
 * <li>{@code camelchat.consumer.events.acknowledged}: events acknowledged as processed;</li>
 * <li>{@code camelchat.consumer.events.failed}: events whose exchange failed, left for the platform to deliver
 * again;</li>
 * <li>{@code camelchat.consumer.events.redelivered}: events that arrived again (same {@code CamelChatMessageId} as one
 * of the last 10,000);</li>
 * <li>{@code camelchat.consumer.connects}: connections opened (the first and each reconnect);</li>
 * <li>{@code camelchat.producer.calls}: a timer of producer operations, tagged {@code operation} and {@code outcome}
 * ({@code success} or the exception's simple name).</li>
 * </ul>
 */
public interface ChatMetrics {

    /** Reports nothing. */
    ChatMetrics NONE = new ChatMetrics() {
    };

    /**
     * The metrics of one consumer or producer: Micrometer's when {@code context} has a {@code MeterRegistry}, else
     * {@link #NONE}.
     *
     * @param scope {@code routeId} for consumers, {@code endpoint} for producers
     */
    static ChatMetrics of(CamelContext context, String platform, String scope, String scopeValue) {
        return Holder.MICROMETER ? MicrometerChatMetrics.create(context, platform, scope, scopeValue) : NONE;
    }

    default void received() {
    }

    default void acknowledged() {
        acknowledged(1);
    }

    default void acknowledged(long count) {
    }

    default void failed() {
    }

    default void redelivered() {
    }

    /** Reports a value that the source counts itself (e.g. the connections a websocket session opened). */
    default <T> void countFunction(String name, String description, T source, ToDoubleFunction<T> count) {
    }

    /** A producer operation of {@code nanos}; {@code error} null when it succeeded. */
    default void call(String operation, long nanos, Throwable error) {
    }

    /** Whether Micrometer is on the class path. */
    final class Holder {
        static final boolean MICROMETER = present();

        private Holder() {
        }

        private static boolean present() {
            try {
                Class.forName("io.micrometer.core.instrument.MeterRegistry", false, ChatMetrics.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                LoggerFactory.getLogger(ChatMetrics.class).debug("Micrometer is not on the class path: no metrics");
                return false;
            }
        }
    }

}
