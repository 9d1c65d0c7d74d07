package io.camelchat.simulator.symphony;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The simulated pod's world: users, streams (IMs, rooms, walls) with members and owners, messages, suppressions,
 * connections, and what the bot sent; plus everything users do in it (the operations behind
 * {@link SymphonySimulator}'s set-up methods), each publishing the real-time events the bot may see to the
 * {@link Datafeeds}. Thread-safe: one lock, taken before the datafeeds' own; the HTTP handlers run their
 * read-check-write sequences inside {@link #locked}.
 */
final class SymWorld {

    private final Object lock = new Object();
    private final SymUser bot;
    private final Datafeeds datafeeds;
    private final SymViews views = new SymViews(this);
    private final Map<Long, SymUser> users = new LinkedHashMap<>();
    private final Map<String, SymStream> streams = new LinkedHashMap<>();
    private final Map<String, SymMessage> messages = new LinkedHashMap<>();
    private final Set<String> suppressed = new HashSet<>();
    private final List<SymMessage> sent = new ArrayList<>();
    private final Set<String> connections = new HashSet<>();
    private final AtomicLong counter = new AtomicLong(1);

    SymWorld(SymUser bot, Datafeeds datafeeds) {
        this.bot = bot;
        this.datafeeds = datafeeds;
        users.put(bot.id(), bot);
    }

    /** Runs {@code action} with the world's lock held. */
    <R> R locked(Supplier<R> action) {
        synchronized (lock) {
            return action.get();
        }
    }

    SymViews views() {
        return views;
    }

    SymUser bot() {
        return bot;
    }

    /** The next number of the simulator-wide serial (event ids, attachment ids). */
    long nextSerial() {
        return counter.getAndIncrement();
    }

    // ---------------------------------------------------------------- look-ups

    Collection<SymUser> users() {
        synchronized (lock) {
            return List.copyOf(users.values());
        }
    }

    boolean hasUser(long id) {
        synchronized (lock) {
            return users.containsKey(id);
        }
    }

    SymStream stream(String id) {
        synchronized (lock) {
            return streams.get(id);
        }
    }

    SymMessage message(String id) {
        synchronized (lock) {
            return messages.get(id);
        }
    }

    boolean isSuppressed(String messageId) {
        synchronized (lock) {
            return suppressed.contains(messageId);
        }
    }

    /** Marks a message suppressed; {@code false} when it already was. */
    boolean markSuppressed(String messageId) {
        synchronized (lock) {
            return suppressed.add(messageId);
        }
    }

    /** Stores a message the bot sent. */
    void addSent(SymMessage m) {
        synchronized (lock) {
            messages.put(m.messageId(), m);
            sent.add(m);
        }
    }

    List<SymMessage> sent() {
        synchronized (lock) {
            return List.copyOf(sent);
        }
    }

    void clearSent() {
        synchronized (lock) {
            sent.clear();
        }
    }

    // ---------------------------------------------------------------- what users do

    void addUser(SymUser user) {
        synchronized (lock) {
            users.put(user.id(), user);
        }
    }

    /** Looks a user up by id, or {@code null}. */
    SymUser user(long id) {
        synchronized (lock) {
            return users.get(id);
        }
    }

    /**
     * Creates a room (ROOMCREATED for the bot when it is a member: creator or among {@code memberIds}). Returns the
     * room's stream id.
     */
    String createRoom(String name, long creatorId, long... memberIds) {
        synchronized (lock) {
            requireUser(creatorId);
            SymStream s = new SymStream(SymphonyErrors.newId(), "ROOM", name, creatorId);
            s.members.add(creatorId);
            s.owners.add(creatorId);
            for (long m : memberIds) {
                requireUser(m);
                s.members.add(m);
            }
            streams.put(s.id, s);
            if (s.members.contains(bot.id())) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("stream", views.streamJson(s, false));
                p.put("roomProperties", views.roomProperties(s));
                datafeeds.publish(views.newEvent("ROOMCREATED", "roomCreated", creatorId, p, null));
            }
            return s.id;
        }
    }

    /**
     * Adds a member to a room, by the room's creator (USERJOINEDROOM for the bot if it is, or now becomes, a
     * member).
     */
    SymEvent addMember(String roomId, long userId) {
        synchronized (lock) {
            return addMember(roomId, userId, requireStream(roomId).creator);
        }
    }

    /**
     * {@code byUserId} adds {@code userId} to a room (the same id: the user joins of their own accord):
     * USERJOINEDROOM, initiator {@code byUserId}, {@code affectedUser} the new member; for the bot if it is, or now
     * becomes, a member.
     */
    SymEvent addMember(String roomId, long userId, long byUserId) {
        synchronized (lock) {
            SymStream s = requireRoom(roomId);
            SymUser u = requireUser(userId);
            requireUser(byUserId);
            s.members.add(userId);
            return publishIfMember(s, views.memberEvent("USERJOINEDROOM", "userJoinedRoom", s, u, byUserId));
        }
    }

    /** A member leaves a room of their own accord (USERLEFTROOM for the bot if it was a member). */
    SymEvent removeMember(String roomId, long userId) {
        return removeMember(roomId, userId, userId);
    }

    /**
     * {@code byUserId} removes {@code userId} from a room (the same id: the user leaves): USERLEFTROOM, initiator
     * {@code byUserId}, {@code affectedUser} the former member; for the bot if it was a member.
     */
    SymEvent removeMember(String roomId, long userId, long byUserId) {
        synchronized (lock) {
            SymStream s = requireRoom(roomId);
            SymUser u = requireUser(userId);
            requireUser(byUserId);
            boolean botSees = s.members.contains(bot.id());
            s.members.remove(userId);
            s.owners.remove(userId);
            SymEvent e = views.memberEvent("USERLEFTROOM", "userLeftRoom", s, u, byUserId);
            if (botSees) {
                datafeeds.publish(e);
            }
            return e;
        }
    }

    /**
     * An owner ({@code byUserId}) makes a member an owner: ROOMMEMBERPROMOTEDTOOWNER, {@code affectedUser} the
     * promoted member; for the bot if it is a member.
     */
    SymEvent promoteOwner(String roomId, long userId, long byUserId) {
        synchronized (lock) {
            SymStream s = requireRoom(roomId);
            SymUser u = requireUser(userId);
            requireOwner(s, byUserId);
            if (!s.members.contains(userId)) {
                throw new IllegalArgumentException("user " + userId + " is not a member of " + roomId);
            }
            s.owners.add(userId);
            return publishIfMember(s, views.memberEvent("ROOMMEMBERPROMOTEDTOOWNER", "roomMemberPromotedToOwner", s, u,
                    byUserId));
        }
    }

    /**
     * An owner ({@code byUserId}) makes an owner a plain member again: ROOMMEMBERDEMOTEDFROMOWNER,
     * {@code affectedUser} the demoted member; for the bot if it is a member.
     */
    SymEvent demoteOwner(String roomId, long userId, long byUserId) {
        synchronized (lock) {
            SymStream s = requireRoom(roomId);
            SymUser u = requireUser(userId);
            requireOwner(s, byUserId);
            if (!s.owners.contains(userId)) {
                throw new IllegalArgumentException("user " + userId + " is not an owner of " + roomId);
            }
            s.owners.remove(userId);
            return publishIfMember(s,
                    views.memberEvent("ROOMMEMBERDEMOTEDFROMOWNER", "roomMemberDemotedFromOwner", s, u,
                            byUserId));
        }
    }

    /**
     * An owner ({@code byUserId}) changes a room's name and description ({@code null}: unchanged): ROOMUPDATED with
     * the stream (new {@code roomName}) and {@code newRoomProperties}; for the bot if it is a member.
     */
    SymEvent updateRoom(String roomId, long byUserId, String name, String description) {
        synchronized (lock) {
            SymStream s = requireRoom(roomId);
            requireOwner(s, byUserId);
            if (name != null) {
                s.name = name;
            }
            if (description != null) {
                s.description = description;
            }
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("name", s.name);
            props.put("description", s.description);
            props.put("discoverable", false);
            props.put("membersCanInvite", true);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("stream", views.streamJson(s, false));
            p.put("newRoomProperties", props);
            return publishIfMember(s, views.newEvent("ROOMUPDATED", "roomUpdated", byUserId, p, null));
        }
    }

    /**
     * An owner ({@code byUserId}) deactivates a room: ROOMDEACTIVATED whose stream carries only {@code streamId} and
     * {@code streamType}; for the bot if it is a member. Room and stream info then answer {@code active: false}.
     */
    SymEvent deactivateRoom(String roomId, long byUserId) {
        synchronized (lock) {
            SymStream s = requireRoom(roomId);
            requireOwner(s, byUserId);
            s.active = false;
            Map<String, Object> stream = new LinkedHashMap<>();
            stream.put("streamId", s.id);
            stream.put("streamType", s.type);
            return publishIfMember(s, views.newEvent("ROOMDEACTIVATED", "roomDeactivated", byUserId,
                    Map.of("stream", stream), null));
        }
    }

    /** An owner ({@code byUserId}) reactivates a room: ROOMREACTIVATED; for the bot if it is a member. */
    SymEvent reactivateRoom(String roomId, long byUserId) {
        synchronized (lock) {
            SymStream s = requireRoom(roomId);
            requireOwner(s, byUserId);
            s.active = true;
            return publishIfMember(s, views.newEvent("ROOMREACTIVATED", "roomReactivated", byUserId,
                    Map.of("stream", views.streamJson(s, false)), null));
        }
    }

    /**
     * A user who is not a member asks to join a room: USERREQUESTEDTOJOINROOM, initiator the requester,
     * {@code affectedUsers} the room's owners. Only the owners see it: published when the bot is an owner.
     */
    SymEvent requestToJoinRoom(String roomId, long userId) {
        synchronized (lock) {
            SymStream s = requireRoom(roomId);
            requireUser(userId);
            if (s.members.contains(userId)) {
                throw new IllegalArgumentException("user " + userId + " is already a member of " + roomId);
            }
            List<Map<String, Object>> owners = new ArrayList<>();
            for (long id : s.owners) {
                owners.add(SymViews.userJson(requireUser(id)));
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("stream", views.streamJson(s, false));
            p.put("affectedUsers", owners);
            SymEvent e = views.newEvent("USERREQUESTEDTOJOINROOM", "userRequestedToJoinRoom", userId, p, null);
            if (s.owners.contains(bot.id())) {
                datafeeds.publish(e);
            }
            return e;
        }
    }

    /**
     * {@code sharerId} shares a wall post written by {@code authorId} on their own wall, with a comment: SHAREDPOST
     * whose {@code message} is the share (in the sharer's wall, stream type {@code POST}) and {@code sharedMessage}
     * the original post (in the author's wall). Published when the bot is the author or the sharer. Both posts are
     * stored (readable with {@link #message(String)}); the envelope's {@code messageId} is the share's.
     */
    SymEvent sharePost(long sharerId, String commentMessageML, long authorId, String originalMessageML) {
        synchronized (lock) {
            SymUser sharer = requireUser(sharerId);
            SymUser author = requireUser(authorId);
            SymMessage original = wallPost(author, originalMessageML);
            SymMessage share = wallPost(sharer, commentMessageML);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("message", views.v4Message(share));
            p.put("sharedMessage", views.v4Message(original));
            SymEvent e = views.newEvent("SHAREDPOST", "sharedPost", sharerId, p, share.messageId());
            if (sharerId == bot.id() || authorId == bot.id()) {
                datafeeds.publish(e);
            }
            return e;
        }
    }

    /**
     * A user with the entitlement (a compliance officer) suppresses a message: MESSAGESUPPRESSED initiated by them,
     * for the bot if it is a member of the message's stream. The message then reads as suppressed.
     */
    SymEvent userSuppressesMessage(long userId, String messageId) {
        synchronized (lock) {
            requireUser(userId);
            SymMessage m = messages.get(messageId);
            if (m == null) {
                throw new IllegalArgumentException("unknown message " + messageId);
            }
            if (!suppressed.add(messageId)) {
                throw new IllegalArgumentException("message " + messageId + " is already suppressed");
            }
            SymStream s = streams.get(m.streamId());
            SymEvent e = views.suppressedEvent(s, messageId, userId);
            return publishIfMember(s, e);
        }
    }

    /**
     * An external system posts an event into a stream: GENERICSYSTEMEVENT with {@code eventTimestamp} (now),
     * {@code sourceSystem}, {@code eventSubtype} and free-form {@code parameters}; initiator {@code initiatorId};
     * for the bot if it is a member of the stream.
     */
    SymEvent systemEvent(String streamId, long initiatorId, String sourceSystem, String eventSubtype,
                         Map<String, Object> parameters) {
        synchronized (lock) {
            SymStream s = requireStream(streamId);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("stream", views.streamJson(s, false));
            p.put("eventTimestamp", System.currentTimeMillis());
            p.put("sourceSystem", sourceSystem);
            p.put("eventSubtype", eventSubtype);
            p.put("parameters", new LinkedHashMap<>(parameters));
            return publishIfMember(s, views.newEvent("GENERICSYSTEMEVENT", "genericSystemEvent", initiatorId, p, null));
        }
    }

    /**
     * Creates (or returns) the IM between the bot and these users (several users: a MIM); INSTANTMESSAGECREATED when
     * new, initiated by the first user.
     */
    String createIm(long... userIds) {
        synchronized (lock) {
            Set<Long> set = new TreeSet<>();
            for (long u : userIds) {
                requireUser(u);
                set.add(u);
            }
            set.add(bot.id());
            return imFor(set, userIds.length > 0 ? userIds[0] : bot.id());
        }
    }

    /** A user posts MessageML into a stream they are a member of; MESSAGESENT for the bot when it is a member. */
    SymEvent userPostsMessage(long userId, String streamId, String messageML) {
        return userPostsMessage(userId, streamId, messageML, null, List.of());
    }

    /** Like {@link #userPostsMessage(long, String, String)} with EntityJSON {@code data} and attachments. */
    SymEvent userPostsMessage(long userId, String streamId, String messageML, String data,
                              List<SymAttachment> attachments) {
        synchronized (lock) {
            SymUser u = requireUser(userId);
            SymStream s = requireStream(streamId);
            if (!s.members.contains(userId)) {
                throw new IllegalArgumentException("user " + userId + " is not a member of " + streamId);
            }
            MessageMLRenderer.Rendered r = MessageMLRenderer.render(messageML, data, users.values());
            SymMessage m = new SymMessage(SymphonyErrors.newId(), s.id, u.id(), messageML, r.presentationML(), r.data(),
                    List.copyOf(attachments), System.currentTimeMillis(), null, null, false, "DESKTOP-sim");
            m = new SymMessage(m.messageId(), m.streamId(), m.senderId(), m.messageML(), m.presentationML(), m.data(),
                    m.attachments(), m.timestamp(), null, m.messageId(), false, m.userAgent());
            messages.put(m.messageId(), m);
            SymEvent e = views.messageSentEvent(m);
            if (s.members.contains(bot.id())) {
                datafeeds.publish(e);
            }
            return e;
        }
    }

    /** A user submits an Elements form of a message: SYMPHONYELEMENTSACTION ({@code formValues.action} = button). */
    SymEvent userSubmitsForm(long userId, String formMessageId, String formId, Map<String, Object> formValues) {
        synchronized (lock) {
            requireUser(userId);
            SymMessage m = messages.get(formMessageId);
            if (m == null) {
                throw new IllegalArgumentException("unknown message " + formMessageId);
            }
            SymStream s = requireStream(m.streamId());
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("stream", views.streamJson(s, false));
            p.put("formMessageId", formMessageId);
            p.put("formId", formId);
            p.put("formValues", new LinkedHashMap<>(formValues));
            SymEvent e = views.newEvent("SYMPHONYELEMENTSACTION", "symphonyElementsAction", userId, p, formMessageId);
            datafeeds.publish(e);
            return e;
        }
    }

    /** A user asks the bot for a connection: CONNECTIONREQUESTED, initiator the user, {@code toUser} the bot. */
    SymEvent userRequestsConnection(long userId) {
        synchronized (lock) {
            requireUser(userId);
            connections.add("requested:" + userId);
            SymEvent e = views.newEvent("CONNECTIONREQUESTED", "connectionRequested", userId,
                    Map.of("toUser", SymViews.userJson(bot)), null);
            datafeeds.publish(e);
            return e;
        }
    }

    /**
     * A user accepts the bot's connection request: CONNECTIONACCEPTED, initiator the user who accepted,
     * {@code fromUser} the one who had asked (the bot).
     */
    SymEvent userAcceptsConnection(long userId) {
        synchronized (lock) {
            requireUser(userId);
            connections.add("accepted:" + userId);
            SymEvent e = views.newEvent("CONNECTIONACCEPTED", "connectionAccepted", userId,
                    Map.of("fromUser", SymViews.userJson(bot)), null);
            datafeeds.publish(e);
            return e;
        }
    }

    /**
     * Pushes any event to the bot's feeds: {@code type} (e.g. {@code GENERICSYSTEMEVENT}), payload member name
     * (e.g. {@code genericSystemEvent}) and its content.
     */
    SymEvent pushEvent(String type, String payloadMember, long initiatorId, Map<String, Object> payload) {
        return pushEvent(type, payloadMember, initiatorId, payload, null);
    }

    /** Like {@link #pushEvent(String, String, long, Map)} with the envelope's {@code messageId} ({@code null}: none). */
    SymEvent pushEvent(String type, String payloadMember, long initiatorId, Map<String, Object> payload,
                       String envelopeMessageId) {
        synchronized (lock) {
            SymEvent e = views.newEvent(type, payloadMember, initiatorId, payload, envelopeMessageId);
            datafeeds.publish(e);
            return e;
        }
    }

    // ---------------------------------------------------------------- helpers (call with the lock held)

    String imFor(Set<Long> members, long initiator) {
        for (SymStream s : streams.values()) {
            if (!"ROOM".equals(s.type) && s.members.equals(members)) {
                return s.id;
            }
        }
        SymStream s = new SymStream(SymphonyErrors.newId(), members.size() > 2 ? "MIM" : "IM", null, initiator);
        s.members.addAll(members);
        streams.put(s.id, s);
        datafeeds.publish(views.newEvent("INSTANTMESSAGECREATED", "instantMessageCreated", initiator,
                Map.of("stream", views.streamJson(s, true)), null));
        return s.id;
    }

    SymStream visibleStream(String id) {
        SymStream s = streams.get(id);
        if (s == null) {
            throw new SymphonyErrors.BadRequest(400, "Stream " + id + " not found");
        }
        if (!s.members.contains(bot.id())) {
            throw new SymphonyErrors.BadRequest(403, "User is not a member of the stream " + id);
        }
        return s;
    }

    private SymUser requireUser(long id) {
        SymUser u = users.get(id);
        if (u == null) {
            throw new IllegalArgumentException("unknown user " + id + " (addUser first)");
        }
        return u;
    }

    private SymEvent publishIfMember(SymStream s, SymEvent e) {
        if (s.members.contains(bot.id())) {
            datafeeds.publish(e);
        }
        return e;
    }

    /** A new post on the user's wall (their {@code POST} stream, created on first use). */
    private SymMessage wallPost(SymUser u, String messageML) {
        SymStream wall = null;
        for (SymStream s : streams.values()) {
            if ("POST".equals(s.type) && s.creator == u.id()) {
                wall = s;
                break;
            }
        }
        if (wall == null) {
            wall = new SymStream(SymphonyErrors.newId(), "POST", null, u.id());
            wall.members.add(u.id());
            streams.put(wall.id, wall);
        }
        MessageMLRenderer.Rendered r = MessageMLRenderer.render(messageML, null, users.values());
        String id = SymphonyErrors.newId();
        SymMessage m = new SymMessage(id, wall.id, u.id(), messageML, r.presentationML(), r.data(), List.of(),
                System.currentTimeMillis(), null, id, false, "DESKTOP-sim");
        messages.put(id, m);
        return m;
    }

    private SymStream requireRoom(String id) {
        SymStream s = requireStream(id);
        if (!"ROOM".equals(s.type)) {
            throw new IllegalArgumentException("stream " + id + " is not a room");
        }
        return s;
    }

    private void requireOwner(SymStream s, long userId) {
        requireUser(userId);
        if (!s.owners.contains(userId)) {
            throw new IllegalArgumentException("user " + userId + " is not an owner of " + s.id);
        }
    }

    private SymStream requireStream(String id) {
        SymStream s = streams.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown stream " + id);
        }
        return s;
    }

    /** Publishes MESSAGESUPPRESSED for a message the bot suppressed through the pod. */
    void publishSuppressed(SymMessage msg, long byUserId) {
        synchronized (lock) {
            datafeeds.publish(views.suppressedEvent(streams.get(msg.streamId()), msg.messageId(), byUserId));
        }
    }

    /** Stores a message (any author). */
    void putMessage(SymMessage m) {
        synchronized (lock) {
            messages.put(m.messageId(), m);
        }
    }

    /** Publishes an event to the bot's feeds. */
    void publish(SymEvent e) {
        datafeeds.publish(e);
    }
}
