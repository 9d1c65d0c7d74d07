package io.camelchat.lark;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAsync;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatLookUp;
import io.camelchat.common.ChatMention;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.common.ChatProducer;
import io.camelchat.common.ChatTarget;
import io.camelchat.common.Json;
import io.camelchat.common.http.ChatHttpRequest;
import io.camelchat.common.http.ChatHttpResponse;
import io.camelchat.lark.api.LarkClient;
import io.camelchat.lark.api.LarkMessageRequest;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

/**
 * Sends, replies to, recalls, updates and edits messages, uploads and downloads files, looks up users and chats, and
 * calls any other Lark API. Every operation is asynchronous: no thread waits for Lark's answer (only an attachment's
 * own loader runs on the calling thread). Sends carry an idempotency key ({@code uuid}), so
 * Lark never delivers a retried send twice.
 */
public class LarkProducer extends ChatProducer<LarkOperation> {

    private static final Set<String> RECEIVE_ID_TYPES = Set.of("open_id", "user_id", "union_id", "email", "chat_id");

    private final LarkEndpoint endpoint;
    private final LarkConfiguration config;

    public LarkProducer(LarkEndpoint endpoint) {
        super(endpoint, LarkOperation.class, LarkConstants.OPERATION);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    protected LarkOperation configuredOperation() {
        return config.getOperation();
    }

    @Override
    protected LarkOperation defaultOperation() {
        return switch (endpoint.getKind()) {
            case media -> LarkOperation.upload;
            case directory -> LarkOperation.getUser;
            default -> LarkOperation.send;
        };
    }

    @Override
    protected Set<LarkOperation> allowedOperations() {
        return switch (endpoint.getKind()) {
            case message -> Set.of(LarkOperation.send, LarkOperation.reply, LarkOperation.recall, LarkOperation.update,
                    LarkOperation.edit, LarkOperation.call);
            case media -> Set.of(LarkOperation.upload, LarkOperation.download, LarkOperation.call);
            case directory -> Set.of(LarkOperation.getUser, LarkOperation.getUserByEmail, LarkOperation.getUserByMobile,
                    LarkOperation.listChats, LarkOperation.call);
            default -> Set.of();
        };
    }

    /** Every operation goes out asynchronously. */
    @Override
    protected CompletionStage<Void> handleAsync(Exchange exchange, LarkOperation op) throws Exception {
        return switch (op) {
            case send -> send(exchange, null);
            case reply -> reply(exchange);
            case recall -> recall(exchange);
            case update -> update(exchange);
            case edit -> edit(exchange);
            case upload -> upload(exchange);
            case download -> download(exchange);
            case getUser, getUserByEmail, getUserByMobile, listChats -> lookUp(exchange, op);
            case call -> call(exchange);
            default -> throw new IllegalArgumentException("Unsupported operation " + op);
        };
    }

    @Override
    protected void handle(Exchange exchange, LarkOperation op) throws Exception {
        await(handleAsync(exchange, op));
    }

    private LarkClient client() {
        return endpoint.requireClient("call Lark");
    }

    private ChatTarget target(Exchange exchange) {
        String to = header(exchange, ChatHeaders.TO, String.class);
        ChatTarget target = ChatTarget.parse(to != null && !to.isBlank() ? to : config.getTo());
        if (!RECEIVE_ID_TYPES.contains(target.kind())) {
            throw new IllegalArgumentException("Lark sends to chat_id:, open_id:, user_id:, union_id: or email:, not '"
                                               + target.kind() + ":'");
        }
        return target;
    }

    // ------------------------------------------------------------------ send and reply

    /**
     * Sends to the target, or as replies to {@code replyTo} when it is set: the messages one after the other, each
     * call asynchronous, after the messages were built (uploads of attachments, asynchronous too).
     */
    private CompletableFuture<Void> send(Exchange exchange, String replyTo) throws Exception {
        ChatTarget target = replyTo == null ? target(exchange) : null;
        if (target != null && target.ids().size() != 1) {
            throw new IllegalArgumentException("Lark sends to one receiver at a time: " + target);
        }
        String key = header(exchange, LarkConstants.UUID, String.class);
        if (key == null) {
            // the same for every redelivery of this exchange to this target, so Lark never posts it twice
            key = UUID.nameUUIDFromBytes((exchange.getExchangeId() + "|" + endpoint.getEndpointUri() + "|"
                                          + (target != null ? target : "reply:" + replyTo))
                    .getBytes(StandardCharsets.UTF_8)).toString();
        } else if (key.length() > 46) {
            throw new IllegalArgumentException(LarkConstants.UUID + " may have at most 46 characters (Lark allows 50, "
                                               + "and several messages of one send get a suffix)");
        }
        String uuidKey = key;
        return requests(exchange).thenCompose(requests -> send(exchange, replyTo, target, uuidKey, requests));
    }

    private CompletableFuture<Void> send(Exchange exchange, String replyTo, ChatTarget target, String key,
                                         List<LarkMessageRequest> requests) {
        List<String> ids = new ArrayList<>();
        JsonNode[] last = new JsonNode[1];
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < requests.size(); i++) {
            LarkMessageRequest r = requests.get(i);
            String uuid = requests.size() == 1 ? key : key + "-" + i;
            chain = chain.thenCompose(ignored -> replyTo != null
                    ? client().replyAsync(replyTo, r.msgType(), r.contentJson(), config.isReplyInThread(), uuid)
                    : client().sendAsync(target.kind(), target.singleId(), r.msgType(), r.contentJson(), uuid))
                    .thenAccept(answer -> {
                        last[0] = answer.path("data");
                        String id = Json.text(last[0], "message_id");
                        if (id == null) {
                            throw new ChatApiException(LarkConstants.PLATFORM, "send", 200, null,
                                    "answer holds no message_id", null);
                        }
                        ids.add(id);
                    });
        }
        return chain.thenRun(() -> {
            Message m = exchange.getMessage();
            m.setBody(last[0]);
            m.setHeader(ChatHeaders.MESSAGE_ID, ids.get(0));
            m.setHeader(LarkConstants.MESSAGE_IDS, ids);
            m.setHeader(LarkConstants.RESPONSE_CODE, 0);
        });
    }

    private CompletableFuture<Void> reply(Exchange exchange) throws Exception {
        String platform = header(exchange, ChatHeaders.PLATFORM, String.class);
        String messageId = header(exchange, LarkConstants.OPEN_MESSAGE_ID, String.class);
        if (messageId == null) {
            messageId = header(exchange, ChatHeaders.MESSAGE_ID, String.class);
        }
        if (messageId != null && !messageId.startsWith("om_")) {
            throw new IllegalArgumentException(
                    "reply needs the id of a Lark message (om_...), not '" + messageId + "'");
        }
        if (platform != null && !LarkConstants.PLATFORM.equals(platform) || messageId == null) {
            // not a Lark message to answer: a normal send to the target
            return send(exchange, null);
        }
        return send(exchange, messageId);
    }

    /**
     * The body as Lark messages: a native request as is, a String or ChatMessage turned into one or more; a file or
     * bytes become a ChatMessage with one attachment ({@link io.camelchat.common.ChatFileConverters}), sent as an
     * image or a file message.
     */
    private CompletableFuture<List<LarkMessageRequest>> requests(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        String msgType = header(exchange, LarkConstants.MSG_TYPE, String.class);
        if (body instanceof LarkMessageRequest r) {
            return CompletableFuture.completedFuture(List.of(r));
        }
        if (msgType != null && (body instanceof Map<?, ?> || body instanceof JsonNode || body instanceof String)) {
            return CompletableFuture.completedFuture(List.of(new LarkMessageRequest(msgType, body)));
        }
        if (body instanceof Map<?, ?> || body instanceof JsonNode) {
            return CompletableFuture.completedFuture(List.of(LarkMessageRequest.card(body)));
        }
        if (body instanceof String s) {
            if (s.isBlank()) {
                throw new InvalidPayloadException(exchange, String.class);
            }
            return CompletableFuture.completedFuture(List.of("markdown".equalsIgnoreCase(config.getFormat())
                    ? LarkMessageRequest.markdown(config.getTitle(), s) : LarkMessageRequest.text(s)));
        }
        ChatMessage message = in.getMandatoryBody(ChatMessage.class);
        if (message.isEmpty()) {
            throw new IllegalArgumentException("The message has no text, markdown or attachment to send");
        }
        List<LarkMessageRequest> out = new ArrayList<>();
        String mentions = mentionTags(message);
        if (message.getMarkdown() != null && !message.getMarkdown().isEmpty()) {
            out.add(LarkMessageRequest.markdown(message.getTitle() != null ? message.getTitle() : config.getTitle(),
                    mentions + message.getMarkdown()));
        } else if (message.getText() != null && !message.getText().isEmpty()) {
            out.add("markdown".equalsIgnoreCase(config.getFormat())
                    ? LarkMessageRequest.markdown(message.getTitle() != null ? message.getTitle() : config.getTitle(),
                            mentions + message.getText())
                    : LarkMessageRequest.text(mentions + message.getText()));
        }
        // attachments one after the other, each downloaded (when needed) and uploaded asynchronously
        return ChatAsync.forEach(message.getAttachments(), a -> attachmentRequest(message, a).thenAccept(out::add))
                .thenApply(done -> out);
    }

    /** {@code <at>} tags for the mentions of a message from Lark (other platforms' ids mean nothing here). */
    private static String mentionTags(ChatMessage message) {
        if (message.getPlatform() != null && !LarkConstants.PLATFORM.equals(message.getPlatform())) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (message.isMentionAll()) {
            sb.append("<at user_id=\"all\">everyone</at> ");
        }
        for (ChatMention m : message.getMentions()) {
            sb.append("<at user_id=\"").append(xml(m.id())).append("\">").append(m.name() != null ? xml(m.name()) : "")
                    .append("</at> ");
        }
        return sb.toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private CompletableFuture<LarkMessageRequest> attachmentRequest(ChatMessage message, ChatAttachment a) {
        byte[] loaded = a.load();
        if (loaded == null && a.getReference() != null && LarkConstants.PLATFORM.equals(message.getPlatform())) {
            // a key received on Lark: Lark accepts it as is when the bot can see it
            return CompletableFuture.completedFuture(a.getKind() == ChatAttachment.Kind.image
                    ? LarkMessageRequest.image(a.getReference()) : LarkMessageRequest.file(a.getReference()));
        }
        CompletableFuture<byte[]> data = loaded == null && a.getUrl() != null
                ? client().http().executeAsync(ChatHttpRequest.get(a.getUrl())).thenApply(ChatHttpResponse::body)
                : CompletableFuture.completedFuture(loaded);
        return data.thenCompose(bytes -> {
            if (bytes == null) {
                throw new IllegalArgumentException("Attachment " + a + " has neither data nor a URL Lark could use");
            }
            String name = a.getName() != null ? a.getName()
                    : a.getKind() == ChatAttachment.Kind.image ? "image.png" : "file.bin";
            if (a.getKind() == ChatAttachment.Kind.image) {
                return client().uploadImage(name, a.getContentType(), bytes).thenApply(LarkMessageRequest::image);
            }
            return client().uploadFile(name, fileType(name), bytes).thenApply(LarkMessageRequest::file);
        });
    }

    /** Lark's file_type for a file name: opus, mp4, pdf, doc, xls, ppt, else stream. */
    static String fileType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        String ext = n.lastIndexOf('.') < 0 ? "" : n.substring(n.lastIndexOf('.') + 1);
        return switch (ext) {
            case "opus" -> "opus";
            case "mp4" -> "mp4";
            case "pdf" -> "pdf";
            case "doc", "docx" -> "doc";
            case "xls", "xlsx" -> "xls";
            case "ppt", "pptx" -> "ppt";
            default -> "stream";
        };
    }

    // ------------------------------------------------------------------ recall, update, edit

    private String messageId(Exchange exchange, boolean bodyIsTheId) {
        Message in = exchange.getMessage();
        String id = header(exchange, ChatHeaders.MESSAGE_ID, String.class);
        if (id == null && bodyIsTheId && in.getBody() instanceof String s && !s.isBlank()) {
            id = s.trim();
        }
        if (id == null && bodyIsTheId && in.getBody() instanceof JsonNode n) {
            id = Json.text(n, "message_id");
        }
        if (id == null) {
            throw new IllegalArgumentException(
                    "This operation needs the message id (om_...) in header " + ChatHeaders.MESSAGE_ID
                                               + (bodyIsTheId ? " or as the body" : ""));
        }
        return id;
    }

    private CompletableFuture<Void> recall(Exchange exchange) {
        return client().recall(messageId(exchange, true))
                .thenAccept(answer -> exchange.getMessage().setBody(answer.path("data")));
    }

    private CompletableFuture<Void> update(Exchange exchange) throws Exception {
        String id = messageId(exchange, false);
        Object body = exchange.getMessage().getBody();
        String card = body instanceof LarkMessageRequest r ? r.contentJson()
                : body instanceof String s ? s : Json.write(exchange.getMessage().getMandatoryBody(Object.class));
        return client().updateCard(id, card)
                .thenAccept(answer -> exchange.getMessage().setBody(answer.path("data")));
    }

    private CompletableFuture<Void> edit(Exchange exchange) throws Exception {
        String id = messageId(exchange, false);
        return requests(exchange).thenCompose(requests -> {
            if (requests.size() != 1) {
                throw new IllegalArgumentException("edit replaces one text or post message");
            }
            LarkMessageRequest r = requests.get(0);
            return client().edit(id, r.msgType(), r.contentJson());
        }).thenAccept(answer -> exchange.getMessage().setBody(answer.path("data")));
    }

    // ------------------------------------------------------------------ media

    private CompletableFuture<Void> upload(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        String name = header(exchange, LarkConstants.FILE_NAME, String.class);
        if (name == null) {
            name = header(exchange, Exchange.FILE_NAME_ONLY, String.class);
        }
        String contentType = header(exchange, Exchange.CONTENT_TYPE, String.class);
        ChatAttachment.Kind kind = null;
        byte[] data;
        if (body instanceof ChatAttachment a) {
            if (!a.isLoadable()) {
                throw new IllegalArgumentException("upload needs the attachment's data");
            }
            data = a.load();
            name = name != null ? name : a.getName();
            contentType = contentType != null ? contentType : a.getContentType();
            kind = a.getKind();
        } else if (body instanceof InputStream is) {
            data = is.readAllBytes();
        } else {
            data = in.getMandatoryBody(byte[].class);
        }
        if (data.length == 0) {
            throw new IllegalArgumentException("upload needs a non-empty body");
        }
        String type = resourceType(in, kind, contentType);
        if (name == null) {
            name = type.equals("image") ? "image.png" : "file.bin";
        }
        CompletableFuture<String> upload = type.equals("image") ? client().uploadImage(name, contentType, data)
                : client().uploadFile(name, fileType(name), data);
        return upload.thenAccept(key -> {
            in.setHeader(LarkConstants.FILE_KEY, key);
            in.setBody(Json.MAPPER.createObjectNode().put(type.equals("image") ? "image_key" : "file_key", key));
        });
    }

    private String resourceType(Message in, ChatAttachment.Kind kind, String contentType) {
        String header = header(in.getExchange(), LarkConstants.RESOURCE_TYPE, String.class);
        if (header != null && !header.isBlank()) {
            return header;
        }
        if (kind == null && config.getMediaType() != null) {
            return config.getMediaType();
        }
        ChatAttachment.Kind k = kind != null ? kind : ChatAttachment.Kind.fromContentType(contentType);
        return k == ChatAttachment.Kind.image ? "image" : "file";
    }

    private CompletableFuture<Void> download(Exchange exchange) {
        Message in = exchange.getMessage();
        String key = header(exchange, LarkConstants.FILE_KEY, String.class);
        String type = header(exchange, LarkConstants.RESOURCE_TYPE, String.class);
        Object body = in.getBody();
        if (key == null && body instanceof ChatAttachment a) {
            key = a.getReference();
            type = type != null ? type : a.getKind() == ChatAttachment.Kind.image ? "image" : "file";
        }
        if (key == null && body instanceof String s && !s.isBlank()) {
            key = s.trim();
        }
        if (key == null) {
            throw new IllegalArgumentException("download needs the resource key: header " + LarkConstants.FILE_KEY
                                               + ", a String body or a ChatAttachment");
        }
        if (type == null) {
            type = config.getMediaType() != null ? config.getMediaType() : key.startsWith("img_") ? "image" : "file";
        }
        String messageId = header(exchange, ChatHeaders.MESSAGE_ID, String.class);
        if (messageId == null) {
            throw new IllegalArgumentException(
                    "download needs the id of the message that carries the resource, in header "
                                               + ChatHeaders.MESSAGE_ID);
        }
        return client().downloadResourceAsync(messageId, key, type).thenAccept(file -> {
            in.setBody(file.body());
            if (file.header("content-type") != null) {
                in.setHeader(Exchange.CONTENT_TYPE, file.header("content-type"));
            }
            String disposition = file.header("content-disposition");
            if (disposition != null && disposition.contains("filename=")) {
                in.setHeader(LarkConstants.FILE_NAME,
                        disposition.substring(disposition.indexOf("filename=") + 9).replace("\"", "").trim());
            }
        });
    }

    // ------------------------------------------------------------------ directory

    /** The target kinds each look-up reads; a kind picks the first operation reading it when none was chosen. */
    private static final Map<LarkOperation, Set<String>> LOOK_UP_KINDS = new LinkedHashMap<>();

    static {
        LOOK_UP_KINDS.put(LarkOperation.getUser, Set.of("open_id", "user_id", "union_id"));
        LOOK_UP_KINDS.put(LarkOperation.getUserByEmail, Set.of("email"));
        LOOK_UP_KINDS.put(LarkOperation.getUserByMobile, Set.of("mobile"));
    }

    private CompletableFuture<Void> lookUp(Exchange exchange, LarkOperation chosenOrDefault) {
        Message in = exchange.getMessage();
        if (chosenOrDefault == LarkOperation.listChats) {
            return client().listChats().thenAccept(in::setBody);
        }
        ChatTarget target = lookUpTarget(exchange);
        boolean chosen = header(exchange, LarkConstants.OPERATION, Object.class) != null
                || config.getOperation() != null;
        LarkOperation op = ChatLookUp.operation(chosenOrDefault, chosen, target, LOOK_UP_KINDS);
        String id = target.singleId();
        CompletableFuture<JsonNode> user = switch (op) {
            case getUser -> client().getUser(target.kind() == null ? "open_id" : target.kind(), id);
            case getUserByEmail, getUserByMobile -> {
                boolean email = op == LarkOperation.getUserByEmail;
                yield client().findUserId(email ? id : null, email ? null : id).thenCompose(openId -> {
                    if (openId == null) {
                        throw new ChatNotFoundException(LarkConstants.PLATFORM, op.name(), 200, null,
                                "no user with that " + (email ? "email" : "mobile number") + " is visible to the app",
                                null);
                    }
                    return client().getUser("open_id", openId);
                });
            }
            default -> throw new IllegalArgumentException("Unsupported operation " + op);
        };
        return user.thenAccept(in::setBody);
    }

    /** The target of a look-up: {@code kind:id}, or a bare id (kind null) from the body or a {@code to} without kind. */
    private ChatTarget lookUpTarget(Exchange exchange) {
        String to = header(exchange, ChatHeaders.TO, String.class);
        if (to == null && exchange.getMessage().getBody() instanceof String s && !s.isBlank()) {
            return ChatTarget.of(null, ChatTarget.restorePlus(s));
        }
        if (to == null) {
            to = config.getTo();
        }
        if (to == null) {
            throw new IllegalArgumentException("The look-up needs an id: option 'to', header " + ChatHeaders.TO
                                               + " or a String body");
        }
        return to.indexOf(':') > 0 ? ChatTarget.parse(to) : ChatTarget.of(null, ChatTarget.restorePlus(to));
    }

    // ------------------------------------------------------------------ any other API

    @SuppressWarnings("unchecked")
    private CompletableFuture<Void> call(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String path = header(exchange, LarkConstants.HTTP_PATH, String.class);
        if (path == null || !path.startsWith("/open-apis/")) {
            throw new IllegalArgumentException("call needs header " + LarkConstants.HTTP_PATH + " with a path starting "
                                               + "with /open-apis/");
        }
        Object body = in.getBody();
        Object json = body == null ? null : body instanceof String s ? (s.isBlank() ? null : Json.read(s)) : body;
        String method = header(exchange, LarkConstants.HTTP_METHOD, String.class);
        if (method == null) {
            method = json == null ? "GET" : "POST";
        }
        Map<String, Object> query = header(exchange, LarkConstants.HTTP_QUERY, Map.class);
        boolean idempotent = !"POST".equalsIgnoreCase(method) && !"PATCH".equalsIgnoreCase(method);
        return client().callAsync(method.toUpperCase(Locale.ROOT), path,
                query == null ? new LinkedHashMap<>() : query, json, idempotent).thenAccept(answer -> {
                    in.setBody(answer);
                    in.setHeader(LarkConstants.RESPONSE_CODE, answer.path("code").asInt(0));
                });
    }
}
