package io.camelchat.lark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sends are asynchronous: a thousand sends wait for Lark's (delayed) answers at once without a thread each, and all
 * complete.
 */
class LarkAsyncSendTest extends LarkTestSupport {

    private static final int SENDS = 1000;

    @Test
    void aThousandSendsInFlightHoldNoThreadEach() throws Exception {
        // one connection per send in flight (the default pool of 20 would queue them, still without threads)
        String uri = "lark:message?to=chat_id:" + CHAT + "&maxConnections=" + SENDS;
        ExecutorService submitter = Executors.newFixedThreadPool(2);
        ((ThreadPoolExecutor) submitter).prestartAllCoreThreads();
        ProducerTemplate template = context.createProducerTemplate();
        template.setExecutorService(submitter);
        try {
            // the token, the asynchronous client and its I/O threads come with the first send
            Exchange first = template.asyncSend(uri, e -> e.getMessage().setBody("warm-up")).get(30, TimeUnit.SECONDS);
            assertThat(first.getException()).isNull();
            int sentBefore = sim.sentMessages().size();
            sim.faults().delayResponses(Duration.ofSeconds(5));

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            int baseline = threads.getThreadCount();
            threads.resetPeakThreadCount();
            List<CompletableFuture<Exchange>> sends = new ArrayList<>();
            for (int i = 0; i < SENDS; i++) {
                String text = "async " + i;
                sends.add(template.asyncSend(uri, e -> e.getMessage().setBody(text)));
            }
            // the simulator holds every send's answer back: all of them are in flight at once
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> sim.sentMessages().size() - sentBefore >= SENDS);
            long inFlight = sends.stream().filter(f -> !f.isDone()).count();
            int grown = threads.getPeakThreadCount() - baseline;
            sim.faults().delayResponses(Duration.ZERO);

            assertThat(inFlight).as("sends waiting for their answer together").isGreaterThanOrEqualTo(SENDS * 9 / 10);
            assertThat(grown).as("threads started while %d sends were in flight", inFlight).isLessThanOrEqualTo(20);

            Set<String> ids = new HashSet<>();
            for (CompletableFuture<Exchange> f : sends) {
                Exchange done = f.get(60, TimeUnit.SECONDS);
                assertThat(done.getException()).isNull();
                ids.add(done.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class));
            }
            assertThat(ids).hasSize(SENDS).allMatch(id -> id.startsWith("om_"));
            assertThat(sim.sentMessages()).hasSize(sentBefore + SENDS);
        } finally {
            template.stop();
            submitter.shutdownNow();
        }
    }
}
