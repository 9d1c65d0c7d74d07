package io.camelchat.simulator.difft;

import java.util.List;
import java.util.Map;

/**
 * A message the bot sent through {@code POST /v1/messages}, as the simulator stored it.
 *
 * @param appId     the app that signed the request
 * @param src       the sender wuid ({@code src})
 * @param type      {@code TEXT}, {@code CARD} or {@code FORWARD} (recalls are not stored: see
 *                  {@link DifftSimulator#recalled()})
 * @param wuids     the user recipients ({@code dest.type=USER}), else empty
 * @param groupId   the group ({@code dest.type=GROUP}), else {@code null}
 * @param timestamp the request's {@code timestamp}
 * @param refId     {@code v1:<timestamp>:<src>}
 * @param request   the whole request body, parsed
 */
public record DifftMessage(String appId, String src, String type, List<String> wuids, String groupId, long timestamp,
        String refId, Map<String, Object> request) {

    /** {@code msg.body}, or {@code null}. */
    public String body() {
        return msg() == null ? null : (String) msg().get("body");
    }

    /** {@code msg.atPersons} (empty when absent). */
    @SuppressWarnings("unchecked")
    public List<String> atPersons() {
        Object v = msg() == null ? null : msg().get("atPersons");
        return v instanceof List<?> l ? (List<String>) l : List.of();
    }

    /** {@code msg.quote}, {@code msg.attachment}, {@code card} or {@code forwarded} ({@code null} when absent). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> part(String name) {
        Object v = "quote".equals(name) || "attachment".equals(name) ? (msg() == null ? null : msg().get(name))
                : request.get(name);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    /** Whether it went to a group ({@code dest.type=GROUP}). */
    public boolean isGroup() {
        return groupId != null;
    }

    /** {@code msg.attachment} (the descriptor of 4.6), or {@code null}. */
    public Map<String, Object> attachment() {
        return part("attachment");
    }

    /** {@code msg.quote} ({@code refID}, {@code text}), or {@code null}. */
    public Map<String, Object> quote() {
        return part("quote");
    }

    /** {@code card} of a {@code CARD} message, or {@code null}. */
    public Map<String, Object> card() {
        return part("card");
    }

    /** {@code card.content} (the markdown) of a {@code CARD} message, or {@code null}. */
    public String cardContent() {
        Map<String, Object> c = card();
        return c == null || !(c.get("content") instanceof String s) ? null : s;
    }

    /** {@code forwarded} of a {@code FORWARD} message, or {@code null}. */
    public Map<String, Object> forwarded() {
        return part("forwarded");
    }

    /** {@code msg.attachment.fileName}, or {@code null}. */
    public String fileName() {
        Map<String, Object> a = attachment();
        return a == null || !(a.get("fileName") instanceof String s) ? null : s;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> msg() {
        return request.get("msg") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
