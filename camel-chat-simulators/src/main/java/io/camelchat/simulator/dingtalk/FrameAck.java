package io.camelchat.simulator.dingtalk;

import java.time.Instant;
import java.util.Map;

/**
 * One ack/response frame a Stream client sent.
 *
 * @param messageId    {@code headers.messageId} (may be {@code null} when missing)
 * @param code         {@code code} ({@code -1} when missing or not a number)
 * @param message      {@code message} (may be {@code null})
 * @param data         {@code data} parsed as a JSON object, or {@code null} when absent, empty or not an object
 * @param connectionId id of the connection it arrived on
 * @param receivedAt   arrival time
 * @param type         type of the push it answers ({@code SYSTEM}, {@code EVENT}, {@code CALLBACK}), {@code null}
 *                     if the messageId is unknown
 * @param topic        topic of the push it answers, or {@code null}
 * @param raw          the frame text as received
 */
public record FrameAck(String messageId, int code, String message, Map<String, Object> data, String connectionId,
        Instant receivedAt, String type, String topic, String raw) {
}
