package io.camelchat.common.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.CamelContext;

/** {@link ChatMetrics} on a Micrometer {@link MeterRegistry}; loaded only when Micrometer is on the class path. */
final class MicrometerChatMetrics implements ChatMetrics {

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter received;
    private final Counter acknowledged;
    private final Counter failed;
    private final Counter redelivered;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    private MicrometerChatMetrics(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
        this.received = counter("camelchat.consumer.events.received", "Events read from the platform and routed");
        this.acknowledged = counter("camelchat.consumer.events.acknowledged", "Events acknowledged as processed");
        this.failed = counter("camelchat.consumer.events.failed",
                "Events whose exchange failed, left for the platform to deliver again");
        this.redelivered = counter("camelchat.consumer.events.redelivered", "Events that arrived again");
    }

    static ChatMetrics create(CamelContext context, String platform, String scope, String scopeValue) {
        MeterRegistry registry = find(context);
        if (registry == null) {
            return NONE;
        }
        return new MicrometerChatMetrics(registry,
                Tags.of("platform", platform, scope, scopeValue == null ? "" : scopeValue));
    }

    /** The application's registry: the only one, else a composite among several. */
    private static MeterRegistry find(CamelContext context) {
        MeterRegistry single = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (single != null) {
            return single;
        }
        Set<MeterRegistry> all = context.getRegistry().findByType(MeterRegistry.class);
        return all.stream().filter(r -> r instanceof CompositeMeterRegistry).findFirst()
                .orElse(all.stream().findFirst().orElse(null));
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    @Override
    public void received() {
        received.increment();
    }

    @Override
    public void acknowledged(long count) {
        acknowledged.increment(count);
    }

    @Override
    public void failed() {
        failed.increment();
    }

    @Override
    public void redelivered() {
        redelivered.increment();
    }

    @Override
    public <T> void countFunction(String name, String description, T source, ToDoubleFunction<T> count) {
        FunctionCounter.builder(name, source, count).description(description).tags(tags).register(registry);
    }

    @Override
    public void call(String operation, long nanos, Throwable error) {
        Timer.builder("camelchat.producer.calls").description("Producer operations: latency and outcome").tags(tags)
                .tag("operation", operation)
                .tag("outcome", error == null ? "success" : error.getClass().getSimpleName())
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }
}
