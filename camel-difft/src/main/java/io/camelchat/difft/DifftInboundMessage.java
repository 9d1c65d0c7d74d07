package io.camelchat.difft;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ConversationType;

/**
 * One message the Difft server delivered to the bot (the {@code data} object of a websocket batch, or the body of a
 * webhook call), the body of the {@code difft:stream} and {@code difft:webhook} exchanges. Read from the JSON as the
 * reference's section 8.4 describes it and normalized by the rules of its section 8.5, given the bot's own wuid:
 * <ol>
 * <li>{@link #getMessageType()} is {@code type}, {@code TEXT} when absent;</li>
 * <li>{@link #getSender()} is {@code src}; a message without it is malformed ({@link #parse} refuses it);</li>
 * <li>a {@code dest.type} of {@code GROUP} (any case), or no {@code dest} but a top-level {@code groupID}, makes a
 * group conversation whose id is the group id; anything else is a direct conversation whose id is the sender (the
 * peer the bot answers);</li>
 * <li>{@link #getText()} is {@code msg.body} when it is a string, else {@code card.content} of a {@code CARD}, else
 * the empty string;</li>
 * <li>{@link #getTimestamp()} is {@code timestamp};</li>
 * <li>{@link #getMessageId()} is {@code msg.refID} when not empty, else {@code v1:<timestamp>:<src>};</li>
 * <li>{@link #isMentioned()}: the bot's wuid is in {@code msg.atPersons} or {@code mentions[].uid}, compared with and
 * without a leading {@code +};</li>
 * <li>{@link #isReceipt()} and {@link #isEcho()} tell the consumers which messages to skip.</li>
 * </ol>
 * Two cases the rules leave open are refused as malformed too: a group message without any group id (there is no
 * conversation to answer), and a message with neither {@code msg.refID} nor a numeric {@code timestamp} (it has no
 * id, so a redelivery could not be recognized). {@link #getData()} keeps the JSON as received.
 */
public final class DifftInboundMessage {

    /** {@code type} of an ordinary message. */
    public static final String TEXT = "TEXT";
    /** {@code type} of a card (markdown in {@code card.content}). */
    public static final String CARD = "CARD";
    /** {@code type} of a forwarded message ({@code forwarded}, opaque). */
    public static final String FORWARD = "FORWARD";
    /** {@code type} of a recall. */
    public static final String RECALL = "RECALL";
    /** {@code type} of read or delivery receipts. */
    public static final String RECEIPT = "RECEIPT";
    /** {@code dest.type} of a group message (the conversation type of the reference's rule 3). */
    public static final String GROUP = "GROUP";
    /** {@code dest.type} of a direct message. */
    public static final String USER = "USER";

    private final JsonNode data;
    private final String messageType;
    private final String sender;
    private final String senderName;
    private final int srcDevice;
    private final String conversationKind;
    private final String conversationId;
    private final String groupId;
    private final List<String> destWuids;
    private final String text;
    private final long timestamp;
    private final String refId;
    private final String messageId;
    private final List<String> atPersons;
    private final List<String> mentionUids;
    private final boolean mentioned;
    private final boolean echo;
    private final String quoteRefId;
    private final String quoteText;
    private final String topicId;

    private DifftInboundMessage(JsonNode data, String botId) {
        this.data = data;
        String type = text(data.get("type"));
        this.messageType = type == null || type.isEmpty() ? TEXT : type;
        this.sender = text(data.get("src"));
        if (sender == null || sender.isEmpty()) {
            throw new IllegalArgumentException("message without src");
        }
        this.senderName = text(data.get("fromName"));
        this.srcDevice = data.path("srcDevice").canConvertToInt() ? data.path("srcDevice").asInt() : 0;
        JsonNode dest = data.get("dest");
        boolean hasDest = dest != null && dest.isObject();
        boolean group = hasDest ? GROUP.equalsIgnoreCase(text(dest.get("type")))
                : text(data.get("groupID")) != null && !text(data.get("groupID")).isEmpty();
        String gid = hasDest ? text(dest.get("groupID")) : null;
        if (gid == null || gid.isEmpty()) {
            gid = text(data.get("groupID"));
        }
        this.groupId = gid == null || gid.isEmpty() ? null : gid;
        if (group && groupId == null) {
            throw new IllegalArgumentException("group message without groupID");
        }
        this.conversationKind = group ? GROUP : USER;
        this.conversationId = group ? groupId : sender;
        this.destWuids = hasDest ? strings(dest.get("wuid")) : List.of();
        JsonNode msg = data.path("msg");
        JsonNode body = msg.get("body");
        if (body != null && body.isTextual()) {
            this.text = body.asText();
        } else if (CARD.equalsIgnoreCase(messageType) && data.path("card").path("content").isTextual()) {
            this.text = data.path("card").path("content").asText();
        } else {
            this.text = "";
        }
        JsonNode ts = data.get("timestamp");
        boolean hasTimestamp = ts != null && ts.isIntegralNumber();
        if (!hasTimestamp && ts != null && ts.isTextual()) {
            hasTimestamp = ts.asText().matches("-?\\d{1,19}");
        }
        this.timestamp = hasTimestamp ? ts.asLong() : 0;
        String ref = text(msg.get("refID"));
        this.refId = ref == null || ref.isEmpty() ? null : ref;
        if (refId == null && !hasTimestamp) {
            throw new IllegalArgumentException("message with neither msg.refID nor a numeric timestamp");
        }
        this.messageId = refId != null ? refId : "v1:" + timestamp + ":" + sender;
        this.atPersons = strings(msg.get("atPersons"));
        List<String> uids = new ArrayList<>();
        JsonNode mentions = data.get("mentions");
        if (mentions != null && mentions.isArray()) {
            for (JsonNode m : mentions) {
                String uid = text(m.get("uid"));
                if (uid != null && !uid.isEmpty()) {
                    uids.add(uid);
                }
            }
        }
        this.mentionUids = List.copyOf(uids);
        this.mentioned = botId != null && !botId.isBlank()
                && (atPersons.stream().anyMatch(w -> sameWuid(w, botId))
                        || mentionUids.stream().anyMatch(w -> sameWuid(w, botId)));
        this.echo = botId != null && !botId.isBlank() && sameWuid(sender, botId);
        JsonNode quote = msg.get("quote");
        this.quoteRefId = quote == null ? null : emptyToNull(text(quote.get("refID")));
        this.quoteText = quote == null ? null : text(quote.get("text"));
        this.topicId = emptyToNull(text(data.path("context").path("topic").get("id")));
    }

    /**
     * Reads one inbound {@code data} object for the bot {@code botId} (its wuid; null or blank: no message counts as
     * the bot's own and none mentions it).
     *
     * @throws IllegalArgumentException when it is not a JSON object or is malformed (no {@code src}, a group without
     *                                  group id, no id)
     */
    public static DifftInboundMessage parse(JsonNode data, String botId) {
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("message data is not a JSON object");
        }
        return new DifftInboundMessage(data, botId);
    }

    /** Whether two wuids are the same, with or without a leading {@code +}. */
    public static boolean sameWuid(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return stripPlus(a.trim()).equals(stripPlus(b.trim()));
    }

    private static String stripPlus(String s) {
        return s.startsWith("+") ? s.substring(1) : s;
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isContainerNode()) {
            return null;
        }
        return n.asText();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static List<String> strings(JsonNode n) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            for (JsonNode e : n) {
                String s = text(e);
                // difft-cli sends [""] when nobody is mentioned
                if (s != null && !s.isEmpty()) {
                    out.add(s);
                }
            }
        } else {
            String s = text(n);
            if (s != null && !s.isEmpty()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ normalized (section 8.5)

    /** {@code type} as sent ({@code TEXT}, {@code CARD}, {@code FORWARD}, {@code RECALL}, {@code RECEIPT}, ...). */
    public String getMessageType() {
        return messageType;
    }

    /** The sender's wuid ({@code src}). */
    public String getSender() {
        return sender;
    }

    /** {@code GROUP} or {@code USER} (rule 3). */
    public String getConversationKind() {
        return conversationKind;
    }

    /** {@link ConversationType#group} or {@link ConversationType#direct}. */
    @JsonIgnore
    public ConversationType getConversationType() {
        return GROUP.equals(conversationKind) ? ConversationType.group : ConversationType.direct;
    }

    @JsonIgnore
    public boolean isGroup() {
        return GROUP.equals(conversationKind);
    }

    /** The group id for a group message, else the sender's wuid (replies go to it). */
    public String getConversationId() {
        return conversationId;
    }

    /** The text (rule 4): {@code msg.body}, else a card's markdown, else empty. */
    public String getText() {
        return text;
    }

    /** {@code timestamp}, epoch milliseconds (0 when absent and the message has a {@code msg.refID}). */
    public long getTimestamp() {
        return timestamp;
    }

    /** {@code msg.refID} when not empty, else {@code v1:<timestamp>:<src>} (rule 6); the same on redelivery. */
    public String getMessageId() {
        return messageId;
    }

    /** Whether the bot is mentioned (rule 7). */
    public boolean isMentioned() {
        return mentioned;
    }

    /** A {@code RECEIPT} (read or delivery receipt), not routed unless asked for. */
    @JsonIgnore
    public boolean isReceipt() {
        return RECEIPT.equalsIgnoreCase(messageType);
    }

    /** Sent by the bot itself (an echo of its own message), never routed. */
    @JsonIgnore
    public boolean isEcho() {
        return echo;
    }

    @JsonIgnore
    public boolean isCard() {
        return CARD.equalsIgnoreCase(messageType);
    }

    @JsonIgnore
    public boolean isForward() {
        return FORWARD.equalsIgnoreCase(messageType);
    }

    @JsonIgnore
    public boolean isRecall() {
        return RECALL.equalsIgnoreCase(messageType);
    }

    // ------------------------------------------------------------------ as received (section 8.4)

    /** The message JSON as received. */
    public JsonNode getData() {
        return data;
    }

    /** {@code fromName}, the sender's display name, or null. */
    public String getSenderName() {
        return senderName;
    }

    /** {@code srcDevice}, 0 when absent. */
    public int getSrcDevice() {
        return srcDevice;
    }

    /** The group id of a group message, else null. */
    public String getGroupId() {
        return isGroup() ? groupId : null;
    }

    /** {@code dest.wuid} (the bot, for a direct message). */
    public List<String> getDestWuids() {
        return destWuids;
    }

    /** {@code msg.refID}, or null. */
    public String getRefId() {
        return refId;
    }

    /** {@code msg.atPersons} without empty entries. */
    public List<String> getAtPersons() {
        return atPersons;
    }

    /** {@code mentions[].uid}. */
    public List<String> getMentionUids() {
        return mentionUids;
    }

    /** {@code msg.quote.refID} of a reply, or null. */
    public String getQuoteRefId() {
        return quoteRefId;
    }

    /** {@code msg.quote.text} of a reply, or null. */
    public String getQuoteText() {
        return quoteText;
    }

    /** {@code context.topic.id} (thread), or null. */
    public String getTopicId() {
        return topicId;
    }

    /** {@code msg.attachment}, the attachment descriptor (section 4.6), or null. */
    @JsonIgnore
    public JsonNode getAttachment() {
        JsonNode a = data.path("msg").get("attachment");
        return a != null && a.isObject() ? a : null;
    }

    /** {@code card} of a {@code CARD}, or null. */
    @JsonIgnore
    public JsonNode getCard() {
        JsonNode c = data.get("card");
        return c != null && c.isObject() ? c : null;
    }

    /** {@code forwarded} of a {@code FORWARD} (opaque; can be sent again as it is), or null. */
    @JsonIgnore
    public JsonNode getForwarded() {
        JsonNode f = data.get("forwarded");
        return f != null && f.isObject() ? f : null;
    }

    /**
     * The id of the message a {@code RECALL} takes back ({@code recall.realSource}: {@code v1:<timestamp>:<source>}),
     * or null.
     */
    @JsonIgnore
    public String getRecalledMessageId() {
        JsonNode rs = data.path("recall").path("realSource");
        String source = text(rs.get("source"));
        JsonNode ts = rs.get("timestamp");
        if (source == null || source.isEmpty() || ts == null || !ts.canConvertToLong()) {
            String ref = text(data.path("recall").get("refID"));
            return ref == null || ref.isEmpty() ? null : ref;
        }
        return "v1:" + ts.asLong() + ":" + source;
    }

    @Override
    public String toString() {
        return "DifftInboundMessage[" + messageType.toUpperCase(Locale.ROOT) + " " + messageId + " in "
               + conversationKind + " " + conversationId + "]";
    }
}
