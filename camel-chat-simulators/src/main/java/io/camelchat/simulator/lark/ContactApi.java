package io.camelchat.simulator.lark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;

import static io.camelchat.simulator.lark.LarkErrors.error;
import static io.camelchat.simulator.lark.LarkErrors.fieldError;
import static io.camelchat.simulator.lark.LarkErrors.ok;

/** Lark's contact look-ups: a user by id ({@code contact/v3/users/:id}) and ids by email or mobile. */
final class ContactApi {

    private final LarkState state;

    ContactApi(LarkState state) {
        this.state = state;
    }

    private static String idOf(LarkUser u, String type) {
        return switch (type) {
            case "union_id" -> u.unionId();
            case "user_id" -> u.userId();
            default -> u.openId();
        };
    }

    private static Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("is_frozen", false);
        s.put("is_resigned", false);
        s.put("is_activated", true);
        s.put("is_exited", false);
        s.put("is_unjoin", false);
        return s;
    }

    private static String normMobile(String m) {
        return m == null ? null : m.startsWith("+86") ? m.substring(3) : m;
    }

    /** {@code POST /open-apis/contact/v3/users/batch_get_id} ({@code emails}, {@code mobiles}, at most 50 each). */
    SimResponse batchGetId(SimRequest r) {
        String type = r.query("user_id_type") == null ? "open_id" : r.query("user_id_type");
        if (!Set.of("open_id", "union_id", "user_id").contains(type)) {
            return fieldError("user_id_type", "user_id_type must be open_id, union_id or user_id");
        }
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        if (body == null) {
            return fieldError("body", "request body is not a valid JSON object");
        }
        List<?> emails = body.get("emails") instanceof List<?> l ? l : List.of();
        List<?> mobiles = body.get("mobiles") instanceof List<?> l ? l : List.of();
        if (emails.size() > 50 || mobiles.size() > 50) {
            return fieldError(emails.size() > 50 ? "emails" : "mobiles", "at most 50 entries");
        }
        List<LarkUser> users = state.users();
        List<Map<String, Object>> list = new ArrayList<>();
        for (Object e : emails) {
            Map<String, Object> o = new LinkedHashMap<>();
            users.stream().filter(u -> String.valueOf(e).equalsIgnoreCase(u.email())).findFirst()
                    .ifPresent(u -> o.put("user_id", idOf(u, type)));
            o.put("email", String.valueOf(e));
            if (o.containsKey("user_id")) {
                o.put("status", status());
            }
            list.add(o);
        }
        for (Object mo : mobiles) {
            Map<String, Object> o = new LinkedHashMap<>();
            String q = normMobile(String.valueOf(mo));
            users.stream().filter(u -> q.equals(normMobile(u.mobile()))).findFirst()
                    .ifPresent(u -> o.put("user_id", idOf(u, type)));
            o.put("mobile", String.valueOf(mo));
            if (o.containsKey("user_id")) {
                o.put("status", status());
            }
            list.add(o);
        }
        return ok(Map.of("user_list", list));
    }

    /** {@code GET /open-apis/contact/v3/users/:user_id?user_id_type=}. */
    SimResponse getUser(SimRequest r, String id) {
        String type = r.query("user_id_type") == null ? "open_id" : r.query("user_id_type");
        if (!Set.of("open_id", "union_id", "user_id").contains(type)) {
            return fieldError("user_id_type", "user_id_type must be open_id, union_id or user_id");
        }
        LarkUser u = state.findUser(type, id);
        if (u == null) {
            return error(400, 41050, "no user authority error");
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("open_id", u.openId());
        o.put("union_id", u.unionId());
        o.put("user_id", u.userId());
        o.put("name", u.name());
        o.put("en_name", u.name());
        if (u.email() != null) {
            o.put("email", u.email());
        }
        if (u.mobile() != null) {
            o.put("mobile", u.mobile());
        }
        String av = "https://s1-imfile.feishucdn.com/static-resource/v1/avatar_" + u.openId();
        o.put("avatar", Map.of("avatar_72", av + "~72x72", "avatar_240", av + "~240x240",
                "avatar_640", av + "~640x640", "avatar_origin", av));
        o.put("status", status());
        o.put("department_ids", List.of("0"));
        return ok(Map.of("user", o));
    }
}
