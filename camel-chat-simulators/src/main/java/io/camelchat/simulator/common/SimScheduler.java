package io.camelchat.simulator.common;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The timer thread of one simulator (ack deadlines, redeliveries, pings, delayed closes, long-poll timeouts). A task
 * that throws is reported to the error sink instead of being lost; scheduling after {@link #close()} does nothing and
 * returns {@code null}.
 */
public final class SimScheduler implements AutoCloseable {

    private final ScheduledThreadPoolExecutor executor;
    private final Consumer<String> errors;
    private volatile boolean closed;

    /**
     * @param threadName name of the (daemon) timer thread
     * @param errors     where failures of tasks are reported (e.g. a simulator's protocol-error list)
     */
    public SimScheduler(String threadName, Consumer<String> errors) {
        this.errors = errors;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, SimThreads.name(threadName));
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code task} once after {@code delay} (negative: now); {@code null} when closed. */
    public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        if (closed) {
            return null;
        }
        try {
            return executor.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Runs {@code task} every {@code period}, the first time after one period; {@code null} when closed. */
    public ScheduledFuture<?> scheduleAtFixedRate(Duration period, Runnable task) {
        if (closed) {
            return null;
        }
        try {
            long ms = period.toMillis();
            return executor.scheduleAtFixedRate(guarded(task), ms, ms, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Runs {@code task} again and again with {@code delay} between the end of one run and the start of the next. */
    public ScheduledFuture<?> scheduleWithFixedDelay(Duration delay, Runnable task) {
        if (closed) {
            return null;
        }
        try {
            long ms = delay.toMillis();
            return executor.scheduleWithFixedDelay(guarded(task), ms, ms, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Cancels a task (without interrupting it); {@code null} is ignored. */
    public static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Drops every pending task and stops the thread. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                errors.accept("simulator internal error: " + e);
            }
        };
    }
}
