package io.camelchat.lark;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.camelchat.common.ChatKind;

/** The part after {@code lark:}: what the endpoint is. */
public enum LarkKind implements ChatKind {
    /** consumer: the long connection (events and card actions over a websocket). */
    stream,
    /** consumer: events and card actions over HTTP through platform-http. */
    webhook,
    /** producer: send, reply, recall, update, edit. */
    message,
    /** producer: upload, download. */
    media,
    /** producer: user and chat look-ups. */
    directory;

    static LarkKind parse(String text) {
        try {
            return valueOf(text.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown lark endpoint kind '" + text + "': use one of "
                                               + Arrays.stream(values()).map(Enum::name)
                                                       .collect(Collectors.joining(", ")));
        }
    }

    @Override
    public boolean isConsumer() {
        return this == stream || this == webhook;
    }
}
