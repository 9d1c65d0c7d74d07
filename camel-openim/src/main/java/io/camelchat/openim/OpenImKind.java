package io.camelchat.openim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.camelchat.common.ChatKind;

/** The part after {@code openim:}: what the endpoint is. */
public enum OpenImKind implements ChatKind {
    /** consumer: the websocket gateway (pushes, with seq sync on connect and on gaps). */
    stream,
    /** consumer: the HTTP polling fallback (newest seq, then pull by seq). */
    datafeed,
    /** producer: send and recall. */
    message,
    /** producer: object upload and download. */
    media,
    /** producer: user and group look-ups. */
    directory;

    @Override
    public boolean isConsumer() {
        return this == stream || this == datafeed;
    }

    static OpenImKind parse(String text) {
        try {
            return valueOf(text.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown openim endpoint kind '" + text + "': use one of "
                                               + Arrays.stream(values()).map(Enum::name)
                                                       .collect(Collectors.joining(", ")));
        }
    }
}
