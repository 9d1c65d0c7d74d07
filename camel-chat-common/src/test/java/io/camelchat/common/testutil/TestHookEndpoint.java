package io.camelchat.common.testutil;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.camelchat.common.ChatTarget;
import io.camelchat.common.health.ChatConsumerHealthCheck;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

public class TestHookEndpoint extends DefaultEndpoint {

    /** What {@code testhook:status} consumers report; tests set it. */
    public static final AtomicReference<ChatConsumerHealthCheck.Status> STATUS = new AtomicReference<>(
            ChatConsumerHealthCheck.Status.down("CONNECTING", null, Map.of()));

    private final String kind;
    private String to;
    private String path;
    private int maxBodySize = 1024 * 1024;

    public TestHookEndpoint(String uri, TestHookComponent component, String kind) {
        super(uri, component);
        this.kind = kind;
    }

    public String getKind() {
        return kind;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public int getMaxBodySize() {
        return maxBodySize;
    }

    public void setMaxBodySize(int maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) {
                exchange.getMessage().setHeader("rawTo", to);
                exchange.getMessage().setBody(ChatTarget.parse(to).toString());
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer consumer = switch (kind) {
            case "webhook" -> new TestWebhookConsumer(this, processor, path, maxBodySize);
            case "status" -> new DefaultConsumer(this, processor) {
                @Override
                protected void doStart() throws Exception {
                    super.doStart();
                    ChatConsumerHealthCheck.install(this, "testhook", true, STATUS::get);
                }
            };
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
        configureConsumer(consumer);
        return consumer;
    }
}
