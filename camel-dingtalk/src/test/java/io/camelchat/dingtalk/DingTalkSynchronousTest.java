package io.camelchat.dingtalk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The option {@code synchronous}: a {@code file:} route, whose consumer does not wait for asynchronous exchanges,
 * posts its files in order, and the route goes on from the consumer's thread.
 */
class DingTalkSynchronousTest extends DingTalkTestSupport {

    @TempDir
    Path outbox;

    @Test
    void aFileRouteSendsInOrderOnTheCallingThread() throws Exception {
        List<String> texts = List.of("sync-1", "sync-2", "sync-3", "sync-4", "sync-5");
        for (String text : texts) {
            Files.writeString(outbox.resolve(text + ".txt"), text, StandardCharsets.UTF_8);
        }
        List<String> callers = new CopyOnWriteArrayList<>();
        List<String> completers = new CopyOnWriteArrayList<>();
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("outbox").whenCompleted(texts.size()).create();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("file:" + outbox + "?noop=true&sortBy=file:name").routeId("outbox")
                        .convertBodyTo(String.class)
                        .process(e -> callers.add(Thread.currentThread().getName()))
                        .to("dingtalk:message?to=user:carol&synchronous=true")
                        .process(e -> completers.add(Thread.currentThread().getName()));
            }
        });
        assertThat(done.matches(20, TimeUnit.SECONDS)).as("every file sent").isTrue();

        List<Object> received = sim.sentMessages().stream().filter(m -> m.targets().contains("carol"))
                .map(m -> m.content().get("content")).toList();
        assertThat(received).containsExactlyElementsOf(texts);
        assertThat(completers).hasSize(texts.size()).isEqualTo(callers);
        assertThat(completers).noneMatch(name -> name.startsWith("camel-chat-async"));
    }

    @Test
    void theProducerCompletesTheExchangeOnTheCallingThread() throws Exception {
        AsyncProducer producer = context.getEndpoint("dingtalk:message?to=user:bob&synchronous=true")
                .createAsyncProducer();
        producer.start();
        try {
            Exchange exchange = producer.getEndpoint().createExchange();
            exchange.getMessage().setBody("sync-direct");
            AtomicReference<Boolean> doneSync = new AtomicReference<>();
            AtomicReference<Thread> completer = new AtomicReference<>();
            boolean sync = producer.process(exchange, d -> {
                doneSync.set(d);
                completer.set(Thread.currentThread());
            });
            assertThat(sync).isTrue();
            assertThat(doneSync.get()).isTrue();
            assertThat(completer.get()).isSameAs(Thread.currentThread());
            assertThat(exchange.getException()).isNull();
            assertThat(exchange.getMessage().getHeader("CamelChatMessageId", String.class)).isNotBlank();
            assertThat(sim.sentMessages()).anyMatch(m -> "sync-direct".equals(m.content().get("content")));
        } finally {
            producer.stop();
        }
    }

    @Test
    void withoutTheOptionTheRouteGoesOnFromTheSharedPool() throws Exception {
        AtomicReference<String> completer = new AtomicReference<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:async").to("dingtalk:message?to=user:bob")
                        .process(e -> completer.set(Thread.currentThread().getName()));
            }
        });
        template.sendBody("direct:async", "async-1");
        assertThat(completer.get()).startsWith("camel-chat-async");
    }
}
