package io.camelchat.simulator.openim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group (session type 3, conversation {@code sg_<groupID>}); members with their role level (100 owner, 60 admin,
 * 20 ordinary) and join time.
 */
public final class OpenImGroup {

    public static final int OWNER = 100;
    public static final int ADMIN = 60;
    public static final int ORDINARY = 20;

    private final String groupId;
    private final String name;
    private final String ownerUserId;
    private final long createTime;
    private final Map<String, Integer> roles = new LinkedHashMap<>();
    private final Map<String, Long> joinTimes = new LinkedHashMap<>();

    OpenImGroup(String groupId, String name, String ownerUserId, long createTime) {
        this.groupId = groupId;
        this.name = name;
        this.ownerUserId = ownerUserId;
        this.createTime = createTime;
    }

    public String groupId() {
        return groupId;
    }

    public String name() {
        return name;
    }

    public String ownerUserId() {
        return ownerUserId;
    }

    public long createTime() {
        return createTime;
    }

    /** Member user ids in join order. */
    public synchronized List<String> memberIds() {
        return List.copyOf(roles.keySet());
    }

    public synchronized boolean isMember(String userId) {
        return roles.containsKey(userId);
    }

    /** The member's role level, 0 when not a member. */
    public synchronized int role(String userId) {
        return roles.getOrDefault(userId, 0);
    }

    synchronized long joinTime(String userId) {
        return joinTimes.getOrDefault(userId, 0L);
    }

    synchronized void add(String userId, int role, long when) {
        roles.put(userId, role);
        joinTimes.putIfAbsent(userId, when);
    }

    synchronized void remove(String userId) {
        roles.remove(userId);
        joinTimes.remove(userId);
    }
}
