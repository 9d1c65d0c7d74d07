package io.camelchat.simulator.dingtalk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;

import static io.camelchat.simulator.dingtalk.DingTalkErrors.apiError;
import static io.camelchat.simulator.dingtalk.DingTalkErrors.ok;

/**
 * The new-style robot API ({@code /v1.0/robot/...}): 1:1 batch sends, group sends, recalls, read status and file
 * download URLs, with DingTalk's {@code msgKey}/{@code msgParam} validation. Bodies arrive parsed; token checks are
 * done by the routes ({@link DingTalkHttp}).
 */
final class RobotApi {

    /** Required {@code msgParam} fields per {@code msgKey}. */
    private static final Map<String, List<String>> MSG_KEYS = new HashMap<>();

    static {
        MSG_KEYS.put("sampleText", List.of("content"));
        MSG_KEYS.put("sampleMarkdown", List.of("title", "text"));
        MSG_KEYS.put("sampleImageMsg", List.of("photoURL"));
        MSG_KEYS.put("sampleLink", List.of("text", "title", "messageUrl"));
        MSG_KEYS.put("sampleActionCard", List.of("title", "text", "singleTitle", "singleURL"));
        for (int n = 2; n <= 5; n++) {
            List<String> f = new ArrayList<>(List.of("title", "text"));
            for (int i = 1; i <= n; i++) {
                f.add("actionTitle" + i);
                f.add("actionURL" + i);
            }
            MSG_KEYS.put("sampleActionCard" + n, List.copyOf(f));
        }
        MSG_KEYS.put("sampleActionCard6",
                List.of("title", "text", "buttonTitle1", "buttonUrl1", "buttonTitle2", "buttonUrl2"));
        MSG_KEYS.put("sampleFile", List.of("mediaId", "fileName", "fileType"));
        MSG_KEYS.put("sampleAudio", List.of("mediaId", "duration"));
        MSG_KEYS.put("sampleVideo", List.of("duration", "videoMediaId", "videoType", "picMediaId"));
    }

    /** A validated message: either the parsed {@code msgParam} or the error answer. */
    private record Validated(Map<String, Object> param, SimResponse error) {
        static Validated rejected(SimResponse error) {
            return new Validated(null, error);
        }
    }

    private final DingTalkSettings settings;
    private final DingTalkDirectory directory;
    private final Supplier<String> apiUrl;

    RobotApi(DingTalkSettings settings, DingTalkDirectory directory, Supplier<String> apiUrl) {
        this.settings = settings;
        this.directory = directory;
        this.apiUrl = apiUrl;
    }

    /** The error answer when {@code robotCode} is missing or not this robot's, else {@code null}. */
    private SimResponse checkRobotCode(Object value) {
        if (!(value instanceof String rc) || rc.isEmpty()) {
            return apiError(400, "MissingParameter", "robotCode is mandatory for this action.");
        }
        if (!settings.robotCode().equals(rc)) {
            return apiError(400, "invalidParameter.robotCode", "robot " + rc + " does not exist");
        }
        return null;
    }

    private Validated validateMessage(Map<String, Object> body) {
        SimResponse bad = checkRobotCode(body.get("robotCode"));
        if (bad != null) {
            return Validated.rejected(bad);
        }
        if (!(body.get("msgKey") instanceof String key) || key.isEmpty()) {
            return Validated.rejected(apiError(400, "MissingParameter", "msgKey is mandatory for this action."));
        }
        List<String> required = MSG_KEYS.get(key);
        if (required == null) {
            return Validated.rejected(apiError(400, "invalidParameter.msgKey", "msgKey " + key + " is not supported"));
        }
        if (!(body.get("msgParam") instanceof String mp) || mp.isEmpty()) {
            return Validated.rejected(apiError(400, "MissingParameter", "msgParam is mandatory for this action."));
        }
        Map<String, Object> param = Json.tryParseObject(mp);
        if (param == null) {
            return Validated
                    .rejected(apiError(400, "invalidParameter.msgParam", "msgParam must be a JSON object text"));
        }
        for (String f : required) {
            Object v = param.get(f);
            if (v == null || (v instanceof String s && s.isBlank()) || v instanceof Map || v instanceof List) {
                return Validated.rejected(apiError(400, "invalidParameter.msgParam",
                        "msgParam." + f + " is required for " + key));
            }
        }
        List<String> mediaFields = switch (key) {
            case "sampleFile", "sampleAudio" -> List.of("mediaId");
            case "sampleVideo" -> List.of("videoMediaId", "picMediaId");
            case "sampleImageMsg" -> List.of("photoURL");
            default -> List.of();
        };
        for (String f : mediaFields) {
            String v = String.valueOf(param.get(f));
            boolean url = f.equals("photoURL") && (v.startsWith("http://") || v.startsWith("https://"));
            if (!url && !directory.hasMedia(v)) {
                return Validated.rejected(apiError(400, "invalidParameter.msgParam",
                        "msgParam." + f + ": media " + v + " not found"));
            }
        }
        return new Validated(param, null);
    }

    private static String newProcessQueryKey() {
        return Base64.getEncoder().encodeToString(DingTalkErrors.randomBytes(24)).replace('/', 'A').replace('+', 'B');
    }

    /** {@code POST /v1.0/robot/oToMessages/batchSend}. */
    SimResponse batchSend(Map<String, Object> body) {
        Validated v = validateMessage(body);
        if (v.error() != null) {
            return v.error();
        }
        if (!(body.get("userIds") instanceof List<?> ids) || ids.isEmpty()) {
            return apiError(400, "MissingParameter", "userIds is mandatory for this action.");
        }
        if (ids.size() > 20) {
            return apiError(400, "invalidParameter.userIds", "userIds must not contain more than 20 users");
        }
        String pqk = newProcessQueryKey();
        DingTalkDirectory.UserSplit split = directory.splitUsers(ids);
        if (!split.valid().isEmpty()) {
            directory.recordSent(new DingTalkDirectory.SentEntry(SentMessage.Channel.OTO, split.valid(), null,
                    (String) body.get("msgKey"), v.param(), pqk, directory.mentions(v.param(), List.of()), body));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("processQueryKey", pqk);
        m.put("invalidStaffIdList", split.invalid());
        m.put("flowControlledStaffIdList", List.of());
        m.put("filteredStaffIdList", List.of());
        return ok(m);
    }

    /** {@code POST /v1.0/robot/groupMessages/send}. */
    SimResponse groupSend(Map<String, Object> body) {
        Validated v = validateMessage(body);
        if (v.error() != null) {
            return v.error();
        }
        if (!(body.get("openConversationId") instanceof String cid) || cid.isEmpty()) {
            return apiError(400, "MissingParameter", "openConversationId is mandatory for this action.");
        }
        String pqk = newProcessQueryKey();
        SimGroup g = directory.group(cid);
        if (g == null) {
            return apiError(400, "resource.not.found", "群会话不存在 (openConversationId " + cid + ")");
        }
        directory.recordSent(new DingTalkDirectory.SentEntry(SentMessage.Channel.GROUP, List.of(cid), cid,
                (String) body.get("msgKey"), v.param(), pqk, directory.mentions(v.param(), g.memberUserIds()), body));
        return ok(Map.of("processQueryKey", pqk));
    }

    /** {@code POST /v1.0/robot/otoMessages/batchRecall} and {@code /v1.0/robot/groupMessages/recall}. */
    SimResponse recall(Map<String, Object> body, boolean group) {
        SimResponse bad = checkRobotCode(body.get("robotCode"));
        if (bad != null) {
            return bad;
        }
        String cid = null;
        if (group) {
            if (!(body.get("openConversationId") instanceof String c) || c.isEmpty()) {
                return apiError(400, "MissingParameter", "openConversationId is mandatory for this action.");
            }
            cid = c;
        }
        if (!(body.get("processQueryKeys") instanceof List<?> keys) || keys.isEmpty()) {
            return apiError(400, "MissingParameter", "processQueryKeys is mandatory for this action.");
        }
        DingTalkDirectory.RecallResult result = directory.recall(keys, group, cid);
        if (result == null) {
            return apiError(400, "resource.not.found", "群会话不存在 (openConversationId " + cid + ")");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("successResult", result.success());
        m.put("failedResult", result.failed());
        return ok(m);
    }

    /** {@code GET /v1.0/robot/oToMessages/readStatus}. */
    SimResponse readStatus(SimRequest r) {
        String rc = r.query("robotCode");
        String key = r.query("processQueryKey");
        if (rc == null || key == null) {
            return apiError(400, "MissingParameter", "robotCode and processQueryKey are mandatory for this action.");
        }
        if (!settings.robotCode().equals(rc)) {
            return apiError(400, "invalidParameter.robotCode", "robot " + rc + " does not exist");
        }
        SentMessage e = directory.sentByKey(key);
        if (e == null || e.channel() != SentMessage.Channel.OTO) {
            return apiError(400, "resource.not.found", "processQueryKey not found");
        }
        List<Map<String, Object>> infos = new ArrayList<>();
        for (String id : e.targets()) {
            SimUser u = directory.user(id);
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("name", u == null ? id : u.name());
            i.put("userId", id);
            i.put("readStatus", "UNREAD");
            i.put("readTimestamp", 0);
            infos.add(i);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sendStatus", e.recalled() ? "RECALLED" : "SUCCESS");
        m.put("messageReadInfoList", infos);
        return ok(m);
    }

    /** {@code POST /v1.0/robot/messageFiles/download}: a short-lived download URL for a download code. */
    SimResponse downloadUrl(Map<String, Object> body) {
        if (!(body.get("downloadCode") instanceof String code) || code.isEmpty()) {
            return apiError(400, "MissingParameter", "downloadCode is mandatory for this action.");
        }
        SimResponse bad = checkRobotCode(body.get("robotCode"));
        if (bad != null) {
            return bad;
        }
        String id = HexFormat.of().formatHex(DingTalkErrors.randomBytes(20));
        DingTalkDirectory.Blob b = directory.downloadCode(code);
        if (b == null) {
            return apiError(400, "resource.not.found", "downloadCode not found or expired");
        }
        directory.addFileLink(id,
                new DingTalkDirectory.FileLink(b, Instant.now().plus(DingTalkSimulator.DOWNLOAD_URL_TTL)));
        return ok(Map.of("downloadUrl", apiUrl.get() + "/files/" + id));
    }
}
