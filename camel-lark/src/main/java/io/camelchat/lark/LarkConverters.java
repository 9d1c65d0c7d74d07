package io.camelchat.lark;

import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatMessage;
import io.camelchat.lark.api.LarkEvent;
import org.apache.camel.Converter;
import org.apache.camel.Exchange;

/** Type converters from Lark's events to the normalized {@link ChatMessage} and to text. */
@Converter(generateLoader = true)
public final class LarkConverters {

    private LarkConverters() {
    }

    /**
     * The normalized message. When the exchange came from a lark endpoint, attachments of a received message can be
     * {@link ChatAttachment#load() loaded}: the resource is downloaded through that endpoint when a producer needs it.
     */
    @Converter
    public static ChatMessage toChatMessage(LarkEvent event, Exchange exchange) {
        ChatMessage chat = LarkMessages.toChatMessage(event);
        if (exchange != null && exchange.getFromEndpoint() instanceof LarkEndpoint endpoint && event.isMessage()) {
            String messageId = event.messageId();
            for (ChatAttachment a : chat.getAttachments()) {
                if (a.getReference() != null && !a.hasData()) {
                    String type = a.getKind() == ChatAttachment.Kind.image ? "image" : "file";
                    a.setLoader(() -> endpoint.download(messageId, a.getReference(), type));
                }
            }
        }
        return chat;
    }

    /** A message's readable text; the JSON of any other event's object. */
    @Converter
    public static String toString(LarkEvent event) {
        return event.isMessage() ? event.plainText() : event.event().toString();
    }
}
