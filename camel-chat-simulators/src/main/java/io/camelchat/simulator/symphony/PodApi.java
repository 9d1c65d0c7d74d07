package io.camelchat.simulator.symphony;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.RouteTable;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;
import io.camelchat.simulator.symphony.SymphonyErrors.BadRequest;

import static io.camelchat.simulator.symphony.SymphonyErrors.error;

/**
 * The pod API a bot uses ({@code /pod/...}, after the session check): session info, user look-ups, IM creation, room
 * and stream info, room membership (list, add, remove, promote, demote) and message suppression. Each call runs with
 * the {@link SymWorld}'s lock held.
 */
final class PodApi {

    private final SymphonySettings settings;
    private final SymWorld world;
    private final SymViews views;
    private final RouteTable<SimResponse> routes = new RouteTable<>();

    PodApi(SymphonySettings settings, SymWorld world) {
        this.settings = settings;
        this.world = world;
        this.views = world.views();
        routes.add("GET", "/pod/v2/sessioninfo", r -> sessionInfo())
                .add("GET", "/pod/v3/users", this::usersV3)
                .add("GET", "/pod/v2/user", this::userV2)
                .add("POST", "/pod/v1/im/create", this::imCreate)
                .add("GET", "/pod/v3/room/:id/info", (r, p) -> SimResponse.json(200,
                        Json.write(views.roomDetail(world.visibleStream(p.get("id"))))))
                .add("GET", "/pod/v2/streams/:id/info", (r, p) -> streamInfo(p.get("id")))
                .add("GET", "/pod/:version/room/:id/membership/list", (r, p) -> members(p.get("id")))
                .add("POST", "/pod/:version/room/:id/membership/add", (r, p) -> membership(r, p.get("id"), "add"))
                .add("POST", "/pod/:version/room/:id/membership/remove", (r, p) -> membership(r, p.get("id"), "remove"))
                .add("POST", "/pod/:version/room/:id/membership/promoteOwner",
                        (r, p) -> membership(r, p.get("id"), "promoteOwner"))
                .add("POST", "/pod/:version/room/:id/membership/demoteOwner",
                        (r, p) -> membership(r, p.get("id"), "demoteOwner"))
                .add("POST", "/pod/:version/:area/messagesuppression/:id/suppress", (r, p) -> suppress(p.get("id")));
    }

    /** Answers a pod call (unknown ones: 404); {@link BadRequest}s thrown by the handlers propagate. */
    SimResponse handle(SimRequest r) {
        return world.locked(() -> routes.dispatch(r, r.path(), req -> error(404, "Not found")));
    }

    private SimResponse sessionInfo() {
        Map<String, Object> u = SymViews.userV2(settings.bot());
        u.put("accountType", "SYSTEM");
        u.put("roles", List.of("INDIVIDUAL"));
        return SimResponse.json(200, Json.write(u));
    }

    private SimResponse userV2(SimRequest r) {
        List<SymUser> found = lookup(r);
        return found.isEmpty() ? SymphonyErrors.noContent()
                : SimResponse.json(200, Json.write(SymViews.userV2(found.get(0))));
    }

    private SimResponse usersV3(SimRequest r) {
        List<Map<String, Object>> l = new ArrayList<>();
        for (SymUser u : lookup(r)) {
            l.add(SymViews.userV2(u));
        }
        return SimResponse.json(200, Json.write(Map.of("users", l)));
    }

    /** The users named by exactly one of {@code uid}, {@code email}, {@code username} (comma-separated lists). */
    private List<SymUser> lookup(SimRequest r) {
        String uid = r.query("uid");
        String email = r.query("email");
        String username = r.query("username");
        int n = (uid != null ? 1 : 0) + (email != null ? 1 : 0) + (username != null ? 1 : 0);
        if (n != 1) {
            throw new BadRequest(400, "Exactly one of uid, email or username is required");
        }
        List<SymUser> found = new ArrayList<>();
        String list = uid != null ? uid : email != null ? email : username;
        for (String v : list.split(",")) {
            String x = v.trim();
            if (x.isEmpty()) {
                continue;
            }
            for (SymUser u : world.users()) {
                boolean match;
                if (uid != null) {
                    try {
                        match = u.id() == Long.parseLong(x);
                    } catch (NumberFormatException e) {
                        throw new BadRequest(400, "Invalid uid: " + x);
                    }
                } else if (email != null) {
                    match = x.equalsIgnoreCase(u.email());
                } else {
                    match = x.equals(u.username());
                }
                if (match && !found.contains(u)) {
                    found.add(u);
                }
            }
        }
        return found;
    }

    private SimResponse imCreate(SimRequest r) {
        List<?> ids;
        try {
            Object o = Json.MAPPER.readValue(r.body(), Object.class);
            if (!(o instanceof List<?> l) || l.isEmpty()) {
                return error(400, "Body must be a non-empty array of user ids");
            }
            ids = l;
        } catch (IOException e) {
            return error(400, "Body must be a non-empty array of user ids");
        }
        Set<Long> set = new TreeSet<>();
        for (Object o : ids) {
            if (!(o instanceof Number n) || !world.hasUser(n.longValue())) {
                return error(400, "Invalid user id: " + o);
            }
            set.add(n.longValue());
        }
        set.add(settings.bot().id());
        return SimResponse.json(200, Json.write(Map.of("id", world.imFor(set, settings.bot().id()))));
    }

    private SimResponse streamInfo(String id) {
        SymStream s = world.visibleStream(id);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", s.id);
        o.put("crossPod", false);
        o.put("origin", "INTERNAL");
        o.put("active", s.active);
        o.put("lastMessageDate", s.created);
        o.put("streamType", Map.of("type", s.type));
        o.put("streamAttributes", Map.of("members", new ArrayList<>(s.members)));
        if ("ROOM".equals(s.type)) {
            o.put("roomAttributes", Map.of("name", s.name));
        }
        return SimResponse.json(200, Json.write(o));
    }

    private SimResponse members(String roomId) {
        SymStream s = world.visibleStream(roomId);
        List<Map<String, Object>> l = new ArrayList<>();
        for (long id : s.members) {
            l.add(Map.of("id", id, "owner", s.owners.contains(id), "joinDate", s.created));
        }
        return SimResponse.json(200, Json.write(l));
    }

    /** {@code add}, {@code remove}, {@code promoteOwner} or {@code demoteOwner}, done by the bot. */
    private SimResponse membership(SimRequest r, String roomId, String op) {
        SymStream s = world.visibleStream(roomId);
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        if (body == null || !(body.get("id") instanceof Number id)) {
            return error(400, "Invalid body: id is required");
        }
        long userId = id.longValue();
        if (!world.hasUser(userId)) {
            return error(400, "User not found");
        }
        long botId = settings.bot().id();
        switch (op) {
            case "add" -> {
                world.addMember(s.id, userId, botId);
                return SimResponse.json(200, "{\"format\":\"TEXT\",\"message\":\"Member added\"}");
            }
            case "remove" -> {
                world.removeMember(s.id, userId, botId);
                return SimResponse.json(200, "{\"format\":\"TEXT\",\"message\":\"Member removed\"}");
            }
            default -> {
                if (!s.owners.contains(botId)) {
                    return error(403, "User is not an owner of the room " + s.id);
                }
                boolean promote = "promoteOwner".equals(op);
                if (promote ? !s.members.contains(userId) : !s.owners.contains(userId)) {
                    return error(400,
                            promote ? "User is not a member of the room" : "User is not an owner of the room");
                }
                if (promote) {
                    world.promoteOwner(s.id, userId, botId);
                } else {
                    world.demoteOwner(s.id, userId, botId);
                }
                return SimResponse.json(200, "{\"format\":\"TEXT\",\"message\":\"Member "
                                             + (promote ? "promoted to owner" : "demoted from owner") + "\"}");
            }
        }
    }

    private SimResponse suppress(String messageId) {
        if (!settings.canSuppress()) {
            return error(403, "Missing entitlement: canSuppressMessage");
        }
        SymMessage msg = world.message(messageId);
        if (msg == null) {
            return error(400, "Message " + messageId + " not found");
        }
        long now = System.currentTimeMillis();
        if (world.markSuppressed(messageId)) {
            world.publishSuppressed(msg, settings.bot().id());
        }
        return SimResponse.json(200, Json.write(Map.of("messageId", messageId, "suppressed", true,
                "suppressionDate", now)));
    }
}
