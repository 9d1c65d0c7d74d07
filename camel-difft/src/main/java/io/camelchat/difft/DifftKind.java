package io.camelchat.difft;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.camelchat.common.ChatKind;

/** The part after {@code difft:}: what the endpoint is. */
public enum DifftKind implements ChatKind {
    /** consumer: the websocket listener (signed upgrade, fetch and commit frames). */
    stream,
    /** consumer: callbacks over platform-http, signed like requests. */
    webhook,
    /** producer: send and recall. */
    message,
    /** producer: encrypted attachment upload and download, authorizations. */
    media,
    /** producer: accounts, the bot's groups and their members. */
    directory;

    @Override
    public boolean isConsumer() {
        return this == stream || this == webhook;
    }

    static DifftKind parse(String text) {
        try {
            return valueOf(text.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown difft endpoint kind '" + text + "': use one of "
                                               + Arrays.stream(values()).map(Enum::name)
                                                       .collect(Collectors.joining(", ")));
        }
    }
}
