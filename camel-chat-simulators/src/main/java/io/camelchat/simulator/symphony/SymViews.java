package io.camelchat.simulator.symphony;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON views of the simulated pod as the APIs and events show them: events (envelope with initiator and one
 * payload member), V4 messages, users (event and pod forms), streams and room details. Called with the
 * {@link SymWorld}'s lock held.
 */
final class SymViews {

    private final SymWorld world;

    SymViews(SymWorld world) {
        this.world = world;
    }

    SymEvent suppressedEvent(SymStream s, String messageId, long byUserId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("messageId", messageId);
        p.put("stream", streamJson(s, false));
        return newEvent("MESSAGESUPPRESSED", "messageSuppressed", byUserId, p, messageId);
    }

    SymEvent messageSentEvent(SymMessage m) {
        return newEvent("MESSAGESENT", "messageSent", m.senderId(), Map.of("message", v4Message(m)), m.messageId());
    }

    SymEvent newEvent(String type, String member, long initiatorId, Map<String, Object> payload,
                      String messageId) {
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(SymphonyErrors.randomBytes(4))
                    + world.nextSerial();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", id);
        if (messageId != null) {
            o.put("messageId", messageId);
        }
        o.put("timestamp", System.currentTimeMillis());
        o.put("type", type);
        SymUser u = world.user(initiatorId);
        o.put("initiator", Map.of("user", u != null ? userJson(u) : Map.of("userId", initiatorId)));
        o.put("payload", Map.of(member, payload));
        return new SymEvent(id, type, messageId, o);
    }

    Map<String, Object> v4Message(SymMessage m) {
        Map<String, Object> o = new LinkedHashMap<>();
        boolean supp = world.isSuppressed(m.messageId());
        o.put("messageId", m.messageId());
        o.put("timestamp", m.timestamp());
        o.put("message", supp ? "<div data-format=\"PresentationML\" data-version=\"2.0\"></div>" : m.presentationML());
        o.put("data", supp ? "{}" : m.data());
        List<Map<String, Object>> atts = new ArrayList<>();
        for (SymAttachment a : m.attachments()) {
            atts.add(Map.of("id", a.id(), "name", a.name(), "size", a.size(), "images", List.of()));
        }
        o.put("attachments", atts);
        o.put("user", userJson(world.user(m.senderId())));
        SymStream s = world.stream(m.streamId());
        o.put("stream", streamJson(s, false));
        o.put("externalRecipients", false);
        o.put("userAgent", m.senderId() == world.bot().id() ? "Agent-25.8.1-Linux-x86_64" : m.userAgent());
        o.put("originalFormat", "com.symphony.messageml.v2");
        o.put("sid", "sim-session-" + m.senderId());
        if (m.replacing() != null) {
            SymMessage first = world.message(m.initialMessageId());
            o.put("replacing", m.replacing());
            o.put("initialMessageId", m.initialMessageId());
            o.put("initialTimestamp", first != null ? first.timestamp() : m.timestamp());
            o.put("silent", m.silent());
        }
        return o;
    }

    static Map<String, Object> userJson(SymUser u) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("userId", u.id());
        putIf(o, "firstName", u.firstName());
        putIf(o, "lastName", u.lastName());
        putIf(o, "displayName", u.displayName());
        putIf(o, "email", u.email());
        putIf(o, "username", u.username());
        return o;
    }

    static Map<String, Object> userV2(SymUser u) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", u.id());
        putIf(o, "emailAddress", u.email());
        putIf(o, "firstName", u.firstName());
        putIf(o, "lastName", u.lastName());
        putIf(o, "displayName", u.displayName());
        putIf(o, "username", u.username());
        o.put("company", "Acme");
        o.put("accountType", "NORMAL");
        return o;
    }

    static void putIf(Map<String, Object> o, String k, Object v) {
        if (v != null) {
            o.put(k, v);
        }
    }

    Map<String, Object> streamJson(SymStream s, boolean withMembers) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("streamId", s.id);
        o.put("streamType", s.type);
        if (s.name != null) {
            o.put("roomName", s.name);
        }
        if (withMembers) {
            List<Map<String, Object>> l = new ArrayList<>();
            for (long id : s.members) {
                SymUser u = world.user(id);
                l.add(u != null ? userJson(u) : Map.of("userId", id));
            }
            o.put("members", l);
        }
        o.put("external", false);
        o.put("crossPod", false);
        return o;
    }

    Map<String, Object> roomProperties(SymStream s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", s.name);
        o.put("description", s.description);
        o.put("creatorUser", userJson(world.user(s.creator)));
        o.put("createdDate", s.created);
        o.put("external", false);
        o.put("crossPod", false);
        o.put("public", false);
        o.put("copyProtected", false);
        o.put("readOnly", false);
        o.put("discoverable", false);
        o.put("membersCanInvite", true);
        o.put("canViewHistory", true);
        o.put("keywords", List.of());
        return o;
    }

    Map<String, Object> roomDetail(SymStream s) {
        if (!"ROOM".equals(s.type)) {
            throw new SymphonyErrors.BadRequest(400, "Stream " + s.id + " is not a room");
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("name", s.name);
        attrs.put("description", s.description);
        attrs.put("keywords", List.of());
        attrs.put("membersCanInvite", true);
        attrs.put("discoverable", false);
        attrs.put("public", false);
        attrs.put("readOnly", false);
        attrs.put("copyProtected", false);
        attrs.put("crossPod", false);
        attrs.put("viewHistory", true);
        attrs.put("multiLateralRoom", false);
        Map<String, Object> sys = new LinkedHashMap<>();
        sys.put("id", s.id);
        sys.put("creationDate", s.created);
        sys.put("createdByUserId", s.creator);
        sys.put("active", s.active);
        return Map.of("roomAttributes", attrs, "roomSystemInfo", sys);
    }

    SymEvent memberEvent(String type, String member, SymStream s, SymUser affected, long byUserId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("stream", streamJson(s, false));
        p.put("affectedUser", userJson(affected));
        return newEvent(type, member, byUserId, p, null);
    }
}
