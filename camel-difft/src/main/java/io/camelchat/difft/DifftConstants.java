package io.camelchat.difft;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.spi.Metadata;

/** Header names of the Difft component: the normalized {@code CamelChat...} ones and Difft's own. */
public final class DifftConstants {

    public static final String PLATFORM = "difft";

    @Metadata(label = "consumer", description = "Always difft.", javaType = "String")
    public static final String CHAT_PLATFORM = ChatHeaders.PLATFORM;
    @Metadata(label = "consumer", description = "message for messages, recall for a RECALL, receipt for a RECEIPT "
                                                + "(routed only with receipts=true).",
              javaType = "String")
    public static final String CHAT_EVENT_TYPE = ChatHeaders.EVENT_TYPE;
    @Metadata(description = "Consumer: the message id, its refID (v1:timestamp:sender), the same on redelivery. "
                            + "Producer: the id send returned, refID#user:wuids or refID#group:groupId; read by "
                            + "recall.",
              javaType = "String")
    public static final String CHAT_MESSAGE_ID = ChatHeaders.MESSAGE_ID;
    @Metadata(description = "The conversation: the group id, or the peer's wuid in a direct conversation.",
              javaType = "String")
    public static final String CHAT_CONVERSATION_ID = ChatHeaders.CONVERSATION_ID;
    @Metadata(label = "consumer", description = "direct or group.", javaType = "String")
    public static final String CHAT_CONVERSATION_TYPE = ChatHeaders.CONVERSATION_TYPE;
    @Metadata(label = "consumer", description = "The sender's wuid (src).", javaType = "String")
    public static final String CHAT_SENDER_ID = ChatHeaders.SENDER_ID;
    @Metadata(label = "consumer", description = "The sender's display name, when the message carries it.",
              javaType = "String")
    public static final String CHAT_SENDER_NAME = ChatHeaders.SENDER_NAME;
    @Metadata(label = "consumer", description = "The message's timestamp, epoch milliseconds.", javaType = "Long")
    public static final String CHAT_TIMESTAMP = ChatHeaders.TIMESTAMP;
    @Metadata(label = "producer", description = "Target overriding the option to, written the same way: user:wuid "
                                                + "(several comma separated) or group:groupId; for directory also "
                                                + "email:address and members:groupId.",
              javaType = "String")
    public static final String CHAT_TO = ChatHeaders.TO;

    @Metadata(description = "Overrides the option operation.", javaType = "io.camelchat.difft.DifftOperation")
    public static final String OPERATION = "CamelDifftOperation";
    @Metadata(description = "Consumer: the refID of the message. Producer: the refID of the message send made "
                            + "(v1:timestamp:bot), which quotes name.",
              javaType = "String")
    public static final String REF_ID = "CamelDifftRefId";
    @Metadata(label = "consumer",
              description = "The message type: TEXT, CARD, FORWARD, RECALL or RECEIPT (receipts only with receipts=true).",
              javaType = "String")
    public static final String MESSAGE_TYPE = "CamelDifftMessageType";
    @Metadata(label = "consumer", description = "The group id, group messages.", javaType = "String")
    public static final String GROUP_ID = "CamelDifftGroupId";
    @Metadata(label = "consumer", description = "The sender's device id (srcDevice).", javaType = "Integer")
    public static final String SRC_DEVICE = "CamelDifftSrcDevice";
    @Metadata(label = "consumer", description = "Wuids the message mentions (msg.atPersons).",
              javaType = "java.util.List<String>")
    public static final String AT_PERSONS = "CamelDifftAtPersons";
    @Metadata(label = "consumer", description = "Whether the message mentions the bot (botId).", javaType = "Boolean")
    public static final String MENTIONED = "CamelDifftMentioned";
    @Metadata(label = "producer",
              description = "send: wuids to mention (msg.atPersons), a List or a comma separated String; the body "
                            + "should name them as at-sign followed by the display name.",
              javaType = "java.util.List<String>")
    public static final String MENTION = "CamelDifftMention";
    @Metadata(label = "producer", description = "send: the refID of the message to quote (v1:timestamp:sender), or a "
                                                + "message id send returned.",
              javaType = "String")
    public static final String QUOTE_REF_ID = "CamelDifftQuoteRefId";
    @Metadata(label = "producer", description = "send: the text of the quoted message, shown with the quote.",
              javaType = "String")
    public static final String QUOTE_TEXT = "CamelDifftQuoteText";
    @Metadata(label = "producer",
              description = "send: the id of the card (markdown sends); by default a new random one per message.",
              javaType = "String")
    public static final String CARD_ID = "CamelDifftCardId";
    @Metadata(label = "producer",
              description = "send: a forwarded object (as a received FORWARD message carries it, a Map, JsonNode or "
                            + "JSON String) sent as a FORWARD message.",
              javaType = "Object")
    public static final String FORWARDED = "CamelDifftForwarded";
    @Metadata(label = "producer",
              description = "send: the per-recipient errors of the answer (wuid, groupID, reason), when some "
                            + "recipients did not get the message.",
              javaType = "java.util.List<java.util.Map<String,Object>>")
    public static final String SEND_ERRORS = "CamelDifftSendErrors";
    @Metadata(label = "producer",
              description = "upload, send of an attachment: the file name (else CamelFileName, else file).",
              javaType = "String")
    public static final String FILE_NAME = "CamelDifftFileName";
    @Metadata(label = "producer",
              description = "upload, send of an attachment: the MIME type (else the attachment's, else guessed from the "
                            + "name, else application/octet-stream).",
              javaType = "String")
    public static final String CONTENT_TYPE = "CamelDifftContentType";
    @Metadata(label = "producer",
              description = "upload, authorize: the authorizeId of the new authorization. unauthorize: the "
                            + "authorizeIds to remove when the body names none.",
              javaType = "String")
    public static final String AUTHORIZE_ID = "CamelDifftAuthorizeId";

    @Metadata(label = "consumer", description = "RECALL: the id (refID) of the message taken back, "
                                                + "v1:timestamp:sender.",
              javaType = "String")
    public static final String RECALLED_MESSAGE_ID = "CamelDifftRecalledMessageId";
    @Metadata(label = "consumer", description = "The thread of the message (context.topic.id), when it has one.",
              javaType = "String")
    public static final String TOPIC_ID = "CamelDifftTopicId";

    private DifftConstants() {
    }
}
