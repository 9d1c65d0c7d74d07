package io.camelchat.symphony;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatMention;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.Json;
import io.camelchat.symphony.api.SymphonyEvent;
import org.apache.camel.Converter;
import org.apache.camel.Exchange;

/** Type converters from Symphony's events to the normalized {@link ChatMessage} and to text. */
@Converter(generateLoader = true)
public final class SymphonyConverters {

    private SymphonyConverters() {
    }

    /**
     * The normalized message of a MESSAGESENT or SHAREDPOST event (a share: its comment as text, the shared post's
     * text as quoted text); other events: id, stream, initiator and time as in the headers, their type and payload as
     * text. When the exchange came from a symphony endpoint, attachments can be {@link ChatAttachment#load() loaded}
     * through it.
     */
    @Converter
    public static ChatMessage toChatMessage(SymphonyEvent event, Exchange exchange) {
        ChatMessage msg = new ChatMessage().setPlatform(SymphonyConstants.PLATFORM)
                .setId(SymphonyEventHeaders.messageId(event)).setConversationId(event.streamId())
                .setConversationType(SymphonyEventHeaders.conversationType(event))
                .setConversationName("ROOM".equals(event.streamType()) ? event.roomName() : null)
                .setTimestamp(event.timestamp());
        if (!event.hasMessage()) {
            Long initiator = event.initiatorId();
            return msg.setSenderId(initiator == null ? null : Long.toString(initiator))
                    .setSenderName(event.initiatorName())
                    .setText(event.isElementsAction() ? Json.write(event.formValues()) : event.payload().toString());
        }
        JsonNode user = event.message().path("user");
        Long senderId = SymphonyEvent.userId(user);
        msg.setSenderId(senderId == null ? null : Long.toString(senderId)).setSenderName(Json.text(user, "displayName"))
                .setText(event.text());
        if (event.isSharedPost()) {
            msg.setQuotedText(event.sharedText());
        }
        String parent = Json.text(event.message(), "parentMessageId");
        if (parent != null) {
            msg.setReplyToId(parent);
        }
        for (Long id : event.mentions()) {
            msg.addMention(ChatMention.of(Long.toString(id)));
        }
        SymphonyEndpoint endpoint = exchange != null && exchange.getFromEndpoint() instanceof SymphonyEndpoint e ? e
                : null;
        for (JsonNode a : event.attachments()) {
            String name = Json.text(a, "name");
            ChatAttachment attachment = ChatAttachment.reference(ChatAttachment.Kind.fromContentType(
                    name != null && name.matches("(?i).*\\.(png|jpe?g|gif|bmp|webp)$") ? "image/x" : null),
                    Json.text(a, "id"), name).setSize(a.path("size").asLong(-1));
            if (endpoint != null) {
                String streamId = event.streamId();
                String messageId = event.messageId();
                String fileId = Json.text(a, "id");
                attachment.setLoader(() -> endpoint.download(streamId, messageId, fileId));
            }
            msg.addAttachment(attachment);
        }
        return msg;
    }

    /**
     * A message's text (SHAREDPOST: the share's comment); an Elements submission's values as JSON; any other event's
     * payload as JSON.
     */
    @Converter
    public static String toString(SymphonyEvent event) {
        if (event.hasMessage()) {
            return event.text();
        }
        return event.isElementsAction() ? Json.write(event.formValues()) : event.payload().toString();
    }
}
