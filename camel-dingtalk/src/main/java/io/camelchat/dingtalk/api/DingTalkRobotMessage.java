package io.camelchat.dingtalk.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A message sent to the robot (1:1, or @-mentioning it in a group), as DingTalk delivers it over Stream mode
 * (topic {@code /v1.0/im/bot/messages/get}) and over the outgoing-robot HTTP callback.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DingTalkRobotMessage(
        String msgId,
        String msgtype,
        Text text,
        Content content,
        String conversationId,
        String conversationType,
        String conversationTitle,
        String senderId,
        String senderStaffId,
        String senderNick,
        String senderCorpId,
        Boolean isAdmin,
        String chatbotUserId,
        String chatbotCorpId,
        String robotCode,
        Boolean isInAtList,
        List<AtUser> atUsers,
        String sessionWebhook,
        Long sessionWebhookExpiredTime,
        Long createAt) {

    /** Text of a {@code text} message. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Text(String content) {
    }

    /** A mentioned user: the encrypted DingTalk id and, for members of the robot's organization, the user id. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AtUser(String dingtalkId, String staffId) {
    }

    /** Content of non-text messages (picture, richText, file, audio, video). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Content(
            String downloadCode,
            String pictureDownloadCode,
            String fileName,
            String fileId,
            String spaceId,
            String duration,
            String recognition,
            String videoType,
            List<RichTextItem> richText) {
    }

    /** One item of a rich-text message: text, or a picture. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RichTextItem(String text, String type, String downloadCode, String pictureDownloadCode) {
    }

    /** Whether the message comes from a group. */
    public boolean isGroup() {
        return "2".equals(conversationType);
    }

    /** The sender's user id in the organization when known, else the encrypted DingTalk id. */
    public String senderUserId() {
        return senderStaffId != null && !senderStaffId.isEmpty() ? senderStaffId : senderId;
    }

    /**
     * The readable text: the text of a {@code text} message (leading blank left by the stripped mention removed), the
     * texts of a rich-text message, the speech recognition of audio, else an empty string.
     */
    public String plainText() {
        if (text != null && text.content() != null) {
            return text.content().strip();
        }
        if (content != null) {
            if (content.richText() != null) {
                StringBuilder sb = new StringBuilder();
                for (RichTextItem item : content.richText()) {
                    if (item.text() != null) {
                        sb.append(item.text());
                    }
                }
                return sb.toString().strip();
            }
            if (content.recognition() != null) {
                return content.recognition();
            }
        }
        return "";
    }
}
