package io.camelchat.difft;

import io.camelchat.common.ChatMessage;
import io.camelchat.difft.api.DifftAttachment;
import org.apache.camel.Converter;

/**
 * Type converters of the Difft component. The inbound message model and its {@code toChatMessage(<inbound>, Exchange)}
 * converter belong to the consumers.
 */
@Converter(generateLoader = true)
public final class DifftConverters {

    private DifftConverters() {
    }

    /** An attachment descriptor as a message carrying it (its reference is the descriptor's JSON). */
    @Converter
    public static ChatMessage toChatMessage(DifftAttachment attachment) {
        ChatMessage m = new ChatMessage();
        m.addAttachment(DifftMessages.chatAttachment(attachment));
        return m;
    }
}
