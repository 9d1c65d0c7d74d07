package io.camelchat.it.reliability;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.sun.management.ThreadMXBean;
import io.camelchat.simulator.common.FrameMutator;

/**
 * Runs one decoder over mutated frames on a worker thread, under a watchdog: each input is decoded by
 * {@link Decoder#decode}; an exception of a type the decoder documents counts as a refusal, anything else (an unchecked
 * exception, an error such as OutOfMemoryError) as a crash, kept with the input in hex. The watchdog checks every
 * 100 ms how long the current input has taken; past {@link #HANG_LIMIT} it is a hang, and the run stops. The bytes the
 * worker allocates for each input (its thread allocation counter) are measured after the first {@link #WARM_UP}
 * inputs (class loading, the JIT's and the parsers' first buffers) and compared with
 * {@code 512 KiB + 512 x input length}. A decode allocates up to a few hundred bytes per input byte (JSON trees, the
 * strings read, PresentationML turned into text, an exception: about 540 KB for the largest 1.3 KB Symphony answer of
 * the short form); an allocation sized by a length field the input declares (the mutations set them up to 2^31 or
 * 2^64) exceeds the bound by orders of magnitude, or fails with an OutOfMemoryError, a crash. An input over
 * the bound is decoded twice more and the least of the three counts: the first decode to take a rare path also loads
 * classes, which is not the input's doing.
 */
final class FuzzHarness {

    /** How long one input may take before the run counts it as a hang: generous, far beyond any decode. */
    static final Duration HANG_LIMIT = Duration.ofSeconds(20);
    /** Inputs decoded before allocations are measured. */
    static final int WARM_UP = 2_000;

    /** One decoder under test. */
    @FunctionalInterface
    interface Decoder {
        /** Decodes the input as the consumer would (any result is fine), or throws. */
        void decode(byte[] input) throws Exception;
    }

    /** How inputs are made from the seeds: the mutator's length encoding and format edit, or a whole other way. */
    interface Inputs {
        byte[] next(Random random, FrameMutator mutator, List<byte[]> seeds);
    }

    /** The outcome of a run. */
    record Result(String name, long inputs, long decoded, long refused, List<String> crashes, List<String> hangs,
            long maxAllocated, int maxAllocatedInputLength, List<String> overAllocation) {

        /** Whether every input decoded or was refused with a documented exception, in time, within the bound. */
        boolean clean() {
            return crashes.isEmpty() && hangs.isEmpty() && overAllocation.isEmpty();
        }
    }

    private FuzzHarness() {
    }

    /** The allocation bound for one input of {@code length} bytes. */
    static long allocationBound(int length) {
        return 512 * 1024 + 512L * length;
    }

    /** Mutations of the seeds: one in 32 inputs random bytes, the rest 1 - 4 edits of a seed. */
    static Inputs mutations(FrameMutator.LengthCodec lengths, FrameMutator.FormatEdit format) {
        return (random, mutator, seeds) -> random.nextInt(32) == 0 ? mutator.randomBytes(512)
                : mutator.mutate(seeds.get(random.nextInt(seeds.size())), lengths, format);
    }

    /**
     * Runs {@code inputs} inputs.
     *
     * @param documented the exception types the decoder documents (and its caller handles)
     */
    static Result run(String name, List<byte[]> seeds, Inputs inputMaker, Decoder decoder, long inputs, long seed,
                      List<Class<? extends Throwable>> documented)
            throws InterruptedException {
        return run(name, seeds, inputMaker, decoder, inputs, seed, documented, 0);
    }

    /**
     * Runs {@code inputs} inputs, allowing each {@code allowance} bytes on top of {@link #allocationBound}: what a
     * decoder may allocate by design whatever the input's length, e.g. inflating a gzip frame up to its frame size
     * limit.
     */
    static Result run(String name, List<byte[]> seeds, Inputs inputMaker, Decoder decoder, long inputs, long seed,
                      List<Class<? extends Throwable>> documented, long allowance)
            throws InterruptedException {
        Random random = new Random(seed);
        FrameMutator mutator = new FrameMutator(random, seeds);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        AtomicLong current = new AtomicLong(-1);
        AtomicLong startedAt = new AtomicLong();
        byte[][] currentInput = new byte[1][];
        List<String> crashes = new ArrayList<>();
        List<String> over = new ArrayList<>();
        long[] counts = new long[4]; // decoded, refused, max allocated, its input length
        Function<Throwable, Boolean> isDocumented = t -> documented.stream().anyMatch(c -> c.isInstance(t));
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + name);
            t.setDaemon(true);
            return t;
        });
        Future<?> run = worker.submit(() -> {
            long tid = Thread.currentThread().getId();
            for (long i = 0; i < inputs && crashes.size() < 10; i++) {
                byte[] input = inputMaker.next(random, mutator, seeds);
                currentInput[0] = input;
                long before = threads.getThreadAllocatedBytes(tid);
                startedAt.set(System.nanoTime());
                current.set(i);
                try {
                    decoder.decode(input);
                    counts[0]++;
                } catch (Throwable t) {
                    if (isDocumented.apply(t)) {
                        counts[1]++;
                    } else {
                        crashes.add("input " + i + " threw " + t + " at " + where(t) + "; "
                                    + HexFormat.of().formatHex(input));
                    }
                }
                current.set(-1);
                long allocated = threads.getThreadAllocatedBytes(tid) - before;
                if (i >= WARM_UP && allocated > allowance + allocationBound(input.length)) {
                    // the first decode to take a rare path loads and initializes classes (an exception type, a
                    // parser branch): decoded twice more, the least allocation is the input's own
                    for (int k = 0; k < 2; k++) {
                        long again = threads.getThreadAllocatedBytes(tid);
                        try {
                            decoder.decode(input);
                        } catch (Throwable ignored) {
                            // counted above
                        }
                        allocated = Math.min(allocated, threads.getThreadAllocatedBytes(tid) - again);
                    }
                }
                if (i >= WARM_UP) {
                    if (allocated > counts[2]) {
                        counts[2] = allocated;
                        counts[3] = input.length;
                    }
                    if (allocated > allowance + allocationBound(input.length) && over.size() < 10) {
                        over.add("input " + i + " of " + input.length + " bytes allocated " + allocated + " bytes; "
                                 + HexFormat.of().formatHex(input));
                    }
                }
            }
        });
        List<String> hangs = new ArrayList<>();
        try {
            while (true) {
                try {
                    run.get(100, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    long i = current.get();
                    if (i >= 0 && System.nanoTime() - startedAt.get() > HANG_LIMIT.toNanos() && current.get() == i) {
                        byte[] in = currentInput[0];
                        hangs.add("input " + i + " takes more than " + HANG_LIMIT.toSeconds() + " s; "
                                  + (in == null ? "" : HexFormat.of().formatHex(in)));
                        run.cancel(true);
                        break;
                    }
                } catch (ExecutionException e) {
                    crashes.add("the run stopped: " + e.getCause());
                    break;
                }
            }
        } finally {
            worker.shutdownNow();
        }
        return new Result(name, inputs, counts[0], counts[1], crashes, hangs, counts[2], (int) counts[3], over);
    }

    private static String where(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        return st.length == 0 ? "?" : st[0].toString();
    }
}
