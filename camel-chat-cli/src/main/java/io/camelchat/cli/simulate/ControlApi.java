package io.camelchat.cli.simulate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.camelchat.simulator.standalone.RunningSimulator;

/**
 * The control API of {@code camel-chat simulate}: plain JSON over HTTP on the loopback interface, to play the simulated
 * users from any language.
 *
 * <pre>
 * GET  /                             every simulator: endpoints, credentials, component options, bot, users, group
 * GET  /{platform}                   one of them
 * POST /{platform}/messages          {"text": "...", "user": "id", "group": "id"} a user sends a text (to the bot, or
 *                                    in the group when "group" is given; "user" defaults to the first test user)
 * GET  /{platform}/sent[?to=id]      {"texts": [...]} what the bot sent (to a user or group)
 * GET  /{platform}/connected         {"connected": true|false} whether the bot's stream or datafeed is open
 * POST /{platform}/card-actions      {"user": "id", "message": "id", "form": "id", "value": {...}} a user clicks a card
 *                                    (dingtalk: message = the card's outTrackId; lark: the card message; symphony:
 *                                    the message with the form, and its form id)
 * POST /{platform}/webhooks          {"url": "http://...", "user": "id", "group": "id", "text": "..."} the platform
 *                                    calls a webhook with a user's text (dingtalk, lark); difft: {"url", "data": {...}}
 * </pre>
 *
 * Answers are JSON; errors are {@code {"error": "..."}} with 400 (bad request), 404 (no such platform or path), 405
 * (wrong method) or 501 (the platform has no such action).
 */
public final class ControlApi implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, RunningSimulator> simulators;
    private final HttpServer server;
    private final ExecutorService executor;

    private ControlApi(Map<String, RunningSimulator> simulators, HttpServer server, ExecutorService executor) {
        this.simulators = simulators;
        this.server = server;
        this.executor = executor;
    }

    /** Starts the API on the loopback port ({@code 0}: a free one). */
    public static ControlApi start(List<RunningSimulator> simulators, int port) throws IOException {
        Map<String, RunningSimulator> byName = new LinkedHashMap<>();
        simulators.forEach(s -> byName.put(s.scheme(), s));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "camel-chat-control");
            t.setDaemon(true);
            return t;
        });
        ControlApi api = new ControlApi(byName, server, executor);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/";
    }

    /** What {@code GET /{platform}} answers. */
    public static ObjectNode describe(RunningSimulator s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("platform", s.scheme());
        o.put("name", s.platform().displayName());
        o.set("endpoints", MAPPER.valueToTree(s.endpoints()));
        o.set("credentials", MAPPER.valueToTree(s.credentials()));
        o.set("options", MAPPER.valueToTree(s.endpointOptions()));
        o.put("bot", s.bot());
        o.set("users", MAPPER.valueToTree(s.users()));
        o.put("group", s.group());
        return o;
    }

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            try {
                JsonNode answer = route(http);
                send(http, "POST".equals(http.getRequestMethod()) ? 201 : 200, answer);
            } catch (HttpError e) {
                send(http, e.status, error(e.getMessage()));
            } catch (UnsupportedOperationException e) {
                send(http, 501, error(e.getMessage()));
            } catch (IllegalArgumentException e) {
                send(http, 400, error(e.getMessage()));
            } catch (RuntimeException e) {
                send(http, 500, error(e.toString()));
            }
        }
    }

    private JsonNode route(HttpExchange http) throws IOException {
        URI uri = http.getRequestURI();
        String[] parts = uri.getPath().replaceAll("^/+|/+$", "").split("/");
        String method = http.getRequestMethod();
        if (parts.length == 1 && parts[0].isEmpty()) {
            expect(method, "GET");
            ObjectNode o = MAPPER.createObjectNode();
            o.put("control", url());
            simulators.values().forEach(s -> o.withArray("simulators").add(describe(s)));
            return o;
        }
        RunningSimulator sim = simulators.get(parts[0]);
        if (sim == null) {
            throw new HttpError(404, "no simulator '" + parts[0] + "' runs here; running: " + simulators.keySet());
        }
        String action = parts.length > 1 ? parts[1] : "";
        if (parts.length > 2) {
            throw new HttpError(404, "no such path: " + uri.getPath());
        }
        switch (action) {
            case "" :
                expect(method, "GET");
                return describe(sim);
            case "messages" : {
                expect(method, "POST");
                JsonNode body = body(http);
                String text = required(body, "text");
                String user = text(body, "user", sim.user());
                String group = text(body, "group", null);
                String id = group != null ? sim.userSendsGroupText(user, group, text) : sim.userSendsText(user, text);
                return MAPPER.createObjectNode().put("messageId", id);
            }
            case "sent" : {
                expect(method, "GET");
                String to = query(uri, "to");
                return MAPPER.createObjectNode().set("texts",
                        MAPPER.valueToTree(to != null ? sim.textsSentTo(to) : sim.textsSent()));
            }
            case "connected" :
                expect(method, "GET");
                return MAPPER.createObjectNode().put("connected", sim.botConnected());
            case "card-actions" : {
                expect(method, "POST");
                JsonNode body = body(http);
                Map<String, Object> value = body.has("value")
                        ? MAPPER.convertValue(body.get("value"), MAPPER.getTypeFactory().constructMapType(Map.class,
                                String.class, Object.class))
                        : Map.of();
                String id = UserActions.cardClick(sim, text(body, "user", sim.user()), text(body, "message", null),
                        text(body, "form", null), value);
                return MAPPER.createObjectNode().put("eventId", id);
            }
            case "webhooks" : {
                expect(method, "POST");
                JsonNode body = body(http);
                String data = body.has("data") ? MAPPER.writeValueAsString(body.get("data")) : null;
                UserActions.WebhookCall r = UserActions.postWebhook(sim, required(body, "url"),
                        text(body, "user", sim.user()), text(body, "group", null), text(body, "text", ""), data);
                return MAPPER.createObjectNode().put("status", r.status()).put("body", r.body());
            }
            default :
                throw new HttpError(404, "no such path: " + uri.getPath());
        }
    }

    private static void expect(String method, String wanted) {
        if (!wanted.equals(method)) {
            throw new HttpError(405, method + " not allowed here: use " + wanted);
        }
    }

    private static JsonNode body(HttpExchange http) throws IOException {
        try (InputStream in = http.getRequestBody()) {
            byte[] bytes = in.readNBytes(1 << 20);
            if (bytes.length == 0) {
                return MAPPER.createObjectNode();
            }
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String required(JsonNode body, String field) {
        String v = text(body, field, null);
        if (v == null) {
            throw new IllegalArgumentException("missing \"" + field + "\"");
        }
        return v;
    }

    private static String text(JsonNode body, String field, String fallback) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? fallback : v.asText();
    }

    private static String query(URI uri, String name) {
        String q = uri.getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }

    private static void send(HttpExchange http, int status, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        http.getResponseHeaders().set("Content-Type", "application/json");
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static final class HttpError extends RuntimeException {
        private final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
