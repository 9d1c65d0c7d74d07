package io.camelchat.common;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The few threads that asynchronous API calls share, JVM-wide: one timer that holds every wait (retries, rate
 * limits, send spacing) without parking a thread per call, and a small pool that runs what follows an answer (the
 * caller's continuations, the rest of the route after an asynchronous producer), so that neither runs on an HTTP
 * client's I/O thread unless the caller asked for it ({@link #whileCompletingOnIoThread}). Both are daemon threads
 * that end when idle for a minute.
 */
public final class ChatAsync {

    private static final ThreadLocal<Boolean> CALLER_WAITS = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> ON_IO_THREAD = new ThreadLocal<>();
    private static final Executor DIRECT = Runnable::run;
    private static final Executor POOL_EXECUTOR = ChatAsync::execute;
    private static final int POOL_SIZE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private ChatAsync() {
    }

    private static final class Holder {
        static final ScheduledThreadPoolExecutor TIMER = timer();
        static final ThreadPoolExecutor POOL = pool();

        private static ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, factory("camel-chat-timer"));
            t.setRemoveOnCancelPolicy(true);
            t.setKeepAliveTime(1, TimeUnit.MINUTES);
            t.allowCoreThreadTimeOut(true);
            return t;
        }

        private static ThreadPoolExecutor pool() {
            ThreadPoolExecutor p = new ThreadPoolExecutor(POOL_SIZE, POOL_SIZE, 1, TimeUnit.MINUTES,
                    new LinkedBlockingQueue<>(), factory("camel-chat-async"));
            p.allowCoreThreadTimeOut(true);
            return p;
        }
    }

    private static ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A thread of an HTTP client's I/O reactor ({@link #ioThreadFactory}). */
    private static final class IoThread extends Thread {
        IoThread(Runnable task, String name) {
            super(task, name);
            setDaemon(true);
        }
    }

    /**
     * Makes the daemon threads of an HTTP client's I/O reactor, named {@code prefix-N}: threads {@link #onIoThread}
     * recognizes.
     */
    public static ThreadFactory ioThreadFactory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> new IoThread(r, prefix + "-" + n.incrementAndGet());
    }

    /** Whether the calling thread is one of an HTTP client's I/O threads ({@link #ioThreadFactory}). */
    public static boolean onIoThread() {
        return Thread.currentThread() instanceof IoThread;
    }

    /** The number of threads of the shared pool. */
    public static int poolSize() {
        return POOL_SIZE;
    }

    /** The pool that runs continuations of asynchronous calls. */
    public static Executor executor() {
        return POOL_EXECUTOR;
    }

    /** Runs {@code task} on the shared pool (on the calling thread if the pool refuses it). */
    public static void execute(Runnable task) {
        try {
            Holder.POOL.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** Runs {@code task} on the shared pool once {@code delayNanos} have passed (at once when 0 or less). */
    public static void schedule(Runnable task, long delayNanos) {
        if (delayNanos <= 0) {
            execute(task);
            return;
        }
        Holder.TIMER.schedule(() -> execute(task), delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Runs {@code step} for each item, one after the other: each step starts when the previous one completed, and
     * the first failure ends the loop and fails the result.
     */
    public static <T> CompletableFuture<Void> forEach(List<T> items,
                                                      Function<? super T, ? extends CompletionStage<?>> step) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (T item : items) {
            chain = chain.thenCompose(ignored -> step.apply(item).thenApply(done -> (Void) null));
        }
        return chain;
    }

    /** The cause of a {@link CompletionException} or {@link ExecutionException}, else {@code error} itself. */
    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * Runs {@code task} with the calling thread marked as one that waits for what it starts ({@link #callerWaits}):
     * the {@code synchronous} producers. Asynchronous calls made meanwhile may run on it.
     */
    public static <T> T whileCallerWaits(Callable<T> task) throws Exception {
        return marking(CALLER_WAITS, task);
    }

    /**
     * Runs {@code task} with the calling thread marked as one whose asynchronous calls may complete on the I/O thread
     * that received the answer ({@link #completion}): producers with {@code usingExecutorService=false}. Only the calls
     * made while {@code task} runs are concerned; a call that waits for something fetched on the pool first (a new
     * access token), or is made by a step after an answer, completes on the pool.
     */
    public static <T> T whileCompletingOnIoThread(Callable<T> task) throws Exception {
        return marking(ON_IO_THREAD, task);
    }

    /** Runs {@code task} with {@code mark} set on the calling thread (left set when it already was). */
    private static <T> T marking(ThreadLocal<Boolean> mark, Callable<T> task) throws Exception {
        if (mark.get() != null) {
            return task.call();
        }
        mark.set(Boolean.TRUE);
        try {
            return task.call();
        } finally {
            mark.remove();
        }
    }

    /**
     * Where an asynchronous call started on the calling thread completes: on the I/O thread that received the answer
     * when the caller asked for it ({@link #whileCompletingOnIoThread}), else on the shared pool. A step that runs on
     * an I/O thread after an answer is not marked by that: the calls it makes complete on the pool.
     */
    public static Executor completion() {
        return ON_IO_THREAD.get() != null ? DIRECT : POOL_EXECUTOR;
    }

    /**
     * Whether the calling thread waits anyway for the asynchronous call it makes (see {@link #whileCallerWaits}): the
     * call may then run on it, blocking, with no hand-off to the I/O threads and back.
     */
    public static boolean callerWaits() {
        return CALLER_WAITS.get() != null;
    }
}
