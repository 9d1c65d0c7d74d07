package io.camelchat.common.health;

import java.util.Map;
import java.util.function.Supplier;

import io.camelchat.common.ws.WebSocketSession;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.support.DefaultConsumer;

/**
 * Readiness of a camel-chat consumer: UP while connected (or polling successfully), DOWN while reconnecting or
 * after repeated failures, with the details a person needs (state, last error, counters). It shows up in Camel's
 * health as the route's consumer check.
 */
public final class ChatConsumerHealthCheck extends AbstractHealthCheck {

    /** What a consumer reports about itself. {@code details} must hold no secrets. */
    public record Status(boolean up, String state, String lastError, Map<String, Object> details) {
        public static Status up(String state, Map<String, Object> details) {
            return new Status(true, state, null, details);
        }

        public static Status down(String state, String lastError, Map<String, Object> details) {
            return new Status(false, state, lastError, details);
        }
    }

    /**
     * The status of a websocket consumer: UP while connected, DOWN while reconnecting, stopped or failed, with the
     * session's counters added to {@code details}.
     */
    public static Status ofSession(WebSocketSession session, Map<String, Object> details) {
        if (session == null) {
            return Status.down("stopped", null, details);
        }
        details.put("connects", session.getConnectCount());
        details.put("inFlight", session.getInFlight());
        return switch (session.getState()) {
            case CONNECTED -> Status.up("connected", details);
            case FAILED -> Status.down("failed", session.getLastError(), details);
            case STOPPED -> Status.down("stopped", session.getLastError(), details);
            default -> Status.down("reconnecting", session.getLastError(), details);
        };
    }

    private final Supplier<Status> status;

    public ChatConsumerHealthCheck(String platform, String routeId, Supplier<Status> status) {
        super("camel", "consumer:" + platform + ":" + routeId);
        this.status = status;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Status s = status.get();
        builder.detail("state", s.state());
        if (s.lastError() != null) {
            builder.detail("error.message", s.lastError());
            builder.message(s.lastError());
        }
        if (s.details() != null) {
            s.details().forEach(builder::detail);
        }
        if (s.up()) {
            builder.up();
        } else {
            builder.down();
        }
    }

    /**
     * Gives {@code consumer} this check when Camel's consumer health checks are in use (the way Camel's own
     * components do it); does nothing otherwise.
     */
    public static void install(DefaultConsumer consumer, String platform, boolean enabled, Supplier<Status> status) {
        CamelContext context = consumer.getEndpoint().getCamelContext();
        if (HealthCheckHelper.getHealthCheckRepository(context, "consumers") != null) {
            ChatConsumerHealthCheck check = new ChatConsumerHealthCheck(platform, consumer.getRouteId(), status);
            check.setEnabled(enabled);
            check.setCamelContext(context);
            consumer.setHealthCheck(check);
        }
    }
}
