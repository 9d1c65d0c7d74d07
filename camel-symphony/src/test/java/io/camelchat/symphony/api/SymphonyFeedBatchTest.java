package io.camelchat.symphony.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The datafeed answer bound from the JSON stream gives, accessor by accessor, what the event's tree gives; answers the
 * binding cannot take are read as trees.
 */
class SymphonyFeedBatchTest {

    private static final String MESSAGE = """
            {"id":"ev-1","messageId":"env-msg","timestamp":1700000000123,"type":"MESSAGESENT",
             "initiator":{"user":{"userId":7078106482689,"displayName":"Alice","email":"a@example.org"}},
             "payload":{"messageSent":{"message":{"messageId":"bWVzc2FnZS0x+/==","timestamp":1700000000120,
               "message":"<div data-format=\\"PresentationML\\" data-version=\\"2.0\\">hi <b>bot</b></div>",
               "data":"{\\"0\\":{\\"id\\":[{\\"type\\":\\"com.symphony.user.userId\\",\\"value\\":\\"12345\\"}],\\"type\\":\\"com.symphony.user.mention\\"}}",
               "user":{"userId":7078106482689,"displayName":"Alice"},
               "stream":{"streamId":"c3RyZWFt+/ZZ","streamType":"ROOM","roomName":"ops"},
               "attachments":[{"id":"f1","name":"a.png","size":10}]}}}}""";

    private static final String ROOM_CREATED = """
            {"id":"ev-2","timestamp":1700000000200,"type":"ROOMCREATED",
             "initiator":{"user":{"userId":"  42 ","displayName":"Bob"}},
             "payload":{"roomCreated":{"stream":{"streamId":"cm9vbQ==","streamType":"ROOM"},
               "roomProperties":{"name":"new room"}}}}""";

    /** A message without a stream and an initiator whose userId is not a number. */
    private static final String ODD_MESSAGE = """
            {"id":"ev-3","type":"MESSAGESENT","initiator":{"user":{"userId":"n/a"}},
             "payload":{"messageSent":{"message":{"messageId":"m3","message":"<div>x</div>"}}}}""";

    private static final List<Function<SymphonyEvent, Object>> ACCESSORS = List.of(SymphonyEvent::id,
            SymphonyEvent::type, SymphonyEvent::timestamp, SymphonyEvent::initiatorId, SymphonyEvent::initiatorName,
            SymphonyEvent::hasMessage, SymphonyEvent::isMessage, SymphonyEvent::streamId, SymphonyEvent::streamType,
            SymphonyEvent::roomName, SymphonyEvent::messageId, SymphonyEvent::data, SymphonyEvent::mentions,
            SymphonyEvent::hashtags, SymphonyEvent::text, SymphonyEvent::affectedUser,
            SymphonyEvent::affectedUserId, SymphonyEvent::attachments, SymphonyEvent::stream,
            SymphonyEvent::payload);

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertSameAsTree(SymphonyEvent bound, String eventJson) {
        SymphonyEvent tree = new SymphonyEvent(Json.read(eventJson));
        for (Function<SymphonyEvent, Object> accessor : ACCESSORS) {
            assertThat(accessor.apply(bound)).isEqualTo(accessor.apply(tree));
        }
        assertThat(bound.raw()).isEqualTo(Json.read(eventJson));
    }

    @Test
    void aV2AnswerIsBoundEventByEventAndEachEventReadsAsItsTree() {
        String answer = "{\"ackId\":\"ack-7\",\"events\":[" + MESSAGE + "," + ROOM_CREATED + "," + ODD_MESSAGE + "]}";
        SymphonyFeedBatch batch = SymphonyFeedBatch.readV2(bytes(answer), () -> {
            throw new AssertionError("the stream binding took this answer");
        });

        assertThat(batch.ackId()).isEqualTo("ack-7");
        assertThat(batch.events()).extracting(SymphonyEvent::id).containsExactly("ev-1", "ev-2", "ev-3");
        assertSameAsTree(batch.events().get(0), MESSAGE);
        assertSameAsTree(batch.events().get(1), ROOM_CREATED);
        assertSameAsTree(batch.events().get(2), ODD_MESSAGE);
        SymphonyEvent message = batch.events().get(0);
        assertThat(message.streamId()).isEqualTo("c3RyZWFt-_ZZ");
        assertThat(message.mentions()).containsExactly(12345L);
        assertThat(message.initiatorId()).isEqualTo(7078106482689L);
        assertThat(batch.events().get(1).initiatorId()).isEqualTo(42L);
        assertThat(batch.events().get(2).initiatorId()).isNull();
    }

    @Test
    void anAnswerTheBindingCannotTakeIsReadAsATree() {
        // a stream given as text, a timestamp given as text: the typed binding refuses them, the tree reading keeps
        // the events as sent and its accessors read them as before
        String odd = "{\"id\":\"ev-9\",\"type\":\"MESSAGESENT\",\"payload\":{\"messageSent\":{\"message\":"
                     + "{\"messageId\":\"m9\",\"stream\":\"not an object\"}}}}";
        String textTimestamp = "{\"id\":\"ev-10\",\"timestamp\":\"1700000000300\",\"type\":\"ROOMCREATED\"}";
        String answer = "{\"events\":[" + MESSAGE + "," + odd + "," + textTimestamp + "],\"ackId\":\"ack-9\"}";
        JsonNode tree = Json.read(answer);
        SymphonyFeedBatch batch = SymphonyFeedBatch.readV2(bytes(answer), () -> tree);

        assertThat(batch.ackId()).isEqualTo("ack-9");
        assertThat(batch.events()).hasSize(3);
        assertThat(batch.events().get(1).raw()).isEqualTo(tree.path("events").get(1));
        assertThat(batch.events().get(1).messageId()).isEqualTo("m9");
        assertThat(batch.events().get(1).streamId()).isNull();
        assertThat(batch.events().get(2).timestamp()).isEqualTo(1700000000300L);
        assertSameAsTree(batch.events().get(0), MESSAGE);
    }

    @Test
    void anEmptyOrNonJsonAnswerHasNoEventsAndNoAckId() {
        SymphonyFeedBatch empty = SymphonyFeedBatch.readV2(new byte[0], () -> Json.read("{}"));
        assertThat(empty.ackId()).isNull();
        assertThat(empty.events()).isEmpty();
        SymphonyFeedBatch noEvents = SymphonyFeedBatch.readV2(bytes("{\"ackId\":\"a\",\"events\":[]}"), () -> {
            throw new AssertionError("the stream binding took this answer");
        });
        assertThat(noEvents.ackId()).isEqualTo("a");
        assertThat(noEvents.events()).isEmpty();
    }

    @Test
    void aV1AnswerIsAnArrayOfEvents() {
        List<SymphonyEvent> events = SymphonyFeedBatch.readV1(bytes("[" + MESSAGE + "," + ROOM_CREATED + "]"), () -> {
            throw new AssertionError("the stream binding took this answer");
        });

        assertThat(events).hasSize(2);
        assertSameAsTree(events.get(0), MESSAGE);
        assertSameAsTree(events.get(1), ROOM_CREATED);
    }
}
