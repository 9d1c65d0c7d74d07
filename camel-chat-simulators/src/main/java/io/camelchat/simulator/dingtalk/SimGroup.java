package io.camelchat.simulator.dingtalk;

import java.util.List;

/**
 * A group chat the robot is in.
 *
 * @param openConversationId the group's {@code conversationId} / {@code openConversationId}
 * @param title              group name ({@code conversationTitle})
 * @param memberUserIds      member user ids; the first one is reported as owner
 */
public record SimGroup(String openConversationId, String title, List<String> memberUserIds) {
    public SimGroup {
        memberUserIds = List.copyOf(memberUserIds);
    }
}
