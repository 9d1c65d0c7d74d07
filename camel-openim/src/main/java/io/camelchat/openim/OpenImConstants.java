package io.camelchat.openim;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.spi.Metadata;

/** Header names of the OpenIM component: the normalized {@code CamelChat...} ones and OpenIM's own. */
public final class OpenImConstants {

    public static final String PLATFORM = "openim";

    @Metadata(label = "consumer", description = "Always openim.", javaType = "String")
    public static final String CHAT_PLATFORM = ChatHeaders.PLATFORM;
    @Metadata(label = "consumer", description = "message for messages (content types below 1000), notification for "
                                                + "notifications (1000 and above).",
              javaType = "String")
    public static final String CHAT_EVENT_TYPE = ChatHeaders.EVENT_TYPE;
    @Metadata(description = "Consumer: the message id, conversationId#clientMsgID, the same on redelivery. Producer: "
                            + "the id send returned, in the same form; read by recall.",
              javaType = "String")
    public static final String CHAT_MESSAGE_ID = ChatHeaders.MESSAGE_ID;
    @Metadata(description = "The conversation id, e.g. si_u1_u2 (one to one) or sg_g1 (group).", javaType = "String")
    public static final String CHAT_CONVERSATION_ID = ChatHeaders.CONVERSATION_ID;
    @Metadata(label = "consumer", description = "direct (session type 1 and 4) or group (2 and 3).",
              javaType = "String")
    public static final String CHAT_CONVERSATION_TYPE = ChatHeaders.CONVERSATION_TYPE;
    @Metadata(label = "consumer", description = "The sender's user id (sendID).", javaType = "String")
    public static final String CHAT_SENDER_ID = ChatHeaders.SENDER_ID;
    @Metadata(label = "consumer", description = "The sender's nickname.", javaType = "String")
    public static final String CHAT_SENDER_NAME = ChatHeaders.SENDER_NAME;
    @Metadata(label = "consumer", description = "When the server accepted the message (sendTime), epoch milliseconds.",
              javaType = "Long")
    public static final String CHAT_TIMESTAMP = ChatHeaders.TIMESTAMP;
    @Metadata(label = "producer", description = "Target overriding the option to, written the same way: user:userId or "
                                                + "group:groupId; for directory also members:groupId.",
              javaType = "String")
    public static final String CHAT_TO = ChatHeaders.TO;

    @Metadata(description = "Consumer: the message's seq in its conversation. Producer: recall reads it, when set, "
                            + "instead of looking the seq up.",
              javaType = "Long")
    public static final String SEQ = "CamelOpenImSeq";
    @Metadata(label = "consumer", description = "The conversation id (as CamelChatConversationId).",
              javaType = "String")
    public static final String CONVERSATION_ID = "CamelOpenImConversationId";
    @Metadata(label = "consumer",
              description = "The content type: 101 text, 102 picture, 103 voice, 104 video, 105 file, 106 text with "
                            + "mentions, 110 custom, 114 quote, 118 markdown, 1000 and above notifications.",
              javaType = "Integer")
    public static final String CONTENT_TYPE = "CamelOpenImContentType";
    @Metadata(label = "consumer", description = "The session type: 1 one to one, 2 or 3 group, 4 notification.",
              javaType = "Integer")
    public static final String SESSION_TYPE = "CamelOpenImSessionType";
    @Metadata(label = "consumer", description = "The client's message id (clientMsgID).", javaType = "String")
    public static final String CLIENT_MSG_ID = "CamelOpenImClientMsgId";
    @Metadata(description = "The server's message id (serverMsgID): of the received message, or of the one send made.",
              javaType = "String")
    public static final String SERVER_MSG_ID = "CamelOpenImServerMsgId";
    @Metadata(label = "consumer", description = "The receiving user (recvID), one to one messages.",
              javaType = "String")
    public static final String RECV_ID = "CamelOpenImRecvId";
    @Metadata(label = "consumer", description = "The group id, group messages.", javaType = "String")
    public static final String GROUP_ID = "CamelOpenImGroupId";
    @Metadata(label = "consumer", description = "The platform the sender sent from (senderPlatformID).",
              javaType = "Integer")
    public static final String SENDER_PLATFORM_ID = "CamelOpenImSenderPlatformId";
    @Metadata(label = "consumer", description = "User ids the message mentions (atUserIDList; AtAllTag for everyone).",
              javaType = "java.util.List<String>")
    public static final String AT_USER_IDS = "CamelOpenImAtUserIds";
    @Metadata(description = "Overrides the option operation.", javaType = "io.camelchat.openim.OpenImOperation")
    public static final String OPERATION = "CamelOpenImOperation";
    @Metadata(label = "producer",
              description = "send: the content type to send a String or a JSON object body as (e.g. 110 custom); "
                            + "default from the body and the option format.",
              javaType = "Integer")
    public static final String SEND_CONTENT_TYPE = "CamelOpenImSendContentType";
    @Metadata(label = "producer", description = "send: the ex field of the message (application data, not shown).",
              javaType = "String")
    public static final String EX = "CamelOpenImEx";
    @Metadata(label = "producer", description = "send: true sends the message to online users only (no history).",
              javaType = "Boolean")
    public static final String ONLINE_ONLY = "CamelOpenImOnlineOnly";
    @Metadata(label = "producer",
              description = "upload, send of a file or picture: the object's name (else CamelFileName, else a generated "
                            + "one).",
              javaType = "String")
    public static final String OBJECT_NAME = "CamelOpenImObjectName";
    @Metadata(description = "upload: the URL of the uploaded object (also the body). download: the URL or object name "
                            + "to download when the body holds none.",
              javaType = "String")
    public static final String OBJECT_URL = "CamelOpenImObjectUrl";

    private OpenImConstants() {
    }
}
