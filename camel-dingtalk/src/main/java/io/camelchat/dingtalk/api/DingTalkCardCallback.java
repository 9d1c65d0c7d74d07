package io.camelchat.dingtalk.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.camelchat.common.Json;

/**
 * A user acted on an interactive card (Stream topic {@code /v1.0/card/instances/callback}). The route's body after
 * processing becomes the callback's {@code response} (a card update), when it is a Map, a JSON node or JSON text.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DingTalkCardCallback(
        String outTrackId,
        String corpId,
        String userId,
        String type,
        String content,
        String extension,
        String spaceType,
        String spaceId,
        Integer userIdType) {

    /** The ids of the buttons or actions the user triggered ({@code cardPrivateData.actionIds}). */
    public List<String> actionIds() {
        JsonNode ids = privateData().path("actionIds");
        return ids.isArray() ? Json.MAPPER.convertValue(ids, Json.MAPPER.getTypeFactory()
                .constructCollectionType(List.class, String.class)) : List.of();
    }

    /** The parameters the card submitted ({@code cardPrivateData.params}). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> params() {
        JsonNode params = privateData().path("params");
        return params.isObject() ? Json.MAPPER.convertValue(params, Map.class) : Map.of();
    }

    private JsonNode privateData() {
        if (content == null || content.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return Json.read(content).path("cardPrivateData");
        } catch (IllegalArgumentException e) {
            return MissingNode.getInstance();
        }
    }
}
