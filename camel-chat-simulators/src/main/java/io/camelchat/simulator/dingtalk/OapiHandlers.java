package io.camelchat.simulator.dingtalk;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelchat.simulator.common.FormPart;
import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;

import static io.camelchat.simulator.dingtalk.DingTalkErrors.oapiError;
import static io.camelchat.simulator.dingtalk.DingTalkErrors.oapiOk;

/**
 * DingTalk's old-style ({@code oapi}) calls and the plain endpoints next to them: {@code /gettoken}, media upload,
 * user and group look-ups under {@code /topapi/}, the robot session webhook ({@code /robot/sendBySession}) and file
 * downloads ({@code /files/...}). Old-style errors are HTTP 200 with an {@code errcode}.
 */
final class OapiHandlers {

    private final DingTalkSettings settings;
    private final DingTalkDirectory directory;
    private final ProtocolLog protocolLog;

    OapiHandlers(DingTalkSettings settings, DingTalkDirectory directory, ProtocolLog protocolLog) {
        this.settings = settings;
        this.directory = directory;
        this.protocolLog = protocolLog;
    }

    /** {@code GET /gettoken?appkey=&appsecret=}. */
    SimResponse getToken(SimRequest r) {
        if (!settings.clientId().equals(r.query("appkey")) || !settings.clientSecret().equals(r.query("appsecret"))) {
            return oapiError(40089, "不合法的appKey或appSecret");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", directory.issueToken(settings.tokenTtl()));
        m.put("expires_in", settings.tokenTtl().toSeconds());
        return oapiOk(m);
    }

    /** The old-style answer when the {@code access_token} query parameter is not valid, else {@code null}. */
    SimResponse checkToken(SimRequest r) {
        return switch (directory.tokenState(r.query("access_token"))) {
            case VALID -> null;
            case EXPIRED -> oapiError(42001, "access_token超时");
            default -> oapiError(40014, "不合法的access_token");
        };
    }

    /** {@code POST /media/upload}. */
    SimResponse upload(SimRequest r) {
        FormPart part = r.part("media");
        String type = r.query("type");
        if (type == null && r.part("type") != null) {
            type = r.part("type").text().trim();
        }
        if (type == null || !Set.of("image", "voice", "video", "file").contains(type)) {
            return oapiError(40004, "不合法的媒体文件类型");
        }
        if (part == null || !part.file()) {
            return oapiError(41005, "缺少多媒体文件数据");
        }
        long limit = "voice".equals(type) ? 2L * 1024 * 1024 : 20L * 1024 * 1024;
        if (part.bytes().length == 0 || part.bytes().length > limit) {
            return oapiError(40006, "不合法的文件大小");
        }
        String id = "@lA" + Base64.getUrlEncoder().withoutPadding().encodeToString(DingTalkErrors.randomBytes(24));
        long now = System.currentTimeMillis();
        directory.addMedia(new UploadedMedia(id, type, part.fileName(), part.contentType(), part.bytes(), now));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("media_id", id);
        m.put("created_at", now);
        return oapiOk(m);
    }

    /** {@code POST /topapi/v2/user/get}. */
    SimResponse userGet(Map<String, Object> body) {
        if (!(body.get("userid") instanceof String id) || id.isEmpty()) {
            return oapiError(40035, "缺少参数 userid");
        }
        SimUser u = directory.user(id);
        if (u == null) {
            return oapiError(60121, "找不到该用户");
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("userid", u.userId());
        res.put("unionid", u.unionId());
        res.put("name", u.name());
        res.put("avatar", "");
        res.put("mobile", u.mobile());
        res.put("email", u.email());
        res.put("dept_id_list", List.of(1));
        res.put("active", true);
        res.put("admin", false);
        return oapiOk(Map.of("result", res));
    }

    /** {@code POST /topapi/v2/user/getbymobile}. */
    SimResponse userByMobile(Map<String, Object> body) {
        if (!(body.get("mobile") instanceof String mobile) || mobile.isEmpty()) {
            return oapiError(40035, "缺少参数 mobile");
        }
        SimUser u = directory.userByMobile(mobile);
        if (u == null) {
            return oapiError(60121, "找不到该用户");
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("userid", u.userId());
        res.put("exclusive_account_userid_list", List.of());
        return oapiOk(Map.of("result", res));
    }

    private SimGroup group(Map<String, Object> body) {
        Object id = body.get("open_conversation_id");
        return id == null ? null : directory.group(String.valueOf(id));
    }

    /** {@code POST /topapi/im/chat/scenegroup/get}. */
    SimResponse groupGet(Map<String, Object> body) {
        if (body.get("open_conversation_id") == null) {
            return oapiError(40035, "缺少参数 open_conversation_id");
        }
        SimGroup g = group(body);
        if (g == null) {
            return oapiError(4000003, "群不存在");
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("open_conversation_id", g.openConversationId());
        res.put("title", g.title());
        res.put("owner_user_id", g.memberUserIds().isEmpty() ? "" : g.memberUserIds().get(0));
        res.put("member_amount", g.memberUserIds().size());
        res.put("template_id", "");
        res.put("icon", "");
        res.put("group_url", "");
        return oapiOk(Map.of("result", res));
    }

    /** {@code POST /topapi/im/chat/scenegroup/member/get}: members in pages ({@code size}, {@code cursor}). */
    SimResponse groupMembers(Map<String, Object> body) {
        if (body.get("open_conversation_id") == null) {
            return oapiError(40035, "缺少参数 open_conversation_id");
        }
        SimGroup g = group(body);
        if (g == null) {
            return oapiError(4000003, "群不存在");
        }
        int size = body.get("size") instanceof Number n ? Math.max(1, Math.min(1000, n.intValue())) : 1000;
        int start = 0;
        Object cur = body.get("cursor");
        if (cur != null) {
            try {
                start = Math.max(0, Integer.parseInt(String.valueOf(cur)));
            } catch (NumberFormatException e) {
                return oapiError(40035, "不合法的参数 cursor");
            }
        }
        List<String> all = g.memberUserIds();
        int end = Math.min(all.size(), start + size);
        List<String> page = start >= all.size() ? List.of() : all.subList(start, end);
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("member_user_ids", page);
        res.put("has_more", end < all.size());
        res.put("next_cursor", String.valueOf(end));
        return oapiOk(Map.of("result", res));
    }

    /** {@code POST /robot/sendBySession?session=}: a reply through a pushed message's session webhook. */
    @SuppressWarnings("unchecked")
    SimResponse sessionWebhook(SimRequest r) {
        DingTalkDirectory.Session s = directory.session(r.query("session"));
        if (s == null || System.currentTimeMillis() > s.expiresAt()) {
            return SimResponse.json(200, "{\"errcode\":300001,\"errmsg\":\"session expired\"}");
        }
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        String invalid = "{\"errcode\":40035,\"errmsg\":\"missing or invalid parameter\"}";
        if (body == null) {
            protocolLog.add("HTTP /robot/sendBySession: body is not a JSON object");
            return SimResponse.json(200, invalid);
        }
        Object type = body.get("msgtype");
        if (!(type instanceof String t) || !(body.get(t) instanceof Map<?, ?> rawContent)) {
            return SimResponse.json(200, invalid);
        }
        Map<String, Object> c = (Map<String, Object>) rawContent;
        boolean valid = switch (t) {
            case "text" -> has(c, "content");
            case "markdown" -> has(c, "title") && has(c, "text");
            case "actionCard" -> has(c, "title") && has(c, "text")
                    && (has(c, "singleTitle") && has(c, "singleURL")
                            || c.get("btns") instanceof List<?> l && !l.isEmpty());
            case "link" -> has(c, "title") && has(c, "text") && has(c, "messageUrl");
            case "feedCard" -> c.get("links") instanceof List<?> l && !l.isEmpty();
            default -> false;
        };
        if (!valid) {
            return SimResponse.json(200, invalid);
        }
        List<String> at = new ArrayList<>();
        if (body.get("at") instanceof Map<?, ?> a && a.get("atUserIds") instanceof List<?> ids) {
            ids.forEach(o -> at.add(String.valueOf(o)));
        }
        directory.recordSent(new DingTalkDirectory.SentEntry(SentMessage.Channel.SESSION_WEBHOOK, List.of(s.id()),
                s.conversationId(), t, c, null, at, body));
        return SimResponse.json(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    private static boolean has(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v != null && !(v instanceof String s && s.isBlank());
    }

    /** {@code GET /files/<id>}: the bytes behind a download URL, or OSS's 403 when unknown or expired. */
    SimResponse file(String id) {
        DingTalkDirectory.FileLink f = directory.fileLink(id);
        if (f == null || Instant.now().isAfter(f.expiresAt())) {
            return new SimResponse(403, "application/xml",
                    ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
                     + "<Message>Request has expired.</Message></Error>").getBytes(StandardCharsets.UTF_8),
                    Map.of(), null);
        }
        return SimResponse.bytes(200, f.blob().contentType(), f.blob().bytes())
                .withHeader("Content-Disposition", "attachment; filename=\""
                                                   + URLEncoder.encode(f.blob().fileName(), StandardCharsets.UTF_8)
                                                   + "\"");
    }
}
