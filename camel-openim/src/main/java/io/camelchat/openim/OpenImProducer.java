package io.camelchat.openim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.camelchat.openim.api.OpenImClient;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends and recalls messages, uploads and downloads objects, and looks up users and groups. Every operation is
 * asynchronous (no thread waits for the answer), building a send included: the sender's profile, then each attachment's
 * upload, one after the other, then the messages in order, each step started when the previous one answered.
 * <p>
 * send: the body is, in this order, an {@link OpenImSender.Outgoing} or a JSON object in the shape of
 * {@code /msg/send_msg} (sent as is; missing sender, receiver and session type filled in from userId and the target);
 * a {@link ChatMessage} (text, markdown, mentions, a quote, and attachments uploaded and sent as pictures or files,
 * one message each after the text); a String (text, or markdown with {@code format=markdown}, or the content JSON of
 * the content type in the header CamelOpenImSendContentType); a file or bytes (uploaded, then a picture or a file). The
 * body becomes the server's answer ({@code serverMsgID}, {@code clientMsgID}, {@code sendTime}) and
 * {@code CamelChatMessageId} the id recall needs.
 * <p>
 * recall: OpenIM revokes by conversation and seq, but a send returns no seq. The id a send returns is
 * {@code <conversationID>#<clientMsgID>}; recall reads the conversation's newest seq and pulls its newest messages
 * (at most five pages of pullBatchSize) to find the seq of that clientMsgID, unless the header CamelOpenImSeq gives
 * it, then calls {@code /msg/revoke_msg} as userId.
 */
public class OpenImProducer extends ChatProducer<OpenImOperation> {

    private static final Logger LOG = LoggerFactory.getLogger(OpenImProducer.class);
    private static final int RECALL_PAGES = 5;

    /** The target kinds each look-up reads; a kind picks the first operation reading it when none was chosen. */
    private static final Map<OpenImOperation, Set<String>> LOOK_UP_KINDS = new LinkedHashMap<>();

    static {
        LOOK_UP_KINDS.put(OpenImOperation.getUsers, Set.of("user"));
        LOOK_UP_KINDS.put(OpenImOperation.getGroup, Set.of("group"));
        LOOK_UP_KINDS.put(OpenImOperation.getGroupMembers, Set.of("members", "group"));
    }

    private final OpenImEndpoint endpoint;
    private final OpenImConfiguration config;
    private final Map<String, Cached> users = new ConcurrentHashMap<>();

    private record Cached(JsonNode profile, long at) {
    }

    public OpenImProducer(OpenImEndpoint endpoint) {
        super(endpoint, OpenImOperation.class, OpenImConstants.OPERATION);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    protected OpenImOperation configuredOperation() {
        return config.getOperation();
    }

    @Override
    protected OpenImOperation defaultOperation() {
        return switch (endpoint.getKind()) {
            case media -> OpenImOperation.upload;
            case directory -> OpenImOperation.getUsers;
            default -> OpenImOperation.send;
        };
    }

    @Override
    protected Set<OpenImOperation> allowedOperations() {
        return switch (endpoint.getKind()) {
            case message -> Set.of(OpenImOperation.send, OpenImOperation.recall);
            case media -> Set.of(OpenImOperation.upload, OpenImOperation.download);
            case directory -> Set.of(OpenImOperation.getUsers, OpenImOperation.getGroup,
                    OpenImOperation.getGroupMembers);
            default -> Set.of();
        };
    }

    /** Every operation goes out asynchronously. */
    @Override
    protected CompletionStage<Void> handleAsync(Exchange exchange, OpenImOperation op) throws Exception {
        return switch (op) {
            case send -> send(exchange);
            case recall -> recall(exchange);
            case upload -> upload(exchange);
            case download -> download(exchange);
            case getUsers, getGroup, getGroupMembers -> lookUp(exchange, op);
            default -> throw new IllegalArgumentException("Unsupported operation " + op);
        };
    }

    @Override
    protected void handle(Exchange exchange, OpenImOperation op) throws Exception {
        await(handleAsync(exchange, op));
    }

    private OpenImClient client() {
        return endpoint.requireClient("call OpenIM");
    }

    private String userId() {
        String id = config.getUserId();
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("OpenIM: this operation needs the option userId (the user who sends)");
        }
        return id;
    }

    // ------------------------------------------------------------------ send

    /** The parsed target: user or group and its id. */
    record Target(boolean group, String id) {
    }

    /** Parses user:userId or group:groupId (one id: OpenIM sends to one user or group at a time). */
    static Target target(String text) {
        ChatTarget t = ChatTarget.parse(text);
        String kind = t.kind().toLowerCase(Locale.ROOT);
        if (!kind.equals("user") && !kind.equals("group")) {
            throw new IllegalArgumentException("OpenIM sends to user:<userId> or group:<groupId>, not '" + t.kind()
                                               + ":'");
        }
        if (t.ids().size() != 1) {
            throw new IllegalArgumentException("OpenIM sends to one user or group at a time, not " + t.ids().size()
                                               + " (" + text + ")");
        }
        return new Target(kind.equals("group"), t.singleId());
    }

    private Target target(Exchange exchange) {
        String to = header(exchange, ChatHeaders.TO, String.class);
        return target(to != null && !to.isBlank() ? to : config.getTo());
    }

    private CompletableFuture<Void> send(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        CompletableFuture<List<OpenImSender.Outgoing>> outgoing;
        if (body instanceof OpenImSender.Outgoing o) {
            outgoing = CompletableFuture.completedFuture(List.of(o));
        } else if (body instanceof JsonNode json && json.isObject() && json.has("contentType")) {
            outgoing = fromNative(exchange, (ObjectNode) json).thenApply(List::of);
        } else if (body instanceof String s) {
            if (s.isBlank()) {
                throw new IllegalArgumentException("Nothing to send: the body is empty");
            }
            Integer type = header(exchange, OpenImConstants.SEND_CONTENT_TYPE, Integer.class);
            Draft draft;
            if (type != null && type != OpenImContent.TEXT && type != OpenImContent.MARKDOWN) {
                JsonNode content;
                try {
                    content = Json.read(s);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(
                            "Content type " + type + " needs the content JSON object as body",
                            e);
                }
                if (!content.isObject()) {
                    throw new IllegalArgumentException("Content type " + type + " needs a JSON object as body");
                }
                draft = new Draft(type, (ObjectNode) content, List.of());
            } else {
                boolean markdown = type != null ? type == OpenImContent.MARKDOWN
                        : "markdown".equalsIgnoreCase(config.getFormat());
                draft = new Draft(markdown ? OpenImContent.MARKDOWN : OpenImContent.TEXT, object("content", s),
                        List.of());
            }
            outgoing = messages(exchange, envelope(exchange), List.of(draft), List.of());
        } else {
            // a ChatMessage, or a file or bytes as a message with one attachment (ChatFileConverters)
            ChatMessage chat = in.getMandatoryBody(ChatMessage.class);
            if (chat.isEmpty()) {
                throw new IllegalArgumentException("The message has no text, markdown or attachment to send");
            }
            outgoing = messages(exchange, envelope(exchange), textDrafts(chat), chat.getAttachments());
        }
        List<OpenImSender.Result> results = new ArrayList<>();
        return outgoing.thenCompose(list -> {
            OpenImSender sender = endpoint.sender();
            return ChatAsync.forEach(list, o -> sender.sendAsync(o).thenAccept(results::add));
        }).thenRun(() -> {
            OpenImSender.Result first = results.get(0);
            in.setBody(first.answer());
            in.setHeader(ChatHeaders.MESSAGE_ID, first.messageId());
            in.setHeader(ChatHeaders.CONVERSATION_ID, first.conversationId());
            in.setHeader(OpenImConstants.SERVER_MSG_ID, first.serverMsgId());
            in.removeHeader(OpenImConstants.SEQ); // a send returns no seq: never pair the new id with an old one
        });
    }

    /** What the messages of one send share: the receiver, the sender and the headers' options. */
    private record Envelope(Target target, String sendId, String ex, boolean onlineOnly) {
    }

    /** One message of a send before the sender's profile is known: its content type, content and mentions. */
    private record Draft(int contentType, ObjectNode content, List<String> at) {
    }

    private Envelope envelope(Exchange exchange) {
        Target t = target(exchange);
        String sendId = userId();
        Boolean onlineOnly = header(exchange, OpenImConstants.ONLINE_ONLY, Boolean.class);
        return new Envelope(t, sendId, header(exchange, OpenImConstants.EX, String.class),
                Boolean.TRUE.equals(onlineOnly));
    }

    /**
     * The messages of a send, without blocking: the sender's profile is read, then each attachment is uploaded (one
     * after the other); the drafts come first, then one message per attachment, in order.
     */
    private CompletableFuture<List<OpenImSender.Outgoing>> messages(Exchange exchange, Envelope envelope,
                                                                    List<Draft> drafts,
                                                                    List<ChatAttachment> attachments) {
        List<Draft> all = new ArrayList<>(drafts);
        return profileAsync(envelope.sendId()).thenCompose(profile -> ChatAsync
                .forEach(attachments, a -> attachment(exchange, a).thenAccept(all::add))
                .thenApply(done -> all.stream().map(d -> outgoing(envelope, profile, d)).toList()));
    }

    private static ObjectNode object(String field, String value) {
        return Json.MAPPER.createObjectNode().put(field, value);
    }

    /**
     * A send_msg-shaped request: the sender, receiver and session type from the endpoint when missing, the sender's
     * nickname and face from its profile when missing.
     */
    private CompletableFuture<OpenImSender.Outgoing> fromNative(Exchange exchange, ObjectNode json) {
        JsonNode content = json.path("content");
        if (content.isTextual()) {
            content = Json.read(content.asText());
        }
        if (!content.isObject()) {
            throw new IllegalArgumentException("The request's content must be a JSON object (the content element)");
        }
        String recv = Json.text(json, "recvID");
        String group = Json.text(json, "groupID");
        int sessionType = json.path("sessionType").asInt(0);
        if ((recv == null || recv.isBlank()) && (group == null || group.isBlank())) {
            Target t = target(exchange);
            recv = t.group() ? null : t.id();
            group = t.group() ? t.id() : null;
        }
        if (sessionType == 0) {
            sessionType = group != null && !group.isBlank() ? OpenImMessage.SUPER_GROUP_CHAT
                    : OpenImMessage.SINGLE_CHAT;
        }
        String given = Json.text(json, "sendID");
        String sendId = given == null || given.isBlank() ? userId() : given;
        List<String> at = new ArrayList<>();
        content.path("atUserList").forEach(n -> at.add(n.asText()));
        String toUser = recv;
        String toGroup = group;
        int session = sessionType;
        ObjectNode element = (ObjectNode) content;
        return profileAsync(sendId).thenApply(profile -> new OpenImSender.Outgoing(sendId, toUser, toGroup, session,
                json.path("contentType").asInt(), element,
                or(Json.text(json, "senderNickname"), Json.text(profile, "nickname")),
                or(Json.text(json, "senderFaceURL"), Json.text(profile, "faceURL")),
                json.path("senderPlatformID").asInt(config.getPlatformId()), at, Json.text(json, "ex"),
                json.path("isOnlineOnly").asBoolean()));
    }

    private static String or(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }

    /** A draft as the message to send, from the sender whose profile (nickname, face) is given. */
    private OpenImSender.Outgoing outgoing(Envelope envelope, JsonNode profile, Draft draft) {
        Target t = envelope.target();
        return new OpenImSender.Outgoing(envelope.sendId(), t.group() ? null : t.id(), t.group() ? t.id() : null,
                t.group() ? OpenImMessage.SUPER_GROUP_CHAT : OpenImMessage.SINGLE_CHAT, draft.contentType(),
                draft.content(), Json.text(profile, "nickname"), Json.text(profile, "faceURL"), config.getPlatformId(),
                draft.at(), envelope.ex(), envelope.onlineOnly());
    }

    /**
     * The message of a ChatMessage's text (mentions, quote, markdown), none without text; its attachments follow, one
     * message each.
     */
    private static List<Draft> textDrafts(ChatMessage chat) {
        List<Draft> list = new ArrayList<>();
        String markdown = chat.getMarkdown();
        String text = chat.getText();
        boolean hasMentions = !chat.getMentions().isEmpty() || chat.isMentionAll();
        boolean quoting = chat.getQuotedText() != null || chat.getReplyToId() != null;
        if (markdown != null && !markdown.isBlank() && !hasMentions && !quoting) {
            list.add(new Draft(OpenImContent.MARKDOWN, object("content", markdown), List.of()));
        } else if ((text != null && !text.isBlank()) || (markdown != null && !markdown.isBlank())) {
            String body = text != null && !text.isBlank() ? text : markdown;
            if (hasMentions) {
                List<String> at = new ArrayList<>();
                ObjectNode content = Json.MAPPER.createObjectNode();
                ArrayNode info = Json.MAPPER.createArrayNode();
                StringBuilder prefix = new StringBuilder();
                for (ChatMention m : chat.getMentions()) {
                    at.add(m.id());
                    info.addObject().put("atUserID", m.id()).put("groupNickname", m.name() == null ? m.id() : m.name());
                    prefix.append('@').append(m.name() == null ? m.id() : m.name()).append(' ');
                }
                if (chat.isMentionAll()) {
                    at.add(OpenImContent.AtText.AT_ALL);
                    prefix.append("@everyone ");
                }
                String full = body.contains("@") ? body : prefix + body;
                content.put("text", full);
                ArrayNode list2 = content.putArray("atUserList");
                at.forEach(list2::add);
                content.set("atUsersInfo", info);
                content.put("isAtSelf", false);
                if (quoting) {
                    content.set("quoteMessage", quoteMessage(chat));
                }
                list.add(new Draft(OpenImContent.AT_TEXT, content, at));
            } else if (quoting) {
                ObjectNode content = Json.MAPPER.createObjectNode().put("text", body);
                content.set("quoteMessage", quoteMessage(chat));
                list.add(new Draft(OpenImContent.QUOTE, content, List.of()));
            } else {
                list.add(new Draft(OpenImContent.TEXT, object("content", body), List.of()));
            }
        }
        return list;
    }

    /** The quoted message as the content of a quote: its clientMsgID (from our id) and its text. */
    private static ObjectNode quoteMessage(ChatMessage chat) {
        ObjectNode q = Json.MAPPER.createObjectNode();
        String replyTo = chat.getReplyToId();
        if (replyTo != null) {
            int hash = replyTo.lastIndexOf('#');
            q.put("clientMsgID", hash >= 0 ? replyTo.substring(hash + 1) : replyTo);
        }
        String quoted = chat.getQuotedText() == null ? "" : chat.getQuotedText();
        q.put("contentType", OpenImContent.TEXT);
        q.put("content", Json.write(object("content", quoted)));
        q.set("textElem", object("content", quoted));
        return q;
    }

    /**
     * Uploads an attachment without blocking (unless it has a URL already) and makes a picture or a file of it. Its
     * bytes are loaded on the thread that runs this step.
     */
    private CompletableFuture<Draft> attachment(Exchange exchange, ChatAttachment a) {
        String name = a.getName() != null ? a.getName() : "file";
        if (a.getUrl() != null && !a.getUrl().isBlank()) {
            return CompletableFuture.completedFuture(attachment(a, a.getUrl(), a.getSize(), name));
        }
        byte[] data = a.hasData() ? a.getData() : a.isLoadable() ? a.load() : null;
        if (data == null) {
            throw new IllegalArgumentException("The attachment " + name + " has no bytes and no URL to send");
        }
        return client().uploadAsync(objectName(exchange, name), a.getContentType(), data)
                .thenApply(url -> attachment(a, url, data.length, name));
    }

    /** A picture or a file message of an attachment stored at {@code url}. */
    private static Draft attachment(ChatAttachment a, String url, long size, String name) {
        String uuid = UUID.randomUUID().toString();
        if (a.getKind() == ChatAttachment.Kind.image) {
            ObjectNode content = Json.MAPPER.createObjectNode().put("sourcePath", "");
            String type = a.getContentType() == null ? "image" : a.getContentType();
            for (String field : List.of("sourcePicture", "bigPicture", "snapshotPicture")) {
                content.putObject(field).put("uuid", uuid).put("type", type).put("size", size).put("width", 0)
                        .put("height", 0).put("url", url);
            }
            return new Draft(OpenImContent.PICTURE, content, List.of());
        }
        ObjectNode content = Json.MAPPER.createObjectNode().put("filePath", "").put("uuid", uuid)
                .put("sourceUrl", url).put("fileName", name).put("fileSize", size)
                .put("fileType", a.getContentType() == null ? "" : a.getContentType());
        return new Draft(OpenImContent.FILE, content, List.of());
    }

    private String objectName(Exchange exchange, String fallbackName) {
        String name = header(exchange, OpenImConstants.OBJECT_NAME, String.class);
        if (name == null || name.isBlank()) {
            String file = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
            String base = file != null && !file.isBlank() ? file : fallbackName;
            int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
            // a user may only name objects under its own id (the server refuses other names from non-admins)
            name = config.getUserId() + "/" + UUID.randomUUID() + "/"
                   + base.substring(slash + 1);
        }
        return name;
    }

    /**
     * The user's profile (nickname, faceURL), cached directoryCacheTtl, without blocking; an empty one when it cannot be
     * read (the send goes on without nickname).
     */
    private CompletableFuture<JsonNode> profileAsync(String userId) {
        CompletableFuture<List<JsonNode>> found;
        try {
            found = usersAsync(List.of(userId));
        } catch (RuntimeException e) {
            found = CompletableFuture.failedFuture(e);
        }
        return found.handle((list, error) -> {
            if (error == null) {
                return list.isEmpty() ? Json.MAPPER.createObjectNode() : list.get(0);
            }
            Throwable cause = ChatAsync.unwrap(error);
            if (cause instanceof Error fatal) {
                throw fatal;
            }
            LOG.debug("OpenIM: the profile of the sender could not be read ({}); sending without nickname",
                    cause.getMessage());
            return Json.MAPPER.createObjectNode();
        });
    }

    /** Profiles of users, from the cache when younger than directoryCacheTtl, without blocking. */
    private CompletableFuture<List<JsonNode>> usersAsync(List<String> ids) {
        long now = System.currentTimeMillis();
        List<String> missing = missing(ids, now);
        if (missing.isEmpty()) {
            return CompletableFuture.completedFuture(cached(ids));
        }
        return client().usersInfoAsync(missing).thenApply(found -> {
            remember(found, now);
            return cached(ids);
        });
    }

    /** The ids whose profile is not cached, or older than directoryCacheTtl. */
    private List<String> missing(List<String> ids, long now) {
        long ttl = config.getDirectoryCacheTtl();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            Cached c = users.get(id);
            if (c == null || ttl <= 0 || now - c.at() >= ttl) {
                missing.add(id);
            }
        }
        return missing;
    }

    private void remember(List<JsonNode> found, long now) {
        for (JsonNode u : found) {
            String id = Json.text(u, "userID");
            if (id != null) {
                users.put(id, new Cached(u, now));
            }
        }
    }

    private List<JsonNode> cached(List<String> ids) {
        List<JsonNode> result = new ArrayList<>();
        for (String id : ids) {
            Cached c = users.get(id);
            if (c != null) {
                result.add(c.profile());
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ recall

    private CompletableFuture<Void> recall(Exchange exchange) {
        Message in = exchange.getMessage();
        String id = header(exchange, ChatHeaders.MESSAGE_ID, String.class);
        if (id == null && in.getBody() instanceof String s && !s.isBlank()) {
            id = s.trim();
        }
        if (id == null) {
            throw new IllegalArgumentException("recall needs the message id send returned, in header "
                                               + ChatHeaders.MESSAGE_ID + " or the body");
        }
        int hash = id.lastIndexOf('#');
        if (hash <= 0 || hash == id.length() - 1) {
            throw new IllegalArgumentException("'" + id + "' is not an OpenIM message id of camel-chat "
                                               + "(conversationID#clientMsgID, as send returns it)");
        }
        String conversation = id.substring(0, hash);
        String clientMsgId = id.substring(hash + 1);
        Long known = header(exchange, OpenImConstants.SEQ, Long.class);
        String user = userId();
        CompletableFuture<Long> seq = known != null && known > 0 ? CompletableFuture.completedFuture(known)
                : findSeq(conversation, clientMsgId);
        return seq.thenCompose(s -> client().revokeMsg(conversation, s, user).thenAccept(answer -> {
            in.setBody(answer);
            in.setHeader(OpenImConstants.SEQ, s);
            in.setHeader(ChatHeaders.CONVERSATION_ID, conversation);
        }));
    }

    /** The seq of a message among the newest of its conversation, found without blocking (page after page). */
    private CompletableFuture<Long> findSeq(String conversation, String clientMsgId) {
        OpenImClient client = client();
        String user = userId();
        int page = Math.max(1, config.getPullBatchSize());
        return client.newestSeqAsync(user).thenCompose(seqs -> {
            Long max = seqs.maxSeqs().get(conversation);
            if (max == null || max <= 0) {
                throw new ChatNotFoundException(OpenImConstants.PLATFORM, "recall", 0, null,
                        "the user " + user + " has no conversation " + conversation, null);
            }
            return findSeq(client, user, conversation, clientMsgId, page, max, 0);
        });
    }

    private CompletableFuture<Long> findSeq(OpenImClient client, String user, String conversation, String clientMsgId,
                                            int page, long end, int pulled) {
        if (pulled >= RECALL_PAGES || end < 1) {
            return CompletableFuture.failedFuture(new ChatNotFoundException(OpenImConstants.PLATFORM, "recall", 0,
                    null, "no message " + clientMsgId + " among the newest " + (RECALL_PAGES * page) + " of "
                          + conversation + " (set header " + OpenImConstants.SEQ + " to recall older ones)",
                    null));
        }
        long begin = Math.max(1, end - page + 1);
        return client.pullBySeqAsync(user,
                List.of(new OpenImClient.SeqRange(conversation, begin, end, end - begin + 1)), false)
                .thenCompose(answer -> {
                    for (String map : List.of("msgs", "notificationMsgs")) {
                        JsonNode conv = answer.path(map).path(conversation);
                        for (JsonNode m : conv.has("Msgs") ? conv.path("Msgs") : conv.path("msgs")) {
                            if (clientMsgId.equals(Json.text(m, "clientMsgID"))) {
                                return CompletableFuture.completedFuture(m.path("seq").asLong());
                            }
                        }
                    }
                    return findSeq(client, user, conversation, clientMsgId, page, begin - 1, pulled + 1);
                });
    }

    // ------------------------------------------------------------------ media

    private CompletableFuture<Void> upload(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        ChatAttachment attachment;
        if (body instanceof ChatAttachment a) {
            attachment = a;
        } else {
            ChatMessage chat = in.getMandatoryBody(ChatMessage.class);
            if (chat.getAttachments().isEmpty()) {
                throw new IllegalArgumentException("upload needs bytes, a file or a ChatAttachment as body");
            }
            attachment = chat.getAttachments().get(0);
        }
        byte[] data = attachment.hasData() ? attachment.getData() : attachment.isLoadable() ? attachment.load() : null;
        if (data == null) {
            throw new IllegalArgumentException("upload: the body has no bytes");
        }
        String name = objectName(exchange, attachment.getName() == null ? "file" : attachment.getName());
        return client().uploadAsync(name, attachment.getContentType(), data).thenAccept(url -> {
            in.setBody(url);
            in.setHeader(OpenImConstants.OBJECT_URL, url);
            in.setHeader(OpenImConstants.OBJECT_NAME, name);
        });
    }

    private CompletableFuture<Void> download(Exchange exchange) {
        Message in = exchange.getMessage();
        String url = null;
        if (in.getBody() instanceof ChatAttachment a) {
            url = a.getUrl() != null ? a.getUrl() : a.getReference();
        } else if (in.getBody() instanceof String s && !s.isBlank()) {
            url = s.trim();
        }
        if (url == null) {
            url = header(exchange, OpenImConstants.OBJECT_URL, String.class);
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("download needs the object's URL or name: the body or header "
                                               + OpenImConstants.OBJECT_URL);
        }
        return client().downloadAsync(url).thenAccept(in::setBody);
    }

    // ------------------------------------------------------------------ directory

    private CompletableFuture<Void> lookUp(Exchange exchange, OpenImOperation chosenOrDefault) {
        Message in = exchange.getMessage();
        String to = header(exchange, ChatHeaders.TO, String.class);
        if (to == null && in.getBody() instanceof String s && !s.isBlank()) {
            to = s.trim();
        }
        if (to == null) {
            to = config.getTo();
        }
        if (to == null || to.isBlank()) {
            throw new IllegalArgumentException(chosenOrDefault + " needs an id: option 'to', header " + ChatHeaders.TO
                                               + " or a String body");
        }
        ChatTarget target = to.indexOf(':') > 0 ? ChatTarget.parse(to) : ChatTarget.of(null, to.split(","));
        boolean chosen = header(exchange, OpenImConstants.OPERATION, Object.class) != null
                || config.getOperation() != null;
        OpenImOperation op = ChatLookUp.operation(chosenOrDefault, chosen, target, LOOK_UP_KINDS);
        return switch (op) {
            case getUsers -> {
                List<String> ids = target.ids().stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
                yield usersAsync(ids).thenAccept(in::setBody);
            }
            case getGroup -> client().groupsInfo(List.of(target.singleId())).thenAccept(groups -> {
                if (groups.isEmpty()) {
                    throw new ChatNotFoundException(OpenImConstants.PLATFORM, "POST /group/get_groups_info", 200, null,
                            "no group " + target.singleId(), null);
                }
                in.setBody(groups.get(0));
            });
            case getGroupMembers -> client().allGroupMembers(target.singleId()).thenAccept(in::setBody);
            default -> throw new IllegalArgumentException("Unsupported operation " + op);
        };
    }
}
