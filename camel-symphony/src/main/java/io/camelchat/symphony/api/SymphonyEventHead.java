package io.camelchat.symphony.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the datafeed consumer reads of every event, bound from the answer's JSON stream (no tree): the envelope, the
 * initiator and, for MESSAGESENT, the message's ids, stream and EntityJSON. Everything else is read from the event's
 * tree, made when first asked for ({@link SymphonyEvent#raw()}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SymphonyEventHead(String id, String type, Long timestamp, Initiator initiator, Payload payload) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Initiator(User user) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record User(String userId, String displayName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Payload(MessageSent messageSent) {
    }

    /** {@code affectedUser} is bound only to tell whether there is one (MESSAGESENT has none). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record MessageSent(Message message, JsonNode affectedUser) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Message(String messageId, String data, Stream stream) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Stream(String streamId, String streamType, String roomName) {
    }

    /** The user who caused the event, or null. */
    User user() {
        return initiator == null ? null : initiator.user();
    }

    /** The message of a MESSAGESENT event whose payload is as Symphony sends it; null otherwise. */
    Message message() {
        return SymphonyEvent.MESSAGE_SENT.equals(type) && payload != null && payload.messageSent() != null
                ? payload.messageSent().message() : null;
    }

    /** Whether a MESSAGESENT payload names an affected user (never sent: the tree answers then). */
    boolean hasAffectedUser() {
        return payload != null && payload.messageSent() != null && payload.messageSent().affectedUser() != null;
    }
}
