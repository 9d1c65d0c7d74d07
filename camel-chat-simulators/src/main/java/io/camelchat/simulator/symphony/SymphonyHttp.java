package io.camelchat.simulator.symphony;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.RouteTable;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;

import static io.camelchat.simulator.symphony.SymphonyErrors.error;
import static io.camelchat.simulator.symphony.SymphonyErrors.now;

/**
 * Every HTTP request to one of the simulator's servers: a path that belongs to another server's base URL is refused
 * (404, recorded as a protocol error), then injected faults, then the route table: authentication calls, the agent's
 * public info and health, pod calls after the session check ({@link PodApi}) and agent calls after the session and
 * key-manager checks ({@link AgentApi}).
 */
final class SymphonyHttp {

    /** Which server a request arrived at. */
    enum Role {
        POD, AGENT, KEY_MANAGER, SESSION_AUTH, ALL
    }

    private final Faults faults;
    private final ProtocolLog protocolLog;
    private final RouteTable<CompletionStage<SimResponse>> routes = new RouteTable<>();

    SymphonyHttp(Faults faults, ProtocolLog protocolLog, Authenticator auth, PodApi pod, AgentApi agent) {
        this.faults = faults;
        this.protocolLog = protocolLog;
        RouteTable.Handler<CompletionStage<SimResponse>> notAllowed = (r, p) -> now(error(405, "Method not allowed"));
        routes.add("POST", "/login/pubkey/authenticate", r -> now(auth.rsaAuth(r, false)))
                .add("*", "/login/pubkey/authenticate", notAllowed)
                .add("POST", "/relay/pubkey/authenticate", r -> now(auth.rsaAuth(r, true)))
                .add("*", "/relay/pubkey/authenticate", notAllowed)
                .add("POST", "/sessionauth/v1/authenticate", r -> now(auth.certAuth(r, false)))
                .add("*", "/sessionauth/v1/authenticate", notAllowed)
                .add("POST", "/keyauth/v1/authenticate", r -> now(auth.certAuth(r, true)))
                .add("*", "/keyauth/v1/authenticate", notAllowed)
                .add("*", "/agent/v1/info", r -> now(SimResponse.json(200, Json.write(agent.agentInfo()))))
                .add("*", "/agent/v3/health",
                        r -> now(SimResponse.json(200, "{\"status\":\"UP\",\"version\":\"25.8.1\"}")))
                .add("*", "/pod/**", r -> {
                    SimResponse denied = auth.checkSession(r);
                    return now(denied != null ? denied : pod.handle(r));
                })
                .add("*", "/agent/**", r -> {
                    SimResponse denied = auth.checkSession(r);
                    if (denied == null) {
                        denied = auth.checkKm(r);
                    }
                    return denied != null ? now(denied) : agent.handle(r);
                });
    }

    /** The answer to one request at the server of {@code role}, held back by the delay fault if set. */
    CompletionStage<SimResponse> handle(Role role, SimRequest r) {
        CompletionStage<SimResponse> answer = route(role, r);
        Duration d = faults.responseDelay();
        if (d == null || d.isZero()) {
            return answer;
        }
        return answer.thenApply(a -> a.withDelay(a.delay() == null ? d : a.delay().plus(d)));
    }

    private static boolean allowed(Role role, String path) {
        return switch (role) {
            case ALL -> true;
            case POD -> path.startsWith("/login/") || path.startsWith("/pod/");
            case AGENT -> path.startsWith("/agent/");
            case KEY_MANAGER -> path.startsWith("/relay/") || path.startsWith("/keyauth/");
            case SESSION_AUTH -> path.startsWith("/sessionauth/");
        };
    }

    private CompletionStage<SimResponse> route(Role role, SimRequest r) {
        String path = r.path();
        if (!allowed(role, path)) {
            protocolLog.add(r.method() + " " + path + " sent to the " + role.name().toLowerCase() + " base URL");
            return now(error(404, "Not found"));
        }
        SimResponse fault = faults.takeHttpFault(path);
        if (fault != null) {
            return now(fault);
        }
        try {
            return routes.dispatch(r, path, req -> now(error(404, "Not found")));
        } catch (SymphonyErrors.BadRequest e) {
            return now(error(e.status, e.getMessage()));
        }
    }
}
