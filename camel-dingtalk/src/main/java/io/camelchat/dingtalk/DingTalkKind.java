package io.camelchat.dingtalk;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.camelchat.common.ChatKind;

/** The part after {@code dingtalk:}: what the endpoint is. */
public enum DingTalkKind implements ChatKind {
    /** consumer: Stream mode (robot messages, card callbacks, events over a websocket). */
    stream,
    /** consumer: HTTP callbacks (outgoing robot, encrypted event subscription) through platform-http. */
    webhook,
    /** producer: send, reply, recall. */
    message,
    /** producer: upload, download. */
    media,
    /** producer: user and group look-ups. */
    directory;

    static DingTalkKind parse(String text) {
        try {
            return valueOf(text.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown dingtalk endpoint kind '" + text + "': use one of "
                                               + Arrays.stream(values()).map(Enum::name)
                                                       .collect(Collectors.joining(", ")));
        }
    }

    @Override
    public boolean isConsumer() {
        return this == stream || this == webhook;
    }
}
