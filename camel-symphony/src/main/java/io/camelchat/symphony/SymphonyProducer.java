package io.camelchat.symphony;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatAsync;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatLookUp;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.ChatProducer;
import io.camelchat.common.ChatTarget;
import io.camelchat.common.Json;
import io.camelchat.symphony.api.SymphonyClient;
import io.camelchat.symphony.api.SymphonyIds;
import io.camelchat.symphony.api.SymphonyMessageMl;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Sends, updates, suppresses and reads messages, downloads attachments, and looks up users and rooms. Every
 * operation is asynchronous (no thread waits for the pod's or the agent's answer, nor for finding the IM of a
 * {@code user:} or {@code email:} target); a send's attachments are loaded on the calling thread. A String body is
 * text, escaped into MessageML; a body that is MessageML is sent as is.
 */
public class SymphonyProducer extends ChatProducer<SymphonyOperation> {

    private final SymphonyEndpoint endpoint;
    private final SymphonyConfiguration config;

    public SymphonyProducer(SymphonyEndpoint endpoint) {
        super(endpoint, SymphonyOperation.class, SymphonyConstants.OPERATION);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    protected SymphonyOperation configuredOperation() {
        return config.getOperation();
    }

    @Override
    protected SymphonyOperation defaultOperation() {
        return switch (endpoint.getKind()) {
            case media -> SymphonyOperation.download;
            case directory -> SymphonyOperation.getUser;
            default -> SymphonyOperation.send;
        };
    }

    @Override
    protected Set<SymphonyOperation> allowedOperations() {
        return switch (endpoint.getKind()) {
            case message -> Set.of(SymphonyOperation.send, SymphonyOperation.update, SymphonyOperation.suppress,
                    SymphonyOperation.get);
            case media -> Set.of(SymphonyOperation.download);
            case directory -> Set.of(SymphonyOperation.getUser, SymphonyOperation.getUserByEmail,
                    SymphonyOperation.getUserByUsername, SymphonyOperation.getRoom);
            default -> Set.of();
        };
    }

    /** Every operation goes out asynchronously. */
    @Override
    protected CompletionStage<Void> handleAsync(Exchange exchange, SymphonyOperation op) throws Exception {
        return switch (op) {
            case send -> send(exchange);
            case update -> update(exchange);
            case suppress -> client().suppress(messageId(exchange)).thenAccept(exchange.getMessage()::setBody);
            case get -> client().getMessage(messageId(exchange)).thenAccept(exchange.getMessage()::setBody);
            case download -> download(exchange);
            case getUser, getUserByEmail, getUserByUsername, getRoom -> lookUp(exchange, op);
            default -> throw new IllegalArgumentException("Unsupported operation " + op);
        };
    }

    @Override
    protected void handle(Exchange exchange, SymphonyOperation op) throws Exception {
        await(handleAsync(exchange, op));
    }

    private SymphonyClient client() {
        return endpoint.requireClient("call Symphony");
    }

    /**
     * The stream to send to: a stream id as is, a user's or an email address's IM (created or reused), found
     * asynchronously (the email addresses one after the other).
     */
    private CompletableFuture<String> streamId(Exchange exchange) {
        String to = header(exchange, ChatHeaders.TO, String.class);
        ChatTarget target = ChatTarget.parse(to != null && !to.isBlank() ? to : config.getTo());
        return switch (target.kind().toLowerCase(Locale.ROOT)) {
            case "stream" -> CompletableFuture.completedFuture(SymphonyIds.toUrlSafe(target.singleId()));
            case "user" -> {
                List<Long> ids = new ArrayList<>();
                for (String id : target.ids()) {
                    try {
                        ids.add(Long.parseLong(id));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Symphony user ids are numbers, not '" + id + "'");
                    }
                }
                yield client().createIm(ids);
            }
            case "email" -> {
                List<Long> ids = new ArrayList<>();
                yield ChatAsync.forEach(target.ids(),
                        email -> client().user("email", email).thenAccept(user -> ids.add(user.path("id").asLong())))
                        .thenCompose(done -> client().createIm(ids));
            }
            default ->
                throw new IllegalArgumentException("Symphony sends to stream:<id>, user:<userId> or email:<address>, "
                                                   + "not '" + target.kind() + ":'");
        };
    }

    /**
     * Resolves the stream (an IM may be created), then sends; both without blocking. The message is built, and its
     * attachments loaded, on the calling thread.
     */
    private CompletableFuture<Void> send(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        CompletableFuture<String> stream = streamId(exchange);
        Object body = in.getBody();
        String messageMl;
        List<ChatAttachment> attachments = List.of();
        if (body instanceof String s) {
            if (s.isBlank()) {
                throw new IllegalArgumentException("Nothing to send: the body is empty");
            }
            messageMl = SymphonyMessageMl.isMessageMl(s) ? s : SymphonyMessageMl.fromText(s);
        } else {
            // a ChatMessage, or a file or bytes as a message with one attachment (ChatFileConverters)
            ChatMessage chat = in.getMandatoryBody(ChatMessage.class);
            if (chat.isEmpty()) {
                throw new IllegalArgumentException("The message has no text, markdown or attachment to send");
            }
            messageMl = SymphonyMessageMl.fromChatMessage(chat, SymphonyConstants.PLATFORM.equals(chat.getPlatform()));
            attachments = chat.getAttachments();
        }
        String ml = messageMl;
        List<ChatAttachment> files = attachments;
        String data = header(exchange, SymphonyConstants.DATA, String.class);
        return stream.thenCompose(streamId -> client().sendAsync(streamId, ml, data, files).thenAccept(sent -> {
            in.setBody(sent);
            in.setHeader(ChatHeaders.MESSAGE_ID, Json.text(sent, "messageId"));
            in.setHeader(ChatHeaders.CONVERSATION_ID, streamId);
        }));
    }

    private CompletableFuture<Void> update(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String messageId = messageId(exchange);
        String known = header(exchange, SymphonyConstants.STREAM_ID, String.class);
        if (known == null) {
            known = header(exchange, ChatHeaders.CONVERSATION_ID, String.class);
        }
        CompletableFuture<String> stream = known != null ? CompletableFuture.completedFuture(known)
                : streamId(exchange);
        String text = in.getMandatoryBody(String.class);
        String messageMl = SymphonyMessageMl.isMessageMl(text) ? text : SymphonyMessageMl.fromText(text);
        String data = header(exchange, SymphonyConstants.DATA, String.class);
        return stream.thenCompose(streamId -> client().update(streamId, messageId, messageMl, data))
                .thenAccept(updated -> {
                    in.setBody(updated);
                    in.setHeader(ChatHeaders.MESSAGE_ID, Json.text(updated, "messageId"));
                });
    }

    private String messageId(Exchange exchange) {
        String id = header(exchange, ChatHeaders.MESSAGE_ID, String.class);
        if (id == null && exchange.getMessage().getBody() instanceof String s && !s.isBlank()) {
            id = s.trim();
        }
        if (id == null) {
            throw new IllegalArgumentException(
                    "This operation needs the message id in header " + ChatHeaders.MESSAGE_ID);
        }
        return SymphonyIds.toUrlSafe(id);
    }

    private CompletableFuture<Void> download(Exchange exchange) {
        Message in = exchange.getMessage();
        String fileId = header(exchange, SymphonyConstants.ATTACHMENT_ID, String.class);
        if (fileId == null && in.getBody() instanceof ChatAttachment a) {
            fileId = a.getReference();
        }
        if (fileId == null && in.getBody() instanceof String s && !s.isBlank()) {
            fileId = s.trim();
        }
        String streamId = header(exchange, SymphonyConstants.STREAM_ID, String.class);
        if (streamId == null) {
            streamId = header(exchange, ChatHeaders.CONVERSATION_ID, String.class);
        }
        String messageId = header(exchange, ChatHeaders.MESSAGE_ID, String.class);
        if (fileId == null || streamId == null || messageId == null) {
            throw new IllegalArgumentException(
                    "download needs the attachment id (header " + SymphonyConstants.ATTACHMENT_ID
                                               + " or body), the stream (" + ChatHeaders.CONVERSATION_ID
                                               + ") and the message ("
                                               + ChatHeaders.MESSAGE_ID + ")");
        }
        return client().attachmentAsync(streamId, messageId, fileId).thenAccept(in::setBody);
    }

    /** The target kinds each look-up reads; a kind picks the first operation reading it when none was chosen. */
    private static final Map<SymphonyOperation, Set<String>> LOOK_UP_KINDS = new LinkedHashMap<>();

    static {
        LOOK_UP_KINDS.put(SymphonyOperation.getUser, Set.of("user"));
        LOOK_UP_KINDS.put(SymphonyOperation.getUserByEmail, Set.of("email"));
        LOOK_UP_KINDS.put(SymphonyOperation.getUserByUsername, Set.of("username"));
        LOOK_UP_KINDS.put(SymphonyOperation.getRoom, Set.of("stream"));
    }

    private CompletableFuture<Void> lookUp(Exchange exchange, SymphonyOperation chosenOrDefault) {
        Message in = exchange.getMessage();
        String to = header(exchange, ChatHeaders.TO, String.class);
        if (to == null && in.getBody() instanceof String s && !s.isBlank()) {
            to = s.trim();
        }
        if (to == null) {
            to = config.getTo();
        }
        if (to == null) {
            throw new IllegalArgumentException(chosenOrDefault + " needs an id: option 'to', header " + ChatHeaders.TO
                                               + " or a String body");
        }
        ChatTarget target = to.indexOf(':') > 0 ? ChatTarget.parse(to) : ChatTarget.of(null, to);
        boolean chosen = header(exchange, SymphonyConstants.OPERATION, Object.class) != null
                || config.getOperation() != null;
        SymphonyOperation op = ChatLookUp.operation(chosenOrDefault, chosen, target, LOOK_UP_KINDS);
        String value = target.singleId();
        CompletableFuture<JsonNode> found = switch (op) {
            case getUser -> client().user("uid", value);
            case getUserByEmail -> client().user("email", value);
            case getUserByUsername -> client().user("username", value);
            case getRoom -> client().roomInfo(value);
            default -> throw new IllegalArgumentException("Unsupported operation " + op);
        };
        return found.thenAccept(in::setBody);
    }
}
