package io.camelchat.common;

import java.util.Objects;

/**
 * A person mentioned in a message.
 *
 * @param id   the platform's user id
 * @param name display name, may be null
 */
public record ChatMention(String id, String name) {

    public ChatMention {
        Objects.requireNonNull(id, "id");
    }

    public static ChatMention of(String id) {
        return new ChatMention(id, null);
    }
}
