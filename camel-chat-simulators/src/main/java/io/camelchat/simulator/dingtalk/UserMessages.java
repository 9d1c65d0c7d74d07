package io.camelchat.simulator.dingtalk;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.camelchat.simulator.common.Json;

import static io.camelchat.simulator.dingtalk.DingTalkErrors.RANDOM;
import static io.camelchat.simulator.dingtalk.DingTalkErrors.randomBytes;
import static io.camelchat.simulator.dingtalk.DingTalkErrors.shortHash;

/**
 * What simulated users send to the robot, built the way DingTalk shows it: robot messages (text, picture, file) with
 * a live session webhook and download codes registered in the {@link DingTalkDirectory}, and the data of card-click
 * callbacks.
 */
final class UserMessages {

    private final DingTalkSettings settings;
    private final DingTalkDirectory directory;
    private final Supplier<String> oapiUrl;

    UserMessages(DingTalkSettings settings, DingTalkDirectory directory, Supplier<String> oapiUrl) {
        this.settings = settings;
        this.directory = directory;
        this.oapiUrl = oapiUrl;
    }

    InboundMessage text(String userId, String groupIdOrNull, String text) {
        return build(userId, groupIdOrNull, "text", text, null, null);
    }

    InboundMessage picture(String userId, String groupIdOrNull, byte[] png) {
        String code = directory.newDownloadCode(new DingTalkDirectory.Blob(png.clone(), "image.png", "image/png"));
        String code2 = directory.newDownloadCode(new DingTalkDirectory.Blob(png.clone(), "image.png", "image/png"));
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("downloadCode", code);
        content.put("pictureDownloadCode", code2);
        return build(userId, groupIdOrNull, "picture", null, content, code);
    }

    InboundMessage file(String userId, String groupIdOrNull, String fileName, byte[] bytes) {
        String code = directory.newDownloadCode(new DingTalkDirectory.Blob(bytes.clone(), fileName,
                "application/octet-stream"));
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("downloadCode", code);
        content.put("fileName", fileName);
        content.put("spaceId", String.valueOf(1_000_000_000L + RANDOM.nextInt(1_000_000_000)));
        content.put("fileId", String.valueOf(100_000_000_000L + RANDOM.nextInt(1_000_000_000)));
        return build(userId, groupIdOrNull, "file", null, content, code);
    }

    /** The {@code data} of a card callback frame: a click by {@code userId} on the card {@code outTrackId}. */
    String cardCallbackData(String userId, String outTrackId, Map<String, Object> params) {
        Map<String, Object> p = params == null ? Map.of() : params;
        Object action = p.getOrDefault("actionId", "action");
        Map<String, Object> priv = new LinkedHashMap<>();
        priv.put("actionIds", List.of(String.valueOf(action)));
        priv.put("params", p);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("extension", "{}");
        data.put("corpId", settings.corpId());
        data.put("spaceType", "IM");
        data.put("userIdType", 1);
        data.put("type", "actionCallback");
        data.put("userId", userId);
        data.put("content", Json.write(Map.of("cardPrivateData", priv)));
        data.put("spaceId", "cid" + shortHash(userId));
        data.put("outTrackId", outTrackId);
        return Json.write(data);
    }

    private InboundMessage build(String userId, String groupId, String msgtype, String text,
                                 Map<String, Object> content, String downloadCode) {
        SimUser u = directory.user(userId);
        SimGroup g = null;
        if (groupId != null) {
            g = directory.group(groupId);
            if (g == null) {
                throw new IllegalArgumentException("unknown group " + groupId + " (addGroup first)");
            }
        }
        long now = System.currentTimeMillis();
        String conversationId = g != null ? g.openConversationId() : "cid" + shortHash("oto:" + userId) + "==";
        long expires = now + settings.sessionWebhookTtl().toMillis();
        String sessionId = directory.openSession(conversationId, userId, expires);
        String nick = u != null ? u.name() : userId;
        String msgId = "msg" + Base64.getEncoder().encodeToString(randomBytes(15)).replace('/', 'x').replace('+', 'y')
                       + "==";
        String webhook = oapiUrl.get() + "/robot/sendBySession?session=" + sessionId;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("conversationId", conversationId);
        if (g != null) {
            m.put("atUsers", List.of(Map.of("dingtalkId", settings.chatbotUserId())));
        }
        m.put("chatbotCorpId", settings.corpId());
        m.put("chatbotUserId", settings.chatbotUserId());
        m.put("msgId", msgId);
        m.put("senderNick", nick);
        m.put("isAdmin", false);
        m.put("senderStaffId", userId);
        m.put("sessionWebhookExpiredTime", expires);
        m.put("createAt", now);
        m.put("senderCorpId", settings.corpId());
        m.put("conversationType", g != null ? "2" : "1");
        m.put("senderId", "$:LWCP_v1:$" + Base64.getEncoder().encodeToString(
                ("user:" + userId).getBytes(StandardCharsets.UTF_8)));
        if (g != null) {
            m.put("conversationTitle", g.title());
            m.put("isInAtList", true);
        }
        m.put("sessionWebhook", webhook);
        String shownText = null;
        if ("text".equals(msgtype)) {
            shownText = g != null ? " " + text : text;
            m.put("text", Map.of("content", shownText));
        } else {
            m.put("content", content);
        }
        m.put("robotCode", settings.robotCode());
        m.put("msgtype", msgtype);
        return new InboundMessage(msgId, msgtype, conversationId, g != null ? "2" : "1", userId, nick, shownText,
                downloadCode, webhook, expires, now, null, m);
    }
}
