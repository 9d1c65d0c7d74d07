package io.camelchat.simulator.symphony;

import java.util.Map;

import io.camelchat.simulator.common.Json;

/**
 * One real-time event ({@code V4Event}) as enqueued on the datafeeds.
 *
 * @param id        event id (unique, used for de-duplication)
 * @param type      e.g. {@code MESSAGESENT}
 * @param messageId message id for message related events, else {@code null}
 * @param json      the whole V4Event as JSON-ready maps
 */
public record SymEvent(String id, String type, String messageId, Map<String, Object> json) {

    /** The V4Event as JSON text. */
    public String toJson() {
        return Json.write(json);
    }
}
