package io.camelchat.simulator.dingtalk;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.QpsWindows;
import io.camelchat.simulator.common.RouteTable;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;

import static io.camelchat.simulator.dingtalk.DingTalkErrors.apiError;

/**
 * Every HTTP request to the DingTalk simulator (all of DingTalk's hosts share one port) except websocket upgrades:
 * injected faults and the QPS limit first, then the route table. New-style routes check the
 * {@code x-acs-dingtalk-access-token} header and parse the JSON body; old-style routes check the
 * {@code access_token} query parameter. Unknown paths get the 404 of their API style.
 */
final class DingTalkHttp {

    private final DingTalkSettings settings;
    private final DingTalkDirectory directory;
    private final Faults faults;
    private final ProtocolLog protocolLog;
    private final OapiHandlers oapi;
    private final QpsWindows qps = new QpsWindows();
    private final RouteTable<SimResponse> routes = new RouteTable<>();

    DingTalkHttp(DingTalkSettings settings, DingTalkDirectory directory, Faults faults, ProtocolLog protocolLog,
                 StreamGateway gateway, RobotApi robot, OapiHandlers oapi) {
        this.settings = settings;
        this.directory = directory;
        this.faults = faults;
        this.protocolLog = protocolLog;
        this.oapi = oapi;
        routes.add("POST", "/v1.0/oauth2/accessToken", this::accessToken)
                .add("POST", "/v1.0/gateway/connections/open", gateway::openConnection)
                .add("POST", "/v1.0/robot/oToMessages/batchSend", newStyleJson(robot::batchSend))
                .add("POST", "/v1.0/robot/groupMessages/send", newStyleJson(robot::groupSend))
                .add("POST", "/v1.0/robot/otoMessages/batchRecall", newStyleJson(b -> robot.recall(b, false)))
                .add("POST", "/v1.0/robot/groupMessages/recall", newStyleJson(b -> robot.recall(b, true)))
                .add("POST", "/v1.0/robot/messageFiles/download", newStyleJson(robot::downloadUrl))
                .add("GET", "/v1.0/robot/oToMessages/readStatus", newStyle(robot::readStatus))
                .add("GET", "/files/**", r -> oapi.file(r.path().substring("/files/".length())))
                .add("GET", "/gettoken", oapi::getToken)
                .add("POST", "/robot/sendBySession", oapi::sessionWebhook)
                .add("POST", "/media/upload", oldStyle(oapi::upload))
                .add("POST", "/topapi/v2/user/get", oldStyleJson(oapi::userGet))
                .add("POST", "/topapi/v2/user/getbymobile", oldStyleJson(oapi::userByMobile))
                .add("POST", "/topapi/im/chat/scenegroup/get", oldStyleJson(oapi::groupGet))
                .add("POST", "/topapi/im/chat/scenegroup/member/get", oldStyleJson(oapi::groupMembers))
                // unknown /topapi/ calls are refused only after the token and body checks
                .add("POST", "/topapi/**", (r, p) -> oldStyleJson(b -> DingTalkErrors.unknownPath(r.path())).apply(r));
    }

    /** The answer to one request, held back by the delay fault if one is set. */
    SimResponse handle(SimRequest r) {
        SimResponse resp = route(r);
        Duration d = faults.responseDelay();
        return d == null || d.isZero() ? resp : resp.withDelay(d);
    }

    private SimResponse route(SimRequest r) {
        String path = r.path();
        SimResponse fault = faults.takeHttpFault(path);
        if (fault != null) {
            return fault;
        }
        if (settings.rateLimitPerSecond() > 0 && !path.startsWith("/files/")
                && qps.exceeded(path, settings.rateLimitPerSecond())) {
            return DingTalkErrors.qpsError(path);
        }
        return routes.dispatch(r, path, req -> DingTalkErrors.unknownPath(req.path()));
    }

    // ---------------------------------------------------------------- route wrappers

    /** A new-style call: the access token header must be valid. */
    private Function<SimRequest, SimResponse> newStyle(Function<SimRequest, SimResponse> handler) {
        return r -> directory.tokenState(r.header("x-acs-dingtalk-access-token")) == DingTalkDirectory.TokenState.VALID
                ? handler.apply(r) : apiError(401, "InvalidAuthentication", "不合法的access_token");
    }

    /** A new-style call with a JSON object body. */
    private Function<SimRequest, SimResponse> newStyleJson(Function<Map<String, Object>, SimResponse> handler) {
        return newStyle(r -> {
            Map<String, Object> body = Json.tryParseObject(r.bodyText());
            if (body == null) {
                protocolLog.add("HTTP " + r.path() + ": body is not a JSON object");
                return apiError(400, "InvalidParameter", "request body is not a valid JSON object");
            }
            return handler.apply(body);
        });
    }

    /** An old-style call: the {@code access_token} query parameter must be valid. */
    private Function<SimRequest, SimResponse> oldStyle(Function<SimRequest, SimResponse> handler) {
        return r -> {
            SimResponse denied = oapi.checkToken(r);
            return denied != null ? denied : handler.apply(r);
        };
    }

    /** An old-style call with a JSON object body. */
    private Function<SimRequest, SimResponse> oldStyleJson(Function<Map<String, Object>, SimResponse> handler) {
        return oldStyle(r -> {
            Map<String, Object> body = Json.tryParseObject(r.bodyText());
            if (body == null) {
                protocolLog.add("HTTP " + r.path() + ": body is not a JSON object");
                return DingTalkErrors.oapiError(40035, "缺少参数 (request body is not JSON)");
            }
            return handler.apply(body);
        });
    }

    // ---------------------------------------------------------------- tokens

    /** {@code POST /v1.0/oauth2/accessToken}: a new token for the app's credentials. */
    private SimResponse accessToken(SimRequest r) {
        Map<String, Object> b = Json.tryParseObject(r.bodyText());
        if (b == null) {
            protocolLog.add("HTTP /v1.0/oauth2/accessToken: body is not a JSON object");
            return apiError(400, "InvalidParameter", "request body is not a valid JSON object");
        }
        if (!settings.clientId().equals(b.get("appKey")) || !settings.clientSecret().equals(b.get("appSecret"))) {
            return apiError(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accessToken", directory.issueToken(settings.tokenTtl()));
        m.put("expireIn", settings.tokenTtl().toSeconds());
        return DingTalkErrors.ok(m);
    }
}
