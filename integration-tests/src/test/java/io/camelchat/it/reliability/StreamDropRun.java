package io.camelchat.it.reliability;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One run of the stream-drop test for one consumer: a route that records every exchange (the event's number, its
 * {@code CamelChatMessageId}, its content), then passes Camel's idempotent consumer keyed on
 * {@code CamelChatMessageId} and records again; events pushed with at most {@link #WINDOW} not yet routed while the
 * simulator drops the connection (or loses the feed) every so often. {@link #finish} asserts 0 lost, that every
 * duplicate carried the same id and content, exactly once after the idempotent consumer, and records the figures.
 */
final class StreamDropRun implements AutoCloseable {

    /** At most this many pushed events not yet routed: the simulator's frame-count drops never starve the stream. */
    static final int WINDOW = 200;
    static final String ROUTE = "drops";

    private final String platform;
    private final String subject;
    private final int events;
    private final int dropEvery;
    private final CamelContext context = new DefaultCamelContext();
    private final Function<Exchange, String> content;
    private final Map<Integer, Set<String>> idsByEvent = new ConcurrentHashMap<>();
    private final Map<Integer, Set<String>> contentsByEvent = new ConcurrentHashMap<>();
    private final AtomicIntegerArray routed;
    private final AtomicIntegerArray afterIdempotent;
    private final AtomicInteger distinct = new AtomicInteger();
    private final AtomicInteger other = new AtomicInteger();
    private long startNanos;
    private double eventsPerSecond;

    /**
     * @param platform  the platform, for the report
     * @param subject   the consumer, for the report ({@code stream}, {@code datafeed v1}, ...)
     * @param events    how many events are pushed
     * @param dropEvery how often the simulator drops (for the report and the check that drops happened)
     * @param configure points the context's component at the simulator
     * @param uri       the consumer's endpoint
     * @param content   the content of an exchange: a text holding {@link ReliabilitySupport#eventText}, or
     *                  {@code null} for exchanges that are no test event
     */
    StreamDropRun(String platform, String subject, int events, int dropEvery, Consumer<CamelContext> configure,
                  String uri, Function<Exchange, String> content)
            throws Exception {
        this.platform = platform;
        this.subject = subject;
        this.events = events;
        this.dropEvery = dropEvery;
        this.content = content;
        this.routed = new AtomicIntegerArray(events);
        this.afterIdempotent = new AtomicIntegerArray(events);
        configure.accept(context);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(ROUTE)
                        .process(StreamDropRun.this::recordRouted)
                        .idempotentConsumer(header(ChatHeaders.MESSAGE_ID),
                                MemoryIdempotentRepository.memoryIdempotentRepository(2 * events))
                        .process(StreamDropRun.this::recordAfterIdempotent);
            }
        });
    }

    void start() {
        context.start();
    }

    CamelContext context() {
        return context;
    }

    /** The route's consumer. */
    <T> T consumer(Class<T> type) {
        return type.cast(context.getRoute(ROUTE).getConsumer());
    }

    private void recordRouted(Exchange e) {
        String text = content.apply(e);
        int i = ReliabilitySupport.eventNumber(text);
        if (i < 0 || i >= events) {
            other.incrementAndGet();
            return;
        }
        idsByEvent.computeIfAbsent(i, k -> ConcurrentHashMap.newKeySet())
                .add(String.valueOf(e.getMessage().getHeader(ChatHeaders.MESSAGE_ID)));
        contentsByEvent.computeIfAbsent(i, k -> ConcurrentHashMap.newKeySet()).add(text);
        if (routed.getAndIncrement(i) == 0) {
            distinct.incrementAndGet();
        }
    }

    private void recordAfterIdempotent(Exchange e) {
        int i = ReliabilitySupport.eventNumber(content.apply(e));
        if (i >= 0 && i < events) {
            afterIdempotent.incrementAndGet(i);
        }
    }

    /**
     * Pushes events 0 to {@code events - 1} through {@code push} (answering the simulator's id of the event), keeping
     * at most {@link #WINDOW} of them not yet routed, then waits until every one was routed at least once.
     *
     * @return the simulator's ids of the events, by number
     */
    String[] pushAndAwaitRouted(IntFunction<String> push) {
        String[] ids = new String[events];
        startNanos = System.nanoTime();
        Duration stall = Duration.ofSeconds(60);
        for (int i = 0; i < events; i++) {
            ids[i] = push.apply(i);
            int pushed = i + 1;
            if (pushed - distinct.get() > WINDOW) {
                await().atMost(stall).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                        .until(() -> pushed - distinct.get() <= WINDOW / 2);
            }
        }
        await().atMost(stall).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(() -> distinct.get() == events);
        eventsPerSecond = events / ((System.nanoTime() - startNanos) / 1e9);
        return ids;
    }

    /** Waits until the simulator holds every event as acknowledged, so that no redelivery is still to come. */
    void awaitAcknowledged(String[] ids, Predicate<String> acknowledged) {
        int[] cursor = { 0 };
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    while (cursor[0] < ids.length && acknowledged.test(ids[cursor[0]])) {
                        cursor[0]++;
                    }
                    return cursor[0] == ids.length;
                });
    }

    /**
     * Stops the route, asserts and records the figures.
     *
     * @param reconnects how many times the consumer connected again (or made a new feed), to show the faults happened
     */
    void finish(IntSupplier reconnects) {
        int reconnected = reconnects.getAsInt();
        context.stop();
        int lost = events - distinct.get();
        long total = 0;
        long afterTotal = 0;
        int notOnce = 0;
        for (int i = 0; i < events; i++) {
            total += routed.get(i);
            afterTotal += afterIdempotent.get(i);
            if (afterIdempotent.get(i) != 1) {
                notOnce++;
            }
        }
        long duplicates = total - distinct.get();
        long duplicatesAfter = afterTotal - (events - lost);
        String of = " of " + String.format(Locale.ROOT, "%,d", events);

        assertThat(lost).as(platform + " " + subject + ": events never routed").isZero();
        for (int i = 0; i < events; i++) {
            assertThat(idsByEvent.get(i)).as("CamelChatMessageId of every delivery of event " + i).hasSize(1);
            assertThat(contentsByEvent.get(i)).as("content of every delivery of event " + i).hasSize(1);
        }
        assertThat(notOnce).as("events not routed exactly once after the idempotent consumer").isZero();
        assertThat(reconnected).as("connections made again (or feeds created again): the faults happened")
                .isGreaterThanOrEqualTo(Math.max(1, events / dropEvery - 1));

        String area = "stream drops";
        String drops = " (drop every " + dropEvery + ")";
        ReliabilityReport.record(area, platform, subject, "events lost" + of + drops, lost, "0");
        ReliabilityReport.record(area, platform, subject, "duplicates routed, same id and content" + of + drops,
                duplicates, "any, same id");
        ReliabilityReport.record(area, platform, subject, "duplicates after idempotentConsumer" + of, duplicatesAfter,
                "0");
        ReliabilityReport.record(area, platform, subject, "reconnects (or new feeds)", reconnected,
                ">= " + Math.max(1, events / dropEvery - 1));
        ReliabilityReport.record(area, platform, subject, "events/s routed under drops",
                String.format(Locale.ROOT, "%,.0f", eventsPerSecond), "measured");
    }

    /** Exchanges that carried no test event (e.g. Symphony's room events). */
    int others() {
        return other.get();
    }

    @Override
    public void close() throws Exception {
        context.close();
    }
}
