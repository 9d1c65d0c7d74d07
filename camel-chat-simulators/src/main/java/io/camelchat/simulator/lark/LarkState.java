package io.camelchat.simulator.lark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.camelchat.simulator.common.Json;

/**
 * The Lark tenant a simulator plays and what happened in it: users, group chats and the bot's p2p chats, every
 * message (the users' and the bot's, with recall/edit/card-update history), {@code uuid} de-duplication, files
 * (uploaded by the bot or sent by users), card update tokens and the answers to card actions. Thread-safe; handlers
 * that read, check and then change a message do so inside {@link #locked}.
 */
final class LarkState {

    private static final Pattern AT_TAG = Pattern.compile(
            "<at\\s+(?:user_id|id|open_id)\\s*=\\s*\"?([^\"\\s>]*)\"?\\s*>(.*?)</at>");

    /** A file: {@code kind} is {@code image} or {@code file}. */
    record Blob(String key, String kind, byte[] bytes, String name, String contentType) {
    }

    /** Which message a send {@code uuid} created, and when. */
    private record UuidUse(String messageId, long at) {
    }

    /** A message in a chat; the content and flags change (under the state's lock) on recall, edit, card update. */
    static final class StoredMessage {
        final String id;
        final String chatId;
        final String chatType;
        final String msgType;
        final boolean fromBot;
        final String senderOpenId;
        final String rootId;
        final String parentId;
        final String threadId;
        final boolean replyInThread;
        final String receiveIdType;
        final String receiveId;
        final String uuid;
        final long createTime = System.currentTimeMillis();
        long updateTime = createTime;
        Map<String, Object> content;
        boolean recalled;
        boolean updated;
        final List<Map<String, Object>> history = new ArrayList<>();

        StoredMessage(String id, String chatId, String chatType, String msgType, Map<String, Object> content,
                      boolean fromBot, String senderOpenId, String rootId, String parentId, String threadId,
                      boolean replyInThread, String receiveIdType, String receiveId, String uuid) {
            this.id = id;
            this.chatId = chatId;
            this.chatType = chatType;
            this.msgType = msgType;
            this.content = content;
            this.fromBot = fromBot;
            this.senderOpenId = senderOpenId;
            this.rootId = rootId;
            this.parentId = parentId;
            this.threadId = threadId;
            this.replyInThread = replyInThread;
            this.receiveIdType = receiveIdType;
            this.receiveId = receiveId;
            this.uuid = uuid;
        }

        /** Replaces the content, keeping the old one in the history. Lock held. */
        void replaceContent(Map<String, Object> newContent) {
            history.add(content);
            content = newContent;
            updated = true;
            updateTime = System.currentTimeMillis();
        }

        SentMessage snapshot() {
            return new SentMessage(id, receiveIdType, receiveId, chatId, msgType, content, uuid, rootId, parentId,
                    replyInThread, recalled, List.copyOf(history), createTime);
        }
    }

    private final LarkSettings settings;
    private final Object lock = new Object();
    private final Map<String, LarkUser> users = new LinkedHashMap<>();
    private final Map<String, LarkChat> chats = new LinkedHashMap<>();
    private final Map<String, String> p2pChats = new HashMap<>();
    private final Map<String, StoredMessage> messages = new LinkedHashMap<>();
    private final List<StoredMessage> sent = new ArrayList<>();
    private final Map<String, UuidUse> uuids = new HashMap<>();
    private final Map<String, Blob> resources = new HashMap<>();
    private final List<UploadedFile> uploads = new ArrayList<>();
    private final Map<String, Map<String, Object>> cardResponses = new HashMap<>();
    private final Map<String, String> cardTokenMessage = new HashMap<>();

    LarkState(LarkSettings settings) {
        this.settings = settings;
    }

    /** Runs {@code action} with the state's lock held (for read-check-write sequences). */
    <R> R locked(Supplier<R> action) {
        synchronized (lock) {
            return action.get();
        }
    }

    // ---------------------------------------------------------------- users and chats

    void addUser(LarkUser user) {
        synchronized (lock) {
            users.put(user.openId(), user);
        }
    }

    void addChat(LarkChat chat) {
        synchronized (lock) {
            chats.put(chat.chatId(), chat);
        }
    }

    LarkUser user(String openId) {
        synchronized (lock) {
            return users.get(openId);
        }
    }

    List<LarkUser> users() {
        synchronized (lock) {
            return List.copyOf(users.values());
        }
    }

    /** The user whose id of this type ({@code open_id}, {@code user_id}, {@code union_id}, else email) is {@code id}. */
    LarkUser findUser(String idType, String id) {
        synchronized (lock) {
            for (LarkUser u : users.values()) {
                String v = switch (idType) {
                    case "open_id" -> u.openId();
                    case "user_id" -> u.userId();
                    case "union_id" -> u.unionId();
                    default -> u.email();
                };
                if (id.equals(v)) {
                    return u;
                }
            }
        }
        return null;
    }

    LarkChat chat(String chatId) {
        synchronized (lock) {
            return chats.get(chatId);
        }
    }

    List<LarkChat> chats() {
        synchronized (lock) {
            return List.copyOf(chats.values());
        }
    }

    /** The p2p chat id between the bot and this user (created on first use, then reused). */
    String p2pChatId(String openId) {
        synchronized (lock) {
            return p2pChats.computeIfAbsent(openId, k -> "oc_" + LarkErrors.hex32("p2p:" + settings.appId() + ":" + k));
        }
    }

    /** {@code group} for a group chat, {@code p2p} for a bot's p2p chat, {@code null} for an unknown chat. */
    String chatType(String chatId) {
        synchronized (lock) {
            return chats.containsKey(chatId) ? "group" : p2pChats.containsValue(chatId) ? "p2p" : null;
        }
    }

    // ---------------------------------------------------------------- messages

    void addMessage(StoredMessage m) {
        synchronized (lock) {
            messages.put(m.id, m);
        }
    }

    StoredMessage message(String id) {
        synchronized (lock) {
            return messages.get(id);
        }
    }

    /** The message an earlier send with this {@code uuid} created within the window, or {@code null}. */
    StoredMessage dedup(String uuid) {
        if (uuid == null) {
            return null;
        }
        synchronized (lock) {
            UuidUse e = uuids.get(uuid);
            if (e == null || System.currentTimeMillis() - e.at() > settings.uuidWindow().toMillis()) {
                return null;
            }
            return messages.get(e.messageId());
        }
    }

    /** Stores a message the bot sent, unless its uuid was used; returns the API view of the stored message. */
    Map<String, Object> storeSent(StoredMessage m) {
        synchronized (lock) {
            StoredMessage dup = dedup(m.uuid);
            if (dup != null) {
                return messageJson(dup);
            }
            messages.put(m.id, m);
            sent.add(m);
            if (m.uuid != null) {
                uuids.put(m.uuid, new UuidUse(m.id, System.currentTimeMillis()));
            }
            return messageJson(m);
        }
    }

    List<SentMessage> sentMessages() {
        synchronized (lock) {
            return sent.stream().map(StoredMessage::snapshot).toList();
        }
    }

    /** The API view of a message ({@code <at>} tags of text turned into {@code @_user_N} plus {@code mentions}). */
    Map<String, Object> messageJson(StoredMessage m) {
        synchronized (lock) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("message_id", m.id);
            o.put("root_id", m.rootId);
            o.put("parent_id", m.parentId);
            o.put("thread_id", m.threadId);
            o.put("msg_type", m.msgType);
            o.put("create_time", String.valueOf(m.createTime));
            o.put("update_time", String.valueOf(m.updateTime));
            o.put("deleted", m.recalled);
            o.put("updated", m.updated);
            o.put("chat_id", m.chatId);
            Map<String, Object> sender = new LinkedHashMap<>();
            sender.put("id", m.fromBot ? settings.appId() : m.senderOpenId);
            sender.put("id_type", m.fromBot ? "app_id" : "open_id");
            sender.put("sender_type", m.fromBot ? "app" : "user");
            sender.put("tenant_key", settings.tenantKey());
            o.put("sender", sender);
            List<Map<String, Object>> mentions = new ArrayList<>();
            String content = Json.write(m.content);
            if ("text".equals(m.msgType) && m.content.get("text") instanceof String text) {
                content = Json.write(Map.of("text", replaceAtTags(text, mentions)));
            }
            o.put("body", Map.of("content", m.recalled ? "This message was recalled" : content));
            if (!mentions.isEmpty()) {
                o.put("mentions", mentions);
            }
            o.put("upper_message_id", "");
            return o;
        }
    }

    /** Lock held. */
    private String replaceAtTags(String text, List<Map<String, Object>> mentions) {
        StringBuilder sb = new StringBuilder();
        Matcher mt = AT_TAG.matcher(text);
        int n = 0;
        while (mt.find()) {
            String id = mt.group(1);
            if ("all".equals(id)) {
                mt.appendReplacement(sb, "@_all");
                continue;
            }
            String key = "@_user_" + (++n);
            mt.appendReplacement(sb, Matcher.quoteReplacement(key));
            LarkUser u = users.get(id);
            if (u == null) {
                for (LarkUser cand : users.values()) {
                    if (id.equals(cand.userId())) {
                        u = cand;
                    }
                }
            }
            Map<String, Object> mention = new LinkedHashMap<>();
            mention.put("key", key);
            mention.put("id", u != null ? u.openId() : id);
            mention.put("id_type", "open_id");
            mention.put("name", u != null ? u.name() : mt.group(2));
            mention.put("tenant_key", settings.tenantKey());
            mentions.add(mention);
        }
        mt.appendTail(sb);
        return sb.toString();
    }

    // ---------------------------------------------------------------- files

    void addResource(Blob b) {
        synchronized (lock) {
            resources.put(b.key(), b);
        }
    }

    Blob resource(String key) {
        synchronized (lock) {
            return resources.get(key);
        }
    }

    /** Whether {@code key} is a file of this kind ({@code image}/{@code file}). */
    boolean isKnownResource(Object key, String kind) {
        synchronized (lock) {
            Blob b = key instanceof String k ? resources.get(k) : null;
            return b != null && b.kind().equals(kind);
        }
    }

    /** Records a file the bot uploaded (also downloadable as a resource). */
    void addUpload(Blob b, UploadedFile u) {
        synchronized (lock) {
            resources.put(b.key(), b);
            uploads.add(u);
        }
    }

    boolean isUpload(String key) {
        synchronized (lock) {
            return uploads.stream().anyMatch(u -> u.key().equals(key));
        }
    }

    List<UploadedFile> uploads() {
        synchronized (lock) {
            return List.copyOf(uploads);
        }
    }

    // ---------------------------------------------------------------- cards

    void registerCardToken(String token, String messageId) {
        synchronized (lock) {
            cardTokenMessage.put(token, messageId);
        }
    }

    /** The answer to a card action by event id or card token, or {@code null}. */
    Map<String, Object> cardResponse(String eventIdOrToken) {
        synchronized (lock) {
            return cardResponses.get(eventIdOrToken);
        }
    }

    /**
     * Records the answer to a card action under its event id and token; a card in it ({@code card} of type
     * {@code raw} or {@code template}, or a legacy answer that is a card) replaces the card message's content.
     */
    @SuppressWarnings("unchecked")
    void recordCardResponse(String eventId, String token, String messageId, Map<String, Object> answer) {
        synchronized (lock) {
            if (eventId != null) {
                cardResponses.put(eventId, answer);
            }
            if (token != null) {
                cardResponses.put(token, answer);
            }
            StoredMessage m = messageId == null ? null : messages.get(messageId);
            if (m == null) {
                return;
            }
            Object card = answer.get("card");
            Map<String, Object> newContent = null;
            if (card instanceof Map<?, ?> cm) {
                Object t = cm.get("type");
                Object d = cm.get("data");
                if ("raw".equals(t) && d instanceof Map<?, ?> dm) {
                    newContent = (Map<String, Object>) dm;
                } else if ("template".equals(t) && d instanceof Map<?, ?> dm) {
                    newContent = new LinkedHashMap<>();
                    newContent.put("type", "template");
                    newContent.put("data", dm);
                }
            } else if (answer.containsKey("elements") || answer.containsKey("header") || answer.containsKey("body")) {
                newContent = answer; // legacy callback: the whole answer is the new card
            }
            if (newContent != null && "interactive".equals(m.msgType)) {
                m.replaceContent(newContent);
            }
        }
    }
}
