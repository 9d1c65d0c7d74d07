package io.camelchat.simulator.openim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /auth/*} and {@code /user/*} of the HTTP API (open-im-server v3.8.3 {@code internal/rpc/auth/auth.go},
 * {@code internal/rpc/user/user.go}).
 */
final class AuthUserApi {

    static final int ADMIN_PLATFORM_ID = 10;

    private final OpenImSimulator sim;

    AuthUserApi(OpenImSimulator sim) {
        this.sim = sim;
    }

    void register(OpenImHttp http) {
        http.post("/auth/get_admin_token", true, this::adminToken);
        if (sim.settings().legacyUserTokenPath()) {
            http.post("/auth/user_token", true, this::legacyUserToken);
        }
        http.post("/auth/get_user_token", false, this::userToken);
        http.post("/auth/parse_token", true, this::parseToken);
        http.post("/auth/force_logout", false, this::forceLogout);
        http.post("/user/get_users_info", false, this::usersInfo);
        http.post("/user/get_all_users_uid", false, this::allUserIds);
        http.post("/user/get_users", false, this::users);
    }

    private Object adminToken(OpenImHttp.Call c) {
        String secret = c.string("secret");
        String userId = c.string("userID");
        if (!secret.equals(sim.tokens().secret())) {
            throw new ImError(ImError.NO_PERMISSION, "secret invalid");
        }
        if (!sim.tokens().isAdmin(userId)) {
            throw ImError.args("userID is error.");
        }
        return tokenData(sim.tokens().issueForApi(userId, ADMIN_PLATFORM_ID));
    }

    /** The pre-3.8.1 {@code /auth/user_token}: secret + userID + platformID, for any registered user. */
    private Object legacyUserToken(OpenImHttp.Call c) {
        String secret = c.string("secret");
        String userId = c.string("userID");
        int platformId = (int) c.number("platformID");
        if (!secret.equals(sim.tokens().secret())) {
            throw new ImError(ImError.NO_PERMISSION, "secret invalid");
        }
        if (userId.isEmpty()) {
            throw ImError.args("userID is empty");
        }
        if (!sim.tokens().isAdmin(userId) && sim.state().user(userId) == null) {
            throw new ImError(ImError.RECORD_NOT_FOUND, "user " + userId + " not found");
        }
        return tokenData(sim.tokens().issueForApi(userId, platformId));
    }

    private Object userToken(OpenImHttp.Call c) {
        c.requireAdmin();
        String userId = c.string("userID");
        int platformId = (int) c.number("platformID");
        if (platformId == ADMIN_PLATFORM_ID) {
            throw new ImError(ImError.NO_PERMISSION, "platformID invalid. platformID must not be adminPlatformID");
        }
        if (sim.tokens().isAdmin(userId)) {
            throw new ImError(ImError.NO_PERMISSION, "don't get Admin token");
        }
        if (sim.state().user(userId) == null) {
            throw new ImError(ImError.RECORD_NOT_FOUND, "user " + userId + " not found");
        }
        if (platformId < 1 || platformId > 11) {
            throw ImError.args("platformID " + platformId + " is unknown");
        }
        return tokenData(sim.tokens().issueForApi(userId, platformId));
    }

    private Map<String, Object> tokenData(String token) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("token", token);
        d.put("expireTimeSeconds", sim.tokens().ttlSeconds());
        return d;
    }

    private Object parseToken(OpenImHttp.Call c) {
        OpenImTokens.Claims claims = sim.tokens().parse(c.string("token"));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("userID", claims.userId());
        d.put("platformID", claims.platformId());
        d.put("expireTimeSeconds", claims.expiresAtSeconds());
        return d;
    }

    private Object forceLogout(OpenImHttp.Call c) {
        c.requireAdmin();
        String userId = c.string("userID");
        int platformId = (int) c.number("platformID");
        sim.forceLogout(userId, platformId);
        return Map.of();
    }

    private Object usersInfo(OpenImHttp.Call c) {
        List<String> ids = c.strings("userIDs");
        if (ids.isEmpty()) {
            throw ImError.args("userIDs is empty");
        }
        List<Object> out = new ArrayList<>();
        for (String id : ids) {
            OpenImUser u = sim.state().user(id);
            if (u != null) {
                out.add(userJson(u));
            }
        }
        return Map.of("usersInfo", out);
    }

    private Object allUserIds(OpenImHttp.Call c) {
        c.requireAdmin();
        List<OpenImUser> all = sim.state().users();
        List<String> page = paginate(c, all).stream().map(OpenImUser::userId).toList();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("total", all.size());
        d.put("userIDs", page);
        return d;
    }

    private Object users(OpenImHttp.Call c) {
        List<OpenImUser> all = sim.state().users();
        String userId = c.string("userID");
        String nick = c.string("nickName");
        List<OpenImUser> match = all.stream()
                .filter(u -> userId.isEmpty() || u.userId().equals(userId))
                .filter(u -> nick.isEmpty() || u.nickname().contains(nick))
                .toList();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("total", match.size());
        d.put("users", paginate(c, match).stream().map(AuthUserApi::userJson).toList());
        return d;
    }

    /** {@code pagination: {pageNumber (from 1), showNumber}}; absent = everything. */
    static <T> List<T> paginate(OpenImHttp.Call c, List<T> all) {
        Map<String, Object> p = c.object("pagination");
        if (p == null) {
            return all;
        }
        int pageNumber = p.get("pageNumber") instanceof Number n ? n.intValue() : 0;
        int showNumber = p.get("showNumber") instanceof Number n ? n.intValue() : 0;
        if (pageNumber <= 0 || showNumber <= 0) {
            return all;
        }
        int from = Math.min(all.size(), (pageNumber - 1) * showNumber);
        return all.subList(from, Math.min(all.size(), from + showNumber));
    }

    static Map<String, Object> userJson(OpenImUser u) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("userID", u.userId());
        j.put("nickname", u.nickname());
        j.put("faceURL", u.faceUrl());
        j.put("ex", "");
        j.put("createTime", u.createTime());
        j.put("appMangerLevel", u.appMangerLevel());
        j.put("globalRecvMsgOpt", 0);
        return j;
    }
}
