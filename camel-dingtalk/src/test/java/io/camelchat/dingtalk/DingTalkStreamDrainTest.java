package io.camelchat.dingtalk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.consumer.ChatStreamConsumer;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.FrameAck;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping or suspending a route whose stream consumer has events in flight: the consumer takes no further frames, the
 * connection stays open until the events in flight were answered, and only then closes. Every event routed is
 * acknowledged once and never delivered again; an event pushed while the route stops is not routed then, and the
 * simulator delivers it again once the route runs again. The route holds the events on a latch that the test releases
 * while the route is stopping.
 */
class DingTalkStreamDrainTest extends CamelTestSupport {

    private static final int IN_FLIGHT = 3;

    static DingTalkSimulator sim;

    private final CountDownLatch holding = new CountDownLatch(IN_FLIGHT);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> routed = Collections.synchronizedList(new ArrayList<>());
    private final List<String> frames = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startSimulator() {
        // unacknowledged events come again 5 s after their delivery: longer than the test holds them
        sim = DingTalkSimulator.builder().clientId(DingTalkTestSupport.CLIENT_ID)
                .clientSecret(DingTalkTestSupport.CLIENT_SECRET)
                .eventRedeliveryDelays(Collections.nCopies(20, Duration.ofMillis(200)))
                .ackTimeout(Duration.ofSeconds(5))
                .start();
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        DingTalkConfiguration c = context.getComponent("dingtalk", DingTalkComponent.class).getConfiguration();
        c.setClientId(DingTalkTestSupport.CLIENT_ID);
        c.setClientSecret(DingTalkTestSupport.CLIENT_SECRET);
        c.setApiUrl(sim.apiUrl());
        c.setOapiUrl(sim.oapiUrl());
        c.setReconnectDelay(100);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("dingtalk:stream?subscriptions=event&concurrentConsumers=" + IN_FLIGHT).routeId("drain")
                        .process(e -> {
                            routed.add(e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class));
                            frames.add(e.getMessage().getHeader(DingTalkConstants.STREAM_MESSAGE_ID, String.class));
                            if ("held".equals(e.getMessage().getHeader(ChatHeaders.EVENT_TYPE))) {
                                holding.countDown();
                                if (!release.await(30, TimeUnit.SECONDS)) {
                                    throw new IllegalStateException("the test never released the events");
                                }
                            }
                        });
            }
        };
    }

    @Test
    void stoppingTheRouteAnswersTheEventsInFlightBeforeItCloses() throws Exception {
        List<String> held = pushHeld();
        ChatStreamConsumer<?> consumer = streamConsumer();
        CompletableFuture<Void> stop = CompletableFuture
                .runAsync(() -> call(() -> context.getRouteController().stopRoute("drain")));
        // graceful shutdown suspends the consumer first: it takes no further frames but keeps the connection
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.isSuspending() || consumer.isSuspended());
        assertThat(consumer.getPendingExchangesSize()).isEqualTo(IN_FLIGHT);
        assertThat(sim.openConnections()).isEqualTo(1);
        String late = sim.pushEvent("late", Map.of());
        release.countDown();
        stop.get(30, TimeUnit.SECONDS);

        assertThat(context.getRouteController().getRouteStatus("drain")).isEqualTo(ServiceStatus.Stopped);
        assertAnsweredOnce(held);
        assertThat(routed).doesNotContain(late);
        assertThat(sim.isAcknowledged(late)).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.openConnections() == 0);

        // running again: the event left unanswered comes again and is routed once; the others never come again
        context.getRouteController().startRoute("drain");
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.isAcknowledged(late));
        assertThat(routed).containsOnlyOnce(late);
        assertAnsweredOnce(held);
    }

    @Test
    void suspendingTheRouteAnswersTheEventsInFlightAndResumingTakesFramesAgain() throws Exception {
        List<String> held = pushHeld();
        ChatStreamConsumer<?> consumer = streamConsumer();
        CompletableFuture<Void> suspend = CompletableFuture
                .runAsync(() -> call(() -> context.getRouteController().suspendRoute("drain")));
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.isSuspending() || consumer.isSuspended());
        String late = sim.pushEvent("late", Map.of());
        release.countDown();
        suspend.get(30, TimeUnit.SECONDS);

        assertThat(context.getRouteController().getRouteStatus("drain")).isEqualTo(ServiceStatus.Suspended);
        assertAnsweredOnce(held);
        // drained: the connection of the suspended consumer closed
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.openConnections() == 0);
        assertThat(routed).doesNotContain(late);

        context.getRouteController().resumeRoute("drain");
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.isAcknowledged(late));
        assertThat(routed).containsOnlyOnce(late);
        assertThat(consumer.getPendingExchangesSize()).isZero();
        assertAnsweredOnce(held);
    }

    /** Pushes the events the route holds and waits until every one is held. */
    private List<String> pushHeld() throws InterruptedException {
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.openConnections() == 1);
        List<String> held = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            held.add(sim.pushEvent("held", Map.of("n", i)));
        }
        assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();
        return held;
    }

    private ChatStreamConsumer<?> streamConsumer() {
        return (ChatStreamConsumer<?>) context.getRoute("drain").getConsumer();
    }

    /** Each event routed once, delivered once, acknowledged with one SUCCESS frame. */
    private void assertAnsweredOnce(List<String> events) {
        for (String id : events) {
            assertThat(sim.isAcknowledged(id)).as("acknowledged %s", id).isTrue();
            assertThat(sim.deliveries(id)).as("deliveries of %s", id).isEqualTo(1);
            assertThat(routed).containsOnlyOnce(id);
        }
        List<String> ids;
        synchronized (frames) {
            ids = new ArrayList<>(frames);
        }
        List<FrameAck> acks = sim.acks();
        for (String frame : ids.subList(0, events.size())) {
            assertThat(acks.stream().filter(a -> frame.equals(a.messageId()))).as("answers to frame %s", frame)
                    .singleElement()
                    .satisfies(a -> assertThat(a.data()).containsEntry("status", "SUCCESS"));
        }
    }

    private static void call(ThrowingRunnable r) {
        try {
            r.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
