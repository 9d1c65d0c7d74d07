package io.camelchat.common;

/**
 * What an endpoint is, the path of {@code <platform>:<kind>}: a consumer kind ({@code stream}, {@code webhook},
 * {@code datafeed}) or a producer kind ({@code message}, {@code media}, {@code directory}, ...). Each component's kind
 * enum implements it.
 */
public interface ChatKind {

    /** The kind as written in the URI. */
    String name();

    /** True for the kinds that receive (consumers), false for the kinds that send (producers). */
    boolean isConsumer();
}
