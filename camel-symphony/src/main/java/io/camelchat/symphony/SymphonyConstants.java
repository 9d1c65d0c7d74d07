package io.camelchat.symphony;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.spi.Metadata;

/** Header names of the Symphony component: the normalized {@code CamelChat...} ones and Symphony's own. */
public final class SymphonyConstants {

    public static final String PLATFORM = "symphony";

    @Metadata(label = "consumer", description = "Always symphony.", javaType = "String")
    public static final String CHAT_PLATFORM = ChatHeaders.PLATFORM;
    @Metadata(label = "consumer", description = "message for MESSAGESENT, card for Elements form submissions, else "
                                                + "Symphony's event type (e.g. ROOMCREATED).",
              javaType = "String")
    public static final String CHAT_EVENT_TYPE = ChatHeaders.EVENT_TYPE;
    @Metadata(description = "Consumer: the id (URL-safe) of the message the event is about (the message, the share, the "
                            + "suppressed message, the form's message), else the event id; the same on redelivery "
                            + "(de-duplicate with CamelSymphonyEventId). Producer: the id send returned; read by "
                            + "update, suppress, get and download.",
              javaType = "String")
    public static final String CHAT_MESSAGE_ID = ChatHeaders.MESSAGE_ID;
    @Metadata(description = "The stream id (URL-safe); absent for connection events.", javaType = "String")
    public static final String CHAT_CONVERSATION_ID = ChatHeaders.CONVERSATION_ID;
    @Metadata(label = "consumer",
              description = "direct (IM, MIM) or group (room); absent for wall posts and connection events.",
              javaType = "String")
    public static final String CHAT_CONVERSATION_TYPE = ChatHeaders.CONVERSATION_TYPE;
    @Metadata(label = "consumer", description = "The user id of whoever caused the event.", javaType = "String")
    public static final String CHAT_SENDER_ID = ChatHeaders.SENDER_ID;
    @Metadata(label = "consumer", description = "Their display name.", javaType = "String")
    public static final String CHAT_SENDER_NAME = ChatHeaders.SENDER_NAME;
    @Metadata(label = "consumer", description = "When the event happened, epoch milliseconds.", javaType = "Long")
    public static final String CHAT_TIMESTAMP = ChatHeaders.TIMESTAMP;
    @Metadata(label = "producer", description = "Target overriding the option to, written the same way: stream:id, "
                                                + "user:userId or email:address (an IM is created or reused).",
              javaType = "String")
    public static final String CHAT_TO = ChatHeaders.TO;

    @Metadata(label = "consumer", description = "The event id (id), the key to de-duplicate redeliveries.",
              javaType = "String")
    public static final String EVENT_ID = "CamelSymphonyEventId";
    @Metadata(label = "consumer", description = "Symphony's event type, e.g. MESSAGESENT.", javaType = "String")
    public static final String EVENT_TYPE = "CamelSymphonyEventType";
    @Metadata(label = "consumer", description = "IM, MIM, ROOM or POST; ROOM for room events that do not state one.",
              javaType = "String")
    public static final String STREAM_TYPE = "CamelSymphonyStreamType";
    @Metadata(label = "consumer", description = "User ids mentioned in the message.", javaType = "java.util.List<Long>")
    public static final String MENTIONS = "CamelSymphonyMentions";
    @Metadata(label = "consumer", description = "Hashtags of the message.", javaType = "java.util.List<String>")
    public static final String HASHTAGS = "CamelSymphonyHashtags";
    @Metadata(label = "consumer", description = "Elements: the form's id.", javaType = "String")
    public static final String FORM_ID = "CamelSymphonyFormId";
    @Metadata(label = "consumer", description = "Elements: the button that submitted the form (formValues.action).",
              javaType = "String")
    public static final String FORM_ACTION = "CamelSymphonyFormAction";
    /**
     * The user an event is about besides its initiator: the member who joined, left, was promoted or demoted
     * ({@code affectedUser} of USERJOINEDROOM, USERLEFTROOM, ROOMMEMBERPROMOTEDTOOWNER, ROOMMEMBERDEMOTEDFROMOWNER), the
     * user asked for a connection ({@code toUser} of CONNECTIONREQUESTED), the user who had asked
     * ({@code fromUser} of CONNECTIONACCEPTED).
     */
    @Metadata(label = "consumer",
              description = "Membership events: the member who joined, left, was promoted or demoted "
                            + "(affectedUser); CONNECTIONREQUESTED: the user asked (toUser); "
                            + "CONNECTIONACCEPTED: the user who had asked (fromUser).",
              javaType = "String")
    public static final String AFFECTED_USER_ID = "CamelSymphonyAffectedUserId";
    /** The display name of the user in {@link #AFFECTED_USER_ID}, when the event carries it. */
    @Metadata(label = "consumer", description = "The display name of that user, when the event carries it.",
              javaType = "String")
    public static final String AFFECTED_USER_NAME = "CamelSymphonyAffectedUserName";
    /** USERREQUESTEDTOJOINROOM: the user ids of the room's owners ({@code affectedUsers}), who decide on the request. */
    @Metadata(label = "consumer", description = "USERREQUESTEDTOJOINROOM: the user ids of the room's owners "
                                                + "(affectedUsers).",
              javaType = "java.util.List<String>")
    public static final String AFFECTED_USER_IDS = "CamelSymphonyAffectedUserIds";
    /**
     * The room's name: the stream's {@code roomName}, else the name in the event's room properties (ROOMCREATED,
     * ROOMUPDATED: the new name).
     */
    @Metadata(label = "consumer",
              description = "Rooms: the room's name (after a ROOMUPDATED, the new one), when the event "
                            + "carries it.",
              javaType = "String")
    public static final String ROOM_NAME = "CamelSymphonyRoomName";
    @Metadata(description = "Overrides the option operation.", javaType = "io.camelchat.symphony.SymphonyOperation")
    public static final String OPERATION = "CamelSymphonyOperation";
    @Metadata(label = "producer", description = "send / update: EntityJSON for the message's data part.",
              javaType = "String")
    public static final String DATA = "CamelSymphonyData";
    @Metadata(label = "producer", description = "download: the attachment id (else the body).", javaType = "String")
    public static final String ATTACHMENT_ID = "CamelSymphonyAttachmentId";
    @Metadata(label = "producer",
              description = "download: the stream the message is in (else CamelChatConversationId).",
              javaType = "String")
    public static final String STREAM_ID = "CamelSymphonyStreamId";

    private SymphonyConstants() {
    }
}
