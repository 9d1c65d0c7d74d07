package io.camelchat.simulator.lark;

import java.time.Instant;
import java.util.Map;

/**
 * A data frame a long-connection client sent (its answer to a data frame of the simulator).
 *
 * @param messageId    header {@code message_id} ({@code null} when missing)
 * @param type         header {@code type}
 * @param traceId      header {@code trace_id}
 * @param bizRt        header {@code biz_rt} ({@code null} when missing)
 * @param headers      all headers (first value per key)
 * @param seqId        {@code SeqID}
 * @param logId        {@code LogID}
 * @param service      {@code service}
 * @param statusCode   payload {@code code} (-1 when missing or the payload is not JSON)
 * @param payload      the payload parsed as a JSON object, {@code null} when not JSON
 * @param data         payload {@code data} Base64-decoded and parsed as JSON (a callback answer), else {@code null}
 * @param connectionId {@code device_id} of the connection it arrived on
 * @param receivedAt   arrival time
 */
public record ResponseFrame(String messageId, String type, String traceId, String bizRt, Map<String, String> headers,
        long seqId, long logId, int service, int statusCode, Map<String, Object> payload, Map<String, Object> data,
        String connectionId, Instant receivedAt) {
}
