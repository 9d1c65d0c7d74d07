package io.camelchat.symphony.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.Json;

/**
 * One datafeed answer: the events and the {@code ackId} that acknowledges them (v2; null for v1 and when absent).
 * Read from the answer's bytes with Jackson's streaming parser: what the consumer needs of each event is bound into a
 * {@link SymphonyEventHead} (typed records, read token by token) and the event keeps its place in the bytes, so no JSON tree is made unless a route asks for one ({@link SymphonyEvent#raw()}).
 * An answer the binding cannot take (an odd payload) is read as a tree instead, as before.
 *
 * @param ackId  the next read's acknowledgement of this batch (v2), or null
 * @param events the events, in the order sent
 */
public record SymphonyFeedBatch(String ackId, List<SymphonyEvent> events) {

    /** A v2 answer ({@code {"ackId": ..., "events": [...]}}); {@code fallback} gives its tree when binding fails. */
    static SymphonyFeedBatch readV2(byte[] body, Supplier<JsonNode> fallback) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
            String ackId = null;
            List<SymphonyEvent> events = new ArrayList<>();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return fromTree(fallback.get());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("ackId".equals(name) && value.isScalarValue()) {
                    ackId = value == JsonToken.VALUE_NULL ? null : p.getText();
                } else if ("events".equals(name) && value == JsonToken.START_ARRAY) {
                    readEvents(p, body, events);
                } else {
                    p.skipChildren();
                }
            }
            return new SymphonyFeedBatch(ackId, events);
        } catch (IOException | RuntimeException e) {
            return fromTree(fallback.get());
        }
    }

    /** A v1 answer (an array of events); {@code fallback} gives its tree when binding fails. */
    static List<SymphonyEvent> readV1(byte[] body, Supplier<JsonNode> fallback) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
            List<SymphonyEvent> events = new ArrayList<>();
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return treeEvents(fallback.get());
            }
            readEvents(p, body, events);
            return events;
        } catch (IOException | RuntimeException e) {
            return treeEvents(fallback.get());
        }
    }

    /** The parser is on an array's start: each element becomes an event. */
    private static void readEvents(JsonParser p, byte[] body, List<SymphonyEvent> events) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new IOException("the events array is not closed");
            }
            if (t != JsonToken.START_OBJECT) {
                throw new IOException("an event that is not an object"); // the tree reading keeps it as it is
            }
            int start = (int) p.currentTokenLocation().getByteOffset();
            SymphonyEventHead head = SymphonyEventHead.read(p);
            int end = (int) p.currentLocation().getByteOffset();
            events.add(new SymphonyEvent(head, body, start, end - start));
        }
    }

    /** The tree reading (an answer the binding did not take). */
    static SymphonyFeedBatch fromTree(JsonNode batch) {
        return new SymphonyFeedBatch(Json.text(batch, "ackId"), treeEvents(batch.path("events")));
    }

    private static List<SymphonyEvent> treeEvents(JsonNode array) {
        List<SymphonyEvent> events = new ArrayList<>();
        array.forEach(e -> events.add(new SymphonyEvent(e)));
        return events;
    }
}
