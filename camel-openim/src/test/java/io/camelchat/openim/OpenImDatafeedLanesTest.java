package io.camelchat.openim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * startFromBeginning routes the history, in pages of pullBatchSize; concurrentConsumers routes conversations on
 * several threads, each conversation in seq order.
 */
class OpenImDatafeedLanesTest extends OpenImTestSupport {

    private final Map<String, List<Long>> seqs = new ConcurrentHashMap<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("openim:datafeed?startFromBeginning=true&concurrentConsumers=3&pullBatchSize=4").routeId("lanes")
                        .autoStartup(false)
                        .process(e -> {
                            threads.add(Thread.currentThread().getName());
                            seqs.computeIfAbsent(e.getMessage().getHeader(ChatHeaders.CONVERSATION_ID, String.class),
                                    k -> new CopyOnWriteArrayList<>())
                                    .add(e.getMessage().getHeader(OpenImConstants.SEQ, Long.class));
                            Thread.sleep(5);
                        });
            }
        };
    }

    @Test
    void historyIsRoutedInOrderPerConversation() throws Exception {
        for (int i = 0; i < 10; i++) {
            sim.sendText(ANN, BOT, "ann " + i);
            sim.sendText(BOB, BOT, "bob " + i);
            sim.sendGroupText(ANN, GROUP, "group " + i);
        }
        context.getRouteController().startRoute("lanes");
        await().atMost(Duration.ofSeconds(20)).until(() -> seqs.values().stream().mapToInt(List::size).sum() == 30);
        assertThat(seqs).hasSize(3);
        for (List<Long> list : seqs.values()) {
            List<Long> sorted = new ArrayList<>(list);
            sorted.sort(Long::compare);
            assertThat(list).isEqualTo(sorted).hasSize(10).doesNotHaveDuplicates();
        }
        assertThat(threads.stream().distinct().count()).isGreaterThan(1);
    }
}
