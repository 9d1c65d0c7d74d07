package io.camelchat.common.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelchat.common.ChatEndpoint;
import io.camelchat.common.consumer.ChatConsumerState;
import io.camelchat.common.health.ChatConsumerHealthCheck;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.support.console.AbstractDevConsole;

/**
 * The dev console page of a camel-chat component (Camel's {@code /q/dev}, {@code camel get}): each consumer of the
 * platform with its state, last error, last event and counters (offsets such as a datafeed id among them), and each
 * endpoint with what its client knows (token expiry, authentications) — never a token or a secret.
 */
public abstract class ChatDevConsole extends AbstractDevConsole {

    private final String platform;

    protected ChatDevConsole(String platform, String displayName, String description) {
        super("camel-chat", platform, displayName, description);
        this.platform = platform;
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        List<Map<String, Object>> consumers = new ArrayList<>();
        for (Route route : getCamelContext().getRoutes()) {
            if (isOurs(route.getEndpoint()) && route.getConsumer() instanceof ChatConsumerState state) {
                ChatConsumerHealthCheck.Status status = state.currentStatus();
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("routeId", route.getRouteId());
                c.put("uri", route.getEndpoint().getEndpointBaseUri());
                c.put("state", status.state());
                c.put("up", status.up());
                if (status.lastError() != null) {
                    c.put("lastError", status.lastError());
                }
                c.put("lastEventAt",
                        state.getLastEventAt() == 0 ? "" : Instant.ofEpochMilli(state.getLastEventAt()).toString());
                if (status.details() != null) {
                    c.putAll(status.details());
                }
                consumers.add(c);
            }
        }
        List<Map<String, Object>> endpoints = new ArrayList<>();
        for (Endpoint endpoint : getCamelContext().getEndpoints()) {
            if (isOurs(endpoint) && endpoint instanceof ChatEndpoint<?, ?> chat) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("uri", endpoint.getEndpointBaseUri());
                e.put("kind", chat.getKind().name());
                chat.consoleDetails(e);
                endpoints.add(e);
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("platform", platform);
        root.put("consumers", consumers);
        root.put("endpoints", endpoints);
        return root;
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        Map<String, Object> json = doCallJson(options);
        StringBuilder out = new StringBuilder();
        for (String section : List.of("consumers", "endpoints")) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> entries = (List<Map<String, Object>>) json.get(section);
            out.append(section.substring(0, 1).toUpperCase()).append(section.substring(1)).append(": ")
                    .append(entries.size()).append('\n');
            for (Map<String, Object> entry : entries) {
                out.append("  ").append(entry.getOrDefault("routeId", entry.get("uri"))).append('\n');
                entry.forEach((k, v) -> out.append("    ").append(k).append(": ").append(v).append('\n'));
            }
        }
        return out.toString();
    }

    private boolean isOurs(Endpoint endpoint) {
        return endpoint instanceof ChatEndpoint<?, ?> chat && platform.equals(chat.getPlatform());
    }
}
