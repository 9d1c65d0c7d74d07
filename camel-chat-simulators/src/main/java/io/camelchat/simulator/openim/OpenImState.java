package io.camelchat.simulator.openim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

import com.google.protobuf.ByteString;
import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.openim.proto.SimSdkws.MsgData;
import io.camelchat.simulator.openim.proto.SimSdkws.PullMsgs;

/**
 * Users, groups and conversations with their per-conversation seqs. Message acceptance follows open-im-server v3.8.3's
 * msg service: session types 1 (single), 3 (group) and 4 (notification); 2 is refused with ArgsError "unknown
 * sessionType" as the server's SendMsg does. Thread-safe (one lock).
 */
final class OpenImState {

    static final int SINGLE = 1;
    static final int WRITE_GROUP = 2;
    static final int READ_GROUP = 3;
    static final int NOTIFICATION = 4;
    static final int STATUS_SEND_SUCCESS = 2;
    static final int MSG_FROM_USER = 100;
    static final int MSG_FROM_SYSTEM = 200;
    static final int REVOKE_NOTIFICATION = 2101;

    private final Map<String, OpenImUser> users = new LinkedHashMap<>();
    private final Map<String, OpenImGroup> groups = new LinkedHashMap<>();
    private final Map<String, List<OpenImMessage>> conversations = new LinkedHashMap<>();
    private final Map<String, Set<String>> singleMembers = new LinkedHashMap<>();
    private final List<OpenImMessage> all = new ArrayList<>();
    private final Map<String, Long> revokeTimes = new LinkedHashMap<>();

    synchronized void addUser(OpenImUser u) {
        users.put(u.userId(), u);
    }

    synchronized OpenImUser user(String id) {
        return users.get(id);
    }

    synchronized List<OpenImUser> users() {
        return List.copyOf(users.values());
    }

    synchronized void addGroup(OpenImGroup g) {
        groups.put(g.groupId(), g);
    }

    synchronized OpenImGroup group(String id) {
        return groups.get(id);
    }

    synchronized List<OpenImGroup> groups() {
        return List.copyOf(groups.values());
    }

    /** Every user who should see a message of this conversation (single: both users; group: the members). */
    synchronized Set<String> audience(MsgData m) {
        Set<String> s = new TreeSet<>();
        if (m.getSessionType() == READ_GROUP || m.getSessionType() == WRITE_GROUP) {
            OpenImGroup g = groups.get(m.getGroupID());
            if (g != null) {
                s.addAll(g.memberIds());
            }
        } else {
            s.add(m.getSendID());
            s.add(m.getRecvID());
        }
        return s;
    }

    /**
     * Checks, completes and stores a message (serverMsgID, sendTime when 0, seq, status 2); returns what was stored.
     *
     * @param admins the admin user ids (they skip the membership check, as the server's verification does)
     */
    synchronized OpenImMessage accept(MsgData in, Set<String> admins) {
        MsgData.Builder b = in.toBuilder();
        if (b.getSendID().isEmpty()) {
            throw ImError.args("sendID is empty");
        }
        if (b.getContentType() == 0) {
            throw ImError.args("contentType is empty");
        }
        boolean notification = b.getContentType() >= 1000 && b.getContentType() <= 5000;
        switch (b.getSessionType()) {
            case SINGLE, NOTIFICATION -> {
                if (b.getRecvID().isEmpty()) {
                    throw ImError.args("recvID is empty");
                }
                if (!users.containsKey(b.getRecvID())) {
                    throw new ImError(ImError.RECORD_NOT_FOUND, "user " + b.getRecvID() + " not found");
                }
            }
            case READ_GROUP -> {
                OpenImGroup g = groups.get(b.getGroupID());
                if (b.getGroupID().isEmpty()) {
                    throw ImError.args("groupID is empty");
                }
                if (g == null) {
                    throw new ImError(ImError.RECORD_NOT_FOUND, "group " + b.getGroupID() + " not found");
                }
                if (!admins.contains(b.getSendID()) && !notification && !g.isMember(b.getSendID())) {
                    throw new ImError(ImError.NOT_IN_GROUP_YET, "");
                }
            }
            default -> throw ImError.args("unknown sessionType");
        }
        b.setServerMsgID(md5(System.nanoTime() + "-" + b.getSendID() + "-" + ThreadLocalRandom.current().nextLong()));
        if (b.getSendTime() == 0) {
            b.setSendTime(System.currentTimeMillis());
        }
        b.setStatus(STATUS_SEND_SUCCESS);
        String conv = conversationId(b);
        boolean history = b.getOptionsMap().getOrDefault("history", true);
        if (history) {
            List<OpenImMessage> list = conversations.computeIfAbsent(conv, k -> new ArrayList<>());
            b.setSeq(list.size() + 1L);
            OpenImMessage m = new OpenImMessage(conv, b.build(), null);
            list.add(m);
            all.add(m);
            if (b.getSessionType() != READ_GROUP) {
                singleMembers.computeIfAbsent(conv, k -> new TreeSet<>()).addAll(List.of(b.getSendID(), b.getRecvID()));
            }
            return m;
        }
        return new OpenImMessage(conv, b.build(), null);
    }

    /** The conversation id of a message (reference 3.2; {@code isNotNotification=false} selects the n_ id). */
    static String conversationId(MsgData.Builder m) {
        boolean chat = m.getOptionsMap().getOrDefault("isNotNotification", true);
        String pair = pair(m.getSendID(), m.getRecvID());
        return switch (m.getSessionType()) {
            case SINGLE -> (chat ? "si_" : "n_") + pair;
            case WRITE_GROUP -> (chat ? "g_" : "n_") + m.getGroupID();
            case READ_GROUP -> (chat ? "sg_" : "n_") + m.getGroupID();
            case NOTIFICATION -> (chat ? "sn_" : "n_") + pair;
            default -> "";
        };
    }

    /** {@code si_} id of two users (sorted, byte order). */
    static String singleConversationId(String a, String b) {
        return "si_" + pair(a, b);
    }

    private static String pair(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "_" + b : b + "_" + a;
    }

    static boolean isNotificationConversation(String conversationId) {
        return conversationId.startsWith("n_");
    }

    /** Whether the user takes part in the conversation. */
    synchronized boolean involves(String conversationId, String userId) {
        List<OpenImMessage> list = conversations.get(conversationId);
        if (list == null || list.isEmpty()) {
            return false;
        }
        MsgData first = list.get(0).data();
        if (first.getSessionType() == READ_GROUP || first.getSessionType() == WRITE_GROUP) {
            OpenImGroup g = groups.get(first.getGroupID());
            return g != null && g.isMember(userId);
        }
        Set<String> members = singleMembers.get(conversationId);
        return members != null && members.contains(userId);
    }

    /** Max seq of every conversation of the user that has messages. */
    synchronized Map<String, Long> maxSeqs(String userId) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Map.Entry<String, List<OpenImMessage>> e : conversations.entrySet()) {
            if (!e.getValue().isEmpty() && involves(e.getKey(), userId)) {
                m.put(e.getKey(), (long) e.getValue().size());
            }
        }
        return m;
    }

    /** Messages with begin &lt;= seq &lt;= end (at most num), revoked ones rendered as the server renders them. */
    synchronized PullMsgs pull(String userId, String conversationId, long begin, long end, long num, boolean desc) {
        List<OpenImMessage> list = conversations.get(conversationId);
        if (list == null || list.isEmpty() || !involves(conversationId, userId)) {
            return null;
        }
        long max = list.size();
        List<MsgData> out = new ArrayList<>();
        long from = Math.max(1, begin);
        long to = Math.min(max, end);
        if (num <= 0) {
            num = Long.MAX_VALUE;
        }
        if (desc) {
            for (long s = to; s >= from && out.size() < num; s--) {
                out.add(render(list.get((int) s - 1)));
            }
            Collections.reverse(out);
        } else {
            for (long s = from; s <= to && out.size() < num; s++) {
                out.add(render(list.get((int) s - 1)));
            }
        }
        if (out.isEmpty()) {
            return null;
        }
        boolean isEnd = desc ? begin <= 1 : max <= end;
        return PullMsgs.newBuilder().addAllMsgs(out).setIsEnd(isEnd).build();
    }

    private MsgData render(OpenImMessage m) {
        if (!m.revoked()) {
            return m.data();
        }
        MsgData d = m.data();
        OpenImUser revoker = users.get(m.revokedBy());
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("revokerID", m.revokedBy());
        content.put("revokerRole", revokerRole(m));
        content.put("clientMsgID", d.getClientMsgID());
        content.put("revokerNickname", revoker == null ? "" : revoker.nickname());
        content.put("revokeTime", revokeTimes.getOrDefault(m.conversationId() + "#" + d.getSeq(), 0L));
        content.put("sourceMessageSendTime", d.getSendTime());
        content.put("sourceMessageSendID", d.getSendID());
        content.put("sourceMessageSenderNickname", d.getSenderNickname());
        content.put("sessionType", d.getSessionType());
        content.put("seq", d.getSeq());
        content.put("ex", d.getEx());
        String detail = Json.write(content);
        String elem = Json.write(Map.of("detail", detail));
        return d.toBuilder().setContentType(REVOKE_NOTIFICATION)
                .setContent(ByteString.copyFrom(elem, StandardCharsets.UTF_8)).build();
    }

    synchronized OpenImMessage message(String conversationId, long seq) {
        List<OpenImMessage> list = conversations.get(conversationId);
        if (list == null || seq < 1 || seq > list.size()) {
            return null;
        }
        return list.get((int) seq - 1);
    }

    /** The revoker's group role, or app manager level in a single chat (as the server records it). */
    private int revokerRole(OpenImMessage m) {
        if (m.sessionType() == READ_GROUP) {
            OpenImGroup g = groups.get(m.groupId());
            return g == null ? 0 : g.role(m.revokedBy());
        }
        OpenImUser u = users.get(m.revokedBy());
        return u == null ? 0 : u.appMangerLevel();
    }

    synchronized OpenImMessage revoke(String conversationId, long seq, String by) {
        revokeTimes.put(conversationId + "#" + seq, System.currentTimeMillis());
        List<OpenImMessage> list = conversations.get(conversationId);
        OpenImMessage m = list.get((int) seq - 1).revoke(by);
        list.set((int) seq - 1, m);
        all.replaceAll(x -> x.conversationId().equals(conversationId) && x.seq() == seq ? m : x);
        return m;
    }

    synchronized List<OpenImMessage> messages(String conversationId) {
        List<OpenImMessage> list = conversations.get(conversationId);
        return list == null ? List.of() : List.copyOf(list);
    }

    synchronized List<OpenImMessage> allMessages() {
        return List.copyOf(all);
    }

    static String md5(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
