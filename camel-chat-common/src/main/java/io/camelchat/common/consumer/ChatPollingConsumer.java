package io.camelchat.common.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.camelchat.common.Backoff;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.health.ChatConsumerHealthCheck;
import io.camelchat.common.metrics.ChatMetrics;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Suspendable;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the consumers that poll the platform ({@code <platform>:datafeed}): one thread of their own (never one of
 * Camel's) calls {@link #poll} in a loop, backs off with jitter after failures ({@code reconnectDelay} doubling up to
 * {@code maxReconnectDelay}), keeps positions in the {@code offsetRepository}, and reports its state to a health
 * check.
 * <p>
 * A poll hands its batch to {@link #route}, which routes every event (in lanes by conversation with
 * {@code concurrentConsumers} above 1, each lane in order) and waits until the <b>unit of work</b> of every exchange
 * is done — also when the route handed the exchange on to {@code seda:} or {@code threads} — so that the subclass
 * acknowledges the batch only when all of it completed.
 */
public abstract class ChatPollingConsumer extends DefaultConsumer implements Suspendable, ChatConsumerState {

    private static final Logger LOG = LoggerFactory.getLogger(ChatPollingConsumer.class);

    /**
     * The loop's settings: the first wait after a failed poll ({@code reconnectDelay}, doubling with jitter up to
     * {@code maxReconnectDelay}) and the workers that route a batch ({@code concurrentConsumers}).
     */
    public record Settings(long reconnectDelay, long maxReconnectDelay, int concurrentConsumers) {
    }

    /** How the loop goes on after a failed poll: the state the health check reports, and whether to wait first. */
    public record Recovery(String state, boolean backOff) {
    }

    private final String platform;
    private final String label;
    private final Settings settings;
    private final StateRepository<String, String> configuredOffsets;
    private final AtomicLong routed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final Arrivals arrivals = new Arrivals();
    private ChatMetrics metrics = ChatMetrics.NONE;
    private StateRepository<String, String> offsets;
    private boolean startedOffsets;
    private ExecutorService thread;
    private ExecutorService workers;
    private volatile boolean running;
    private volatile String state = "starting";
    private volatile String lastError;

    /**
     * @param platform the scheme, e.g. {@code symphony}
     * @param label    how threads and log lines name the consumer, e.g. {@code Symphony datafeed}
     * @param offsets  the {@code offsetRepository} option (null: in memory)
     */
    protected ChatPollingConsumer(Endpoint endpoint, Processor processor, String platform, String label,
                                  Settings settings, StateRepository<String, String> offsets) {
        super(endpoint, processor);
        this.platform = platform;
        this.label = label;
        this.settings = settings;
        this.configuredOffsets = offsets;
    }

    // ------------------------------------------------------------------ what a platform provides

    /** One read of the platform (a long poll, typically), its batch routed with {@link #route}. */
    protected abstract void poll() throws Exception;

    /**
     * What to do after {@link #poll} failed with {@code e}. The default: wait and try again, reporting
     * {@code reauthenticating} for authentication failures and {@code retrying} for the rest.
     */
    protected Recovery recover(Exception e) {
        return new Recovery(e instanceof ChatAuthException ? "reauthenticating" : "retrying", true);
    }

    /** Adds the platform's details to the health check. */
    protected void healthDetails(Map<String, Object> details) {
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        offsets = configuredOffsets != null ? configuredOffsets : new MemoryStateRepository();
        if (!ServiceHelper.isStarted(offsets)) {
            ServiceHelper.startService(offsets);
            startedOffsets = true;
        }
        boolean healthEnabled = !(getEndpoint().getComponent() instanceof HealthCheckComponent hc)
                || hc.isHealthCheckConsumerEnabled();
        ChatConsumerHealthCheck.install(this, platform, healthEnabled, this::healthStatus);
        metrics = ChatMetrics.of(getEndpoint().getCamelContext(), platform, "routeId",
                getRouteId() == null ? "" : getRouteId());
        startLoop();
    }

    private void startLoop() {
        running = true;
        String name = ChatStreamConsumer.threadName(label);
        if (settings.concurrentConsumers() > 1) {
            workers = getEndpoint().getCamelContext().getExecutorServiceManager().newFixedThreadPool(this,
                    name + "Worker",
                    settings.concurrentConsumers());
        }
        thread = getEndpoint().getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this, name);
        thread.execute(this::loop);
    }

    private void stopLoop() {
        running = false;
        if (thread != null) {
            // a read in progress ends when the platform answers (at most its long-poll hold) or the client closes
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(thread);
            thread = null;
        }
        if (workers != null) {
            // exchanges in flight finish (Camel's shutdown waits for them); their batch is not acknowledged
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(workers);
            workers = null;
        }
    }

    @Override
    protected void doStop() throws Exception {
        stopLoop();
        if (startedOffsets) {
            ServiceHelper.stopService(offsets);
            startedOffsets = false;
        }
        super.doStop();
    }

    @Override
    protected void doSuspend() throws Exception {
        stopLoop();
    }

    @Override
    protected void doResume() throws Exception {
        startLoop();
    }

    private void loop() {
        int failures = 0;
        while (mayRead()) {
            try {
                poll();
                failures = 0;
                state = "polling";
                lastError = null;
            } catch (Exception e) {
                if (!running) {
                    return; // stopping closed the read under us
                }
                failures++;
                lastError = e instanceof RuntimeException && !(e instanceof ChatApiException)
                        ? e.getClass().getSimpleName() + ": " + e.getMessage() : e.getMessage();
                Recovery recovery;
                try {
                    recovery = recover(e);
                } catch (RuntimeException r) {
                    recovery = new Recovery("retrying", true);
                }
                state = recovery.state();
                LOG.warn("{}: {} ({}){}", label, lastError, recovery.state(),
                        recovery.backOff() ? "; trying again" : "");
                if (recovery.backOff()) {
                    pause(failures);
                }
            }
        }
    }

    private void pause(int failures) {
        long delay = Backoff.delay(Duration.ofMillis(settings.reconnectDelay()),
                Duration.ofMillis(settings.maxReconnectDelay()), failures).toMillis();
        try {
            TimeUnit.MILLISECONDS.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ routing a batch

    /**
     * Routes a batch and waits until the unit of work of each of its exchanges is done; true when all completed and
     * the consumer still runs (then the subclass acknowledges the batch). Each entry of {@code items} is released
     * (set to null) once routed.
     *
     * @param reader  the event of an item, or null to skip it (filtered, the bot's own)
     * @param laneKey the conversation of an item (items of one conversation keep their order), or null
     */
    protected <E> boolean route(List<E> items, Function<E, ChatEvent> reader, Function<E, String> laneKey) {
        Batch batch = new Batch();
        ExecutorService pool = workers;
        int lanes = pool == null ? 1 : Math.min(settings.concurrentConsumers(), items.size());
        if (lanes <= 1) {
            routeInOrder(items, reader, batch);
        } else {
            List<List<E>> byLane = new ArrayList<>();
            for (int i = 0; i < lanes; i++) {
                byLane.add(new ArrayList<>());
            }
            for (E item : items) {
                String key = laneKey.apply(item);
                byLane.get(key == null ? 0 : Math.floorMod(key.hashCode(), lanes)).add(item);
            }
            items.clear();
            List<Future<?>> results = new ArrayList<>();
            for (List<E> lane : byLane) {
                if (!lane.isEmpty()) {
                    results.add(pool.submit(() -> routeInOrder(lane, reader, batch)));
                }
            }
            for (Future<?> result : results) {
                try {
                    result.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    batch.fail();
                } catch (ExecutionException e) {
                    batch.fail();
                }
            }
        }
        boolean acknowledge = batch.await() && mayRead();
        if (acknowledge) {
            metrics.acknowledged(batch.completed());
        }
        return acknowledge;
    }

    /**
     * Whether the loop may read again: not once stopping or suspended, nor while the application is going down (an
     * acknowledgement that travels with the next read must not leave then, the batch is delivered again).
     */
    private boolean mayRead() {
        return running && !Thread.currentThread().isInterrupted()
                && !getEndpoint().getCamelContext().getStatus().isStopping();
    }

    private <E> void routeInOrder(List<E> items, Function<E, ChatEvent> reader, Batch batch) {
        for (int i = 0; i < items.size(); i++) {
            E item = items.set(i, null);
            ChatEvent event;
            Exchange exchange;
            try {
                event = reader.apply(item);
                if (event == null) {
                    continue;
                }
                exchange = ChatExchanges.create(this, event);
                received(event);
            } catch (RuntimeException e) {
                // an event that cannot be read fails its batch, not the loop: it is delivered again
                failed.incrementAndGet();
                batch.fail();
                LOG.warn("{}: an event could not be read ({}); its batch is not acknowledged", label, e.getMessage());
                continue;
            }
            ChatExchanges.Done done = batch.add();
            ChatExchanges.onUnitOfWorkDone(exchange, done);
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
                done.done(exchange, false);
            }
            if (exchange.getException() != null) {
                getExceptionHandler().handleException(label + ": error processing an event", exchange,
                        exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }

    private void received(ChatEvent event) {
        arrivals.received(event, metrics);
    }

    /** The exchanges of one batch whose unit of work is not done yet. */
    private final class Batch {
        private int pending;
        private int completed;
        private boolean allCompleted = true;

        synchronized int completed() {
            return completed;
        }

        synchronized void fail() {
            allCompleted = false;
        }

        synchronized ChatExchanges.Done add() {
            pending++;
            AtomicBoolean once = new AtomicBoolean();
            return (exchange, completed) -> {
                if (once.compareAndSet(false, true)) {
                    finish(completed);
                }
            };
        }

        private synchronized void finish(boolean completed) {
            if (completed) {
                routed.incrementAndGet();
                this.completed++;
            } else {
                failed.incrementAndGet();
                metrics.failed();
                allCompleted = false;
            }
            pending--;
            notifyAll();
        }

        /** Waits while exchanges are pending and the consumer runs; true when all completed. */
        synchronized boolean await() {
            while (pending > 0 && running) {
                try {
                    wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return pending == 0 && allCompleted;
        }
    }

    // ------------------------------------------------------------------ state

    /** Counts a read of the platform (for the health check). */
    protected void countRead() {
        reads.incrementAndGet();
    }

    /** The position store (the {@code offsetRepository} option, or one in memory). */
    protected StateRepository<String, String> offsets() {
        return offsets;
    }

    /** True while the loop runs (false once stopping or suspended). */
    protected boolean isPolling() {
        return running;
    }

    /** UP while polls succeed, DOWN with the state and last error otherwise. */
    protected ChatConsumerHealthCheck.Status healthStatus() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("routed", routed.get());
        details.put("failed", failed.get());
        details.put("reads", reads.get());
        healthDetails(details);
        return "polling".equals(state) ? ChatConsumerHealthCheck.Status.up(state, details)
                : ChatConsumerHealthCheck.Status.down(state, lastError, details);
    }

    public String getState() {
        return state;
    }

    public long getRoutedCount() {
        return routed.get();
    }

    public long getFailedCount() {
        return failed.get();
    }

    @Override
    public ChatConsumerHealthCheck.Status currentStatus() {
        return healthStatus();
    }

    @Override
    public long getLastEventAt() {
        return arrivals.lastAt();
    }
}
