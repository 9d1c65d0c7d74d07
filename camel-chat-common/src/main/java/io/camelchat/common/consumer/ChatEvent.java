package io.camelchat.common.consumer;

import java.util.Map;

/**
 * One platform event read off the wire, ready to be routed: the exchange's body (the platform's native event), its
 * headers (normalized {@code CamelChat...} and the platform's own), and whether the platform waits for an answer
 * (card clicks, card actions), which makes the exchange {@code InOut} whatever the endpoint's pattern.
 */
public record ChatEvent(Object body, Map<String, Object> headers, boolean expectsAnswer) {

    /** An event the platform only needs acknowledged. */
    public static ChatEvent of(Object body, Map<String, Object> headers) {
        return new ChatEvent(body, headers, false);
    }

    /** An event whose answer is the route's resulting body. */
    public static ChatEvent expectingAnswer(Object body, Map<String, Object> headers) {
        return new ChatEvent(body, headers, true);
    }
}
