package io.camelchat.symphony;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.spi.Metadata;

/** Header names of the Symphony component: the normalized {@code CamelChat...} ones and Symphony's own. */
public final class SymphonyConstants {

    public static final String PLATFORM = "symphony";

    @Metadata(label = "consumer", description = "Always `symphony`.", javaType = "String")
    public static final String CHAT_PLATFORM = ChatHeaders.PLATFORM;
    @Metadata(label = "consumer", description = "`message` for MESSAGESENT, `card` for Elements form submissions, else "
                                                + "Symphony's event type (e.g. `ROOMCREATED`).",
              javaType = "String")
    public static final String CHAT_EVENT_TYPE = ChatHeaders.EVENT_TYPE;
    @Metadata(description = "Consumer: the message id (URL-safe), else the event id; the same on redelivery. Producer: the "
                            + "id `send` returned; read by `update`, `suppress`, `get` and `download`.",
              javaType = "String")
    public static final String CHAT_MESSAGE_ID = ChatHeaders.MESSAGE_ID;
    @Metadata(description = "The stream id (URL-safe).", javaType = "String")
    public static final String CHAT_CONVERSATION_ID = ChatHeaders.CONVERSATION_ID;
    @Metadata(label = "consumer", description = "`direct` (IM, MIM) or `group` (room).", javaType = "String")
    public static final String CHAT_CONVERSATION_TYPE = ChatHeaders.CONVERSATION_TYPE;
    @Metadata(label = "consumer", description = "The user id of whoever caused the event.", javaType = "String")
    public static final String CHAT_SENDER_ID = ChatHeaders.SENDER_ID;
    @Metadata(label = "consumer", description = "Their display name.", javaType = "String")
    public static final String CHAT_SENDER_NAME = ChatHeaders.SENDER_NAME;
    @Metadata(label = "consumer", description = "When the event happened, epoch milliseconds.", javaType = "Long")
    public static final String CHAT_TIMESTAMP = ChatHeaders.TIMESTAMP;
    @Metadata(label = "producer", description = "Target overriding the option `to`: `stream:<id>`, `user:<userId>` or "
                                                + "`email:<address>` (an IM is created or reused).",
              javaType = "String")
    public static final String CHAT_TO = ChatHeaders.TO;

    @Metadata(label = "consumer", description = "The event id (`id`), the key to de-duplicate redeliveries.", javaType = "String")
    public static final String EVENT_ID = "CamelSymphonyEventId";
    @Metadata(label = "consumer", description = "Symphony's event type, e.g. `MESSAGESENT`.", javaType = "String")
    public static final String EVENT_TYPE = "CamelSymphonyEventType";
    @Metadata(label = "consumer", description = "`IM`, `MIM`, `ROOM` or `POST`.", javaType = "String")
    public static final String STREAM_TYPE = "CamelSymphonyStreamType";
    @Metadata(label = "consumer", description = "User ids mentioned in the message.", javaType = "java.util.List<Long>")
    public static final String MENTIONS = "CamelSymphonyMentions";
    @Metadata(label = "consumer", description = "Hashtags of the message.", javaType = "java.util.List<String>")
    public static final String HASHTAGS = "CamelSymphonyHashtags";
    @Metadata(label = "consumer", description = "Elements: the form's id.", javaType = "String")
    public static final String FORM_ID = "CamelSymphonyFormId";
    @Metadata(label = "consumer", description = "Elements: the button that submitted the form (`formValues.action`).",
              javaType = "String")
    public static final String FORM_ACTION = "CamelSymphonyFormAction";
    @Metadata(description = "Overrides the option `operation`.", javaType = "io.camelchat.symphony.SymphonyOperation")
    public static final String OPERATION = "CamelSymphonyOperation";
    @Metadata(label = "producer", description = "send / update: EntityJSON for the message's `data` part.", javaType = "String")
    public static final String DATA = "CamelSymphonyData";
    @Metadata(label = "producer", description = "download: the attachment id (else the body).", javaType = "String")
    public static final String ATTACHMENT_ID = "CamelSymphonyAttachmentId";
    @Metadata(label = "producer", description = "download: the stream the message is in (else CamelChatConversationId).",
              javaType = "String")
    public static final String STREAM_ID = "CamelSymphonyStreamId";

    private SymphonyConstants() {
    }
}
