package io.camelchat.simulator.difft;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Composes the inbound {@code data} objects (reference 8.4) that the simulator's play-user methods deliver: the
 * common envelope ({@code version}, {@code src}, {@code srcDevice}, {@code dest}, {@code type}, {@code timestamp},
 * {@code fromName}) and each message type's part. Timestamps are distinct milliseconds, so two messages of one user
 * never share a refID.
 */
final class DifftInboundData {

    private final DifftSimulator sim;
    private long lastTimestamp;

    DifftInboundData(DifftSimulator sim) {
        this.sim = sim;
    }

    /** {@code to}: a known group id (or any id when {@code groupOnly}) is a group, anything else a wuid. */
    Map<String, Object> dest(String to, boolean groupOnly) {
        Objects.requireNonNull(to);
        if (groupOnly || sim.group(to) != null) {
            return Map.of("type", "GROUP", "groupID", to);
        }
        return Map.of("type", "USER", "wuid", List.of(to));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> destOf(Map<String, Object> data) {
        return (Map<String, Object>) data.get("dest");
    }

    /** A {@code TEXT} data object; {@code msg} {@code null}: none (the caller sets the type and its part). */
    Map<String, Object> inbound(String from, Map<String, Object> dest, Map<String, Object> msg) {
        Objects.requireNonNull(from);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("version", 1);
        data.put("src", from);
        data.put("srcDevice", 1);
        data.put("dest", dest);
        data.put("type", "TEXT");
        data.put("timestamp", nextTimestamp());
        if (msg != null) {
            data.put("msg", msg);
        }
        DifftSimulator.Account a = sim.account(from);
        if (a != null) {
            data.put("fromName", a.name());
        }
        return data;
    }

    /** A {@code TEXT} whose {@code msg} holds {@code body} and, when given, {@code atPersons}. */
    Map<String, Object> text(String from, Map<String, Object> dest, String body, String... atPersons) {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("body", body);
        if (atPersons.length > 0) {
            msg.put("atPersons", List.of(atPersons));
        }
        return inbound(from, dest, msg);
    }

    /** A {@code TEXT} replying to {@code quotedRefId}: {@code msg.quote} is {@code {refID, text}}. */
    Map<String, Object> quote(String from, Map<String, Object> dest, String text, String quotedRefId,
                              String quotedText) {
        Map<String, Object> quote = new LinkedHashMap<>();
        quote.put("refID", Objects.requireNonNull(quotedRefId));
        quote.put("text", Objects.requireNonNull(quotedText));
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("body", text);
        msg.put("quote", quote);
        return inbound(from, dest, msg);
    }

    /** A {@code CARD}: {@code card {id, content, creator, timestamp}}, no {@code msg}. */
    Map<String, Object> card(String from, Map<String, Object> dest, String cardId, String markdown) {
        Map<String, Object> data = inbound(from, dest, null);
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("id", Objects.requireNonNull(cardId));
        card.put("content", Objects.requireNonNull(markdown));
        card.put("creator", from);
        card.put("timestamp", data.get("timestamp"));
        data.put("type", "CARD");
        data.put("card", card);
        return data;
    }

    /** A {@code forwarded} object: {@code id}, {@code type} 0, {@code isFromGroup}, {@code author}, {@code text}. */
    Map<String, Object> forwarded(String author, String text, Map<String, Object> attachment) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", nextTimestamp());
        f.put("type", 0);
        f.put("isFromGroup", false);
        f.put("author", Objects.requireNonNull(author));
        f.put("text", Objects.requireNonNull(text));
        if (attachment != null) {
            f.put("attachments", List.of(attachment));
        }
        return f;
    }

    /** A {@code FORWARD} with this {@code forwarded} object, no {@code msg}. */
    Map<String, Object> forward(String from, Map<String, Object> dest, Map<String, Object> forwarded) {
        Map<String, Object> data = inbound(from, dest, null);
        data.put("type", "FORWARD");
        data.put("forwarded", Objects.requireNonNull(forwarded));
        return data;
    }

    /** A {@code RECALL} of {@code original} to its destination, as 4.7: {@code realSource} and an empty refID. */
    Map<String, Object> recall(String from, Map<String, Object> original) {
        Map<String, Object> data = inbound(from, destOf(original), null);
        Map<String, Object> realSource = new LinkedHashMap<>();
        realSource.put("source", from);
        realSource.put("sourceDevice", 1);
        realSource.put("timestamp", original.get("timestamp"));
        Map<String, Object> recall = new LinkedHashMap<>();
        recall.put("realSource", realSource);
        recall.put("refID", "");
        data.put("type", "RECALL");
        data.put("recall", recall);
        return data;
    }

    /** A {@code RECEIPT}: {@code receipt {type:"READ", timestamps}}, no {@code msg}. */
    Map<String, Object> receipt(String from, Map<String, Object> dest, long... timestamps) {
        Map<String, Object> data = inbound(from, dest, null);
        List<Long> ts = new ArrayList<>();
        for (long t : timestamps) {
            ts.add(t);
        }
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("type", "READ");
        receipt.put("timestamps", ts);
        data.put("type", "RECEIPT");
        data.put("receipt", receipt);
        return data;
    }

    private synchronized long nextTimestamp() {
        long now = System.currentTimeMillis();
        lastTimestamp = Math.max(now, lastTimestamp + 1);
        return lastTimestamp;
    }
}
