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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.Json;
import io.camelchat.common.health.ChatConsumerHealthCheck;
import io.camelchat.common.ws.WebSocketConnection;
import io.camelchat.common.ws.WebSocketListener;
import io.camelchat.common.ws.WebSocketSession;
import io.camelchat.common.ws.WebSocketSessionConfig;
import io.camelchat.dingtalk.api.DingTalkCardCallback;
import io.camelchat.dingtalk.api.DingTalkClient;
import io.camelchat.dingtalk.api.DingTalkEvent;
import io.camelchat.dingtalk.api.DingTalkRobotMessage;
import io.camelchat.dingtalk.stream.StreamFrame;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Suspendable;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DingTalk Stream mode: registers a connection for the configured subscriptions, keeps a websocket to the gateway
 * open, routes robot messages, card callbacks and events, and acknowledges each frame only after its exchange
 * completed: success for a completed exchange; for a failed one {@code LATER} (events, which DingTalk then
 * redelivers) or code 500 (callbacks, which DingTalk does not redeliver).
 */
public class DingTalkStreamConsumer extends DefaultConsumer implements Suspendable {

    private static final Logger LOG = LoggerFactory.getLogger(DingTalkStreamConsumer.class);
    private static final String USER_AGENT = "camel-chat-dingtalk/0.1";

    private final DingTalkEndpoint endpoint;
    private final DingTalkConfiguration config;
    private final AtomicLong routed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong badFrames = new AtomicLong();
    private WebSocketSession session;
    private ExecutorService workers;
    private ExecutorService ioThreads;
    private volatile String lastBadFrame;

    public DingTalkStreamConsumer(DingTalkEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
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
    protected void doStart() throws Exception {
        super.doStart();
        List<Map<String, String>> subs = subscriptions(config.getSubscriptions());
        DingTalkClient client = endpoint.getClient();
        workers = endpoint.getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "DingTalkStream", Math.max(1, config.getConcurrentConsumers()));
        ioThreads = endpoint.getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "DingTalkStreamIO");
        WebSocketSessionConfig wsConfig = new WebSocketSessionConfig()
                .setName("dingtalk-" + (getRouteId() != null ? getRouteId() : "stream"))
                .setReconnectDelay(Duration.ofMillis(Math.max(1, config.getReconnectDelay())))
                .setMaxReconnectDelay(Duration.ofMillis(Math.max(config.getReconnectDelay(), config.getMaxReconnectDelay())))
                .setHeartbeatInterval(Duration.ofMillis(config.getHeartbeatInterval()))
                .setConnectTimeout(Duration.ofMillis(config.getConnectTimeout()))
                .setMaxInFlight(Math.max(1, config.getMaxInFlight()))
                .setMaxFrameSize(config.getMaxFrameSize())
                .setExecutor(ioThreads);
        if (config.getProxyHost() != null && !config.getProxyHost().isBlank()) {
            wsConfig.setProxy(config.getProxyHost(), config.getProxyPort() == null ? 8080 : config.getProxyPort(),
                    config.getProxyUsername(), config.getProxyPassword());
        }
        if (config.getSslContextParameters() != null) {
            wsConfig.setSslContext(config.getSslContextParameters().createSSLContext(endpoint.getCamelContext()));
        }
        session = new WebSocketSession(wsConfig, () -> {
            DingTalkClient.StreamTicket ticket = client.openConnection(subs, USER_AGENT);
            URI base = URI.create(ticket.endpoint());
            String sep = base.getRawQuery() == null ? "?" : "&";
            return WebSocketSession.Endpoint.of(URI.create(ticket.endpoint() + sep + "ticket="
                                                           + URLEncoder.encode(ticket.ticket(), StandardCharsets.UTF_8)));
        }, new Listener());
        ChatConsumerHealthCheck.install(this, DingTalkConstants.PLATFORM,
                endpoint.getComponent().isHealthCheckConsumerEnabled(), this::healthStatus);
        session.start();
    }

    @Override
    protected void doStop() throws Exception {
        if (session != null) {
            session.stop();
            session = null;
        }
        if (workers != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(workers);
            workers = null;
        }
        if (ioThreads != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(ioThreads);
            ioThreads = null;
        }
        super.doStop();
    }

    @Override
    protected void doSuspend() throws Exception {
        // no further events: close the connection; DingTalk redelivers unacknowledged events after resume
        if (session != null) {
            session.stop();
        }
    }

    @Override
    protected void doResume() throws Exception {
        if (session != null) {
            session.start();
        }
    }

    ChatConsumerHealthCheck.Status healthStatus() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("routed", routed.get());
        details.put("failed", failed.get());
        details.put("badFrames", badFrames.get());
        return ChatConsumerHealthCheck.ofSession(session, details);
    }

    /** The websocket session (for tests and management). */
    public WebSocketSession getSession() {
        return session;
    }

    public long getRoutedCount() {
        return routed.get();
    }

    public long getBadFrameCount() {
        return badFrames.get();
    }

    public String getLastBadFrame() {
        return lastBadFrame;
    }

    // ------------------------------------------------------------------ frames

    private final class Listener implements WebSocketListener {
        @Override
        public void onText(WebSocketConnection connection, String text) {
            StreamFrame frame;
            try {
                frame = StreamFrame.parse(text);
            } catch (IllegalArgumentException e) {
                badFrame("unreadable frame (" + e.getMessage() + ") of " + text.length() + " chars ignored");
                return;
            }
            switch (frame.type()) {
                case StreamFrame.SYSTEM -> system(connection, frame);
                case StreamFrame.EVENT, StreamFrame.CALLBACK -> dispatch(connection, frame);
                default -> {
                    if (frame.messageId() != null) {
                        connection.send(StreamFrame.ack(frame.messageId(), 404, "type not exist", null));
                    }
                    badFrame("frame of unknown type " + frame.type() + " refused");
                }
            }
        }
    }

    private void badFrame(String what) {
        badFrames.incrementAndGet();
        lastBadFrame = what;
        LOG.warn("DingTalk Stream: {}", what);
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
                session.reconnect("disconnect: " + reason);
            }
            default -> LOG.debug("DingTalk Stream: SYSTEM topic {} ignored", topic);
        }
    }

    private void dispatch(WebSocketConnection connection, StreamFrame frame) {
        String messageId = frame.messageId();
        if (messageId == null || messageId.isBlank()) {
            badFrame(frame.type() + " frame without messageId ignored");
            return;
        }
        session.eventStarted();
        try {
            // the data is parsed on the worker: the I/O thread only reads the frame's envelope
            workers.execute(() -> {
                Object[] event = readEvent(connection, frame);
                if (event == null) {
                    session.eventFinished();
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> headers = (Map<String, Object>) event[1];
                    process(connection, frame, event[0], headers);
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping: leave the frame unacknowledged, DingTalk delivers events again
            session.eventFinished();
        }
    }

    /** The body and headers of an EVENT or CALLBACK frame; null (after answering 400) when its data is unreadable. */
    private Object[] readEvent(WebSocketConnection connection, StreamFrame frame) {
        String messageId = frame.messageId();
        Object body;
        Map<String, Object> headers;
        try {
            JsonNode data = frame.dataJson();
            if (!data.isObject()) {
                throw new IllegalArgumentException("data is not a JSON object");
            }
            if (StreamFrame.EVENT.equals(frame.type())) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = Json.MAPPER.convertValue(data, Map.class);
                String eventId = frame.header("eventId") != null ? frame.header("eventId") : messageId;
                DingTalkEvent event = new DingTalkEvent(eventId, frame.header("eventType"), frame.header("eventCorpId"),
                        parseLong(frame.header("eventBornTime")), frame.header("eventUnifiedAppId"), map);
                body = event;
                headers = DingTalkMessages.headers(event);
            } else if (DingTalkClient.TOPIC_CARD.equals(frame.topic())) {
                DingTalkCardCallback card = Json.MAPPER.treeToValue(data, DingTalkCardCallback.class);
                body = card;
                headers = DingTalkMessages.headers(card, messageId);
            } else if (DingTalkClient.TOPIC_ROBOT.equals(frame.topic())
                       || "/v1.0/im/bot/messages/delegate".equals(frame.topic())) {
                DingTalkRobotMessage message = Json.MAPPER.treeToValue(data, DingTalkRobotMessage.class);
                body = message;
                headers = DingTalkMessages.headers(message);
            } else {
                body = Json.MAPPER.convertValue(data, Map.class);
                headers = new LinkedHashMap<>();
                headers.put(io.camelchat.common.ChatHeaders.PLATFORM, DingTalkConstants.PLATFORM);
                headers.put(io.camelchat.common.ChatHeaders.EVENT_TYPE, frame.topic());
                headers.put(io.camelchat.common.ChatHeaders.MESSAGE_ID, messageId);
            }
        } catch (Exception e) {
            badFrame(frame.type() + " frame " + messageId + " has unreadable data (" + e.getMessage() + "); answered 400");
            connection.send(StreamFrame.ack(messageId, 400, "bad request data type", null));
            return null;
        }
        headers.put(DingTalkConstants.TOPIC, frame.topic());
        headers.put(DingTalkConstants.STREAM_MESSAGE_ID, messageId);
        return new Object[] { body, headers };
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void process(WebSocketConnection connection, StreamFrame frame, Object body, Map<String, Object> headers) {
        Exchange exchange = createExchange(false);
        exchange.getMessage().setBody(body);
        headers.forEach((k, v) -> {
            if (v != null) {
                exchange.getMessage().setHeader(k, v);
            }
        });
        getAsyncProcessor().process(exchange, doneSync -> {
            try {
                acknowledge(connection, frame, exchange);
            } finally {
                if (exchange.getException() != null) {
                    getExceptionHandler().handleException("Error processing DingTalk " + frame.type() + " frame",
                            exchange, exchange.getException());
                }
                releaseExchange(exchange, false);
                session.eventFinished();
            }
        });
    }

    private void acknowledge(WebSocketConnection connection, StreamFrame frame, Exchange exchange) {
        boolean ok = !exchange.isFailed();
        String messageId = frame.messageId();
        String ack;
        if (StreamFrame.EVENT.equals(frame.type())) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", ok ? "SUCCESS" : "LATER");
            data.put("message", ok ? "success" : failureText(exchange));
            ack = StreamFrame.ack(messageId, 200, "OK", Json.write(data));
        } else if (ok) {
            Object response = null;
            if (DingTalkClient.TOPIC_CARD.equals(frame.topic())) {
                response = cardResponse(exchange.getMessage().getBody());
            }
            // written by hand: the shared mapper leaves out nulls, and DingTalk's canonical answer is {"response":null}
            ack = StreamFrame.ack(messageId, 200, "OK", "{\"response\":" + (response == null ? "null" : Json.write(response)) + "}");
        } else {
            ack = StreamFrame.ack(messageId, 500, "client internal error", null);
        }
        if (ok) {
            routed.incrementAndGet();
        } else {
            failed.incrementAndGet();
        }
        if (connection.isOpen()) {
            connection.send(ack);
        } else {
            LOG.debug("DingTalk Stream: connection {} closed before frame {} was acknowledged; DingTalk redelivers events",
                    connection, messageId);
        }
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
