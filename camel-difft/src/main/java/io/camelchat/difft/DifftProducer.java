package io.camelchat.difft;

import java.net.URLConnection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelchat.common.ChatAsync;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatLookUp;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.common.ChatProducer;
import io.camelchat.common.ChatTarget;
import io.camelchat.common.Json;
import io.camelchat.common.http.ChatHttpRequest;
import io.camelchat.common.http.ChatHttpResponse;
import io.camelchat.difft.api.DifftAttachment;
import io.camelchat.difft.api.DifftAttachmentCrypto;
import io.camelchat.difft.api.DifftClient;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends and recalls messages, uploads, downloads and authorizes attachments, and looks up accounts and groups. Every
 * operation is asynchronous (the send gate's wait and the calls hold no thread); an attachment's own loader and the
 * encryption of a file run on the calling thread.
 * <p>
 * send: the body is, in this order, a JSON object (JsonNode or Map) in the shape of {@code POST /v1/messages} (sent as
 * is; missing {@code version}, {@code src}, {@code timestamp} and {@code dest} filled in from botId and the target); a
 * {@link DifftAttachment} (an uploaded file, sent as an attachment); a {@link ChatMessage} (text, markdown as a card,
 * mentions, a quote, attachments encrypted and uploaded first, authorized for the recipients: the first rides with
 * the text, each further one is a message of its own); a String (text, or a card with {@code format=markdown}); a file
 * or bytes (an attachment). The headers CamelDifftMention, CamelDifftQuoteRefId and CamelDifftQuoteText add mentions
 * and a quote to a String; CamelDifftForwarded sends a FORWARD instead. The body becomes Difft's answer and
 * {@code CamelChatMessageId} the id recall needs: {@code <refID>#<target>}, since a recall names the original
 * destination.
 */
public class DifftProducer extends ChatProducer<DifftOperation> {

    private static final Logger LOG = LoggerFactory.getLogger(DifftProducer.class);

    /** The target kinds each look-up reads; a kind picks the first operation reading it when none was chosen. */
    private static final Map<DifftOperation, Set<String>> LOOK_UP_KINDS = new LinkedHashMap<>();

    static {
        LOOK_UP_KINDS.put(DifftOperation.getAccounts, Set.of("user", "wuid", "email"));
        LOOK_UP_KINDS.put(DifftOperation.getGroupMembers, Set.of("members", "group"));
    }

    private final DifftEndpoint endpoint;
    private final DifftConfiguration config;

    public DifftProducer(DifftEndpoint endpoint) {
        super(endpoint, DifftOperation.class, DifftConstants.OPERATION);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    protected void doStart() throws Exception {
        config.validateCredentials(true);
        super.doStart();
    }

    @Override
    protected DifftOperation configuredOperation() {
        return config.getOperation();
    }

    @Override
    protected DifftOperation defaultOperation() {
        return switch (endpoint.getKind()) {
            case media -> DifftOperation.upload;
            case directory -> DifftOperation.getAccounts;
            default -> DifftOperation.send;
        };
    }

    @Override
    protected Set<DifftOperation> allowedOperations() {
        return switch (endpoint.getKind()) {
            case message -> Set.of(DifftOperation.send, DifftOperation.recall);
            case media -> Set.of(DifftOperation.upload, DifftOperation.download, DifftOperation.authorize,
                    DifftOperation.unauthorize);
            case directory -> Set.of(DifftOperation.getAccounts, DifftOperation.getGroups,
                    DifftOperation.getGroupMembers);
            default -> Set.of();
        };
    }

    /** Every operation goes out asynchronously (the send gate's wait is a timer). */
    @Override
    protected CompletionStage<Void> handleAsync(Exchange exchange, DifftOperation op) throws Exception {
        return switch (op) {
            case send -> send(exchange);
            case recall -> recall(exchange);
            case upload -> upload(exchange);
            case download -> download(exchange);
            case authorize -> authorize(exchange);
            case unauthorize -> unauthorize(exchange);
            case getAccounts, getGroups, getGroupMembers -> lookUp(exchange, op);
            default -> throw new IllegalArgumentException("Unsupported operation " + op);
        };
    }

    @Override
    protected void handle(Exchange exchange, DifftOperation op) throws Exception {
        await(handleAsync(exchange, op));
    }

    private DifftClient client() {
        return endpoint.requireClient("call Difft");
    }

    // ------------------------------------------------------------------ targets

    /** A destination: users (one or more wuids) or one group. */
    record Destination(boolean group, List<String> ids) {
        /** The {@code dest} object of a send. */
        ObjectNode json() {
            ObjectNode dest = Json.MAPPER.createObjectNode();
            if (group) {
                dest.put("groupID", ids.get(0));
                dest.put("type", "GROUP");
            } else {
                ArrayNode w = dest.putArray("wuid");
                ids.forEach(w::add);
                dest.put("type", "USER");
            }
            return dest;
        }

        List<String> gids() {
            return group ? ids : List.of();
        }

        List<String> numbers() {
            return group ? List.of() : ids;
        }

        @Override
        public String toString() {
            return (group ? "group:" : "user:") + String.join(",", ids);
        }
    }

    /**
     * Parses {@code user:wuid[,wuid...]} or {@code group:groupId}; a wuid written plainly ({@code +} decoded to a
     * space by Camel) gets its {@code +} back through {@link ChatTarget}.
     */
    static Destination destination(String text) {
        ChatTarget t = ChatTarget.parse(text);
        String kind = t.kind().toLowerCase(Locale.ROOT);
        if (kind.equals("group")) {
            return new Destination(true, List.of(t.singleId()));
        }
        if (kind.equals("user") || kind.equals("wuid")) {
            return new Destination(false, t.ids());
        }
        throw new IllegalArgumentException("Difft sends to user:<wuid>[,<wuid>...] or group:<groupId>, not '"
                                           + t.kind() + ":'");
    }

    private String targetText(Exchange exchange) {
        String to = header(exchange, ChatHeaders.TO, String.class);
        return to != null && !to.isBlank() ? to : config.getTo();
    }

    private Destination destination(Exchange exchange) {
        return destination(targetText(exchange));
    }

    // ------------------------------------------------------------------ send

    private CompletableFuture<Void> send(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        DifftClient client = client();
        List<ObjectNode> requests = new ArrayList<>();
        CompletableFuture<Void> uploads = CompletableFuture.completedFuture(null);
        Destination dest;
        Object forwarded = header(exchange, DifftConstants.FORWARDED, Object.class);
        if (body instanceof JsonNode json && json.isObject()) {
            dest = fillNative(exchange, client, (ObjectNode) json.deepCopy(), requests);
        } else if (body instanceof Map<?, ?> map) {
            dest = fillNative(exchange, client, Json.MAPPER.valueToTree(map), requests);
        } else if (forwarded != null) {
            dest = destination(exchange);
            ObjectNode r = base(client, dest, "FORWARD");
            r.set("forwarded", jsonObject(forwarded, DifftConstants.FORWARDED));
            requests.add(r);
        } else if (body instanceof DifftAttachment a) {
            dest = destination(exchange);
            ObjectNode r = base(client, dest, "TEXT");
            r.putObject("msg").set("attachment", a.toJson());
            requests.add(r);
        } else if (body instanceof String s) {
            if (s.isBlank()) {
                throw new IllegalArgumentException("Nothing to send: the body is empty");
            }
            dest = destination(exchange);
            if ("markdown".equalsIgnoreCase(config.getFormat())) {
                requests.add(card(exchange, client, dest, s));
            } else {
                ObjectNode r = base(client, dest, "TEXT");
                ObjectNode msg = r.putObject("msg");
                msg.put("body", s);
                List<String> at = mentionHeader(exchange);
                if (!at.isEmpty()) {
                    ArrayNode a = msg.putArray("atPersons");
                    at.forEach(a::add);
                }
                String quoteRef = header(exchange, DifftConstants.QUOTE_REF_ID, String.class);
                if (quoteRef != null && !quoteRef.isBlank()) {
                    String quoteText = header(exchange, DifftConstants.QUOTE_TEXT, String.class);
                    msg.putObject("quote").put("refID", DifftConverters.refIdOf(quoteRef)).put("text",
                            quoteText == null ? "" : quoteText);
                }
                requests.add(r);
            }
        } else {
            // a ChatMessage, or a file or bytes as a message with one attachment (ChatFileConverters)
            ChatMessage chat = in.getMandatoryBody(ChatMessage.class);
            if (chat.isEmpty()) {
                throw new IllegalArgumentException("The message has no text, markdown or attachment to send");
            }
            dest = destination(exchange);
            uploads = fromChatMessage(exchange, client, dest, chat, requests);
        }
        Destination to = dest;
        List<JsonNode> answers = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        return uploads
                .thenCompose(uploaded -> ChatAsync.forEach(requests, r -> client.sendAsync(r).thenAccept(answer -> {
                    String ref = Json.text(answer, "refID");
                    if (ref == null || ref.isBlank()) {
                        ref = "v1:" + r.path("timestamp").asLong() + ":" + r.path("src").asText();
                    }
                    collectErrors(answer, to, r, errors);
                    answers.add(answer);
                    refs.add(ref);
                }))).thenRun(() -> {
                    String firstRef = refs.get(0);
                    in.setBody(answers.get(0));
                    in.setHeader(ChatHeaders.MESSAGE_ID, firstRef + "#" + to);
                    in.setHeader(DifftConstants.REF_ID, firstRef);
                    in.setHeader(ChatHeaders.CONVERSATION_ID,
                            to.group() || to.ids().size() == 1 ? to.ids().get(0) : null);
                    if (errors.isEmpty()) {
                        in.removeHeader(DifftConstants.SEND_ERRORS);
                    } else {
                        in.setHeader(DifftConstants.SEND_ERRORS, errors);
                    }
                });
    }

    /** Per-recipient errors go to a header; a message that reached none of its users fails. */
    @SuppressWarnings("unchecked")
    private static void collectErrors(JsonNode answer, Destination dest, ObjectNode request,
                                      List<Map<String, Object>> into) {
        JsonNode errors = answer.path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            return;
        }
        List<Map<String, Object>> list = new ArrayList<>();
        errors.forEach(e -> list.add(Json.MAPPER.convertValue(e, Map.class)));
        into.addAll(list);
        if (!dest.group() && list.size() >= dest.ids().size()) {
            StringBuilder sb = new StringBuilder("no recipient got the message:");
            errors.forEach(e -> sb.append(' ').append(Json.text(e, "wuid")).append(' ')
                    .append(Json.text(e, "reason")).append(';'));
            throw new ChatNotFoundException(DifftConstants.PLATFORM, "POST /v1/messages", 200, null,
                    sb.substring(0, sb.length() - 1), null);
        }
        LOG.warn("Difft: {} of the recipients did not get message {}: {}", list.size(),
                request.path("timestamp").asLong(), errors);
    }

    /** A native request: the missing fields from the endpoint. */
    private Destination fillNative(Exchange exchange, DifftClient client, ObjectNode r, List<ObjectNode> into) {
        if (!r.has("version")) {
            r.put("version", 1);
        }
        if (!r.hasNonNull("src")) {
            r.put("src", client.botId());
        }
        if (!r.hasNonNull("timestamp")) {
            r.put("timestamp", client.nextTimestamp());
        }
        if (!r.hasNonNull("type")) {
            r.put("type", "TEXT");
        }
        Destination dest;
        JsonNode d = r.get("dest");
        if (d == null || !d.isObject()) {
            dest = destination(exchange);
            r.set("dest", dest.json());
        } else if ("GROUP".equalsIgnoreCase(d.path("type").asText()) || d.hasNonNull("groupID")) {
            dest = new Destination(true, List.of(d.path("groupID").asText()));
        } else {
            List<String> w = new ArrayList<>();
            d.path("wuid").forEach(n -> w.add(n.asText()));
            dest = new Destination(false, w);
        }
        if ("CARD".equals(r.path("type").asText()) && r.path("card").isObject()
                && !r.path("card").hasNonNull("appID")) {
            ((ObjectNode) r.get("card")).put("appID", config.getAppId());
        }
        into.add(r);
        return dest;
    }

    private static ObjectNode base(DifftClient client, Destination dest, String type) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("version", 1);
        r.put("src", client.botId());
        r.set("dest", dest.json());
        r.put("type", type);
        r.put("timestamp", client.nextTimestamp());
        return r;
    }

    private ObjectNode card(Exchange exchange, DifftClient client, Destination dest, String markdown) {
        ObjectNode r = base(client, dest, "CARD");
        String id = header(exchange, DifftConstants.CARD_ID, String.class);
        ObjectNode card = r.putObject("card");
        card.put("appID", config.getAppId());
        card.put("id", id == null || id.isBlank() ? UUID.randomUUID().toString().replace("-", "") : id);
        card.put("content", markdown);
        return r;
    }

    /** A message's {@code msg} that an attachment goes into once it is uploaded. */
    private record Slot(ObjectNode msg, ChatAttachment attachment) {
    }

    /**
     * The messages of a ChatMessage, added to {@code list} at once: text (or a card) with the first attachment, then
     * one per further attachment. The attachments are uploaded (or authorized) one after the other, asynchronously,
     * and set into their messages: the returned future completes when all are.
     */
    private CompletableFuture<Void> fromChatMessage(Exchange exchange, DifftClient client, Destination dest,
                                                    ChatMessage chat, List<ObjectNode> list) {
        List<Slot> slots = new ArrayList<>();
        List<ChatAttachment> attachments = chat.getAttachments();
        ObjectNode content = DifftConverters.toSendContent(chat, config.getAppId());
        int next = 0;
        if (content != null && "CARD".equals(content.path("type").asText())) {
            ObjectNode r = base(client, dest, "CARD");
            r.setAll(content);
            String id = header(exchange, DifftConstants.CARD_ID, String.class);
            if (id != null && !id.isBlank()) {
                ((ObjectNode) r.get("card")).put("id", id);
            }
            list.add(r);
        } else if (content != null || !attachments.isEmpty()) {
            ObjectNode r = base(client, dest, "TEXT");
            if (content != null) {
                r.setAll(content);
            }
            if (!attachments.isEmpty()) {
                ObjectNode msg = r.has("msg") ? (ObjectNode) r.get("msg") : r.putObject("msg");
                slots.add(new Slot(msg, attachments.get(0)));
                next = 1;
            }
            list.add(r);
        }
        for (int i = next; i < attachments.size(); i++) {
            ObjectNode r = base(client, dest, "TEXT");
            slots.add(new Slot(r.putObject("msg"), attachments.get(i)));
            list.add(r);
        }
        return ChatAsync.forEach(slots, slot -> attachment(exchange, client, dest, slot.attachment())
                .thenAccept(a -> slot.msg().set("attachment", a.toJson())));
    }

    /**
     * The descriptor of an attachment for {@code dest}: a Difft attachment (its reference) is authorized for the
     * recipients without uploading it again; anything else is encrypted and uploaded.
     */
    private CompletableFuture<DifftAttachment> attachment(Exchange exchange, DifftClient client, Destination dest,
                                                          ChatAttachment a) {
        DifftAttachment known = difftReference(a);
        if (known != null && known.key() != null) {
            byte[] key = DifftAttachmentCrypto.decodeKey(known.key());
            return client.authorize(DifftAttachmentCrypto.fileHash(key), known.size(), dest.gids(), dest.numbers())
                    .thenApply(authorizeId -> new DifftAttachment(known.contentType(), authorizeId, known.key(),
                            known.size(), known.fileName(), known.digest(), null));
        }
        byte[] loaded = a.hasData() ? a.getData() : a.isLoadable() ? a.load() : null;
        // Difft carries only end-to-end encrypted files: fetch the bytes to encrypt them
        CompletableFuture<byte[]> data = loaded == null && a.getUrl() != null && !a.getUrl().isBlank()
                ? client.http().executeAsync(ChatHttpRequest.get(a.getUrl())).thenApply(ChatHttpResponse::body)
                : CompletableFuture.completedFuture(loaded);
        return data.thenCompose(bytes -> {
            if (bytes == null) {
                throw new IllegalArgumentException("The attachment " + a.getName() + " has no bytes or URL to send");
            }
            String name = fileName(exchange, a.getName() != null ? a.getName() : nameOfUrl(a.getUrl()));
            return client.upload(bytes, dest.gids(), dest.numbers())
                    .thenApply(up -> up.attachment(contentType(exchange, a.getContentType(), name), name));
        });
    }

    private static String nameOfUrl(String url) {
        if (url == null) {
            return null;
        }
        String path = url.replaceAll("[?#].*$", "");
        int slash = path.lastIndexOf('/');
        return slash >= 0 && slash < path.length() - 1 ? path.substring(slash + 1) : null;
    }

    private static DifftAttachment difftReference(ChatAttachment a) {
        String ref = a.getReference();
        if (ref == null || !ref.trim().startsWith("{")) {
            return null;
        }
        try {
            return DifftAttachment.parse(ref);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String fileName(Exchange exchange, String fallback) {
        String name = header(exchange, DifftConstants.FILE_NAME, String.class);
        if (name == null || name.isBlank()) {
            name = fallback;
        }
        if (name == null || name.isBlank()) {
            name = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        }
        if (name == null || name.isBlank()) {
            return "file";
        }
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(slash + 1);
    }

    private String contentType(Exchange exchange, String fallback, String name) {
        String type = header(exchange, DifftConstants.CONTENT_TYPE, String.class);
        if (type == null || type.isBlank()) {
            type = fallback;
        }
        if (type == null || type.isBlank()) {
            type = URLConnection.guessContentTypeFromName(name);
        }
        return type == null || type.isBlank() ? "application/octet-stream" : type;
    }

    private List<String> mentionHeader(Exchange exchange) {
        Object value = header(exchange, DifftConstants.MENTION, Object.class);
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            c.forEach(o -> out.add(ChatTarget.restorePlus(String.valueOf(o))));
        } else if (value != null) {
            for (String s : value.toString().split(",")) {
                String w = ChatTarget.restorePlus(s);
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    private static ObjectNode jsonObject(Object value, String what) {
        JsonNode json;
        if (value instanceof JsonNode n) {
            json = n;
        } else if (value instanceof String s) {
            try {
                json = Json.read(s);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(what + " must be a JSON object", e);
            }
        } else {
            json = Json.MAPPER.valueToTree(value);
        }
        if (!json.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        return (ObjectNode) json;
    }

    // ------------------------------------------------------------------ recall

    private CompletableFuture<Void> recall(Exchange exchange) {
        Message in = exchange.getMessage();
        String id = header(exchange, ChatHeaders.MESSAGE_ID, String.class);
        if ((id == null || id.isBlank()) && in.getBody() instanceof String s && !s.isBlank()) {
            id = s.trim();
        }
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("recall needs the message id send returned, in header "
                                               + ChatHeaders.MESSAGE_ID + " or the body");
        }
        int hash = id.indexOf('#');
        String refId = hash >= 0 ? id.substring(0, hash) : id;
        Destination dest = hash >= 0 ? destination(id.substring(hash + 1)) : destination(exchange);
        String[] parts = refId.split(":", 3);
        long timestamp;
        try {
            if (parts.length != 3 || !parts[0].equals("v1")) {
                throw new NumberFormatException();
            }
            timestamp = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + id + "' is not a Difft message id of camel-chat "
                                               + "(v1:<timestamp>:<sender>#<target>, as send returns it)");
        }
        String source = ChatTarget.restorePlus(parts[2]);
        DifftClient client = client();
        ObjectNode r = base(client, dest, "RECALL");
        ObjectNode recall = r.putObject("recall");
        recall.putObject("realSource").put("source", source).put("sourceDevice", 1).put("timestamp", timestamp);
        recall.put("refID", "");
        return client.sendAsync(r).thenAccept(answer -> {
            in.setBody(answer);
            in.setHeader(DifftConstants.REF_ID, refId);
            in.setHeader(ChatHeaders.CONVERSATION_ID,
                    dest.group() || dest.ids().size() == 1 ? dest.ids().get(0) : null);
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
        String target = targetText(exchange);
        Destination dest = target == null || target.isBlank() ? new Destination(false, List.of())
                : destination(target);
        String name = fileName(exchange, attachment.getName());
        String type = contentType(exchange, attachment.getContentType(), name);
        return client().upload(data, dest.gids(), dest.numbers()).thenAccept(up -> {
            DifftAttachment a = up.attachment(type, name);
            in.setBody(a);
            in.setHeader(DifftConstants.AUTHORIZE_ID, a.authorizeIdText());
        });
    }

    /** The attachment named by the body: a descriptor, a ChatAttachment with its reference, or the reference. */
    private DifftAttachment attachmentOf(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof DifftAttachment a) {
            return a;
        }
        if (body instanceof ChatAttachment c) {
            DifftAttachment a = difftReference(c);
            if (a == null) {
                throw new IllegalArgumentException("The attachment " + c.getName() + " is not a Difft attachment "
                                                   + "(its reference is not the JSON of msg.attachment)");
            }
            return a;
        }
        if (body instanceof ChatMessage m && m.getAttachments().size() == 1) {
            DifftAttachment a = difftReference(m.getAttachments().get(0));
            if (a != null) {
                return a;
            }
        }
        if (body instanceof JsonNode json) {
            return DifftAttachment.fromJson(json.has("attachment") ? json.get("attachment") : json);
        }
        if (body instanceof String s && !s.isBlank()) {
            return DifftAttachment.parse(s);
        }
        throw new IllegalArgumentException("The body must name a Difft attachment: a DifftAttachment, a "
                                           + "ChatAttachment received from Difft, or the JSON of msg.attachment");
    }

    private CompletableFuture<Void> download(Exchange exchange) {
        DifftAttachment a = attachmentOf(exchange);
        return client().downloadAsync(a).thenAccept(data -> {
            Message in = exchange.getMessage();
            in.setBody(data);
            if (a.fileName() != null && !a.fileName().isBlank()) {
                in.setHeader(Exchange.FILE_NAME, a.fileName());
            }
        });
    }

    private CompletableFuture<Void> authorize(Exchange exchange) {
        DifftAttachment a = attachmentOf(exchange);
        Destination dest = destination(exchange);
        byte[] key = DifftAttachmentCrypto.decodeKey(a.key());
        return client().authorize(DifftAttachmentCrypto.fileHash(key), a.size(), dest.gids(), dest.numbers())
                .thenAccept(id -> {
                    DifftAttachment authorized = new DifftAttachment(a.contentType(), id, a.key(), a.size(),
                            a.fileName(), a.digest(), null);
                    exchange.getMessage().setBody(authorized);
                    exchange.getMessage().setHeader(DifftConstants.AUTHORIZE_ID, authorized.authorizeIdText());
                });
    }

    private CompletableFuture<Void> unauthorize(Exchange exchange) {
        DifftAttachment a = attachmentOf(exchange);
        byte[] key = DifftAttachmentCrypto.decodeKey(a.key());
        List<JsonNode> ids = new ArrayList<>();
        String header = header(exchange, DifftConstants.AUTHORIZE_ID, String.class);
        if (header != null && !header.isBlank()) {
            for (String s : header.split(",")) {
                if (!s.isBlank()) {
                    ids.add(Json.MAPPER.getNodeFactory().textNode(s.trim()));
                }
            }
        } else if (a.authorizeId() != null) {
            ids.add(a.authorizeId());
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("unauthorize needs authorizeIds: the attachment's, or header "
                                               + DifftConstants.AUTHORIZE_ID);
        }
        return client().unauthorize(DifftAttachmentCrypto.fileHash(key), ids);
    }

    // ------------------------------------------------------------------ directory

    private CompletableFuture<Void> lookUp(Exchange exchange, DifftOperation chosenOrDefault) {
        Message in = exchange.getMessage();
        boolean chosen = header(exchange, DifftConstants.OPERATION, Object.class) != null
                || config.getOperation() != null;
        if (chosen && chosenOrDefault == DifftOperation.getGroups) {
            return client().groups().thenAccept(in::setBody);
        }
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
        ChatTarget target;
        if (to.indexOf(':') > 0) {
            target = ChatTarget.parse(to);
        } else {
            target = ChatTarget.of(null, Arrays.stream(to.split(",")).map(ChatTarget::restorePlus)
                    .filter(s -> !s.isEmpty()).toArray(String[]::new));
        }
        DifftOperation op = ChatLookUp.operation(chosenOrDefault, chosen, target, LOOK_UP_KINDS);
        return switch (op) {
            case getAccounts -> {
                boolean email = target.kind() == null ? target.ids().get(0).contains("@")
                        : target.kind().equalsIgnoreCase("email");
                yield (email ? client().accountsByEmail(target.ids()) : client().accountsByWuid(target.ids()))
                        .thenAccept(data -> in.setBody(data.has("accounts") ? data.get("accounts") : data));
            }
            case getGroupMembers -> {
                String gid = target.singleId();
                yield client().groupMembers(gid).thenAccept(data -> {
                    in.setBody(data.has("members") ? data.get("members") : data);
                    in.setHeader(ChatHeaders.CONVERSATION_ID, gid);
                });
            }
            case getGroups -> client().groups().thenAccept(in::setBody);
            default -> throw new IllegalArgumentException("Unsupported operation " + op);
        };
    }
}
