package io.camelchat.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A chat message in the shape every camel-chat component understands.
 * <p>
 * Consumers convert their platform's native event into a {@code ChatMessage} (through the type converters each
 * component registers); producers accept one and turn it into the platform's own request. So a route can move a
 * message from one platform to another with no code in between.
 * <p>
 * Text and markdown are alternatives: a producer sends {@link #getMarkdown()} where the platform renders markdown,
 * and {@link #getText()} otherwise. {@link #getPlainText()} always returns something readable.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ChatMessage {

    private String id;
    private String platform;
    private String conversationId;
    private ConversationType conversationType;
    private String conversationName;
    private String senderId;
    private String senderName;
    private long timestamp;
    private String text;
    private String markdown;
    private String title;
    private final List<ChatMention> mentions = new ArrayList<>();
    private boolean mentionAll;
    private String replyToId;
    private String quotedText;
    private final List<ChatAttachment> attachments = new ArrayList<>();

    public ChatMessage() {
    }

    /** A plain-text message. */
    public static ChatMessage text(String text) {
        return new ChatMessage().setText(text);
    }

    /** A markdown message; {@code title} is the summary some platforms show in notifications (may be null). */
    public static ChatMessage markdown(String title, String markdown) {
        return new ChatMessage().setTitle(title).setMarkdown(markdown);
    }

    /** The platform's id of this message (as received, or as returned by a send). */
    public String getId() {
        return id;
    }

    public ChatMessage setId(String id) {
        this.id = id;
        return this;
    }

    /** The platform the message comes from: {@code dingtalk}, {@code lark}, {@code symphony}, ... */
    public String getPlatform() {
        return platform;
    }

    public ChatMessage setPlatform(String platform) {
        this.platform = platform;
        return this;
    }

    public String getConversationId() {
        return conversationId;
    }

    public ChatMessage setConversationId(String conversationId) {
        this.conversationId = conversationId;
        return this;
    }

    public ConversationType getConversationType() {
        return conversationType;
    }

    public ChatMessage setConversationType(ConversationType conversationType) {
        this.conversationType = conversationType;
        return this;
    }

    /** The group's title, where the platform tells it. */
    public String getConversationName() {
        return conversationName;
    }

    public ChatMessage setConversationName(String conversationName) {
        this.conversationName = conversationName;
        return this;
    }

    public String getSenderId() {
        return senderId;
    }

    public ChatMessage setSenderId(String senderId) {
        this.senderId = senderId;
        return this;
    }

    public String getSenderName() {
        return senderName;
    }

    public ChatMessage setSenderName(String senderName) {
        this.senderName = senderName;
        return this;
    }

    /** Epoch milliseconds; 0 when unknown. */
    public long getTimestamp() {
        return timestamp;
    }

    public ChatMessage setTimestamp(long timestamp) {
        this.timestamp = timestamp;
        return this;
    }

    public String getText() {
        return text;
    }

    public ChatMessage setText(String text) {
        this.text = text;
        return this;
    }

    public String getMarkdown() {
        return markdown;
    }

    public ChatMessage setMarkdown(String markdown) {
        this.markdown = markdown;
        return this;
    }

    /** A title or summary line (markdown and card messages on some platforms). */
    public String getTitle() {
        return title;
    }

    public ChatMessage setTitle(String title) {
        this.title = title;
        return this;
    }

    public List<ChatMention> getMentions() {
        return Collections.unmodifiableList(mentions);
    }

    public ChatMessage addMention(ChatMention mention) {
        mentions.add(Objects.requireNonNull(mention, "mention"));
        return this;
    }

    public ChatMessage setMentions(List<ChatMention> list) {
        mentions.clear();
        if (list != null) {
            list.forEach(this::addMention);
        }
        return this;
    }

    /** Whether the message mentions everybody in the conversation. */
    public boolean isMentionAll() {
        return mentionAll;
    }

    public ChatMessage setMentionAll(boolean mentionAll) {
        this.mentionAll = mentionAll;
        return this;
    }

    /** The id of the message this one replies to or quotes. */
    public String getReplyToId() {
        return replyToId;
    }

    public ChatMessage setReplyToId(String replyToId) {
        this.replyToId = replyToId;
        return this;
    }

    /** The text of the quoted message, where the platform includes it. */
    public String getQuotedText() {
        return quotedText;
    }

    public ChatMessage setQuotedText(String quotedText) {
        this.quotedText = quotedText;
        return this;
    }

    public List<ChatAttachment> getAttachments() {
        return Collections.unmodifiableList(attachments);
    }

    public ChatMessage addAttachment(ChatAttachment attachment) {
        attachments.add(Objects.requireNonNull(attachment, "attachment"));
        return this;
    }

    public ChatMessage setAttachments(List<ChatAttachment> list) {
        attachments.clear();
        if (list != null) {
            list.forEach(this::addAttachment);
        }
        return this;
    }

    /** The text a person would read: the text if any, else the markdown, else an empty string. */
    public String getPlainText() {
        if (text != null && !text.isEmpty()) {
            return text;
        }
        return markdown != null ? markdown : "";
    }

    /** Whether there is neither text, markdown nor an attachment to send. */
    public boolean isEmpty() {
        return (text == null || text.isEmpty()) && (markdown == null || markdown.isEmpty()) && attachments.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ChatMessage[");
        if (platform != null) {
            sb.append(platform).append(' ');
        }
        if (id != null) {
            sb.append("id=").append(id).append(' ');
        }
        if (senderName != null || senderId != null) {
            sb.append("from=").append(senderName != null ? senderName : senderId).append(' ');
        }
        String body = getPlainText();
        sb.append('"').append(body.length() > 80 ? body.substring(0, 77) + "..." : body).append('"');
        if (!attachments.isEmpty()) {
            sb.append(" +").append(attachments.size()).append(" attachment(s)");
        }
        return sb.append(']').toString();
    }
}
