package io.camelchat.simulator.openim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side of {@code /group/*} (open-im-server v3.8.3 {@code internal/api/group.go} routes,
 * {@code internal/rpc/group/group.go}; shapes of openimsdk/protocol {@code group/group.proto} and
 * {@code sdkws.GroupInfo} / {@code sdkws.GroupMemberFullInfo}): unknown groups are left out of lists, as the server's
 * database look-ups do.
 */
final class GroupApi {

    /** sdkws constant WorkingGroup. */
    static final int WORKING_GROUP = 2;

    private final OpenImSimulator sim;

    GroupApi(OpenImSimulator sim) {
        this.sim = sim;
    }

    void register(OpenImHttp http) {
        http.post("/group/get_groups_info", false, this::groupsInfo);
        http.post("/group/get_group_member_list", false, this::memberList);
        http.post("/group/get_group_members_info", false, this::membersInfo);
        http.post("/group/get_joined_group_list", false, this::joined);
    }

    private Object groupsInfo(OpenImHttp.Call c) {
        List<String> ids = c.strings("groupIDs");
        if (ids.isEmpty()) {
            throw ImError.args("groupID is empty");
        }
        List<Object> out = new ArrayList<>();
        for (String id : ids) {
            OpenImGroup g = sim.state().group(id);
            if (g != null) {
                out.add(groupJson(g));
            }
        }
        return Map.of("groupInfos", out);
    }

    private Object memberList(OpenImHttp.Call c) {
        String groupId = c.string("groupID");
        String keyword = c.string("keyword");
        OpenImGroup g = sim.state().group(groupId);
        List<String> ids = g == null ? List.of() : g.memberIds();
        List<Object> members = new ArrayList<>();
        if (keyword.isEmpty()) {
            for (String id : AuthUserApi.paginate(c, ids)) {
                members.add(memberJson(g, id));
            }
        } else {
            for (String id : ids) {
                OpenImUser u = sim.state().user(id);
                if (id.equals(keyword) || u != null && u.nickname().equals(keyword)) {
                    members.add(memberJson(g, id));
                }
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("total", keyword.isEmpty() ? ids.size() : members.size());
        d.put("members", members);
        return d;
    }

    private Object membersInfo(OpenImHttp.Call c) {
        List<String> userIds = c.strings("userIDs");
        String groupId = c.string("groupID");
        if (userIds.isEmpty()) {
            throw ImError.args("userIDs empty");
        }
        if (groupId.isEmpty()) {
            throw ImError.args("groupID empty");
        }
        OpenImGroup g = sim.state().group(groupId);
        List<Object> members = new ArrayList<>();
        for (String id : userIds) {
            if (g != null && g.isMember(id)) {
                members.add(memberJson(g, id));
            }
        }
        return Map.of("members", members);
    }

    private Object joined(OpenImHttp.Call c) {
        String userId = c.string("fromUserID");
        c.requireSelfOrAdmin(userId);
        List<OpenImGroup> mine = sim.state().groups().stream().filter(g -> g.isMember(userId)).toList();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("total", mine.size());
        d.put("groups", AuthUserApi.paginate(c, mine).stream().map(this::groupJson).toList());
        return d;
    }

    Map<String, Object> groupJson(OpenImGroup g) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("groupID", g.groupId());
        j.put("groupName", g.name());
        j.put("notification", "");
        j.put("introduction", "");
        j.put("faceURL", "");
        j.put("ownerUserID", g.ownerUserId());
        j.put("createTime", g.createTime());
        j.put("memberCount", g.memberIds().size());
        j.put("ex", "");
        j.put("status", 0);
        j.put("creatorUserID", g.ownerUserId());
        j.put("groupType", WORKING_GROUP);
        j.put("needVerification", 0);
        j.put("lookMemberInfo", 0);
        j.put("applyMemberFriend", 0);
        j.put("notificationUpdateTime", 0);
        j.put("notificationUserID", "");
        return j;
    }

    private Map<String, Object> memberJson(OpenImGroup g, String userId) {
        OpenImUser u = sim.state().user(userId);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("groupID", g.groupId());
        j.put("userID", userId);
        j.put("roleLevel", g.role(userId));
        j.put("joinTime", g.joinTime(userId));
        j.put("nickname", u == null ? "" : u.nickname());
        j.put("faceURL", u == null ? "" : u.faceUrl());
        j.put("appMangerLevel", u == null ? 0 : u.appMangerLevel());
        j.put("joinSource", 2);
        j.put("operatorUserID", g.ownerUserId());
        j.put("ex", "");
        j.put("muteEndTime", 0);
        j.put("inviterUserID", g.ownerUserId());
        return j;
    }
}
