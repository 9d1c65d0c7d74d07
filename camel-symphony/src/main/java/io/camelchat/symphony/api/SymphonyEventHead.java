package io.camelchat.symphony.api;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * What the datafeed consumer reads of every event, bound from the answer's JSON stream (no tree): the envelope, the
 * initiator and, for MESSAGESENT, the message's ids, stream and EntityJSON. Everything else is read from the event's
 * tree, made when first asked for ({@link SymphonyEvent#raw()}).
 *
 * @param affectedUser whether a MESSAGESENT payload names an affected user (never sent: the tree answers then)
 */
record SymphonyEventHead(String id, String type, Long timestamp, User user, Message message, boolean affectedUser) {

    record User(String userId, String displayName) {
    }

    record Message(String messageId, String data, Stream stream) {
    }

    record Stream(String streamId, String streamType, String roomName) {
    }

    /** The message of a MESSAGESENT event whose payload is as Symphony sends it; null otherwise. */
    Message boundMessage() {
        return SymphonyEvent.MESSAGE_SENT.equals(type) ? message : null;
    }

    /**
     * Reads one event; the parser is on its {@code START_OBJECT} and ends on its {@code END_OBJECT}. A value of another
     * shape than Symphony sends (an object where text belongs, a timestamp that is not an integer, ...) throws
     * {@link IOException}: the caller reads the answer as a tree then, whose accessors say what such values mean.
     */
    static SymphonyEventHead read(JsonParser p) throws IOException {
        String id = null;
        String type = null;
        Long timestamp = null;
        User user = null;
        Message message = null;
        boolean affected = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "id" -> id = text(p, t);
                case "type" -> type = text(p, t);
                case "timestamp" -> timestamp = integer(p, t);
                case "initiator" -> user = object(p, t) ? initiator(p) : null;
                case "payload" -> {
                    if (object(p, t)) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String member = p.currentName();
                            JsonToken v = p.nextToken();
                            if ("messageSent".equals(member)) {
                                if (!object(p, v)) {
                                    throw new IOException("messageSent is not an object");
                                }
                                Object[] sent = messageSent(p);
                                message = (Message) sent[0];
                                affected = (Boolean) sent[1];
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new SymphonyEventHead(id, type, timestamp, user, message, affected);
    }

    /** {@code {"user": {...}}}: the user. */
    private static User initiator(JsonParser p) throws IOException {
        User user = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if ("user".equals(field)) {
                if (object(p, t)) {
                    String userId = null;
                    String name = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        JsonToken v = p.nextToken();
                        switch (f) {
                            case "userId" -> userId = text(p, v);
                            case "displayName" -> name = text(p, v);
                            default -> p.skipChildren();
                        }
                    }
                    user = new User(userId, name);
                } else {
                    user = null;
                }
            } else {
                p.skipChildren();
            }
        }
        return user;
    }

    /** {@code {"message": {...}, "affectedUser": ...}}: the message, and whether an affected user is named. */
    private static Object[] messageSent(JsonParser p) throws IOException {
        Message message = null;
        boolean affected = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if ("message".equals(field)) {
                message = object(p, t) ? message(p) : null;
            } else {
                affected = "affectedUser".equals(field) ? t == JsonToken.START_OBJECT : affected;
                p.skipChildren();
            }
        }
        return new Object[]{ message, affected };
    }

    private static Message message(JsonParser p) throws IOException {
        String messageId = null;
        String data = null;
        Stream stream = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "messageId" -> messageId = text(p, t);
                case "data" -> data = text(p, t);
                case "stream" -> stream = object(p, t) ? stream(p) : null;
                default -> p.skipChildren();
            }
        }
        return new Message(messageId, data, stream);
    }

    private static Stream stream(JsonParser p) throws IOException {
        String streamId = null;
        String streamType = null;
        String roomName = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "streamId" -> streamId = text(p, t);
                case "streamType" -> streamType = text(p, t);
                case "roomName" -> roomName = text(p, t);
                default -> p.skipChildren();
            }
        }
        return new Stream(streamId, streamType, roomName);
    }

    /** True on an object's start, false on null; anything else is not what Symphony sends. */
    private static boolean object(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT) {
            return true;
        }
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        throw new IOException("an object expected at " + p.currentName());
    }

    /** A string or number as text (the tree's {@code asText}); null for null. */
    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
            return p.getText();
        }
        throw new IOException("text expected at " + p.currentName());
    }

    /** An integer; null for null. */
    private static Long integer(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        throw new IOException("an integer expected at " + p.currentName());
    }
}
