package io.camelchat.simulator.dingtalk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DingTalk org a simulator plays, and what happened in it: users and groups, access tokens, robot sessions (the
 * reply webhooks of pushed messages), files users sent (download codes and short-lived download links), media the bot
 * uploaded, and every message the bot sent. Thread-safe (one lock, held only inside these methods).
 */
final class DingTalkDirectory {

    private static final Pattern MENTION = Pattern.compile("@([A-Za-z0-9_\\-.$]+)");

    /** How a presented access token fares. */
    enum TokenState {
        VALID, UNKNOWN, EXPIRED
    }

    /** A robot session: the target of one pushed message's {@code sessionWebhook}. */
    record Session(String id, String conversationId, String userId, long expiresAt) {
    }

    /** File content a user sent. */
    record Blob(byte[] bytes, String fileName, String contentType) {
    }

    /** A download URL's target, valid until {@code expiresAt}. */
    record FileLink(Blob blob, Instant expiresAt) {
    }

    /** A {@code userIds} list split into known users and the others. */
    record UserSplit(List<String> valid, List<String> invalid) {
    }

    /** The outcome of a recall: the recalled keys, and the reason for each key that was not. */
    record RecallResult(List<String> success, Map<String, Object> failed) {
    }

    /** A message the bot sent; only {@code recalled} changes. */
    static final class SentEntry {
        final SentMessage.Channel channel;
        final List<String> targets;
        final String conversationId;
        final String msgKey;
        final Map<String, Object> content;
        final String processQueryKey;
        final List<String> atUserIds;
        final Map<String, Object> body;
        final long sentAt = System.currentTimeMillis();
        boolean recalled;

        SentEntry(SentMessage.Channel channel, List<String> targets, String conversationId, String msgKey,
                  Map<String, Object> content, String processQueryKey, List<String> atUserIds,
                  Map<String, Object> body) {
            this.channel = channel;
            this.targets = List.copyOf(targets);
            this.conversationId = conversationId;
            this.msgKey = msgKey;
            this.content = content;
            this.processQueryKey = processQueryKey;
            this.atUserIds = List.copyOf(atUserIds);
            this.body = body;
        }

        SentMessage snapshot() {
            return new SentMessage(channel, targets, conversationId, msgKey, content, processQueryKey, recalled,
                    atUserIds, body, sentAt);
        }
    }

    private final Object lock = new Object();
    private final Map<String, SimUser> users = new LinkedHashMap<>();
    private final Map<String, SimGroup> groups = new LinkedHashMap<>();
    private final Map<String, Instant> tokens = new HashMap<>();
    private int tokenIssuances;
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, Blob> downloadCodes = new HashMap<>();
    private final Map<String, FileLink> files = new HashMap<>();
    private final Map<String, UploadedMedia> media = new LinkedHashMap<>();
    private final List<SentEntry> sent = new ArrayList<>();
    private final Map<String, SentEntry> sentByKey = new HashMap<>();

    // ---------------------------------------------------------------- users and groups

    void addUser(SimUser user) {
        synchronized (lock) {
            users.put(user.userId(), user);
        }
    }

    void addGroup(SimGroup group) {
        synchronized (lock) {
            groups.put(group.openConversationId(), group);
        }
    }

    SimUser user(String userId) {
        synchronized (lock) {
            return users.get(userId);
        }
    }

    SimUser userByMobile(String mobile) {
        synchronized (lock) {
            return users.values().stream().filter(x -> mobile.equals(x.mobile())).findFirst().orElse(null);
        }
    }

    SimGroup group(String openConversationId) {
        synchronized (lock) {
            return groups.get(openConversationId);
        }
    }

    UserSplit splitUsers(List<?> ids) {
        List<String> valid = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        synchronized (lock) {
            for (Object o : ids) {
                String id = String.valueOf(o);
                (users.containsKey(id) ? valid : invalid).add(id);
            }
        }
        return new UserSplit(valid, invalid);
    }

    /** User ids written as {@code @userId} in the message text that are candidates or known users, in order. */
    List<String> mentions(Map<String, Object> param, List<String> candidates) {
        Object t = param.containsKey("content") ? param.get("content") : param.get("text");
        List<String> at = new ArrayList<>();
        if (t instanceof String s) {
            Matcher m = MENTION.matcher(s);
            synchronized (lock) {
                while (m.find()) {
                    String id = m.group(1);
                    if ((candidates.contains(id) || users.containsKey(id)) && !at.contains(id)) {
                        at.add(id);
                    }
                }
            }
        }
        return at;
    }

    // ---------------------------------------------------------------- tokens

    /** A new access token (a new one on every call), valid for {@code ttl}. */
    String issueToken(Duration ttl) {
        String t = HexFormat.of().formatHex(DingTalkErrors.randomBytes(16));
        synchronized (lock) {
            tokens.put(t, Instant.now().plus(ttl));
            tokenIssuances++;
        }
        return t;
    }

    TokenState tokenState(String token) {
        if (token == null || token.isEmpty()) {
            return TokenState.UNKNOWN;
        }
        synchronized (lock) {
            Instant exp = tokens.get(token);
            if (exp == null) {
                return TokenState.UNKNOWN;
            }
            return Instant.now().isAfter(exp) ? TokenState.EXPIRED : TokenState.VALID;
        }
    }

    void revokeTokens() {
        synchronized (lock) {
            tokens.clear();
        }
    }

    int tokenIssuances() {
        synchronized (lock) {
            return tokenIssuances;
        }
    }

    // ---------------------------------------------------------------- sessions, files, media

    /** Opens a robot session and returns its id. */
    String openSession(String conversationId, String userId, long expiresAt) {
        String id = HexFormat.of().formatHex(DingTalkErrors.randomBytes(16));
        synchronized (lock) {
            sessions.put(id, new Session(id, conversationId, userId, expiresAt));
        }
        return id;
    }

    Session session(String id) {
        synchronized (lock) {
            return id == null ? null : sessions.get(id);
        }
    }

    /** Registers content a user sent and returns its new download code. */
    String newDownloadCode(Blob blob) {
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(DingTalkErrors.randomBytes(36));
        synchronized (lock) {
            downloadCodes.put(code, blob);
        }
        return code;
    }

    Blob downloadCode(String code) {
        synchronized (lock) {
            return downloadCodes.get(code);
        }
    }

    void addFileLink(String id, FileLink link) {
        synchronized (lock) {
            files.put(id, link);
        }
    }

    FileLink fileLink(String id) {
        synchronized (lock) {
            return files.get(id);
        }
    }

    void addMedia(UploadedMedia m) {
        synchronized (lock) {
            media.put(m.mediaId(), m);
        }
    }

    boolean hasMedia(String mediaId) {
        synchronized (lock) {
            return media.containsKey(mediaId);
        }
    }

    List<UploadedMedia> media() {
        synchronized (lock) {
            return List.copyOf(media.values());
        }
    }

    // ---------------------------------------------------------------- sent messages

    void recordSent(SentEntry e) {
        synchronized (lock) {
            sent.add(e);
            if (e.processQueryKey != null) {
                sentByKey.put(e.processQueryKey, e);
            }
        }
    }

    List<SentMessage> sentMessages() {
        synchronized (lock) {
            return sent.stream().map(SentEntry::snapshot).toList();
        }
    }

    /** A snapshot of the message sent with this processQueryKey, or {@code null}. */
    SentMessage sentByKey(String processQueryKey) {
        synchronized (lock) {
            SentEntry e = sentByKey.get(processQueryKey);
            return e == null ? null : e.snapshot();
        }
    }

    /**
     * Recalls the messages of these processQueryKeys: 1:1 messages, or group messages of conversation {@code cid}.
     *
     * @return the outcome, or {@code null} when {@code group} and the group is unknown
     */
    RecallResult recall(List<?> keys, boolean group, String cid) {
        List<String> success = new ArrayList<>();
        Map<String, Object> failed = new LinkedHashMap<>();
        synchronized (lock) {
            if (group && !groups.containsKey(cid)) {
                return null;
            }
            for (Object o : keys) {
                String k = String.valueOf(o);
                SentEntry e = sentByKey.get(k);
                if (e == null || e.channel != (group ? SentMessage.Channel.GROUP : SentMessage.Channel.OTO)
                        || (group && !cid.equals(e.conversationId))) {
                    failed.put(k, "message not found");
                } else if (e.recalled) {
                    failed.put(k, "message already recalled");
                } else {
                    e.recalled = true;
                    success.add(k);
                }
            }
        }
        return new RecallResult(success, failed);
    }
}
