package io.camelchat.cli;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelchat.cli.platform.PlatformSpec;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatMessage;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code listen}: prints what the platform's consumer receives, one JSON line each, until stopped. */
@Command(name = "listen", mixinStandardHelpOptions = true,
         description = { "Print incoming messages and events as JSON lines (one per event) until Ctrl-C, from "
                         + "<platform>:stream (symphony: datafeed).",
                 "Each line holds the normalized fields (platform, eventType, messageId, conversationId, "
                                                                      + "conversationType, senderId, senderName, timestamp, text, attachments), the platform's own "
                                                                      + "headers and the native event. An event is acknowledged once its line is printed." })
public class ListenCommand extends BaseCommand {

    @Option(names = "--kind", paramLabel = "KIND",
            description = "The consumer (default: stream; symphony: datafeed; openim can also use datafeed).")
    String kind;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N events (exit status 0).")
    Integer count;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Stop after this many seconds (exit status 5 when --count was not reached).")
    Long timeout;

    @Override
    public Integer call() throws InterruptedException {
        PlatformSpec platform = platform();
        Output output = output();
        CountDownLatch done = new CountDownLatch(count != null ? count : Integer.MAX_VALUE);
        AtomicInteger seen = new AtomicInteger();
        String from = platform.name() + ":" + (kind != null ? kind : platform.listenKind());
        RouteBuilder routes = new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(defaultErrorHandler().logExhausted(false).logStackTrace(false).logRetryAttempted(false));
                from(from).routeId("camel-chat-listen").process(e -> {
                    if (count != null && seen.incrementAndGet() > count) {
                        // past the count: not printed and failed, so the platform delivers it again later
                        throw new PastCount();
                    }
                    output.line(line(platform, e));
                    done.countDown();
                });
            }
        };
        ChatRuntime runtime = runtime(platform, routes);
        Thread hook = new Thread(runtime::close, "camel-chat-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        err().println("camel-chat: listening on " + from + (quiet() ? "" : " (Ctrl-C stops)"));
        boolean reached = timeout != null ? done.await(timeout, TimeUnit.SECONDS) : awaitForever(done);
        Runtime.getRuntime().removeShutdownHook(hook);
        // Camel's graceful shutdown waits until the consumer answered every event it took (the last printed one too)
        runtime.close();
        if (!reached && count != null) {
            err().println("camel-chat: " + (count - done.getCount()) + " of " + count + " events before the timeout");
            return ExitCodes.TIMEOUT;
        }
        return ExitCodes.OK;
    }

    /** An event after {@code --count}: failed (not acknowledged), with a one-line log at most. */
    static final class PastCount extends RuntimeException {
        PastCount() {
            super("not printed: listen stops after --count events (the platform delivers it again)", null, false,
                    false);
        }
    }

    private static boolean awaitForever(CountDownLatch latch) throws InterruptedException {
        latch.await();
        return true;
    }

    static ObjectNode line(PlatformSpec platform, Exchange e) {
        ObjectNode o = Output.MAPPER.createObjectNode();
        Map<String, Object> h = e.getMessage().getHeaders();
        o.put("platform", platform.name());
        put(o, "eventType", h.get(ChatHeaders.EVENT_TYPE));
        put(o, "messageId", h.get(ChatHeaders.MESSAGE_ID));
        put(o, "conversationId", h.get(ChatHeaders.CONVERSATION_ID));
        put(o, "conversationType", h.get(ChatHeaders.CONVERSATION_TYPE));
        put(o, "senderId", h.get(ChatHeaders.SENDER_ID));
        put(o, "senderName", h.get(ChatHeaders.SENDER_NAME));
        put(o, "timestamp", h.get(ChatHeaders.TIMESTAMP));
        Object body = e.getMessage().getBody();
        ChatMessage m = body instanceof ChatMessage cm ? cm
                : e.getContext().getTypeConverter().tryConvertTo(ChatMessage.class, e, body);
        if (m != null) {
            put(o, "text", m.getText());
            put(o, "markdown", m.getMarkdown());
            if (!m.getAttachments().isEmpty()) {
                ArrayNode atts = o.putArray("attachments");
                for (ChatAttachment a : m.getAttachments()) {
                    ObjectNode an = atts.addObject();
                    put(an, "kind", a.getKind());
                    put(an, "name", a.getName());
                    put(an, "contentType", a.getContentType());
                    if (a.getSize() > 0) {
                        an.put("size", a.getSize());
                    }
                    put(an, "reference", a.getReference());
                    put(an, "url", a.getUrl());
                }
            }
        }
        ObjectNode own = Output.MAPPER.createObjectNode();
        h.forEach((k, v) -> {
            if (k.startsWith("Camel") && !k.startsWith("CamelChat") && simple(v)) {
                own.set(k, Output.toJson(v));
            }
        });
        o.set("headers", own);
        o.set("event", Output.toJson(body));
        return o;
    }

    private static boolean simple(Object v) {
        return v instanceof CharSequence || v instanceof Number || v instanceof Boolean || v instanceof Enum
                || v instanceof Collection;
    }

    private static void put(ObjectNode o, String name, Object value) {
        if (value != null) {
            o.put(name, value.toString());
        }
    }
}
