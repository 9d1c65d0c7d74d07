package io.camelchat.simulator.lark;

import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.camelchat.simulator.common.QpsWindows;
import io.camelchat.simulator.common.RouteTable;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;

/**
 * Every HTTP request to the Lark simulator except websocket upgrades: injected faults first, then the long-connection
 * endpoint and the token endpoints (trailing slash accepted), then, under {@code /open-apis/}, the per-path rate limit
 * and the route table, whose routes check the tenant access token. Unknown paths: HTTP 404 {@code 404 page not found}
 * (text). JSON answers carry {@code X-Tt-Logid}.
 */
final class LarkHttp {

    private static final String TENANT_TOKEN_PATH = "/open-apis/auth/v3/tenant_access_token/internal";
    private static final String APP_TOKEN_PATH = "/open-apis/auth/v3/app_access_token/internal";

    private final LarkSettings settings;
    private final Faults faults;
    private final LarkTokens tokens;
    private final LongConnectionGateway gateway;
    private final QpsWindows qps = new QpsWindows();
    private final RouteTable<SimResponse> routes = new RouteTable<>();

    LarkHttp(LarkSettings settings, Faults faults, LarkTokens tokens, LongConnectionGateway gateway,
             ImMessageApi messages, ImResourceApi resources, ContactApi contact) {
        this.settings = settings;
        this.faults = faults;
        this.tokens = tokens;
        this.gateway = gateway;
        String im = "/open-apis/im/v1";
        routes.add("POST", im + "/messages", tenant(messages::send))
                .add("DELETE", im + "/messages/:id", tenant((r, p) -> messages.recall(p.get("id"))))
                .add("PATCH", im + "/messages/:id", tenant((r, p) -> messages.updateCard(r, p.get("id"))))
                .add("PUT", im + "/messages/:id", tenant((r, p) -> messages.edit(r, p.get("id"))))
                .add("GET", im + "/messages/:id", tenant((r, p) -> messages.get(p.get("id"))))
                .add("POST", im + "/messages/:id/reply", tenant((r, p) -> messages.reply(r, p.get("id"))))
                .add("GET", im + "/messages/:id/resources/:key",
                        tenant((r, p) -> resources.download(r, p.get("id"), p.get("key"))))
                .add("POST", im + "/images", tenant(resources::uploadImage))
                .add("GET", im + "/images/:key", tenant((r, p) -> resources.downloadUpload(p.get("key"), "image")))
                .add("POST", im + "/files", tenant(resources::uploadFile))
                .add("GET", im + "/files/:key", tenant((r, p) -> resources.downloadUpload(p.get("key"), "file")))
                .add("GET", im + "/chats", tenant(resources::listChats))
                .add("GET", im + "/chats/:id", tenant((r, p) -> resources.getChat(p.get("id"))))
                .add("POST", "/open-apis/contact/v3/users/batch_get_id", tenant(contact::batchGetId))
                .add("GET", "/open-apis/contact/v3/users/batch_get_id", (r, p) -> notFound())
                .add("GET", "/open-apis/contact/v3/users/:id", tenant((r, p) -> contact.getUser(r, p.get("id"))))
                .add("POST", "/open-apis/message/v4/send", tenant(messages::sendV4));
    }

    /** The answer to one request, with {@code X-Tt-Logid} on JSON and held back by the delay fault if set. */
    SimResponse handle(SimRequest r) {
        SimResponse resp = route(r);
        if (resp.contentType() != null && resp.contentType().startsWith("application/json")) {
            resp = resp.withHeader("X-Tt-Logid", LarkErrors.logId());
        }
        Duration d = faults.responseDelay();
        return d == null || d.isZero() ? resp : resp.withDelay(d);
    }

    private SimResponse route(SimRequest r) {
        String path = r.path();
        boolean post = "POST".equals(r.method());
        Faults.HttpFault fault = faults.takeHttpFault(path);
        if (fault != null) {
            if (fault.endpointRequest()) {
                gateway.countEndpointRequest();
            }
            return fault.response();
        }
        if (post && LarkSimulator.ENDPOINT_PATH.equals(path)) {
            return gateway.endpoint(r);
        }
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (post && TENANT_TOKEN_PATH.equals(p)) {
            return tokens.tokenEndpoint(r, false);
        }
        if (post && APP_TOKEN_PATH.equals(p)) {
            return tokens.tokenEndpoint(r, true);
        }
        if (!path.startsWith("/open-apis/")) {
            return notFound();
        }
        if (settings.rateLimitPerSecond() > 0 && qps.exceeded(path, settings.rateLimitPerSecond())) {
            return LarkErrors.rateLimited(429);
        }
        return routes.dispatch(r, p, req -> notFound());
    }

    private static SimResponse notFound() {
        return SimResponse.text(404, "404 page not found");
    }

    /** A call that needs a valid tenant access token. */
    private RouteTable.Handler<SimResponse> tenant(BiFunction<SimRequest, Map<String, String>, SimResponse> handler) {
        return (r, p) -> {
            SimResponse denied = tokens.checkTenantToken(r);
            return denied != null ? denied : handler.apply(r, p);
        };
    }

    private RouteTable.Handler<SimResponse> tenant(Function<SimRequest, SimResponse> handler) {
        return tenant((r, p) -> handler.apply(r));
    }
}
