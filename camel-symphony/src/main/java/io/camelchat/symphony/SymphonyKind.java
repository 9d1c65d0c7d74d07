package io.camelchat.symphony;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.camelchat.common.ChatKind;

/** The part after {@code symphony:}: what the endpoint is. */
public enum SymphonyKind implements ChatKind {
    /** consumer: the bot's datafeed (v2 by default, v1 selectable), long-polled on its own thread. */
    datafeed,
    /** producer: send, update, suppress, get. */
    message,
    /** producer: attachment download. */
    media,
    /** producer: user and room look-ups. */
    directory;

    @Override
    public boolean isConsumer() {
        return this == datafeed;
    }

    static SymphonyKind parse(String text) {
        try {
            return valueOf(text.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown symphony endpoint kind '" + text + "': use one of "
                                               + Arrays.stream(values()).map(Enum::name)
                                                       .collect(Collectors.joining(", ")));
        }
    }
}
