package io.camelchat.dingtalk;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.Json;
import io.camelchat.common.consumer.ChatEvent;
import io.camelchat.common.consumer.ChatStreamConsumer;
import io.camelchat.common.ws.WebSocketConnection;
import io.camelchat.common.ws.WebSocketSession;
import io.camelchat.common.ws.WebSocketSessionConfig;
import io.camelchat.dingtalk.api.DingTalkCardCallback;
import io.camelchat.dingtalk.api.DingTalkClient;
import io.camelchat.dingtalk.api.DingTalkEvent;
import io.camelchat.dingtalk.api.DingTalkRobotMessage;
import io.camelchat.dingtalk.stream.StreamFrame;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DingTalk Stream mode: registers a connection for the configured subscriptions, keeps a websocket to the gateway
 * open, routes robot messages, card callbacks and events, and acknowledges each frame when its exchange's unit of work
 * is done (also after a hand-off to {@code seda:}): success for a completed exchange; for a failed one {@code LATER}
 * (events, which DingTalk then redelivers) or code 500 (callbacks, which DingTalk does not redeliver). Card callbacks
 * are routed {@code InOut}: the route's resulting body (a Map, JSON node or JSON text) updates the card.
 */
public class DingTalkStreamConsumer extends ChatStreamConsumer<StreamFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(DingTalkStreamConsumer.class);
    private static final String USER_AGENT = "camel-chat-dingtalk/0.1";
    /** The data of the answer to an event the route completed. */
    private static final String EVENT_SUCCESS = "{\"status\":\"SUCCESS\",\"message\":\"success\"}";

    private final DingTalkEndpoint endpoint;
    private final DingTalkConfiguration config;
    private List<Map<String, String>> subscriptions;

    public DingTalkStreamConsumer(DingTalkEndpoint endpoint, Processor processor) {
        super(endpoint, processor, DingTalkConstants.PLATFORM, "DingTalk Stream", endpoint.getConfiguration());
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    /** The subscriptions the option {@code subscriptions} stands for. */
    static List<Map<String, String>> subscriptions(String option) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String raw : (option == null || option.isBlank() ? "robot" : option).split(",")) {
            String s = raw.trim();
            if (s.isEmpty()) {
                continue;
            }
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.equals("robot")) {
                out.add(Map.of("type", StreamFrame.CALLBACK, "topic", DingTalkClient.TOPIC_ROBOT));
            } else if (lower.equals("card")) {
                out.add(Map.of("type", StreamFrame.CALLBACK, "topic", DingTalkClient.TOPIC_CARD));
            } else if (lower.equals("event") || lower.equals("events")) {
                out.add(Map.of("type", StreamFrame.EVENT, "topic", "*"));
            } else if (s.startsWith("/")) {
                out.add(Map.of("type", StreamFrame.CALLBACK, "topic", s));
            } else {
                throw new IllegalArgumentException("Unknown dingtalk subscription '" + s
                                                   + "': use robot, card, event or a callback topic starting with /");
            }
        }
        return out;
    }

    @Override
    protected void validate() {
        subscriptions = subscriptions(config.getSubscriptions());
    }

    @Override
    protected void configure(WebSocketSessionConfig sessionConfig) {
        sessionConfig.setHeartbeatInterval(Duration.ofMillis(config.getHeartbeatInterval()));
    }

    @Override
    protected WebSocketSession.Endpoint resolve() {
        DingTalkClient.StreamTicket ticket = endpoint.requireClient("open a Stream connection")
                .openConnection(subscriptions, USER_AGENT);
        URI base = URI.create(ticket.endpoint());
        String sep = base.getRawQuery() == null ? "?" : "&";
        return WebSocketSession.Endpoint.of(URI.create(ticket.endpoint() + sep + "ticket="
                                                       + URLEncoder.encode(ticket.ticket(), StandardCharsets.UTF_8)));
    }

    // ------------------------------------------------------------------ frames

    @Override
    protected void onText(WebSocketConnection connection, String text) {
        StreamFrame frame;
        try {
            frame = StreamFrame.parse(text);
        } catch (IllegalArgumentException e) {
            badFrame("unreadable frame (" + e.getMessage() + ") of " + text.length() + " chars ignored");
            return;
        }
        switch (frame.type()) {
            case StreamFrame.SYSTEM -> system(connection, frame);
            case StreamFrame.EVENT, StreamFrame.CALLBACK -> {
                if (frame.messageId() == null || frame.messageId().isBlank()) {
                    badFrame(frame.type() + " frame without messageId ignored");
                } else {
                    // the data is parsed on the worker: the I/O thread only reads the frame's envelope
                    dispatch(connection, frame, frame.messageId());
                }
            }
            default -> {
                if (frame.messageId() != null) {
                    connection.send(StreamFrame.ack(frame.messageId(), 404, "type not exist", null));
                }
                badFrame("frame of unknown type " + frame.type() + " refused");
            }
        }
    }

    private void system(WebSocketConnection connection, StreamFrame frame) {
        String topic = frame.topic() == null ? "" : frame.topic();
        switch (topic) {
            case "ping" -> {
                String data = frame.data() == null ? "{}" : frame.data();
                connection.send(StreamFrame.ack(frame.messageId(), 200, "OK", data));
            }
            case "disconnect" -> {
                String reason = "";
                try {
                    reason = Json.text(frame.dataJson(), "reason");
                } catch (IllegalArgumentException ignored) {
                    // no reason given
                }
                LOG.info("DingTalk asked to reconnect ({}); opening a new connection, the old one drains", reason);
                WebSocketSession session = getSession();
                if (session != null) {
                    session.reconnect("disconnect: " + reason);
                }
            }
            default -> LOG.debug("DingTalk Stream: SYSTEM topic {} ignored", topic);
        }
    }

    /**
     * The event of an EVENT or CALLBACK frame; null (after answering 400) when its data is unreadable. Card callbacks
     * expect an answer.
     */
    @Override
    protected ChatEvent read(WebSocketConnection connection, StreamFrame frame) {
        String messageId = frame.messageId();
        Object body;
        Map<String, Object> headers;
        boolean card = false;
        try {
            if (StreamFrame.EVENT.equals(frame.type())) {
                // the event's data becomes the body's map: read in one pass, no tree
                Map<String, Object> map = frame.dataMap();
                String eventId = frame.header("eventId") != null ? frame.header("eventId") : messageId;
                DingTalkEvent event = new DingTalkEvent(eventId, frame.header("eventType"), frame.header("eventCorpId"),
                        parseLong(frame.header("eventBornTime")), frame.header("eventUnifiedAppId"), map);
                body = event;
                headers = DingTalkMessages.headers(event);
            } else if (!(frame.dataJson() instanceof ObjectNode data)) {
                throw new IllegalArgumentException("data is not a JSON object");
            } else if (DingTalkClient.TOPIC_CARD.equals(frame.topic())) {
                DingTalkCardCallback callback = Json.MAPPER.treeToValue(data, DingTalkCardCallback.class);
                body = callback;
                headers = DingTalkMessages.headers(callback, messageId);
                card = true;
            } else if (DingTalkClient.TOPIC_ROBOT.equals(frame.topic())
                    || "/v1.0/im/bot/messages/delegate".equals(frame.topic())) {
                DingTalkRobotMessage message = Json.MAPPER.treeToValue(data, DingTalkRobotMessage.class);
                body = message;
                headers = DingTalkMessages.headers(message);
            } else {
                body = Json.MAPPER.convertValue(data, Map.class);
                headers = new LinkedHashMap<>();
                headers.put(ChatHeaders.PLATFORM, DingTalkConstants.PLATFORM);
                headers.put(ChatHeaders.EVENT_TYPE, frame.topic());
                headers.put(ChatHeaders.MESSAGE_ID, messageId);
            }
        } catch (Exception e) {
            badFrame(frame.type() + " frame " + messageId + " has unreadable data (" + e.getMessage()
                     + "); answered 400");
            connection.send(StreamFrame.ack(messageId, 400, "bad request data type", null));
            return null;
        }
        headers.put(DingTalkConstants.TOPIC, frame.topic());
        headers.put(DingTalkConstants.STREAM_MESSAGE_ID, messageId);
        return new ChatEvent(body, headers, card);
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    protected Object acknowledgement(StreamFrame frame, ChatEvent event, Exchange exchange, boolean ok) {
        String messageId = frame.messageId();
        if (StreamFrame.EVENT.equals(frame.type())) {
            if (ok) {
                return StreamFrame.ack(messageId, 200, "OK", EVENT_SUCCESS);
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", "LATER");
            data.put("message", failureText(exchange));
            return StreamFrame.ack(messageId, 200, "OK", Json.write(data));
        }
        if (!ok) {
            return StreamFrame.ack(messageId, 500, "client internal error", null);
        }
        Object response = event.expectsAnswer() ? cardResponse(exchange.getMessage().getBody()) : null;
        // written by hand: the shared mapper leaves out nulls, and DingTalk's canonical answer is {"response":null}
        return StreamFrame.ack(messageId, 200, "OK",
                "{\"response\":" + (response == null ? "null" : Json.write(response)) + "}");
    }

    private static String failureText(Exchange exchange) {
        Exception e = exchange.getException();
        return e == null ? "failed" : e.getClass().getSimpleName();
    }

    /** A card update from the route's body: a Map or JSON node as is, JSON text parsed, anything else none. */
    private static Object cardResponse(Object body) {
        if (body instanceof Map<?, ?> || body instanceof JsonNode) {
            return body;
        }
        if (body instanceof String s && s.trim().startsWith("{")) {
            try {
                return Json.read(s);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
