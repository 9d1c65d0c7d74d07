package io.camelchat.common;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.Metadata;

/**
 * The default header filter of the camel-chat components. A consumer's headers describe what came in and pass
 * unfiltered into the route; a producer sees only the headers its page documents as producer input (the constants of
 * the component's headers class whose {@link Metadata} label names {@code producer}). So a bridge between two apps of
 * one platform sends as the producer's app: the robot, app or bot of the incoming event stays in its headers and never
 * steers the producer. A header whose label is empty is documented for both (e.g. the message id that {@code recall}
 * reads), so producers see it too.
 */
public class ChatHeaderFilterStrategy implements HeaderFilterStrategy {

    /**
     * Headers every producer may read: the name and type of a file or bytes body (Camel's), and the platform an
     * exchange came from, which tells a producer whether the other headers are its platform's (a {@code reply} to an
     * exchange of another platform goes to the target instead).
     */
    public static final Set<String> CAMEL_PRODUCER_HEADERS = Set.of(Exchange.FILE_NAME, Exchange.FILE_NAME_ONLY,
            Exchange.CONTENT_TYPE, ChatHeaders.PLATFORM);

    private final Set<String> producerHeaders;

    /** Lets producers read {@code producerHeaders} and {@link #CAMEL_PRODUCER_HEADERS}. */
    public ChatHeaderFilterStrategy(Set<String> producerHeaders) {
        TreeSet<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(producerHeaders);
        names.addAll(CAMEL_PRODUCER_HEADERS);
        this.producerHeaders = names;
    }

    /** The strategy letting producers read the headers {@code headersClass} labels {@code producer}. */
    public static ChatHeaderFilterStrategy forHeadersClass(Class<?> headersClass) {
        return new ChatHeaderFilterStrategy(producerHeaders(headersClass));
    }

    /**
     * The values of the String constants of {@code headersClass} whose {@link Metadata} label names producer or is
     * empty (a header of both consumers and producers).
     */
    public static Set<String> producerHeaders(Class<?> headersClass) {
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Field f : headersClass.getFields()) {
            Metadata m = f.getAnnotation(Metadata.class);
            if (m == null || !Modifier.isStatic(f.getModifiers()) || f.getType() != String.class) {
                continue;
            }
            if (m.label().isBlank()
                    || Arrays.stream(m.label().split(",")).map(String::trim).anyMatch("producer"::equals)) {
                try {
                    out.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("Header constant " + f + " is not readable", e);
                }
            }
        }
        return out;
    }

    public Set<String> getProducerHeaders() {
        return producerHeaders;
    }

    /** True (filtered out) for every header a producer does not take as input. */
    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !producerHeaders.contains(headerName);
    }

    /** False: a consumer's headers all reach the route. */
    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return false;
    }
}
