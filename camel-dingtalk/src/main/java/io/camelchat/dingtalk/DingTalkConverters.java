package io.camelchat.dingtalk;

import io.camelchat.common.ChatMessage;
import io.camelchat.common.Json;
import io.camelchat.dingtalk.api.DingTalkCardCallback;
import io.camelchat.dingtalk.api.DingTalkEvent;
import io.camelchat.dingtalk.api.DingTalkRobotMessage;
import org.apache.camel.Converter;

/** Type converters from DingTalk's events to the normalized {@link ChatMessage} and to text. */
@Converter(generateLoader = true)
public final class DingTalkConverters {

    private DingTalkConverters() {
    }

    @Converter
    public static ChatMessage toChatMessage(DingTalkRobotMessage message) {
        return DingTalkMessages.toChatMessage(message);
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
