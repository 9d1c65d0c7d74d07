package io.camelchat.simulator.lark;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;
import io.camelchat.simulator.lark.LarkState.StoredMessage;

import static io.camelchat.simulator.lark.LarkErrors.CODE_CARD_INVALID;
import static io.camelchat.simulator.lark.LarkErrors.CODE_INVALID_PARAM;
import static io.camelchat.simulator.lark.LarkErrors.CODE_NOT_IN_CHAT;
import static io.camelchat.simulator.lark.LarkErrors.CODE_NOT_OWNER;
import static io.camelchat.simulator.lark.LarkErrors.CODE_NO_AVAILABILITY;
import static io.camelchat.simulator.lark.LarkErrors.CODE_RECALLED;
import static io.camelchat.simulator.lark.LarkErrors.error;
import static io.camelchat.simulator.lark.LarkErrors.fieldError;
import static io.camelchat.simulator.lark.LarkErrors.ok;

/**
 * The message calls of Lark's IM API: send ({@code POST im/v1/messages}, and the legacy
 * {@code POST message/v4/send}), reply, recall, card update (PATCH), edit (PUT) and get, with Lark's validation of
 * {@code msg_type} and content. Token checks are done by the routes ({@link LarkHttp}).
 */
final class ImMessageApi {

    static final Set<String> MSG_TYPES = Set.of("text", "post", "image", "file", "audio", "media", "sticker",
            "interactive", "share_chat", "share_user", "system");
    static final Set<String> RECEIVE_ID_TYPES = Set.of("open_id", "user_id", "union_id", "email", "chat_id");
    /** The receiver fields of the legacy v4 send, each naming its receive id type. */
    static final List<String> V4_RECEIVERS = List.of("chat_id", "open_id", "user_id", "email");

    /** Where a send goes: the chat and, for the stored message, how the receiver was named. */
    private record Target(String chatId, String chatType, SimResponse error) {
        static Target rejected(SimResponse error) {
            return new Target(null, null, error);
        }
    }

    /** A message the bot may change, or the reason it may not. */
    private record Owned(StoredMessage message, SimResponse error) {
    }

    private final LarkState state;
    private final ProtocolLog protocolLog;

    ImMessageApi(LarkState state, ProtocolLog protocolLog) {
        this.state = state;
        this.protocolLog = protocolLog;
    }

    // ---------------------------------------------------------------- send

    /** {@code POST /open-apis/im/v1/messages?receive_id_type=}. */
    SimResponse send(SimRequest r) {
        String idType = r.query("receive_id_type");
        if (idType == null || idType.isEmpty()) {
            return fieldError("receive_id_type", "receive_id_type is required");
        }
        if (!RECEIVE_ID_TYPES.contains(idType)) {
            return fieldError("receive_id_type", "receive_id_type must be one of open_id, user_id, union_id, email, "
                                                 + "chat_id");
        }
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        if (body == null) {
            protocolLog.add("HTTP " + r.path() + ": body is not a JSON object");
            return fieldError("body", "request body is not a valid JSON object");
        }
        if (!(body.get("receive_id") instanceof String receiveId) || receiveId.isEmpty()) {
            return fieldError("receive_id", "receive_id is required");
        }
        SimResponse bad = checkCommon(body);
        if (bad != null) {
            return bad;
        }
        String uuid = (String) body.get("uuid");
        StoredMessage dup = state.dedup(uuid);
        if (dup != null) {
            return ok(state.messageJson(dup));
        }
        Target t = target(idType, receiveId);
        if (t.error() != null) {
            return t.error();
        }
        Map<String, Object> content = Json.parseObject((String) body.get("content"));
        return ok(create((String) body.get("msg_type"), content, t, "", "", "", false, idType, receiveId, uuid));
    }

    /**
     * {@code POST /open-apis/message/v4/send}, the legacy send (still the first example of the Lark SDK's README):
     * exactly one of {@code chat_id}, {@code open_id}, {@code user_id}, {@code email} names the receiver,
     * {@code content} is a JSON <em>object</em> (not a string as in im/v1). The receiver and content are checked as
     * for im/v1 and the message is stored like an im/v1 send; the answer is {@code data.message_id}.
     */
    SimResponse sendV4(SimRequest r) {
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        if (body == null) {
            protocolLog.add("HTTP " + r.path() + ": body is not a JSON object");
            return fieldError("body", "request body is not a valid JSON object");
        }
        String idType = null;
        int receivers = 0;
        for (String field : V4_RECEIVERS) {
            if (body.get(field) != null) {
                receivers++;
                idType = field;
            }
        }
        if (receivers != 1) {
            return fieldError("chat_id", "exactly one of chat_id, open_id, user_id, email is required");
        }
        if (!(body.get(idType) instanceof String receiveId) || receiveId.isEmpty()) {
            return fieldError(idType, idType + " must be a non-empty string");
        }
        if (!(body.get("msg_type") instanceof String msgType) || msgType.isEmpty()) {
            return fieldError("msg_type", "msg_type is required");
        }
        if (body.get("content") == null) {
            return fieldError("content", "content is required");
        }
        if (!(body.get("content") instanceof Map<?, ?>)) {
            return fieldError("content", "content must be a JSON object");
        }
        if (!MSG_TYPES.contains(msgType)) {
            return error(400, CODE_INVALID_PARAM, "invalid msg_type: " + msgType);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) body.get("content");
        SimResponse bad = validateContent(msgType, content);
        if (bad != null) {
            return bad;
        }
        Target t = target(idType, receiveId);
        if (t.error() != null) {
            return t.error();
        }
        Map<String, Object> created = create(msgType, content, t, "", "", "", false, idType, receiveId, null);
        return ok(Map.of("message_id", created.get("message_id")));
    }

    /** The chat a send to this receiver lands in, or the im/v1 error for an unknown receiver. */
    private Target target(String idType, String receiveId) {
        if ("chat_id".equals(idType)) {
            String chatType = state.chatType(receiveId);
            return chatType == null
                    ? Target.rejected(error(400, CODE_NOT_IN_CHAT, "Bot/User can NOT be out of the chat."))
                    : new Target(receiveId, chatType, null);
        }
        LarkUser u = state.findUser(idType, receiveId);
        if (u == null) {
            return Target.rejected(error(400, CODE_NO_AVAILABILITY, "Bot has NO availability to this user."));
        }
        return new Target(state.p2pChatId(u.openId()), "p2p", null);
    }

    /** Stores a message the bot sent (or finds the one its uuid already created) and returns its API view. */
    private Map<String, Object> create(String msgType, Map<String, Object> content, Target t, String rootId,
                                       String parentId, String threadId, boolean inThread, String idType,
                                       String receiveId, String uuid) {
        StoredMessage m = new StoredMessage(LarkEvents.newMessageId(), t.chatId(), t.chatType(), msgType, content,
                true, null, rootId, parentId, threadId, inThread, idType, receiveId, uuid);
        return state.storeSent(m);
    }

    // ---------------------------------------------------------------- validation

    /** Checks msg_type, content and uuid of an im/v1 body; returns an error answer or null. */
    private SimResponse checkCommon(Map<String, Object> body) {
        if (!(body.get("msg_type") instanceof String msgType) || msgType.isEmpty()) {
            return fieldError("msg_type", "msg_type is required");
        }
        Object content = body.get("content");
        if (content == null || "".equals(content)) {
            return fieldError("content", "content is required");
        }
        if (!(content instanceof String)) {
            return fieldError("content", "content must be a string (a serialized JSON object)");
        }
        Object uuid = body.get("uuid");
        if (uuid != null && (!(uuid instanceof String s) || s.length() > 50)) {
            return fieldError("uuid", "uuid must be a string of at most 50 characters");
        }
        if (!MSG_TYPES.contains(msgType)) {
            return error(400, CODE_INVALID_PARAM, "invalid msg_type: " + msgType);
        }
        Map<String, Object> parsed = Json.tryParseObject((String) content);
        if (parsed == null) {
            return error(400, CODE_INVALID_PARAM, "invalid message content: content is not a JSON object");
        }
        return validateContent(msgType, parsed);
    }

    /** Checks that the content fits the message type; returns an error answer or null. */
    @SuppressWarnings("unchecked")
    SimResponse validateContent(String msgType, Map<String, Object> c) {
        String problem = switch (msgType) {
            case "text" -> c.get("text") instanceof String ? null : "text content needs a string 'text'";
            case "post" -> postProblem(c.get("post") instanceof Map<?, ?> pm ? (Map<String, Object>) pm : c);
            case "image" -> state.isKnownResource(c.get("image_key"), "image") ? null : "invalid image_key";
            case "file", "audio", "sticker" -> state.isKnownResource(c.get("file_key"), "file") ? null
                    : "invalid file_key";
            case "media" -> !state.isKnownResource(c.get("file_key"), "file") ? "invalid file_key"
                    : c.get("image_key") != null && !state.isKnownResource(c.get("image_key"), "image")
                            ? "invalid image_key" : null;
            case "share_chat" -> c.get("chat_id") instanceof String id && state.chatType(id) != null ? null
                    : "invalid chat_id";
            case "share_user" -> c.get("user_id") instanceof String id && state.user(id) != null ? null
                    : "invalid user_id";
            default -> null;
        };
        if ("interactive".equals(msgType) && !isCard(c)) {
            return error(400, CODE_CARD_INVALID, "Failed to create card content, ext=ErrCode: 200620; "
                                                 + "ErrMsg: card has no elements");
        }
        return problem == null ? null : error(400, CODE_INVALID_PARAM, "invalid message content: " + problem);
    }

    /** A card: elements, body, header or i18n elements, or a template with an id. */
    private static boolean isCard(Map<String, Object> c) {
        boolean template = "template".equals(c.get("type")) && c.get("data") instanceof Map<?, ?> d
                && d.get("template_id") instanceof String;
        return template || c.containsKey("elements") || c.containsKey("body") || c.containsKey("header")
                || c.containsKey("i18n_elements");
    }

    private static String postProblem(Map<String, Object> locales) {
        boolean any = false;
        for (Object v : locales.values()) {
            if (!(v instanceof Map<?, ?> lm) || !(lm.get("content") instanceof List<?> paras)
                    || !paras.stream().allMatch(x -> x instanceof List<?>)) {
                return "post content needs locale objects with a 'content' array of arrays";
            }
            any = true;
        }
        return any ? null : "post content has no locale";
    }

    // ---------------------------------------------------------------- reply, recall, update, edit, get

    /** {@code POST /open-apis/im/v1/messages/:message_id/reply}. */
    SimResponse reply(SimRequest r, String messageId) {
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        if (body == null) {
            protocolLog.add("HTTP " + r.path() + ": body is not a JSON object");
            return fieldError("body", "request body is not a valid JSON object");
        }
        SimResponse bad = checkCommon(body);
        if (bad != null) {
            return bad;
        }
        String uuid = (String) body.get("uuid");
        StoredMessage dup = state.dedup(uuid);
        if (dup != null) {
            return ok(state.messageJson(dup));
        }
        StoredMessage target = state.message(messageId);
        if (target == null) {
            return error(400, CODE_INVALID_PARAM, "The message is not found, message_id: " + messageId);
        }
        if (state.locked(() -> target.recalled)) {
            return error(400, CODE_RECALLED, "The message is recalled.");
        }
        boolean inThread = Boolean.TRUE.equals(body.get("reply_in_thread"));
        String root = target.rootId.isEmpty() ? target.id : target.rootId;
        String thread = !target.threadId.isEmpty() ? target.threadId
                : inThread ? "omt_" + LarkErrors.hex32("thread:" + root).substring(0, 16) : "";
        Map<String, Object> content = Json.parseObject((String) body.get("content"));
        return ok(create((String) body.get("msg_type"), content, new Target(target.chatId, target.chatType, null),
                root, target.id, thread, inThread, null, null, uuid));
    }

    /** The message if the bot may recall/update/edit it. Lock held. */
    private Owned own(String messageId) {
        StoredMessage m = state.message(messageId);
        if (m == null) {
            return new Owned(null,
                    error(400, CODE_INVALID_PARAM, "The message is not found, message_id: " + messageId));
        }
        if (m.recalled) {
            return new Owned(null, error(400, CODE_RECALLED, "The message is recalled."));
        }
        if (!m.fromBot) {
            return new Owned(null, error(400, CODE_NOT_OWNER,
                    "No permission to operate this message: it was not sent by the bot."));
        }
        return new Owned(m, null);
    }

    /** {@code DELETE /open-apis/im/v1/messages/:message_id}. */
    SimResponse recall(String messageId) {
        return state.locked(() -> {
            Owned o = own(messageId);
            if (o.error() != null) {
                return o.error();
            }
            o.message().recalled = true;
            o.message().updateTime = System.currentTimeMillis();
            return ok(Map.of());
        });
    }

    /** {@code PATCH /open-apis/im/v1/messages/:message_id}: replaces a card. */
    SimResponse updateCard(SimRequest r, String messageId) {
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        if (body == null || !(body.get("content") instanceof String content)) {
            return fieldError("content", "content is required and must be a string");
        }
        Map<String, Object> card = Json.tryParseObject(content);
        if (card == null) {
            return error(400, CODE_INVALID_PARAM, "invalid message content: content is not a JSON object");
        }
        SimResponse refused = state.locked(() -> {
            Owned o = own(messageId);
            if (o.error() != null) {
                return o.error();
            }
            if (!"interactive".equals(o.message().msgType)) {
                return error(400, CODE_INVALID_PARAM, "This message is NOT a card (only interactive messages can be "
                                                      + "updated with PATCH).");
            }
            return null;
        });
        if (refused != null) {
            return refused;
        }
        SimResponse bad = validateContent("interactive", card);
        if (bad != null) {
            return bad;
        }
        state.locked(() -> {
            state.message(messageId).replaceContent(card);
            return null;
        });
        return ok(Map.of());
    }

    /** {@code PUT /open-apis/im/v1/messages/:message_id}: edits a text or post message. */
    SimResponse edit(SimRequest r, String messageId) {
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        if (body == null) {
            return fieldError("body", "request body is not a valid JSON object");
        }
        SimResponse bad = checkCommon(body);
        if (bad != null) {
            return bad;
        }
        String msgType = (String) body.get("msg_type");
        return state.locked(() -> {
            Owned o = own(messageId);
            if (o.error() != null) {
                return o.error();
            }
            StoredMessage m = o.message();
            if (!Set.of("text", "post").contains(m.msgType) || !m.msgType.equals(msgType)) {
                return error(400, CODE_INVALID_PARAM, "Only text and post messages can be edited, keeping their "
                                                      + "msg_type.");
            }
            m.replaceContent(Json.parseObject((String) body.get("content")));
            return ok(state.messageJson(m));
        });
    }

    /** {@code GET /open-apis/im/v1/messages/:message_id}. */
    SimResponse get(String messageId) {
        StoredMessage m = state.message(messageId);
        if (m == null) {
            return error(400, CODE_INVALID_PARAM, "The message is not found, message_id: " + messageId);
        }
        return ok(Map.of("items", List.of(state.messageJson(m))));
    }
}
