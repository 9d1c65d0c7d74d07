package io.camelchat.dingtalk;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
import io.camelchat.common.ChatRateLimitException;
import io.camelchat.common.ChatTarget;
import io.camelchat.common.ConversationType;
import io.camelchat.common.Json;
import io.camelchat.common.http.ChatHttpResponse;
import io.camelchat.dingtalk.api.DingTalkClient;
import io.camelchat.dingtalk.api.DingTalkSendRequest;
import io.camelchat.dingtalk.api.DingTalkSendResult;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends, replies to and recalls robot messages, uploads and downloads files, and looks up users and groups. Every
 * operation is asynchronous: no thread waits for DingTalk's answer (only an attachment's own loader runs on the
 * calling thread). The exchange completes when DingTalk answered.
 */
public class DingTalkProducer extends ChatProducer<DingTalkOperation> {

    private static final Logger LOG = LoggerFactory.getLogger(DingTalkProducer.class);
    private static final int MAX_USERS_PER_SEND = 20;
    private static final long SESSION_WEBHOOK_MARGIN_MS = 5_000;

    private final DingTalkEndpoint endpoint;
    private final DingTalkConfiguration config;

    public DingTalkProducer(DingTalkEndpoint endpoint) {
        super(endpoint, DingTalkOperation.class, DingTalkConstants.OPERATION);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    protected DingTalkOperation configuredOperation() {
        return config.getOperation();
    }

    @Override
    protected DingTalkOperation defaultOperation() {
        return switch (endpoint.getKind()) {
            case media -> DingTalkOperation.upload;
            case directory -> DingTalkOperation.getUser;
            default -> DingTalkOperation.send;
        };
    }

    @Override
    protected Set<DingTalkOperation> allowedOperations() {
        return switch (endpoint.getKind()) {
            case message -> Set.of(DingTalkOperation.send, DingTalkOperation.reply, DingTalkOperation.recall);
            case media -> Set.of(DingTalkOperation.upload, DingTalkOperation.download);
            case directory ->
                Set.of(DingTalkOperation.getUser, DingTalkOperation.getUserByMobile, DingTalkOperation.getGroup,
                        DingTalkOperation.listGroupMembers);
            default -> Set.of();
        };
    }

    /** Every operation goes out asynchronously. */
    @Override
    protected CompletionStage<Void> handleAsync(Exchange exchange, DingTalkOperation op) throws Exception {
        return switch (op) {
            case send -> send(exchange, target(exchange));
            case reply -> reply(exchange);
            case recall -> recall(exchange);
            case upload -> upload(exchange);
            case download -> download(exchange);
            case getUser, getUserByMobile, getGroup, listGroupMembers -> lookUp(exchange, op);
            default -> throw new IllegalArgumentException("Unsupported operation " + op);
        };
    }

    @Override
    protected void handle(Exchange exchange, DingTalkOperation op) throws Exception {
        await(handleAsync(exchange, op));
    }

    private DingTalkClient client() {
        return endpoint.requireClient("call DingTalk");
    }

    /** The producer's own robot (the option), never the robot of an incoming message's headers. */
    private String robotCode() {
        return config.effectiveRobotCode();
    }

    private ChatTarget target(Exchange exchange) {
        String to = header(exchange, ChatHeaders.TO, String.class);
        return ChatTarget.parse(to != null && !to.isBlank() ? to : config.getTo());
    }

    // ------------------------------------------------------------------ send

    /** One robot call of a send: a message to a group, or to up to 20 of the users. */
    private record Call(DingTalkSendRequest request, List<String> users) {
    }

    /** Sends each message (to each chunk of users) in turn, each call asynchronous. */
    private CompletableFuture<Void> send(Exchange exchange, ChatTarget target) throws Exception {
        String kind = checkedKind(target);
        return requests(exchange).thenCompose(requests -> send(exchange, target, kind, requests));
    }

    /** The target's kind, user or group; any other fails the send. */
    private static String checkedKind(ChatTarget target) {
        String kind = target.kind().toLowerCase(Locale.ROOT);
        if (!kind.equals("user") && !kind.equals("group")) {
            throw new IllegalArgumentException(
                    "DingTalk sends to user:<userId>[,...] or group:<openConversationId>, not '"
                                               + target.kind() + ":'");
        }
        return kind;
    }

    private CompletableFuture<Void> send(Exchange exchange, ChatTarget target, String kind,
                                         List<DingTalkSendRequest> requests) {
        String robotCode = robotCode();
        List<Call> calls = new ArrayList<>();
        for (DingTalkSendRequest request : requests) {
            if (kind.equals("group")) {
                calls.add(new Call(request, null));
            } else {
                List<String> users = target.ids();
                for (int i = 0; i < users.size(); i += MAX_USERS_PER_SEND) {
                    calls.add(new Call(request, users.subList(i, Math.min(users.size(), i + MAX_USERS_PER_SEND))));
                }
            }
        }
        List<String> ids = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        List<String> flowControlled = new ArrayList<>();
        JsonNode[] last = new JsonNode[1];
        return ChatAsync.forEach(calls, call -> {
            DingTalkSendRequest request = call.request();
            if (call.users() == null) {
                return client().sendToGroup(robotCode, target.singleId(), request.msgKey(), request.msgParam())
                        .thenAccept(answer -> {
                            last[0] = answer;
                            ids.add("group:" + target.singleId() + ":" + requireKey(answer));
                        });
            }
            return client().sendToUsers(robotCode, call.users(), request.msgKey(), request.msgParam())
                    .thenAccept(answer -> {
                        last[0] = answer;
                        collect(answer.path("invalidStaffIdList"), invalid);
                        collect(answer.path("flowControlledStaffIdList"), flowControlled);
                        if (invalid.containsAll(call.users())) {
                            throw new ChatNotFoundException(DingTalkConstants.PLATFORM,
                                    "POST /v1.0/robot/oToMessages/batchSend",
                                    200, "invalidStaffIdList", "none of the users is known: " + call.users(), null);
                        }
                        ids.add("o2o:" + requireKey(answer));
                    });
        }).thenRun(() -> {
            if (!flowControlled.isEmpty()) {
                LOG.warn("DingTalk flow control kept the message from {} user(s)", flowControlled.size());
            }
            setResult(exchange,
                    new DingTalkSendResult(ids.isEmpty() ? null : ids.get(0), ids, invalid, flowControlled, last[0]));
        });
    }

    private static String requireKey(JsonNode answer) {
        String key = Json.text(answer, "processQueryKey");
        if (key == null || key.isEmpty()) {
            throw new ChatApiException(DingTalkConstants.PLATFORM, "send", 200, null, "answer holds no processQueryKey",
                    null);
        }
        return key;
    }

    private static void collect(JsonNode array, List<String> into) {
        if (array.isArray()) {
            array.forEach(n -> into.add(n.asText()));
        }
    }

    private static void setResult(Exchange exchange, DingTalkSendResult result) {
        Message m = exchange.getMessage();
        m.setBody(result);
        m.setHeader(ChatHeaders.MESSAGE_ID, result.messageId());
        m.setHeader(DingTalkConstants.MESSAGE_IDS, result.messageIds());
        if (!result.invalidUserIds().isEmpty()) {
            m.setHeader(DingTalkConstants.INVALID_USER_IDS, result.invalidUserIds());
        }
        if (!result.flowControlledUserIds().isEmpty()) {
            m.setHeader(DingTalkConstants.FLOW_CONTROLLED_USER_IDS, result.flowControlledUserIds());
        }
    }

    /**
     * The body as robot messages: a native request as is, a ChatMessage or text turned into one or more; a file or
     * bytes become a ChatMessage with one attachment ({@link io.camelchat.common.ChatFileConverters}), sent as a
     * picture or a file.
     */
    private CompletableFuture<List<DingTalkSendRequest>> requests(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        if (body instanceof DingTalkSendRequest r) {
            return CompletableFuture.completedFuture(List.of(r));
        }
        if (body instanceof String s) {
            if (s.isBlank()) {
                throw new InvalidPayloadException(exchange, String.class);
            }
            return CompletableFuture.completedFuture(List.of("markdown".equalsIgnoreCase(config.getFormat())
                    ? DingTalkSendRequest.markdown(config.getTitle(), s) : DingTalkSendRequest.text(s)));
        }
        ChatMessage message = exchange.getMessage().getMandatoryBody(ChatMessage.class);
        if (message.isEmpty()) {
            throw new IllegalArgumentException("The message has no text, markdown or attachment to send");
        }
        List<DingTalkSendRequest> out = new ArrayList<>();
        if (message.getMarkdown() != null && !message.getMarkdown().isEmpty()) {
            out.add(DingTalkSendRequest.markdown(message.getTitle() != null ? message.getTitle() : config.getTitle(),
                    message.getMarkdown()));
        } else if (message.getText() != null && !message.getText().isEmpty()) {
            if ("markdown".equalsIgnoreCase(config.getFormat())) {
                out.add(DingTalkSendRequest.markdown(
                        message.getTitle() != null ? message.getTitle() : config.getTitle(),
                        message.getText()));
            } else {
                out.add(DingTalkSendRequest.text(message.getText()));
            }
        }
        // attachments one after the other, each downloaded (when needed) and uploaded asynchronously
        return ChatAsync.forEach(message.getAttachments(), a -> attachmentRequest(message, a).thenAccept(out::add))
                .thenApply(done -> out);
    }

    private CompletableFuture<DingTalkSendRequest> attachmentRequest(ChatMessage message, ChatAttachment a) {
        byte[] loaded = a.load();
        CompletableFuture<byte[]> data;
        if (loaded == null && a.getReference() != null && DingTalkConstants.PLATFORM.equals(message.getPlatform())) {
            // a file received on DingTalk: fetch it so it can be sent again
            data = client().downloadUrlAsync(robotCode(), a.getReference()).thenCompose(client()::fetchAsync)
                    .thenApply(ChatHttpResponse::body);
        } else if (loaded == null && a.getUrl() != null) {
            if (a.getKind() == ChatAttachment.Kind.image) {
                return CompletableFuture.completedFuture(DingTalkSendRequest.image(a.getUrl()));
            }
            data = client().fetchAsync(a.getUrl()).thenApply(ChatHttpResponse::body);
        } else {
            data = CompletableFuture.completedFuture(loaded);
        }
        return data.thenCompose(bytes -> {
            if (bytes == null) {
                throw new IllegalArgumentException(
                        "Attachment " + a + " has neither data nor a URL DingTalk could use");
            }
            String type = mediaType(null, a.getKind(), a.getContentType());
            String name = a.getName() != null ? a.getName()
                    : (a.getKind() == ChatAttachment.Kind.image ? "image.png" : "file.bin");
            return client().uploadMedia(type, name, a.getContentType(), bytes).thenApply(uploaded -> {
                String mediaId = Json.text(uploaded, "media_id");
                if (type.equals("image")) {
                    return DingTalkSendRequest.image(mediaId);
                }
                return DingTalkSendRequest.file(mediaId, name, extension(name));
            });
        });
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 || dot == name.length() - 1 ? "file" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ reply

    /**
     * Replies through the message's session webhook, or else sends to the conversation the message came from; both
     * asynchronously.
     */
    private CompletableFuture<Void> reply(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String webhook = header(exchange, DingTalkConstants.SESSION_WEBHOOK, String.class);
        Long expires = header(exchange, DingTalkConstants.SESSION_WEBHOOK_EXPIRES, Long.class);
        boolean webhookUsable = webhook != null && !webhook.isBlank()
                && (expires == null || expires > System.currentTimeMillis() + SESSION_WEBHOOK_MARGIN_MS);
        List<String> mentions = mentions(in.getBody());
        return requests(exchange).thenCompose(requests -> {
            if (!webhookUsable || !requests.stream().allMatch(r -> sessionBody(r, List.of()) != null)) {
                return sendReply(exchange, requests);
            }
            JsonNode[] last = new JsonNode[1];
            return ChatAsync.forEach(requests, r -> client().replyBySessionWebhook(webhook, sessionBody(r, mentions))
                    .thenAccept(answer -> last[0] = answer))
                    .handle((done, error) -> {
                        if (error == null) {
                            in.setBody(new DingTalkSendResult(null, List.of(), List.of(), List.of(), last[0]));
                            in.removeHeader(ChatHeaders.MESSAGE_ID);
                            return CompletableFuture.<Void>completedFuture(null);
                        }
                        // DingTalk refused it (expired or unknown session: errcode in a 200, or a 4xx): nothing was
                        // delivered, so sending through the API cannot duplicate. A 5xx or no answer may have been
                        // delivered, so it fails instead.
                        Throwable cause = ChatAsync.unwrap(error);
                        if (!(cause instanceof ChatApiException e) || !refused(e) || e instanceof ChatRateLimitException
                                || last[0] != null) {
                            return CompletableFuture.<Void>failedFuture(cause);
                        }
                        LOG.info("DingTalk refused the session webhook (code {}: {}); sending through the API instead",
                                e.getPlatformCode(), e.getPlatformMessage());
                        return sendReply(exchange, requests);
                    }).thenCompose(next -> next);
        });
    }

    private static boolean refused(ChatApiException e) {
        return e.getHttpStatus() == 200 || (e.getHttpStatus() >= 400 && e.getHttpStatus() < 500);
    }

    /** Sends a reply's requests through the API to the conversation the message came from. */
    private CompletableFuture<Void> sendReply(Exchange exchange, List<DingTalkSendRequest> requests) {
        ChatTarget target = replyTarget(exchange);
        return send(exchange, target, checkedKind(target), requests);
    }

    /** Where a reply goes when no session webhook carries it: the conversation the message came from. */
    private ChatTarget replyTarget(Exchange exchange) {
        ChatTarget target;
        String platform = header(exchange, ChatHeaders.PLATFORM, String.class);
        if (platform != null && !DingTalkConstants.PLATFORM.equals(platform)) {
            // the exchange came from another platform: its conversation ids mean nothing here
            return target(exchange);
        }
        String conversation = header(exchange, ChatHeaders.CONVERSATION_ID, String.class);
        ConversationType type = ConversationType.parse(header(exchange, ChatHeaders.CONVERSATION_TYPE, Object.class));
        String sender = header(exchange, ChatHeaders.SENDER_ID, String.class);
        if (type == ConversationType.group && conversation != null) {
            target = ChatTarget.of("group", conversation);
        } else if (type == ConversationType.direct && sender != null) {
            target = ChatTarget.of("user", sender);
        } else {
            target = target(exchange);
        }
        return target;
    }

    private static List<String> mentions(Object body) {
        List<String> ids = new ArrayList<>();
        if (body instanceof ChatMessage m) {
            for (ChatMention mention : m.getMentions()) {
                ids.add(mention.id());
            }
        }
        return ids;
    }

    /** The session-webhook body of a request, or null when session webhooks cannot carry it. */
    private static Map<String, Object> sessionBody(DingTalkSendRequest r, List<String> atUserIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> p = r.msgParam();
        switch (r.msgKey()) {
            case "sampleText" -> {
                body.put("msgtype", "text");
                body.put("text", Map.of("content", p.getOrDefault("content", "")));
            }
            case "sampleMarkdown" -> {
                body.put("msgtype", "markdown");
                body.put("markdown", Map.of("title", p.getOrDefault("title", ""), "text", p.getOrDefault("text", "")));
            }
            case "sampleActionCard" -> {
                body.put("msgtype", "actionCard");
                body.put("actionCard", p);
            }
            case "sampleLink" -> {
                body.put("msgtype", "link");
                body.put("link", p);
            }
            default -> {
                return null;
            }
        }
        if (!atUserIds.isEmpty()) {
            body.put("at", Map.of("atUserIds", atUserIds, "isAtAll", false));
        }
        return body;
    }

    // ------------------------------------------------------------------ recall

    private CompletableFuture<Void> recall(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String id = header(exchange, ChatHeaders.MESSAGE_ID, String.class);
        if (id == null && in.getBody() instanceof DingTalkSendResult r) {
            id = r.messageId();
        }
        if (id == null && in.getBody() instanceof String s && !s.isBlank()) {
            id = s.trim();
        }
        if (id == null) {
            throw new IllegalArgumentException("recall needs the message id send returned, in header "
                                               + ChatHeaders.MESSAGE_ID + " or as the body");
        }
        String robotCode = robotCode();
        CompletableFuture<JsonNode> call;
        String key;
        if (id.startsWith("o2o:")) {
            key = id.substring(4);
            call = client().recallFromUsers(robotCode, List.of(key));
        } else if (id.startsWith("group:") && id.indexOf(':', 6) > 6) {
            int sep = id.indexOf(':', 6);
            key = id.substring(sep + 1);
            call = client().recallFromGroup(robotCode, id.substring(6, sep), List.of(key));
        } else {
            throw new IllegalArgumentException("'" + id + "' is not a DingTalk message id returned by send "
                                               + "(replies through a session webhook cannot be recalled)");
        }
        return call.thenAccept(answer -> {
            JsonNode failedResult = answer.path("failedResult");
            if (failedResult.has(key)) {
                throw new ChatApiException(DingTalkConstants.PLATFORM, "recall", 200, "failedResult",
                        failedResult.path(key).asText(), null);
            }
            in.setBody(answer);
        });
    }

    // ------------------------------------------------------------------ media

    private CompletableFuture<Void> upload(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        byte[] data;
        String name = header(exchange, DingTalkConstants.FILE_NAME, String.class);
        if (name == null) {
            name = header(exchange, Exchange.FILE_NAME_ONLY, String.class);
        }
        if (name == null) {
            name = header(exchange, Exchange.FILE_NAME, String.class);
        }
        String contentType = header(exchange, Exchange.CONTENT_TYPE, String.class);
        ChatAttachment.Kind kind = null;
        if (body instanceof ChatAttachment a) {
            if (!a.isLoadable()) {
                throw new IllegalArgumentException("upload needs the attachment's data");
            }
            data = a.load();
            name = name != null ? name : a.getName();
            contentType = contentType != null ? contentType : a.getContentType();
            kind = a.getKind();
        } else if (body instanceof byte[] bytes) {
            data = bytes;
        } else if (body instanceof InputStream is) {
            data = is.readAllBytes();
        } else {
            data = in.getMandatoryBody(byte[].class);
        }
        if (data.length == 0) {
            throw new IllegalArgumentException("upload needs a non-empty body");
        }
        String type = mediaType(header(exchange, DingTalkConstants.MEDIA_TYPE, String.class), kind, contentType);
        if (name == null) {
            name = type.equals("image") ? "image.png" : "file.bin";
        }
        return client().uploadMedia(type, name, contentType, data).thenAccept(answer -> {
            in.setBody(answer);
            in.setHeader(DingTalkConstants.MEDIA_ID, Json.text(answer, "media_id"));
        });
    }

    private String mediaType(String header, ChatAttachment.Kind kind, String contentType) {
        if (header != null && !header.isBlank()) {
            return header;
        }
        if (kind == null && config.getMediaType() != null) {
            return config.getMediaType();
        }
        ChatAttachment.Kind k = kind != null ? kind : ChatAttachment.Kind.fromContentType(contentType);
        return switch (k) {
            case image -> "image";
            case audio -> "voice";
            case video -> "video";
            default -> "file";
        };
    }

    private CompletableFuture<Void> download(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String code = header(exchange, DingTalkConstants.DOWNLOAD_CODE, String.class);
        Object body = in.getBody();
        String name = null;
        if (code == null && body instanceof ChatAttachment a) {
            code = a.getReference();
            name = a.getName();
        }
        if (code == null && body instanceof String s && !s.isBlank()) {
            code = s.trim();
        }
        if (code == null) {
            throw new IllegalArgumentException(
                    "download needs a download code: header " + DingTalkConstants.DOWNLOAD_CODE
                                               + ", a String body or a ChatAttachment");
        }
        String given = name;
        return client().downloadUrlAsync(robotCode(), code).thenCompose(client()::fetchAsync).thenAccept(file -> {
            in.setBody(file.body());
            if (file.header("content-type") != null) {
                in.setHeader(Exchange.CONTENT_TYPE, file.header("content-type"));
            }
            String fileName = given;
            String disposition = file.header("content-disposition");
            if (disposition != null && disposition.contains("filename=")) {
                fileName = disposition.substring(disposition.indexOf("filename=") + 9).replace("\"", "").trim();
            }
            if (fileName != null) {
                in.setHeader(DingTalkConstants.FILE_NAME, fileName);
            }
        });
    }

    // ------------------------------------------------------------------ directory

    /** The target kinds each look-up reads; a kind picks the first operation reading it when none was chosen. */
    private static final Map<DingTalkOperation, Set<String>> LOOK_UP_KINDS = new LinkedHashMap<>();

    static {
        LOOK_UP_KINDS.put(DingTalkOperation.getUser, Set.of("user"));
        LOOK_UP_KINDS.put(DingTalkOperation.getUserByMobile, Set.of("mobile"));
        LOOK_UP_KINDS.put(DingTalkOperation.getGroup, Set.of("group"));
        LOOK_UP_KINDS.put(DingTalkOperation.listGroupMembers, Set.of("group"));
    }

    private CompletableFuture<Void> lookUp(Exchange exchange, DingTalkOperation chosenOrDefault) throws Exception {
        Message in = exchange.getMessage();
        ChatTarget target = lookUpTarget(exchange, chosenOrDefault);
        boolean chosen = header(exchange, DingTalkConstants.OPERATION, Object.class) != null
                || config.getOperation() != null;
        DingTalkOperation op = ChatLookUp.operation(chosenOrDefault, chosen, target, LOOK_UP_KINDS);
        String id = target.singleId();
        CompletableFuture<?> result = switch (op) {
            case getUser -> client().getUser(id).thenApply(answer -> answer.path("result"));
            case getUserByMobile -> client().getUserByMobile(id).thenCompose(answer -> {
                String userId = Json.text(answer.path("result"), "userid");
                if (userId == null) {
                    throw new ChatNotFoundException(DingTalkConstants.PLATFORM, "getUserByMobile", 200, null,
                            "no user with that mobile number", null);
                }
                return client().getUser(userId).thenApply(user -> user.path("result"));
            });
            case getGroup -> client().getGroup(id).thenApply(answer -> answer.path("result"));
            case listGroupMembers -> client().listGroupMembers(robotCode(), id);
            default -> throw new IllegalArgumentException("Unsupported operation " + op);
        };
        return result.thenAccept(in::setBody);
    }

    /** The target of a look-up: {@code kind:id}, or a bare id (kind null) from the body or a {@code to} without kind. */
    private ChatTarget lookUpTarget(Exchange exchange, DingTalkOperation op) {
        String to = header(exchange, ChatHeaders.TO, String.class);
        if (to == null && exchange.getMessage().getBody() instanceof String s && !s.isBlank()) {
            return ChatTarget.of(null, ChatTarget.restorePlus(s));
        }
        if (to == null) {
            to = config.getTo();
        }
        if (to == null) {
            throw new IllegalArgumentException(
                    op + " needs an id: option 'to', header " + ChatHeaders.TO + " or a String body");
        }
        return to.indexOf(':') > 0 ? ChatTarget.parse(to) : ChatTarget.of(null, ChatTarget.restorePlus(to));
    }
}
