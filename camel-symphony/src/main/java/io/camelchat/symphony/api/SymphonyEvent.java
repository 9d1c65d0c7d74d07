package io.camelchat.symphony.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.camelchat.common.Json;

/**
 * A datafeed event (Symphony's V4Event): its id (the key to de-duplicate redeliveries), type, time, who caused it and
 * the payload, with accessors for what routes usually need. The accessors never throw: what an event lacks is
 * {@code null} (or empty), an id in neither Base64 spelling is returned as sent.
 * <p>
 * An event the datafeed consumer read ({@link SymphonyFeedBatch}) holds what the consumer needs bound from the
 * answer's JSON stream, and its place in the answer's bytes: the JSON tree ({@link #raw()}) is made the first time it
 * is asked for. Thread-safe.
 */
public final class SymphonyEvent {

    public static final String MESSAGE_SENT = "MESSAGESENT";
    public static final String MESSAGE_SUPPRESSED = "MESSAGESUPPRESSED";
    public static final String ELEMENTS_ACTION = "SYMPHONYELEMENTSACTION";
    public static final String SHARED_POST = "SHAREDPOST";
    public static final String INSTANT_MESSAGE_CREATED = "INSTANTMESSAGECREATED";
    public static final String ROOM_CREATED = "ROOMCREATED";
    public static final String ROOM_UPDATED = "ROOMUPDATED";
    public static final String ROOM_DEACTIVATED = "ROOMDEACTIVATED";
    public static final String ROOM_REACTIVATED = "ROOMREACTIVATED";
    public static final String USER_JOINED_ROOM = "USERJOINEDROOM";
    public static final String USER_LEFT_ROOM = "USERLEFTROOM";
    public static final String ROOM_MEMBER_PROMOTED_TO_OWNER = "ROOMMEMBERPROMOTEDTOOWNER";
    public static final String ROOM_MEMBER_DEMOTED_FROM_OWNER = "ROOMMEMBERDEMOTEDFROMOWNER";
    public static final String CONNECTION_REQUESTED = "CONNECTIONREQUESTED";
    public static final String CONNECTION_ACCEPTED = "CONNECTIONACCEPTED";
    public static final String USER_REQUESTED_TO_JOIN_ROOM = "USERREQUESTEDTOJOINROOM";
    public static final String GENERIC_SYSTEM_EVENT = "GENERICSYSTEMEVENT";

    /** Each event type and the name of its payload member. */
    private static final Map<String, String> MEMBERS = members();

    /** Every event type Symphony's datafeed delivers. */
    public static final List<String> TYPES = List.copyOf(MEMBERS.keySet());

    private static Map<String, String> members() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MESSAGE_SENT, "messageSent");
        m.put(MESSAGE_SUPPRESSED, "messageSuppressed");
        m.put(ELEMENTS_ACTION, "symphonyElementsAction");
        m.put(SHARED_POST, "sharedPost");
        m.put(INSTANT_MESSAGE_CREATED, "instantMessageCreated");
        m.put(ROOM_CREATED, "roomCreated");
        m.put(ROOM_UPDATED, "roomUpdated");
        m.put(ROOM_DEACTIVATED, "roomDeactivated");
        m.put(ROOM_REACTIVATED, "roomReactivated");
        m.put(USER_JOINED_ROOM, "userJoinedRoom");
        m.put(USER_LEFT_ROOM, "userLeftRoom");
        m.put(ROOM_MEMBER_PROMOTED_TO_OWNER, "roomMemberPromotedToOwner");
        m.put(ROOM_MEMBER_DEMOTED_FROM_OWNER, "roomMemberDemotedFromOwner");
        m.put(CONNECTION_REQUESTED, "connectionRequested");
        m.put(CONNECTION_ACCEPTED, "connectionAccepted");
        m.put(USER_REQUESTED_TO_JOIN_ROOM, "userRequestedToJoinRoom");
        m.put(GENERIC_SYSTEM_EVENT, "genericSystemEvent");
        return Collections.unmodifiableMap(m);
    }

    /** What the consumer bound from the stream, or null (an event made from a tree). */
    private final SymphonyEventHead head;
    /** The answer the event was read from, and the event's place in it (when {@code head} is set). */
    private final byte[] source;
    private final int offset;
    private final int length;
    private volatile JsonNode raw;
    /** The initiator's id once read: a {@link Long}, or {@link #NO_ID}. */
    private volatile Object initiatorId;
    private static final Object NO_ID = new Object();

    /** An event from its tree. */
    public SymphonyEvent(JsonNode raw) {
        this.raw = raw;
        this.head = null;
        this.source = null;
        this.offset = 0;
        this.length = 0;
    }

    /** An event bound from an answer: its tree is read from {@code source} when first asked for. */
    SymphonyEvent(SymphonyEventHead head, byte[] source, int offset, int length) {
        this.head = head;
        this.source = source;
        this.offset = offset;
        this.length = length;
    }

    /** The whole event as Symphony sent it. */
    public JsonNode raw() {
        JsonNode r = raw;
        if (r == null) {
            synchronized (this) {
                r = raw;
                if (r == null) {
                    try {
                        r = Json.MAPPER.readTree(source, offset, length);
                    } catch (IOException e) {
                        // the bytes were read once already, as a whole
                        throw new IllegalStateException("a datafeed event that cannot be read again", e);
                    }
                    raw = r;
                }
            }
        }
        return r;
    }

    /** The message of a MESSAGESENT event bound from the stream; null otherwise (read the tree). */
    private SymphonyEventHead.Message bound() {
        return head == null ? null : head.boundMessage();
    }

    public String id() {
        return head != null ? head.id() : Json.text(raw(), "id");
    }

    public String type() {
        return head != null ? head.type() : Json.text(raw(), "type");
    }

    public long timestamp() {
        if (head != null) {
            return head.timestamp() == null ? 0 : head.timestamp();
        }
        return raw().path("timestamp").asLong(0);
    }

    /** The user who caused the event. */
    public JsonNode initiator() {
        return raw().path("initiator").path("user");
    }

    public Long initiatorId() {
        Object id = initiatorId;
        if (id == null) {
            Long parsed = head != null ? head.user() == null ? null : userId(head.user().userId())
                    : userId(initiator());
            id = parsed == null ? NO_ID : parsed;
            initiatorId = id; // the consumer asks for it twice per event (its own events, the headers)
        }
        return id == NO_ID ? null : (Long) id;
    }

    /** The initiator's display name, or null. */
    public String initiatorName() {
        if (head != null) {
            return head.user() == null ? null : head.user().displayName();
        }
        return Json.text(initiator(), "displayName");
    }

    /**
     * The payload member of this event type ({@code messageSent}, {@code roomCreated}, ...); for a type this class
     * does not know, the payload's first object member.
     */
    public JsonNode payload() {
        JsonNode payload = raw().path("payload");
        String member = MEMBERS.get(type());
        if (member != null && payload.path(member).isObject()) {
            return payload.path(member);
        }
        for (JsonNode value : payload) {
            if (value.isObject()) {
                return value;
            }
        }
        return MissingNode.getInstance();
    }

    /** The message of MESSAGESENT events, and the share of SHAREDPOST events; a missing node otherwise. */
    public JsonNode message() {
        JsonNode message = payload().path("message");
        return message.isObject() ? message : MissingNode.getInstance();
    }

    /** SHAREDPOST: the post that was shared; a missing node otherwise. */
    public JsonNode sharedMessage() {
        JsonNode shared = payload().path("sharedMessage");
        return shared.isObject() ? shared : MissingNode.getInstance();
    }

    /** MESSAGESENT. */
    public boolean isMessage() {
        return MESSAGE_SENT.equals(type());
    }

    /** Whether the event carries a message (MESSAGESENT, SHAREDPOST). */
    public boolean hasMessage() {
        return bound() != null || message().isObject();
    }

    public boolean isElementsAction() {
        return ELEMENTS_ACTION.equals(type());
    }

    public boolean isSharedPost() {
        return SHARED_POST.equals(type());
    }

    /** Connection events have no stream. */
    public boolean isConnection() {
        return CONNECTION_REQUESTED.equals(type()) || CONNECTION_ACCEPTED.equals(type());
    }

    /** Whether the event is about a room (its life cycle, its members, a request to join): the stream is a room. */
    public boolean isRoomEvent() {
        String t = type();
        return t != null && (t.startsWith("ROOM") || USER_JOINED_ROOM.equals(t) || USER_LEFT_ROOM.equals(t)
                || USER_REQUESTED_TO_JOIN_ROOM.equals(t));
    }

    /**
     * The stream the event happened in: the message's for MESSAGESENT and SHAREDPOST (the sharer's wall), else the
     * payload's {@code stream} (older Elements payloads: {@code formStream}); a missing node for connection events.
     */
    public JsonNode stream() {
        if (hasMessage()) {
            return message().path("stream");
        }
        JsonNode stream = payload().path("stream");
        if (stream.isObject() && stream.hasNonNull("streamId")) {
            return stream;
        }
        JsonNode formStream = payload().path("formStream");
        return formStream.isObject() ? formStream : stream;
    }

    /** The stream the event happened in (URL-safe id), or null (connection events). */
    public String streamId() {
        SymphonyEventHead.Message m = bound();
        if (m != null) {
            return urlSafe(m.stream() == null ? null : m.stream().streamId());
        }
        return urlSafe(Json.text(stream(), "streamId"));
    }

    /** {@code IM}, {@code MIM}, {@code ROOM} or {@code POST}; {@code ROOM} for room events that do not say. */
    public String streamType() {
        SymphonyEventHead.Message m = bound();
        if (m != null) {
            return m.stream() == null ? null : m.stream().streamType(); // a message is never a room event
        }
        String type = Json.text(stream(), "streamType");
        return type == null && isRoomEvent() ? "ROOM" : type;
    }

    /** The room's name: the stream's {@code roomName}, else the name in the room properties; null otherwise. */
    public String roomName() {
        SymphonyEventHead.Message m = bound();
        if (m != null && m.stream() != null && m.stream().roomName() != null) {
            return m.stream().roomName();
        }
        String name = Json.text(stream(), "roomName");
        if (name == null) {
            name = Json.text(payload().path("newRoomProperties"), "name");
        }
        if (name == null) {
            name = Json.text(payload().path("roomProperties"), "name");
        }
        return name;
    }

    /**
     * The id of the message the event is about (URL-safe): the message (MESSAGESENT), the share (SHAREDPOST), the
     * suppressed message (MESSAGESUPPRESSED), the form's message (Elements), else the envelope's {@code messageId};
     * null when there is none.
     */
    public String messageId() {
        SymphonyEventHead.Message m = bound();
        if (m != null && m.messageId() != null) {
            return urlSafe(m.messageId());
        }
        String id = Json.text(message(), "messageId");
        if (id == null) {
            id = Json.text(payload(), "messageId");
        }
        if (id == null) {
            id = Json.text(payload(), "formMessageId");
        }
        if (id == null) {
            id = Json.text(raw(), "messageId");
        }
        return urlSafe(id);
    }

    /** The text of a message (PresentationML's text content); empty otherwise. */
    public String text() {
        return SymphonyMessageMl.text(Json.text(message(), "message"));
    }

    /** SHAREDPOST: the text of the shared post; empty otherwise. */
    public String sharedText() {
        return SymphonyMessageMl.text(Json.text(sharedMessage(), "message"));
    }

    /** The message's EntityJSON (its {@code data} string). */
    public String data() {
        SymphonyEventHead.Message m = bound();
        return m != null ? m.data() : Json.text(message(), "data");
    }

    public List<Long> mentions() {
        return SymphonyMessageMl.mentions(data());
    }

    public List<String> hashtags() {
        return SymphonyMessageMl.hashtags(data());
    }

    /** The attachments of a message: id, name and size each. */
    public List<JsonNode> attachments() {
        List<JsonNode> out = new ArrayList<>();
        message().path("attachments").forEach(out::add);
        return out;
    }

    /**
     * The user the event is about besides its initiator: the member who joined, left, was promoted or demoted
     * ({@code affectedUser}); for CONNECTIONREQUESTED the user asked ({@code toUser}), for CONNECTIONACCEPTED the user
     * who had asked ({@code fromUser}). A missing node otherwise.
     */
    public JsonNode affectedUser() {
        if (bound() != null && !head.affectedUser()) {
            return MissingNode.getInstance();
        }
        String t = type();
        String field = CONNECTION_REQUESTED.equals(t) ? "toUser" : CONNECTION_ACCEPTED.equals(t) ? "fromUser"
                : "affectedUser";
        JsonNode user = payload().path(field);
        return user.isObject() ? user : MissingNode.getInstance();
    }

    public Long affectedUserId() {
        return userId(affectedUser());
    }

    /** USERREQUESTEDTOJOINROOM: the room's owners ({@code affectedUsers}); empty otherwise. */
    public List<JsonNode> affectedUsers() {
        List<JsonNode> out = new ArrayList<>();
        payload().path("affectedUsers").forEach(u -> {
            if (u.isObject()) {
                out.add(u);
            }
        });
        return out;
    }

    /** Elements: the form's id. */
    public String formId() {
        return Json.text(payload(), "formId");
    }

    /** Elements: the submitted values (the clicked button's name under {@code action}). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> formValues() {
        JsonNode values = payload().path("formValues");
        return values.isObject() ? Json.MAPPER.convertValue(values, Map.class) : Map.of();
    }

    /** A V4User's {@code userId} (a JSON number, or a numeric string), or null. */
    public static Long userId(JsonNode user) {
        JsonNode id = user == null ? null : user.path("userId");
        if (id == null || id.isMissingNode() || id.isNull()) {
            return null;
        }
        if (id.isIntegralNumber()) {
            return id.asLong();
        }
        return userId(id.asText());
    }

    /** A userId as text (a number bound as text, or a numeric string), or null. */
    private static Long userId(String id) {
        if (id == null) {
            return null;
        }
        try {
            return Long.valueOf(id.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String urlSafe(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return SymphonyIds.toUrlSafe(id);
        } catch (IllegalArgumentException e) {
            return id.trim();
        }
    }

    @Override
    public String toString() {
        return "SymphonyEvent[" + type() + " " + id() + "]";
    }
}
