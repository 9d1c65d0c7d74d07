package io.camelchat.simulator.difft;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.RouteTable;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;

/** The signed REST routes: send and recall, accounts, groups. Every request is verified before dispatch. */
final class DifftApi {

    private final DifftSimulator sim;
    private final RouteTable<SimResponse> routes = new RouteTable<>();
    private final Map<String, Long> lastSend = new LinkedHashMap<>();

    DifftApi(DifftSimulator sim) {
        this.sim = sim;
        routes.add("POST", "/v1/messages", this::send)
                .add("GET", "/v1/accounts", this::accounts)
                .add("GET", "/v1/groups", this::groups)
                .add("GET", "/v1/groups/members", this::members)
                .add("POST", "/v1/file/isExists", sim.files()::isExists)
                .add("POST", "/v1/file/uploadInfo", sim.files()::uploadInfo)
                .add("POST", "/v1/file/download", sim.files()::download)
                .add("POST", "/v1/file/delAuthorize", sim.files()::delAuthorize);
    }

    SimResponse handle(SimRequest r) {
        sim.traffic(r.method() + " " + r.uri());
        SimResponse injected = sim.faults().httpFault(r.path());
        return sim.faults().slow(injected != null ? injected : process(r));
    }

    private SimResponse process(SimRequest r) {
        if (r.path().startsWith(DifftFiles.STORAGE_PREFIX)) {
            return sim.files().storage(r);
        }
        DifftSignatures.Failure f = sim.signatures().verify(r, System.currentTimeMillis());
        if (f != null) {
            sim.protocolLog().add(r.method() + " " + r.path() + ": " + f.detail());
            return DifftErrors.unauthorized(f.expired());
        }
        if (sim.rateLimitsFileApi() && "POST".equals(r.method())
                && ("/v1/file/isExists".equals(r.path()) || "/v1/file/uploadInfo".equals(r.path()))
                && rateLimited(r.header(DifftSignatures.APPID))) {
            return DifftErrors.tooManyRequests();
        }
        return routes.dispatch(r, r.path(), x -> SimResponse.json(404, Json.write(Map.of("ver", 1, "status",
                DifftErrors.NOT_FOUND, "reason", "no such api: " + x.method() + " " + x.path()))));
    }

    // ---------------------------------------------------------------- POST /v1/messages

    private SimResponse send(SimRequest r) {
        String appId = r.header(DifftSignatures.APPID);
        Map<String, Object> req = Json.tryParseObject(r.bodyText());
        if (req == null) {
            return invalid("body is not a JSON object: " + ProtocolLog.abbreviate(r.bodyText()));
        }
        if (!Integer.valueOf(1).equals(req.get("version"))) {
            return invalid("version must be 1");
        }
        if (!(req.get("src") instanceof String src) || !sim.isBot(appId, src)) {
            return invalid("src must be the bot's wuid");
        }
        if (!(req.get("timestamp") instanceof Number tsNumber)) {
            return invalid("timestamp must be an integer");
        }
        long ts = tsNumber.longValue();
        if (!(req.get("dest") instanceof Map<?, ?> dest)) {
            return invalid("dest is required");
        }
        String type = req.get("type") == null ? "TEXT" : String.valueOf(req.get("type"));
        List<String> wuids = new ArrayList<>();
        String groupId = null;
        if ("USER".equals(dest.get("type"))) {
            if (!(dest.get("wuid") instanceof List<?> l) || l.isEmpty()
                    || !l.stream().allMatch(w -> w instanceof String s && !s.isEmpty())) {
                return invalid("dest.wuid must be a non-empty array of wuids");
            }
            l.forEach(w -> wuids.add((String) w));
        } else if ("GROUP".equals(dest.get("type"))) {
            if (!(dest.get("groupID") instanceof String g) || g.isEmpty()) {
                return invalid("dest.groupID must be a group id");
            }
            groupId = g;
            DifftSimulator.Group group = sim.group(g);
            if (group == null) {
                return DifftErrors.fail(DifftErrors.NOT_FOUND, "group not found: " + g);
            }
            if (!group.members().contains(src)) {
                return DifftErrors.fail(DifftErrors.NOT_FOUND, "bot is not a member of group " + g);
            }
        } else {
            return invalid("dest.type must be USER or GROUP");
        }
        String problem = checkContent(type, req, appId);
        if (problem == null && req.get("msg") instanceof Map<?, ?> msg && msg.get("attachment") != null) {
            problem = checkAttachment(msg.get("attachment"));
        }
        if (problem != null) {
            return invalid(problem);
        }
        if (rateLimited(appId)) {
            return DifftErrors.tooManyRequests();
        }
        if ("RECALL".equals(type)) {
            return recall(appId, src, wuids, groupId, req);
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        for (String w : wuids) {
            if (sim.account(w) == null) {
                errors.add(recipientError(w, "", "user not found"));
            }
        }
        String refId = "v1:" + ts + ":" + src;
        sim.store(new DifftMessage(appId, src, type, List.copyOf(wuids), groupId, ts, refId, req));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", 0);
        answer.put("errors", errors);
        answer.put("refID", refId);
        return SimResponse.json(200, Json.write(answer));
    }

    private static String checkContent(String type, Map<String, Object> req, String appId) {
        switch (type) {
            case "TEXT" -> {
                if (!(req.get("msg") instanceof Map<?, ?> msg)) {
                    return "msg is required for TEXT";
                }
                boolean hasBody = msg.get("body") instanceof String b && !b.isEmpty();
                if (!hasBody && !(msg.get("attachment") instanceof Map)) {
                    return "msg needs a body or an attachment";
                }
                if (msg.get("atPersons") != null && !(msg.get("atPersons") instanceof List<?> at
                        && at.stream().allMatch(String.class::isInstance))) {
                    return "msg.atPersons must be an array of wuids";
                }
                if (msg.get("quote") != null && !(msg.get("quote") instanceof Map<?, ?> q
                        && q.get("refID") instanceof String)) {
                    return "msg.quote needs a refID";
                }
                return null;
            }
            case "CARD" -> {
                if (!(req.get("card") instanceof Map<?, ?> card)) {
                    return "card is required for CARD";
                }
                if (!appId.equals(card.get("appID"))) {
                    return "card.appID must be the caller's appid";
                }
                if (!(card.get("id") instanceof String id) || id.isEmpty()
                        || !(card.get("content") instanceof String)) {
                    return "card needs id and content";
                }
                return null;
            }
            case "FORWARD" -> {
                return req.get("forwarded") instanceof Map ? null : "forwarded is required for FORWARD";
            }
            case "RECALL" -> {
                if (!(req.get("recall") instanceof Map<?, ?> recall)
                        || !(recall.get("realSource") instanceof Map<?, ?> rs)
                        || !(rs.get("source") instanceof String) || !(rs.get("timestamp") instanceof Number)) {
                    return "recall.realSource needs source and timestamp";
                }
                return null;
            }
            default -> {
                return "unsupported type " + type;
            }
        }
    }

    /** The descriptor must name a live authorization, and its key, digest and size must be the stored file's. */
    private String checkAttachment(Object o) {
        if (!(o instanceof Map<?, ?> a)) {
            return "msg.attachment must be an object";
        }
        DifftFiles.StoredFile f = sim.files().fileOf(a.get("authorizeId"));
        if (f == null) {
            return "msg.attachment.authorizeId is not a live authorization";
        }
        byte[] key;
        try {
            key = a.get("key") instanceof String k ? Base64.getDecoder().decode(k) : new byte[0];
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != 64 || !DifftFiles.fileHashOfKey(key).equals(f.fileHash())) {
            return "msg.attachment.key is not the key of the authorized file";
        }
        if (!f.cipherHash().equals(a.get("digest"))) {
            return "msg.attachment.digest is not the stored cipherHash";
        }
        if (!(a.get("size") instanceof Number size) || size.longValue() != f.fileSize()) {
            return "msg.attachment.size is not the plaintext size";
        }
        return null;
    }

    private SimResponse recall(String appId, String src, List<String> wuids, String groupId, Map<String, Object> req) {
        Map<?, ?> rs = (Map<?, ?>) ((Map<?, ?>) req.get("recall")).get("realSource");
        String source = (String) rs.get("source");
        long original = ((Number) rs.get("timestamp")).longValue();
        if (!source.equals(src)) {
            return DifftErrors.fail(DifftErrors.NOT_FOUND, "can only recall own messages");
        }
        DifftMessage m = sim.findSent(src, original);
        if (m == null || !m.wuids().equals(wuids) || (groupId == null ? m.groupId() != null
                : !groupId.equals(m.groupId()))) {
            return DifftErrors.fail(DifftErrors.NOT_FOUND, "message not found for this destination");
        }
        sim.markRecalled(m);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", 0);
        answer.put("errors", List.of());
        return SimResponse.json(200, Json.write(answer));
    }

    private synchronized boolean rateLimited(String appId) {
        long interval = sim.messageIntervalMillis();
        long now = System.nanoTime() / 1_000_000;
        Long last = lastSend.get(appId);
        if (interval > 0 && last != null && now - last < interval) {
            return true;
        }
        lastSend.put(appId, now);
        return false;
    }

    private static Map<String, Object> recipientError(String wuid, String groupId, String reason) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("wuid", wuid);
        e.put("groupID", groupId);
        e.put("reason", reason);
        return e;
    }

    private SimResponse invalid(String detail) {
        sim.protocolLog().add("POST /v1/messages: " + detail);
        return DifftErrors.invalidParameter(detail);
    }

    // ---------------------------------------------------------------- accounts and groups

    private SimResponse accounts(SimRequest r) {
        String email = r.query("email");
        String wuid = r.query("wuid");
        if ((email == null) == (wuid == null)) {
            return DifftErrors.invalidParameter("exactly one of email and wuid");
        }
        String operator = r.query("operator");
        if (operator != null && !sim.isBot(r.header(DifftSignatures.APPID), operator)) {
            return DifftErrors.invalidParameter("operator must be the bot's wuid");
        }
        List<Map<String, Object>> found = new ArrayList<>();
        for (String key : (email != null ? email : wuid).split(",")) {
            DifftSimulator.Account a = email != null ? sim.accountByEmail(key.trim()) : sim.account(key.trim());
            if (a != null) {
                found.add(a.json());
            }
        }
        return DifftErrors.ok(Map.of("accounts", found));
    }

    private SimResponse groups(SimRequest r) {
        String operator = r.query("operator");
        if (operator == null || !sim.isBot(r.header(DifftSignatures.APPID), operator)) {
            return DifftErrors.invalidParameter("operator must be the bot's wuid");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (DifftSimulator.Group g : sim.groups()) {
            if (g.members().contains(operator)) {
                out.add(Map.of("gid", g.gid(), "name", g.name()));
            }
        }
        return DifftErrors.ok(Map.of("groups", out));
    }

    private SimResponse members(SimRequest r) {
        String operator = r.query("operator");
        String gid = r.query("gid");
        if (operator == null || gid == null || !sim.isBot(r.header(DifftSignatures.APPID), operator)) {
            return DifftErrors.invalidParameter("operator (the bot's wuid) and gid are required");
        }
        DifftSimulator.Group g = sim.group(gid);
        if (g == null || !g.members().contains(operator)) {
            return DifftErrors.fail(DifftErrors.NOT_FOUND, "group not found or bot not a member: " + gid);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (String w : g.members()) {
            DifftSimulator.Account a = sim.account(w);
            out.add(Map.of("wuid", w, "name", a == null ? w : a.name()));
        }
        return DifftErrors.ok(Map.of("gid", gid, "name", g.name(), "members", out));
    }
}
