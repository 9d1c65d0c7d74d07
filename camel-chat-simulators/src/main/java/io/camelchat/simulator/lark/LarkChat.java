package io.camelchat.simulator.lark;

import java.util.List;

/**
 * A group chat the bot is a member of.
 *
 * @param chatId  {@code oc_...} id
 * @param name    chat name
 * @param members open ids of the (human) members; the first one is reported as the owner
 */
public record LarkChat(String chatId, String name, List<String> members) {
    public LarkChat {
        members = List.copyOf(members);
    }
}
