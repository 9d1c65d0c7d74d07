package io.camelchat.simulator.openim;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.RouteTable;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;
import io.camelchat.simulator.openim.proto.SimSdkws.MsgData;

/**
 * The HTTP API's route table and the checks every call goes through (open-im-server v3.8.3's gin middleware): POST
 * only, header {@code operationID} required, header {@code token} required except on the whitelist, the answer
 * always HTTP 200 with the envelope {@code {"errCode","errMsg","errDlt","data"}}. The handlers are in
 * {@link AuthUserApi}, {@link MsgApi}, {@link GroupApi} and {@link ObjectApi}.
 */
final class OpenImHttp {

    /** What a handler sees: the parsed body, the caller's token claims (null on the whitelist) and the request. */
    record Call(SimRequest request, Map<String, Object> body, OpenImTokens.Claims caller) {

        boolean admin() {
            return caller != null && caller.admin();
        }

        String callerId() {
            return caller == null ? "" : caller.userId();
        }

        String string(String key) {
            Object v = body.get(key);
            if (v == null) {
                return "";
            }
            if (!(v instanceof String s)) {
                throw ImError.args("json: cannot unmarshal " + typeName(v) + " into field " + key + " of type string");
            }
            return s;
        }

        long number(String key) {
            Object v = body.get(key);
            if (v == null) {
                return 0;
            }
            if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw ImError.args("json: cannot unmarshal " + typeName(v) + " into field " + key + " of type int");
            }
            return n.longValue();
        }

        boolean bool(String key) {
            Object v = body.get(key);
            if (v == null) {
                return false;
            }
            if (!(v instanceof Boolean b)) {
                throw ImError.args("json: cannot unmarshal " + typeName(v) + " into field " + key + " of type bool");
            }
            return b;
        }

        List<String> strings(String key) {
            Object v = body.get(key);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof List<?> l) || l.stream().anyMatch(x -> !(x instanceof String))) {
                throw ImError
                        .args("json: cannot unmarshal " + typeName(v) + " into field " + key + " of type []string");
            }
            return l.stream().map(String.class::cast).toList();
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object(String key) {
            Object v = body.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Map)) {
                throw ImError.args("json: cannot unmarshal " + typeName(v) + " into field " + key + " of type object");
            }
            return (Map<String, Object>) v;
        }

        void requireAdmin() {
            if (!admin()) {
                throw new ImError(ImError.NO_PERMISSION, "only app manager can do this: " + callerId());
            }
        }

        /** CheckAccessV3: the caller is the user or an admin. */
        void requireSelfOrAdmin(String userId) {
            if (!admin() && !callerId().equals(userId)) {
                throw new ImError(ImError.NO_PERMISSION, "opUserID " + callerId() + " is not " + userId);
            }
        }

        private static String typeName(Object v) {
            if (v instanceof String) {
                return "string";
            }
            if (v instanceof Number) {
                return "number";
            }
            if (v instanceof Boolean) {
                return "bool";
            }
            if (v instanceof List) {
                return "array";
            }
            return "object";
        }
    }

    /** One API operation: the data of a success, or an {@link ImError}. */
    @FunctionalInterface
    interface Op {
        Object handle(Call call);
    }

    private final OpenImSimulator sim;
    private final RouteTable<SimResponse> routes = new RouteTable<>();

    OpenImHttp(OpenImSimulator sim, AuthUserApi auth, MsgApi msg, GroupApi group, ObjectApi object) {
        this.sim = sim;
        auth.register(this);
        msg.register(this);
        group.register(this);
        object.register(this);
    }

    /** Adds a POST route with the standard checks; {@code whitelisted} routes need no token. */
    void post(String path, boolean whitelisted, Op op) {
        routes.add("POST", path, r -> call(r, whitelisted, op));
    }

    /** Adds a raw route (no envelope: presigned object PUT/GET, redirects). */
    void raw(String method, String pattern, RouteTable.Handler<SimResponse> h) {
        routes.add(method, pattern, h);
    }

    SimResponse handle(SimRequest r) {
        sim.inbound("http " + r.method() + " " + r.path());
        SimResponse fault = sim.faults().httpFault(r);
        if (fault != null) {
            return fault;
        }
        SimResponse resp = routes.dispatch(r, r.path(), this::notFound);
        return sim.faults().slow(resp);
    }

    private SimResponse notFound(SimRequest r) {
        sim.protocolLog().add("http: no route " + r.method() + " " + r.path());
        return SimResponse.text(404, "404 page not found");
    }

    private SimResponse call(SimRequest r, boolean whitelisted, Op op) {
        try {
            String operationId = r.header("operationID");
            if (operationId == null || operationId.isEmpty()) {
                sim.protocolLog().add("http " + r.path() + ": no operationID header");
                throw ImError.args("header must have operationID");
            }
            OpenImTokens.Claims caller = null;
            if (!whitelisted) {
                String token = r.header("token");
                if (token == null || token.isEmpty()) {
                    sim.protocolLog().add("http " + r.path() + ": no token header");
                    throw ImError.args("header must have token");
                }
                caller = sim.tokens().parse(token);
            }
            Map<String, Object> body;
            try {
                body = r.body().length == 0 ? Map.of() : Json.parseObject(r.bodyText());
            } catch (IllegalArgumentException e) {
                sim.protocolLog().add("http " + r.path() + ": body is not a JSON object");
                throw ImError.args(e.getMessage());
            }
            Object data = op.handle(new Call(r, body, caller));
            return envelope(ImError.envelope(0, "", "", data == null ? Map.of() : data));
        } catch (ImError e) {
            return envelope(e.envelope());
        } catch (RuntimeException e) {
            sim.protocolLog().add("http " + r.path() + ": simulator error " + e);
            return envelope(new ImError(ImError.SERVER_INTERNAL, String.valueOf(e)).envelope());
        }
    }

    private static SimResponse envelope(Map<String, Object> env) {
        return SimResponse.json(200, Json.write(env));
    }

    /**
     * Go encoding/json of a protobuf MsgData as v3.8.3's protocol (v0.0.72-alpha.71) tags it: keys = proto names,
     * every field present (no omitempty, also on maps: a nil map is null), bytes base64.
     */
    static Map<String, Object> msgJson(MsgData m) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("sendID", m.getSendID());
        j.put("recvID", m.getRecvID());
        j.put("groupID", m.getGroupID());
        j.put("clientMsgID", m.getClientMsgID());
        j.put("serverMsgID", m.getServerMsgID());
        j.put("senderPlatformID", m.getSenderPlatformID());
        j.put("senderNickname", m.getSenderNickname());
        j.put("senderFaceURL", m.getSenderFaceURL());
        j.put("sessionType", m.getSessionType());
        j.put("msgFrom", m.getMsgFrom());
        j.put("contentType", m.getContentType());
        j.put("content",
                m.getContent().isEmpty() ? null : Base64.getEncoder().encodeToString(m.getContent().toByteArray()));
        j.put("seq", m.getSeq());
        j.put("sendTime", m.getSendTime());
        j.put("createTime", m.getCreateTime());
        j.put("status", m.getStatus());
        j.put("isRead", m.getIsRead());
        j.put("options", m.getOptionsMap().isEmpty() ? null : new LinkedHashMap<>(m.getOptionsMap()));
        if (m.hasOfflinePushInfo()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("title", m.getOfflinePushInfo().getTitle());
            o.put("desc", m.getOfflinePushInfo().getDesc());
            o.put("ex", m.getOfflinePushInfo().getEx());
            o.put("iOSPushSound", m.getOfflinePushInfo().getIOSPushSound());
            o.put("iOSBadgeCount", m.getOfflinePushInfo().getIOSBadgeCount());
            o.put("signalInfo", m.getOfflinePushInfo().getSignalInfo());
            j.put("offlinePushInfo", o);
        } else {
            j.put("offlinePushInfo", null);
        }
        j.put("atUserIDList", m.getAtUserIDListCount() == 0 ? null : List.copyOf(m.getAtUserIDListList()));
        j.put("attachedInfo", m.getAttachedInfo());
        j.put("ex", m.getEx());
        return j;
    }
}
