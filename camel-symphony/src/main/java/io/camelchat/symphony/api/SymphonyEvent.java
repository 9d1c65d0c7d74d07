package io.camelchat.symphony.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.camelchat.common.Json;

/**
 * A datafeed event (Symphony's V4Event): its id (the key to de-duplicate redeliveries), type, time, who caused it and
 * the payload, with accessors for what routes usually need.
 *
 * @param raw the whole event as Symphony sent it
 */
public record SymphonyEvent(JsonNode raw) {

    public static final String MESSAGE_SENT = "MESSAGESENT";
    public static final String ELEMENTS_ACTION = "SYMPHONYELEMENTSACTION";

    public String id() {
        return Json.text(raw, "id");
    }

    public String type() {
        return Json.text(raw, "type");
    }

    public long timestamp() {
        return raw.path("timestamp").asLong(0);
    }

    /** The user who caused the event. */
    public JsonNode initiator() {
        return raw.path("initiator").path("user");
    }

    public Long initiatorId() {
        JsonNode id = initiator().path("userId");
        return id.isNumber() || id.isTextual() ? id.asLong() : null;
    }

    /** The payload member of this event type ({@code messageSent}, {@code roomCreated}, ...). */
    public JsonNode payload() {
        JsonNode payload = raw.path("payload");
        return payload.elements().hasNext() ? payload.elements().next() : MissingNode.getInstance();
    }

    /** The message of MESSAGESENT and SHAREDPOST events; a missing node otherwise. */
    public JsonNode message() {
        return payload().path("message");
    }

    public boolean isMessage() {
        return MESSAGE_SENT.equals(type());
    }

    public boolean isElementsAction() {
        return ELEMENTS_ACTION.equals(type());
    }

    /** The stream the event happened in (URL-safe id), or null (connection events). */
    public String streamId() {
        JsonNode stream = message().isMissingNode() ? payload().path("stream") : message().path("stream");
        String id = Json.text(stream, "streamId");
        return id == null ? null : SymphonyIds.toUrlSafe(id);
    }

    public String streamType() {
        JsonNode stream = message().isMissingNode() ? payload().path("stream") : message().path("stream");
        return Json.text(stream, "streamType");
    }

    /** The message id: of the message, the suppressed message, the form's message, else the envelope's. */
    public String messageId() {
        String id = Json.text(message(), "messageId");
        if (id == null) {
            id = Json.text(payload(), "messageId");
        }
        if (id == null) {
            id = Json.text(payload(), "formMessageId");
        }
        if (id == null) {
            id = Json.text(raw, "messageId");
        }
        return id == null ? null : SymphonyIds.toUrlSafe(id);
    }

    /** The text of a message (PresentationML's text content); empty otherwise. */
    public String text() {
        return SymphonyMessageMl.text(Json.text(message(), "message"));
    }

    /** The message's EntityJSON (its {@code data} string). */
    public String data() {
        return Json.text(message(), "data");
    }

    public List<Long> mentions() {
        return SymphonyMessageMl.mentions(data());
    }

    /** The attachments of a message: id, name and size each. */
    public List<JsonNode> attachments() {
        List<JsonNode> out = new java.util.ArrayList<>();
        message().path("attachments").forEach(out::add);
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

    @Override
    public String toString() {
        return "SymphonyEvent[" + type() + " " + id() + "]";
    }
}
