package io.camelchat.it.reliability;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import io.camelchat.dingtalk.api.DingTalkEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static io.camelchat.it.reliability.ReliabilitySupport.heapAfterGc;
import static io.camelchat.it.reliability.ReliabilitySupport.mib;
import static io.camelchat.it.reliability.ReliabilitySupport.openSockets;
import static io.camelchat.it.reliability.ReliabilitySupport.threads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Soak of a bridge route, {@code dingtalk:stream} events to {@code lark:message}, against simulators in a JVM of
 * their own ({@link SimulatorProcess}): what is measured here is the client. Heap after GC is sampled after a warm-up,
 * half-way and at the end and must stay flat (end within 32 MiB of the start); once the context is stopped, the live
 * threads and open sockets ({@code /proc/self/fd}) are back to what they were before it started. Short form: 20,000
 * events; reliability profile: 1,000,000.
 */
class StreamSoakTest {

    static final int EVENTS = Reliability.scaled(20_000, 1_000_000);
    static final int WARMUP = Reliability.scaled(2_000, 20_000);
    static final long HEAP_GROWTH_LIMIT = 32L * 1024 * 1024;
    /** Threads a stopped context may leave for a moment (JVM-wide Netty helpers end a second after their last use). */
    static final int THREAD_MARGIN = 2;
    private static final int WINDOW = 500;

    private final AtomicLong routed = new AtomicLong();
    private long pushed;

    @Test
    void dingtalkToLarkBridgeKeepsHeapThreadsAndSocketsFlat() throws Exception {
        try (SimulatorProcess sims = SimulatorProcess.start(Reliability.full() ? 6144 : 768)) {
            // one whole cycle first, so that what lives once per JVM (class data, Netty's and Camel's singletons)
            // exists before the baseline
            try (CamelContext warm = context(sims)) {
                warm.start();
                awaitConnected(sims);
                push(sims, 200);
            }
            int threadsBefore = threads();
            int socketsBefore = openSockets();

            long start;
            int socketsRunning;
            int threadsRunning;
            long middle;
            long end;
            double eventsPerSecond;
            try (CamelContext context = context(sims)) {
                context.start();
                awaitConnected(sims);
                push(sims, WARMUP);
                start = heapAfterGc();
                socketsRunning = openSockets();
                threadsRunning = threads();
                long t0 = System.nanoTime();
                push(sims, (EVENTS - WARMUP) / 2);
                middle = heapAfterGc();
                push(sims, EVENTS - WARMUP - (EVENTS - WARMUP) / 2);
                eventsPerSecond = (EVENTS - WARMUP) / ((System.nanoTime() - t0) / 1e9);
                end = heapAfterGc();
                assertThat(routed.get()).as("events routed").isGreaterThanOrEqualTo(pushed);
            }
            int threadsAfter = ReliabilitySupport.threadsSettledTo(threadsBefore + THREAD_MARGIN,
                    Duration.ofSeconds(20));
            int socketsAfter = ReliabilitySupport.socketsSettledTo(socketsBefore, Duration.ofSeconds(20));

            // the counts see the client: its connections and pools while it runs
            assertThat(socketsRunning).as("open sockets while running").isGreaterThan(socketsBefore);
            assertThat(threadsRunning).as("live threads while running").isGreaterThan(threadsBefore);
            assertThat(end - start).as("heap growth from %s MiB to %s MiB (middle %s MiB)", mib(start), mib(end),
                    mib(middle)).isLessThan(HEAP_GROWTH_LIMIT);
            assertThat(threadsAfter).as("live threads after the context stopped, before: " + threadsBefore)
                    .isLessThanOrEqualTo(threadsBefore + THREAD_MARGIN);
            assertThat(socketsAfter).as("open sockets after the context stopped, before: " + socketsBefore)
                    .isLessThanOrEqualTo(socketsBefore);

            String events = String.format(Locale.ROOT, "%,d", EVENTS);
            String subject = "dingtalk:stream -> lark:message";
            ReliabilityReport.record("soak", "dingtalk+lark", subject,
                    "heap after GC start / middle / end, MiB (" + events + " events)",
                    mib(start) + " / " + mib(middle) + " / " + mib(end), "end < start + 32");
            ReliabilityReport.record("soak", "dingtalk+lark", subject, "live threads before / running / after stop",
                    threadsBefore + " / " + threadsRunning + " / " + threadsAfter,
                    "after <= before + " + THREAD_MARGIN);
            ReliabilityReport.record("soak", "dingtalk+lark", subject, "open sockets before / running / after stop",
                    socketsBefore + " / " + socketsRunning + " / " + socketsAfter, "after <= before");
            ReliabilityReport.record("soak", "dingtalk+lark", subject, "events/s bridged (acknowledged after the send)",
                    String.format(Locale.ROOT, "%,.0f", eventsPerSecond), "measured");
        }
    }

    private CamelContext context(SimulatorProcess sims) throws Exception {
        CamelContext context = sims.newContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("dingtalk:stream?subscriptions=event&concurrentConsumers=4").routeId("soak")
                        .process(e -> {
                            routed.incrementAndGet();
                            DingTalkEvent ev = e.getMessage().getBody(DingTalkEvent.class);
                            e.getMessage().setBody(String.valueOf(ev.data().get("text")));
                        })
                        .to("lark:message?to=chat_id:" + SimulatorProcess.LARK_CHAT);
            }
        });
        return context;
    }

    private static void awaitConnected(SimulatorProcess sims) {
        await().atMost(Duration.ofSeconds(20)).until(() -> sims.command("connections").startsWith("1 "));
    }

    /** Pushes {@code count} more events and waits until each was bridged; checks Lark got every one. */
    private void push(SimulatorProcess sims, int count) throws Exception {
        String[] answer = sims.command("push " + pushed + " " + count + " " + WINDOW).split(" ");
        pushed += count;
        assertThat(Long.parseLong(answer[0])).as("events acknowledged").isEqualTo(count);
        assertThat(Long.parseLong(answer[1])).as("messages Lark received").isGreaterThanOrEqualTo(pushed);
    }
}
