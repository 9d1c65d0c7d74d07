package io.camelchat.common;

/**
 * The normalized header names every camel-chat consumer sets and every producer understands.
 * <p>
 * Each component's {@code XxxConstants} class repeats these with their documentation, so they appear in the
 * component's generated metadata; the values are defined here once.
 */
public final class ChatHeaders {

    /** Platform name: {@code dingtalk}, {@code lark}, {@code symphony}, {@code openim}, {@code difft}. */
    public static final String PLATFORM = "CamelChatPlatform";
    /** What happened: {@code message}, {@code card}, or the platform's event type. */
    public static final String EVENT_TYPE = "CamelChatEventType";
    /** The platform's stable id of the message or event (the same on redelivery); set by producers to the sent id. */
    public static final String MESSAGE_ID = "CamelChatMessageId";
    public static final String CONVERSATION_ID = "CamelChatConversationId";
    /** {@code direct} or {@code group}. */
    public static final String CONVERSATION_TYPE = "CamelChatConversationType";
    public static final String SENDER_ID = "CamelChatSenderId";
    public static final String SENDER_NAME = "CamelChatSenderName";
    /** Epoch milliseconds. */
    public static final String TIMESTAMP = "CamelChatTimestamp";
    /** Producer target, overriding the endpoint's {@code to} option: {@code <kind>:<id>[,<id>...]}. */
    public static final String TO = "CamelChatTo";

    /** The event type consumers give ordinary chat messages. */
    public static final String EVENT_MESSAGE = "message";
    /** The event type consumers give interactive-card actions. */
    public static final String EVENT_CARD = "card";

    private ChatHeaders() {
    }
}
