package io.camelchat.lark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.camelchat.simulator.lark.SentMessage;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The option {@code synchronous}: a {@code file:} route posts its files in order, on the consumer's thread. */
class LarkSynchronousTest extends LarkTestSupport {

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
                        .to("lark:message?synchronous=true&to=chat_id:" + CHAT)
                        .process(e -> completers.add(Thread.currentThread().getName()));
            }
        });
        assertThat(done.matches(20, TimeUnit.SECONDS)).as("every file sent").isTrue();

        List<String> received = sim.sentMessages().stream().filter(m -> "text".equals(m.msgType()))
                .map(SentMessage::text).filter(t -> t != null && t.startsWith("sync-")).toList();
        assertThat(received).containsExactlyElementsOf(texts);
        assertThat(completers).hasSize(texts.size()).isEqualTo(callers);
        assertThat(completers).noneMatch(name -> name.startsWith("camel-chat-async"));
    }
}
