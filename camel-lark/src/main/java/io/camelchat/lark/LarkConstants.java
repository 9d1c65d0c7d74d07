package io.camelchat.lark;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.spi.Metadata;

/** Header names of the Lark component: the normalized {@code CamelChat...} ones and Lark's own. */
public final class LarkConstants {

    public static final String PLATFORM = "lark";

    @Metadata(label = "consumer", description = "Always lark.", javaType = "String")
    public static final String CHAT_PLATFORM = ChatHeaders.PLATFORM;
    @Metadata(label = "consumer",
              description = "message for received messages, card for card actions, else the event type "
                            + "(e.g. im.chat.member.user.added_v1).",
              javaType = "String")
    public static final String CHAT_EVENT_TYPE = ChatHeaders.EVENT_TYPE;
    @Metadata(description = "Consumer: the message id (om_...) of a received message, else the event id; stable on "
                            + "redelivery. Producer: the id send or reply returned; read by reply, recall, "
                            + "update and edit.",
              javaType = "String")
    public static final String CHAT_MESSAGE_ID = ChatHeaders.MESSAGE_ID;
    @Metadata(description = "The chat id (oc_...).", javaType = "String")
    public static final String CHAT_CONVERSATION_ID = ChatHeaders.CONVERSATION_ID;
    @Metadata(description = "direct (p2p chat) or group.", javaType = "String")
    public static final String CHAT_CONVERSATION_TYPE = ChatHeaders.CONVERSATION_TYPE;
    @Metadata(description = "The sender's open_id.", javaType = "String")
    public static final String CHAT_SENDER_ID = ChatHeaders.SENDER_ID;
    @Metadata(label = "consumer", description = "The sender's name, where Lark tells it.", javaType = "String")
    public static final String CHAT_SENDER_NAME = ChatHeaders.SENDER_NAME;
    @Metadata(label = "consumer", description = "When the message or event was created, epoch milliseconds.",
              javaType = "Long")
    public static final String CHAT_TIMESTAMP = ChatHeaders.TIMESTAMP;
    @Metadata(label = "producer", description = "Target overriding the option to, written the same way: "
                                                + "receive_id_type:id, e.g. chat_id:oc_1, open_id:ou_1 or email:address.",
              javaType = "String")
    public static final String CHAT_TO = ChatHeaders.TO;

    @Metadata(label = "consumer,producer",
              description = "The message the event is about: the received message, or the card's message of a card action. "
                            + "reply answers it.",
              javaType = "String")
    public static final String OPEN_MESSAGE_ID = "CamelLarkOpenMessageId";
    @Metadata(label = "consumer", description = "The event id (header.event_id, or uuid of 1.0 events).",
              javaType = "String")
    public static final String EVENT_ID = "CamelLarkEventId";
    @Metadata(label = "consumer", description = "Lark's event type, e.g. im.message.receive_v1.", javaType = "String")
    public static final String EVENT_TYPE = "CamelLarkEventType";
    @Metadata(label = "consumer", description = "The message type: text, post, image, file, interactive, ...",
              javaType = "String")
    public static final String MESSAGE_TYPE = "CamelLarkMessageType";
    @Metadata(label = "consumer", description = "p2p or group, as Lark says.", javaType = "String")
    public static final String CHAT_TYPE = "CamelLarkChatType";
    @Metadata(label = "consumer", description = "The tenant the event belongs to.", javaType = "String")
    public static final String TENANT_KEY = "CamelLarkTenantKey";
    @Metadata(label = "consumer", description = "The root message of the thread the message belongs to.",
              javaType = "String")
    public static final String ROOT_ID = "CamelLarkRootId";
    @Metadata(label = "consumer", description = "The message the message replies to.", javaType = "String")
    public static final String PARENT_ID = "CamelLarkParentId";
    @Metadata(label = "consumer", description = "open_ids mentioned in the message.",
              javaType = "java.util.List<String>")
    public static final String MENTIONS = "CamelLarkMentions";
    @Metadata(description = "Overrides the option operation.", javaType = "io.camelchat.lark.LarkOperation")
    public static final String OPERATION = "CamelLarkOperation";
    @Metadata(label = "producer",
              description = "send / reply: the idempotency key (uuid): Lark sends one message per key "
                            + "within an hour, so a retried send cannot duplicate. Generated when "
                            + "absent.",
              javaType = "String")
    public static final String UUID = "CamelLarkUuid";
    @Metadata(label = "producer", description = "All message ids a send produced (the text, then each attachment).",
              javaType = "java.util.List<String>")
    public static final String MESSAGE_IDS = "CamelLarkMessageIds";
    @Metadata(label = "producer", description = "send: overrides the message type (msg_type) of a String or Map body.",
              javaType = "String")
    public static final String MSG_TYPE = "CamelLarkMsgType";
    @Metadata(description = "upload: the image_key or file_key Lark returned; download: the key to fetch (else the body).",
              javaType = "String")
    public static final String FILE_KEY = "CamelLarkFileKey";
    @Metadata(label = "producer", description = "upload and download: image or file.", javaType = "String")
    public static final String RESOURCE_TYPE = "CamelLarkResourceType";
    @Metadata(label = "producer", description = "upload: the file name; download: the name Lark gave.",
              javaType = "String")
    public static final String FILE_NAME = "CamelLarkFileName";
    @Metadata(label = "producer", description = "call: the HTTP method (default POST with a body, else GET).",
              javaType = "String")
    public static final String HTTP_METHOD = "CamelLarkHttpMethod";
    @Metadata(label = "producer", description = "call: the API path, e.g. /open-apis/im/v1/chats/oc_1.",
              javaType = "String")
    public static final String HTTP_PATH = "CamelLarkHttpPath";
    @Metadata(label = "producer", description = "call: query parameters.", javaType = "java.util.Map<String,Object>")
    public static final String HTTP_QUERY = "CamelLarkHttpQuery";
    @Metadata(label = "producer", description = "The code Lark answered (0 on success).", javaType = "Integer")
    public static final String RESPONSE_CODE = "CamelLarkResponseCode";

    private LarkConstants() {
    }
}
