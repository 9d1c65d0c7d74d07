package io.camelchat.openim;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.camelchat.simulator.openim.OpenImSimulator;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * openim:stream starts its {@code offsetRepository} with the consumer (so that a JDBC repository creates its table
 * before the first read) and stops it with the consumer; a repository started by someone else is left running.
 */
class OpenImStreamOffsetRepositoryTest extends OpenImTestSupport {

    /** A state repository that notes its life cycle and every read or write, in order. */
    static final class RecordingRepository extends ServiceSupport implements StateRepository<String, String> {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Map<String, String> states = new ConcurrentHashMap<>();

        @Override
        protected void doStart() {
            calls.add("start");
        }

        @Override
        protected void doStop() {
            calls.add("stop");
        }

        @Override
        public void setState(String key, String value) {
            calls.add(isStarted() ? "set" : "set before start");
            states.put(key, value);
        }

        @Override
        public String getState(String key) {
            calls.add(isStarted() ? "get" : "get before start");
            return states.get(key);
        }
    }

    private final RecordingRepository owned = new RecordingRepository();
    private final RecordingRepository shared = new RecordingRepository();
    private final List<String> texts = new CopyOnWriteArrayList<>();

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        registry.bind("owned", owned);
        registry.bind("shared", shared);
    }

    private void route(String repository) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("openim:stream?offsetRepository=#" + repository).routeId("s")
                        .process(e -> texts.add(e.getMessage().getBody(String.class)));
            }
        });
    }

    private OpenImStreamConsumer stream() {
        return (OpenImStreamConsumer) context.getRoute("s").getConsumer();
    }

    @Test
    void theRepositoryIsStartedBeforeItsFirstUseAndStoppedWithTheRoute() throws Exception {
        route("owned");
        assertThat(owned.isStarted()).as("started with the consumer").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> stream().getSyncCount() >= 1);
        var hello = sim.sendText(ANN, BOT, "hello");
        String key = "openim." + BOT + "." + OpenImSimulator.singleConversationId(ANN, BOT);
        await().atMost(Duration.ofSeconds(10)).until(() -> Long.toString(hello.seq()).equals(owned.states.get(key)));
        assertThat(texts).containsExactly("hello");

        context.getRouteController().stopRoute("s");
        assertThat(owned.isStopped()).as("stopped with the consumer").isTrue();
        assertThat(owned.calls).first().isEqualTo("start");
        assertThat(owned.calls).last().isEqualTo("stop");
        assertThat(owned.calls).contains("get", "set").doesNotContain("get before start", "set before start");

        // a restart starts it again and resumes after the stored seq
        sim.sendText(ANN, BOT, "while stopped");
        context.getRouteController().startRoute("s");
        assertThat(owned.isStarted()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> texts.size() == 2);
        assertThat(texts).containsExactly("hello", "while stopped");
        assertThat(owned.calls.stream().filter("start"::equals).count()).isEqualTo(2);
    }

    @Test
    void aRepositoryStartedElsewhereIsLeftRunningWhenTheRouteStops() throws Exception {
        ServiceHelper.startService(shared);
        route("shared");
        await().atMost(Duration.ofSeconds(10)).until(() -> stream().getSyncCount() >= 1);
        sim.sendText(ANN, BOT, "kept");
        await().atMost(Duration.ofSeconds(10)).until(() -> texts.size() == 1);
        context.getRouteController().stopRoute("s");
        assertThat(shared.isStarted()).isTrue();
        assertThat(shared.calls).containsOnlyOnce("start").doesNotContain("stop");
        ServiceHelper.stopService(shared);
    }
}
