package io.camelchat.common.webhook;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.camelchat.common.consumer.ChatConsumerState;
import io.camelchat.common.consumer.ChatEvent;
import io.camelchat.common.consumer.ChatExchanges;
import io.camelchat.common.health.ChatConsumerHealthCheck;
import io.camelchat.common.metrics.ChatMetrics;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the {@code <platform>:webhook} consumers. It serves the configured path through Camel's
 * {@code platform-http} (the HTTP server of whatever runtime hosts Camel; no server of our own), accepts only POST,
 * lets the platform subclass verify and parse each request, routes what passed, and answers the platform after the
 * route completed. Requests that fail verification get a 4xx and route nothing; a failed route gets a 500 so that
 * platforms that retry will send the event again. Events that expect an answer (card actions) are routed
 * {@code InOut}, their answer is the route's resulting body.
 * <p>
 * The platform waits for the HTTP answer, so the answer follows the route, not the unit of work: a route that hands the
 * exchange on ({@code seda:} with {@code InOnly}, {@code threads}, {@code wireTap}) has the request answered as success
 * when the hand-off returned, and what fails after that is not delivered again by the platform. Keep the work that
 * must succeed in the route (or hand off {@code InOut}, waiting for the reply) when the platform should redeliver on
 * failure.
 */
public abstract class ChatWebhookConsumer extends DefaultConsumer implements ChatConsumerState {

    private static final Logger LOG = LoggerFactory.getLogger(ChatWebhookConsumer.class);

    /** The outcome of verifying a request: answer at once, or route an event and answer afterwards. */
    public static final class Decision {
        private final WebhookResponse immediate;
        private final ChatEvent event;
        private final Function<Exchange, WebhookResponse> reply;
        private Runnable onFailure;

        private Decision(WebhookResponse immediate, ChatEvent event, Function<Exchange, WebhookResponse> reply) {
            this.immediate = immediate;
            this.event = event;
            this.reply = reply;
        }

        /** Answer without routing (verification challenges, acknowledged no-ops). */
        public static Decision respond(WebhookResponse response) {
            return new Decision(response, null, null);
        }

        /** Route {@code body} with {@code headers}; {@code reply} builds the answer from the completed exchange. */
        public static Decision route(Object body, Map<String, Object> headers,
                                     Function<Exchange, WebhookResponse> reply) {
            return new Decision(null, ChatEvent.of(body, headers), reply);
        }

        /**
         * Route {@code event} ({@code InOut} when it expects an answer); {@code reply} builds the answer from the
         * completed exchange.
         */
        public static Decision route(ChatEvent event, Function<Exchange, WebhookResponse> reply) {
            return new Decision(null, event, reply);
        }

        /** Runs when the route failed (e.g. to forget the request's signature, so that the platform may resend it). */
        public Decision onFailure(Runnable action) {
            this.onFailure = action;
            return this;
        }
    }

    private final String path;
    private final String platform;
    private final int maxBodySize;
    private Consumer httpConsumer;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile String lastRejection;
    private ChatMetrics metrics = ChatMetrics.NONE;
    private volatile long lastEventAt;

    protected ChatWebhookConsumer(Endpoint endpoint, Processor processor, String platform, String path,
                                  int maxBodySize) {
        super(endpoint, processor);
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException(
                    platform + " webhook consumer needs the option webhookPath, e.g. /" + platform);
        }
        this.path = path.startsWith("/") ? path : "/" + path;
        this.platform = platform;
        this.maxBodySize = maxBodySize;
    }

    /**
     * Verifies and parses a request.
     *
     * @throws WebhookRejectedException when the request is forged, stale, replayed or malformed
     */
    protected abstract Decision accept(WebhookRequest request) throws WebhookRejectedException;

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Endpoint http = getEndpoint().getCamelContext()
                .getEndpoint("platform-http:" + path + "?httpMethodRestrict=POST");
        httpConsumer = http.createConsumer(new Handler());
        ServiceHelper.startService(httpConsumer);
        boolean healthEnabled = !(getEndpoint().getComponent() instanceof HealthCheckComponent hc)
                || hc.isHealthCheckConsumerEnabled();
        metrics = ChatMetrics.of(getEndpoint().getCamelContext(), platform, "routeId",
                getRouteId() == null ? "" : getRouteId());
        ChatConsumerHealthCheck.install(this, platform, healthEnabled, this::currentStatus);
        LOG.info("{} webhook listening on POST {}", platform, path);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopAndShutdownService(httpConsumer);
        httpConsumer = null;
        super.doStop();
    }

    public String getPath() {
        return path;
    }

    public long getAcceptedCount() {
        return accepted.get();
    }

    public long getRejectedCount() {
        return rejected.get();
    }

    /** Listening, with the path and the counts of accepted and refused requests. */
    @Override
    public ChatConsumerHealthCheck.Status currentStatus() {
        return ChatConsumerHealthCheck.Status.up("listening",
                Map.of("path", path, "accepted", accepted.get(), "rejected",
                        rejected.get(), "lastRejection", lastRejection == null ? "" : lastRejection));
    }

    @Override
    public long getLastEventAt() {
        return lastEventAt;
    }

    private final class Handler extends AsyncProcessorSupport {
        @Override
        public boolean process(Exchange http, AsyncCallback callback) {
            Message in = http.getMessage();
            Decision decision;
            try {
                byte[] body = in.getBody(byte[].class);
                if (body != null && body.length > maxBodySize) {
                    throw new WebhookRejectedException(413, "body of " + body.length + " bytes exceeds " + maxBodySize);
                }
                Map<String, String> headers = new HashMap<>();
                in.getHeaders().forEach((k, v) -> {
                    if (v != null && !k.startsWith("Camel")) {
                        headers.put(k, v.toString());
                    }
                });
                String rawQuery = in.getHeader(Exchange.HTTP_RAW_QUERY, String.class);
                if (rawQuery == null) {
                    rawQuery = in.getHeader(Exchange.HTTP_QUERY, String.class);
                }
                decision = accept(new WebhookRequest(requestPath(in), headers, rawQuery, body));
            } catch (WebhookRejectedException e) {
                rejected.incrementAndGet();
                lastRejection = e.getMessage();
                LOG.warn("{} webhook {}: refused request with {}: {}", platform, path, e.getStatus(), e.getMessage());
                write(http, WebhookResponse.error(e.getStatus(), e.getMessage()));
                callback.done(true);
                return true;
            } catch (RuntimeException e) {
                rejected.incrementAndGet();
                lastRejection = e.getMessage();
                LOG.warn("{} webhook {}: cannot read request: {}", platform, path, e.getMessage());
                write(http, WebhookResponse.error(400, "malformed request"));
                callback.done(true);
                return true;
            }
            if (decision.immediate != null) {
                write(http, decision.immediate);
                callback.done(true);
                return true;
            }
            accepted.incrementAndGet();
            lastEventAt = System.currentTimeMillis();
            metrics.received();
            Exchange exchange = ChatExchanges.create(ChatWebhookConsumer.this, decision.event);
            AsyncProcessor processor = getAsyncProcessor();
            return processor.process(exchange, doneSync -> {
                try {
                    if (exchange.isFailed()) {
                        if (decision.onFailure != null) {
                            decision.onFailure.run();
                        }
                        Exception cause = exchange.getException();
                        if (cause != null) {
                            getExceptionHandler().handleException("Error processing " + platform + " webhook event",
                                    exchange,
                                    cause);
                        }
                        write(http, WebhookResponse.error(500, "event not processed"));
                        metrics.failed();
                    } else {
                        write(http, decision.reply == null ? WebhookResponse.empty() : decision.reply.apply(exchange));
                        metrics.acknowledged();
                    }
                } catch (RuntimeException e) {
                    LOG.warn("{} webhook {}: building the answer failed: {}", platform, path, e.getMessage());
                    write(http, WebhookResponse.error(500, "event not processed"));
                } finally {
                    releaseExchange(exchange, false);
                    callback.done(doneSync);
                }
            });
        }
    }

    /**
     * The path the HTTP server received: {@code CamelHttpUri} (platform-http on Vert.x gives path and query, on a servlet
     * container the path with the context path) without its query; null when the HTTP consumer sets neither.
     */
    static String requestPath(Message in) {
        String uri = in.getHeader(Exchange.HTTP_URI, String.class);
        if (uri == null || uri.isEmpty()) {
            return null;
        }
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (path.startsWith("http://") || path.startsWith("https://")) {
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        return path.isEmpty() ? null : path;
    }

    private static void write(Exchange http, WebhookResponse response) {
        Message out = http.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
        if (response.contentType() != null) {
            out.setHeader(Exchange.CONTENT_TYPE, response.contentType());
        }
        out.setBody(response.body() == null ? "" : response.body());
    }

    @Override
    public String toString() {
        return platform + "-webhook[" + URISupport.sanitizeUri(path) + "]";
    }
}
