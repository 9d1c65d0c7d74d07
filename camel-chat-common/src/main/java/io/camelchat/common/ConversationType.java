package io.camelchat.common;

import java.util.Locale;

/** Whether a conversation is between the bot and one person or a group. Header value: the lower-case name. */
public enum ConversationType {
    direct, group;

    /** Parses a header value leniently ({@code DIRECT}, {@code direct}); null for null or unknown values. */
    public static ConversationType parse(Object value) {
        if (value instanceof ConversationType) {
            return (ConversationType) value;
        }
        if (value == null) {
            return null;
        }
        String s = value.toString().trim().toLowerCase(Locale.ROOT);
        for (ConversationType t : values()) {
            if (t.name().equals(s)) {
                return t;
            }
        }
        return null;
    }
}
