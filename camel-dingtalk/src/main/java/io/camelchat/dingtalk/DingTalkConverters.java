package io.camelchat.dingtalk;

import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.Json;
import io.camelchat.dingtalk.api.DingTalkCardCallback;
import io.camelchat.dingtalk.api.DingTalkEvent;
import io.camelchat.dingtalk.api.DingTalkRobotMessage;
import org.apache.camel.Converter;
import org.apache.camel.Exchange;

/** Type converters from DingTalk's events to the normalized {@link ChatMessage} and to text. */
@Converter(generateLoader = true)
public final class DingTalkConverters {

    private DingTalkConverters() {
    }

    /**
     * The normalized message. When the exchange came from a dingtalk endpoint, its attachments can be
     * {@link io.camelchat.common.ChatAttachment#load() loaded}: the file is downloaded through that endpoint when a
     * producer needs its bytes.
     */
    @Converter
    public static ChatMessage toChatMessage(DingTalkRobotMessage message, Exchange exchange) {
        ChatMessage chat = DingTalkMessages.toChatMessage(message);
        if (exchange != null && exchange.getFromEndpoint() instanceof DingTalkEndpoint endpoint) {
            String robotCode = message.robotCode() != null ? message.robotCode()
                    : endpoint.getConfiguration().effectiveRobotCode();
            for (ChatAttachment a : chat.getAttachments()) {
                if (a.getReference() != null && !a.hasData()) {
                    a.setLoader(() -> endpoint.download(robotCode, a.getReference()));
                }
            }
        }
        return chat;
    }

    /** The message's readable text (empty for a picture or file without text). */
    @Converter
    public static String toString(DingTalkRobotMessage message) {
        return message.plainText();
    }

    /** The event's data as JSON. */
    @Converter
    public static String toString(DingTalkEvent event) {
        return Json.write(event.data());
    }

    /** The callback's submitted content as JSON text. */
    @Converter
    public static String toString(DingTalkCardCallback callback) {
        return callback.content() == null ? "" : callback.content();
    }
}
