package io.camelchat.dingtalk;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.spi.Metadata;

/** Header names of the DingTalk component: the normalized {@code CamelChat...} ones and DingTalk's own. */
public final class DingTalkConstants {

    public static final String PLATFORM = "dingtalk";

    @Metadata(label = "consumer", description = "Always dingtalk.", javaType = "String")
    public static final String CHAT_PLATFORM = ChatHeaders.PLATFORM;
    @Metadata(label = "consumer",
              description = "message for robot messages, card for card callbacks, else the event type (e.g. user_add_org).",
              javaType = "String")
    public static final String CHAT_EVENT_TYPE = ChatHeaders.EVENT_TYPE;
    @Metadata(description = "Consumer: the stable id of the message (msgId) or event (eventId), the same on redelivery. "
                            + "Producer: the id send returned, which is all recall needs; also read by recall.",
              javaType = "String")
    public static final String CHAT_MESSAGE_ID = ChatHeaders.MESSAGE_ID;
    @Metadata(description = "The conversation id (conversationId, the openConversationId of a group). "
                            + "reply uses it when there is no session webhook.",
              javaType = "String")
    public static final String CHAT_CONVERSATION_ID = ChatHeaders.CONVERSATION_ID;
    @Metadata(description = "direct or group.", javaType = "String")
    public static final String CHAT_CONVERSATION_TYPE = ChatHeaders.CONVERSATION_TYPE;
    @Metadata(description = "The sender's user id in the organization (senderStaffId), else the encrypted senderId.",
              javaType = "String")
    public static final String CHAT_SENDER_ID = ChatHeaders.SENDER_ID;
    @Metadata(label = "consumer", description = "The sender's display name.", javaType = "String")
    public static final String CHAT_SENDER_NAME = ChatHeaders.SENDER_NAME;
    @Metadata(label = "consumer", description = "When the message or event was created, epoch milliseconds.",
              javaType = "Long")
    public static final String CHAT_TIMESTAMP = ChatHeaders.TIMESTAMP;
    @Metadata(label = "producer", description = "Target overriding the option to, written the same way: user:userId "
                                                + "(several comma separated), group:openConversationId, or "
                                                + "mobile:number for a directory look-up.",
              javaType = "String")
    public static final String CHAT_TO = ChatHeaders.TO;

    @Metadata(description = "The session webhook of the incoming robot message: reply posts to it while it is valid.",
              javaType = "String")
    public static final String SESSION_WEBHOOK = "CamelDingTalkSessionWebhook";
    @Metadata(description = "When the session webhook expires, epoch milliseconds.", javaType = "Long")
    public static final String SESSION_WEBHOOK_EXPIRES = "CamelDingTalkSessionWebhookExpires";
    @Metadata(label = "consumer", description = "The robot code of the incoming message. Producers send with their own "
                                                + "option robotCode, so a bridge between two apps sends as the second.",
              javaType = "String")
    public static final String ROBOT_CODE = "CamelDingTalkRobotCode";
    @Metadata(label = "consumer", description = "The group's title.", javaType = "String")
    public static final String CONVERSATION_TITLE = "CamelDingTalkConversationTitle";
    @Metadata(label = "consumer", description = "User ids (staffId, else dingtalkId) mentioned in the message.",
              javaType = "java.util.List<String>")
    public static final String AT_USERS = "CamelDingTalkAtUsers";
    @Metadata(label = "consumer", description = "Whether the message mentioned the robot.", javaType = "Boolean")
    public static final String IN_AT_LIST = "CamelDingTalkInAtList";
    @Metadata(label = "consumer", description = "The message type: text, picture, richText, file, audio, video, ...",
              javaType = "String")
    public static final String MESSAGE_TYPE = "CamelDingTalkMessageType";
    @Metadata(label = "consumer", description = "The sender's or the event's corp id.", javaType = "String")
    public static final String CORP_ID = "CamelDingTalkCorpId";
    @Metadata(label = "consumer",
              description = "Stream frame topic, e.g. /v1.0/im/bot/messages/get, or a single star for events.",
              javaType = "String")
    public static final String TOPIC = "CamelDingTalkTopic";
    @Metadata(label = "consumer", description = "The Stream frame's messageId (what the acknowledgement echoes).",
              javaType = "String")
    public static final String STREAM_MESSAGE_ID = "CamelDingTalkStreamMessageId";
    @Metadata(label = "producer", description = "Overrides the option operation.",
              javaType = "io.camelchat.dingtalk.DingTalkOperation")
    public static final String OPERATION = "CamelDingTalkOperation";
    @Metadata(label = "producer", description = "All message ids a send produced (text and each attachment).",
              javaType = "java.util.List<String>")
    public static final String MESSAGE_IDS = "CamelDingTalkMessageIds";
    @Metadata(label = "producer", description = "User ids DingTalk did not know (invalidStaffIdList) in a 1:1 send.",
              javaType = "java.util.List<String>")
    public static final String INVALID_USER_IDS = "CamelDingTalkInvalidUserIds";
    @Metadata(label = "producer",
              description = "User ids that did not get the message because of DingTalk's flow control (flowControlledStaffIdList).",
              javaType = "java.util.List<String>")
    public static final String FLOW_CONTROLLED_USER_IDS = "CamelDingTalkFlowControlledUserIds";
    @Metadata(label = "producer",
              description = "media upload: image, voice, video or file; overrides the option mediaType.",
              javaType = "String")
    public static final String MEDIA_TYPE = "CamelDingTalkMediaType";
    @Metadata(label = "producer", description = "media upload: the file name; download: the name DingTalk gave.",
              javaType = "String")
    public static final String FILE_NAME = "CamelDingTalkFileName";
    @Metadata(label = "producer", description = "media upload: the media id DingTalk returned.", javaType = "String")
    public static final String MEDIA_ID = "CamelDingTalkMediaId";
    @Metadata(label = "producer", description = "media download: the download code (else the body).",
              javaType = "String")
    public static final String DOWNLOAD_CODE = "CamelDingTalkDownloadCode";

    private DingTalkConstants() {
    }
}
