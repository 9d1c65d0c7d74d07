package io.camelchat.dingtalk.stream;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamFrameTest {

    @Test
    void anAcknowledgementIsTheFrameDingTalkExpectsWithItsTextsEscaped() {
        String data = "{\"status\":\"SUCCESS\",\"message\":\"a \\\"quoted\\\" text\\nand a line\"}";
        JsonNode ack = Json.read(StreamFrame.ack("msg-1\"x", 200, "OK", data));

        assertThat(ack.path("code").asInt()).isEqualTo(200);
        assertThat(ack.path("message").asText()).isEqualTo("OK");
        assertThat(ack.path("headers").path("contentType").asText()).isEqualTo("application/json");
        assertThat(ack.path("headers").path("messageId").asText()).isEqualTo("msg-1\"x");
        assertThat(Long.parseLong(ack.path("headers").path("time").asText())).isPositive();
        assertThat(ack.path("data").asText()).isEqualTo(data);
        assertThat(Json.read(ack.path("data").asText()).path("message").asText())
                .isEqualTo("a \"quoted\" text\nand a line");
    }

    @Test
    void anAcknowledgementLeavesOutWhatIsNull() {
        JsonNode ack = Json.read(StreamFrame.ack(null, 404, "type not exist", null));

        assertThat(ack.path("code").asInt()).isEqualTo(404);
        assertThat(ack.path("headers").has("messageId")).isFalse();
        assertThat(ack.has("data")).isFalse();
    }

    @Test
    void theDataOfAnEventIsReadAsAMapAndAnythingButAnObjectIsRefused() {
        StreamFrame frame = new StreamFrame("EVENT", Map.of("messageId", "m"),
                "{\"a\":1,\"b\":[\"x\"],\"c\":{\"d\":true}}");
        assertThat(frame.dataMap()).containsEntry("a", 1).containsKey("c");
        assertThat(frame.dataMap().get("b")).isEqualTo(List.of("x"));

        assertThatThrownBy(() -> new StreamFrame("EVENT", Map.of(), "[1]").dataMap())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> new StreamFrame("EVENT", Map.of(), "{nope").dataMap())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> new StreamFrame("EVENT", Map.of(), " ").dataMap())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no data");
    }

    @Test
    void aFrameIsReadTokenByTokenAsTheGatewayWritesIt() {
        StreamFrame frame = StreamFrame.parse("{\"specVersion\":\"1.0\",\"type\":\"event\",\"headers\":{\"messageId\":"
                                              + "\"m-1\",\"topic\":\"*\",\"eventBornTime\":1700000000000,"
                                              + "\"extra\":{\"x\":[1]},\"none\":null},\"data\":\"{\\\"a\\\":1}\","
                                              + "\"more\":[{\"y\":2}]}");
        assertThat(frame.type()).isEqualTo("EVENT");
        assertThat(frame.messageId()).isEqualTo("m-1");
        assertThat(frame.topic()).isEqualTo("*");
        assertThat(frame.header("eventBornTime")).isEqualTo("1700000000000");
        assertThat(frame.headers()).containsEntry("extra", "").containsEntry("none", null);
        assertThat(frame.data()).isEqualTo("{\"a\":1}");

        // data given as JSON instead of a string: kept as its JSON text
        assertThat(StreamFrame.parse("{\"type\":\"CALLBACK\",\"headers\":{},\"data\":{\"b\":[true]}}").data())
                .isEqualTo("{\"b\":[true]}");
        assertThat(StreamFrame.parse("{\"type\":\"SYSTEM\",\"headers\":{},\"data\":null}").data()).isNull();
    }

    @Test
    void aFrameThatIsNotOneIsRefusedNamingWhy() {
        assertThatThrownBy(() -> StreamFrame.parse("[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> StreamFrame.parse("{\"type\":\"EVENT\",\"headers\":{")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> StreamFrame.parse("{\"type\":\"EVENT\",\"headers\":{}} x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> StreamFrame.parse("{\"headers\":{}}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no type");
        assertThatThrownBy(() -> StreamFrame.parse("{\"type\":{\"a\":1},\"headers\":{}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no type");
        assertThatThrownBy(() -> StreamFrame.parse("{\"type\":\"EVENT\",\"headers\":\"x\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no headers");
    }
}
