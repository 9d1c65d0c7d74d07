package io.camelchat.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import com.sun.management.ThreadMXBean;
import io.camelchat.openim.gob.GobEncoder;
import io.camelchat.openim.gob.GobSchema;
import io.camelchat.openim.gob.GobSchema.Field;
import io.camelchat.openim.gob.GobSchema.Kind;
import io.camelchat.openim.gob.OpenImCodecException;
import io.camelchat.openim.gob.OpenImFrames;
import io.camelchat.openim.gob.OpenImFrames.Encoding;
import io.camelchat.openim.gob.WsRequest;
import io.camelchat.openim.gob.WsResponse;
import io.camelchat.openim.proto.Sdkws.MsgData;
import io.camelchat.simulator.common.FrameMutator;

/**
 * A seeded mutation fuzz of camel-openim's frame decoder ({@link OpenImFrames#decodeResponse} and
 * {@link OpenImFrames#decodeRequest}). Seeds are frames written by the component's own encoder: pushes, replies with
 * errors, a kick, send requests, each as gob, gob + gzip, JSON and JSON + gzip, and gob frames whose struct has fields
 * unknown to the decoder (skipped by wire type). Each input is a seed with 1 - 4 mutations: bit flips, byte sets
 * (boundary values), byte inserts and deletes, block duplication, truncation, splicing with another seed, gob length
 * edits (a message length or a string/bytes length rewritten to a boundary, to the bytes remaining plus or minus
 * one, or to a multi-byte huge value) and gzip header/trailer edits; a quarter of the gzip inputs are mutated before
 * compression (a valid gzip of a broken frame). One input in 16 is decoded in another mode than its seed's.
 * <p>
 * Checked: every input decodes or throws {@link OpenImCodecException}, nothing else (an unchecked exception or an
 * error, such as an OutOfMemoryError under a small heap, stops the run with the input in hex); a watchdog stops the
 * run when one input takes longer than {@code fuzz.maxMillis} (2000 ms); the bytes allocated by each decode (per-thread
 * allocation counter) are tracked, and the largest in relation to the input's size is reported. Run it with a small
 * heap ({@code -Xmx64m}) so that an allocation sized by a length field in the input fails. Then crafted inputs
 * ({@link #crafted}): wide gob struct definitions and gzip bombs, timed one by one ({@code fuzz.crafted=false} skips
 * them). Exit status 0 when all passed; 1 an input threw something else, 2 a hang, 3 a crafted input too slow.
 * <p>
 * Options (system properties): {@code fuzz.inputs} (1,000,000), {@code fuzz.seed} (20261207), {@code fuzz.maxFrameSize}
 * (the component's default, 1 MiB), {@code fuzz.maxMillis} (2000).
 */
public final class OpenImCodecFuzz {

    /** One seed: the frame, its mode, whether it is a request, and the gob bytes before gzip (null for JSON). */
    record Seed(String name, byte[] frame, Encoding encoding, boolean gzip, boolean request, byte[] plain) {
    }

    private final OpenImFrames frames;
    private final List<Seed> seeds;
    private final Random random;
    private final FrameMutator mutator;
    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long decoded;
    private long refused;
    private long slowestNanos;
    private String slowest = "";
    private long mostAllocated;
    private String mostAllocatedInput = "";
    private byte[] slowestBytes;
    private Seed slowestSeed;
    private byte[] mostAllocatedBytes;
    private Seed mostAllocatedSeed;
    private double worstAllocationRatio;

    OpenImCodecFuzz(int maxFrameSize, long seed) {
        this.frames = new OpenImFrames(maxFrameSize);
        this.seeds = seeds(frames);
        this.random = new Random(seed);
        this.mutator = new FrameMutator(random, seeds.stream().map(Seed::frame).toList());
    }

    static List<Seed> seeds(OpenImFrames frames) {
        List<Seed> seeds = new ArrayList<>();
        List<WsResponse> responses = List.of(OpenImCodecBenchmark.pushResponse(42),
                new WsResponse(1003, "bot_1764000000000_42", "camel-1764000000000-42", 0, "",
                        MsgData.newBuilder().setServerMsgID("c0ffee").setClientMsgID("5a0e3d").setSendTime(1L)
                                .build().toByteArray()),
                new WsResponse(1003, "bot_1764000000000_43", "camel-1764000000000-43", 1004, "RecordNotFoundError",
                        null),
                new WsResponse(2002, "", "", 0, "", null));
        List<WsRequest> requests = List.of(OpenImCodecBenchmark.sendRequest(),
                new WsRequest(1002, "", "bot", "op-1", "bot_1", "\n\u0005si_ab\u0010\u0001\u0018\u0014".getBytes(
                        StandardCharsets.UTF_8)));
        for (Encoding e : Encoding.values()) {
            for (boolean gzip : new boolean[]{ false, true }) {
                for (WsResponse r : responses) {
                    seeds.add(new Seed("resp-" + r.reqIdentifier(), frames.encodeResponse(r, e, gzip), e, gzip, false,
                            frames.encodeResponse(r, e, false)));
                }
                for (WsRequest r : requests) {
                    seeds.add(new Seed("req-" + r.reqIdentifier(), frames.encodeRequest(r, e, gzip), e, gzip, true,
                            frames.encodeRequest(r, e, false)));
                }
            }
        }
        // a newer server's Resp: fields unknown to the decoder between the known ones, skipped by their wire type
        GobSchema wider = new GobSchema("Resp", List.of(new Field("Version", Kind.INT64),
                new Field("ReqIdentifier", Kind.INT32), new Field("Trace", Kind.STRING),
                new Field("MsgIncr", Kind.STRING), new Field("OperationID", Kind.STRING),
                new Field("ErrCode", Kind.INT64), new Field("ErrMsg", Kind.STRING), new Field("ErrDlt", Kind.STRING),
                new Field("Blob", Kind.BYTES), new Field("Data", Kind.BYTES)));
        byte[] push = OpenImCodecBenchmark.push(7).toByteArray();
        byte[] widerFrame = GobEncoder.encodeFresh(wider, new Object[]{ 3L, 2001, "trace-1", "", "op", 0L, "", "dlt",
                new byte[]{ 1, 2, 3 }, push }, GobEncoder.FIRST_USER_TYPE_ID);
        seeds.add(new Seed("resp-wider", widerFrame, Encoding.GOB, false, false, widerFrame));
        for (Seed s : seeds) {
            try {
                decode(frames, s.frame(), s.encoding(), s.gzip(), s.request());
            } catch (OpenImCodecException e) {
                throw new IllegalStateException("seed " + s.name() + " does not decode: " + e.getMessage(), e);
            }
        }
        return seeds;
    }

    static Object decode(OpenImFrames frames, byte[] input, Encoding encoding, boolean gzip, boolean request)
            throws OpenImCodecException {
        return request ? frames.decodeRequest(input, encoding, gzip) : frames.decodeResponse(input, encoding, gzip);
    }

    /** Runs the inputs; returns normally only when every input decoded or was refused. */
    void run(long inputs, long maxMillis) {
        AtomicLong current = new AtomicLong(-1);
        AtomicLong startedAt = new AtomicLong();
        byte[][] currentInput = new byte[1][];
        Thread worker = Thread.currentThread();
        Thread watchdog = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                long i = current.get();
                long started = startedAt.get();
                if (i >= 0 && System.nanoTime() - started > maxMillis * 1_000_000L && current.get() == i) {
                    byte[] in = currentInput[0];
                    System.out.println("FAIL: input " + i + " takes more than " + maxMillis + " ms; "
                                       + (in == null ? "" : HexFormat.of().formatHex(in)));
                    for (StackTraceElement e : worker.getStackTrace()) {
                        System.out.println("    at " + e);
                    }
                    System.exit(2);
                }
            }
        }, "fuzz-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        long tid = Thread.currentThread().getId();
        long start = System.nanoTime();
        for (long i = 0; i < inputs; i++) {
            Seed s = seeds.get(random.nextInt(seeds.size()));
            byte[] input;
            if (s.gzip() && random.nextInt(4) == 0) {
                input = gzip(mutate(s.plain(), s));
            } else {
                input = mutate(s.frame(), s);
            }
            Encoding encoding = s.encoding();
            boolean gzip = s.gzip();
            boolean request = s.request();
            if (random.nextInt(16) == 0) {
                encoding = Encoding.values()[random.nextInt(2)];
                gzip = random.nextBoolean();
                request = random.nextBoolean();
            }
            currentInput[0] = input;
            long allocatedBefore = threads.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            startedAt.set(t0);
            current.set(i);
            try {
                decode(frames, input, encoding, gzip, request);
                decoded++;
            } catch (OpenImCodecException e) {
                refused++;
            } catch (Throwable t) {
                current.set(-1);
                System.out.println("FAIL: input " + i + " (seed " + s.name() + ", decoded as " + encoding
                                   + (gzip ? "+gzip" : "") + (request ? " request" : " response") + ") threw " + t
                                   + "; " + HexFormat.of().formatHex(input));
                t.printStackTrace(System.out);
                System.exit(1);
            }
            long nanos = System.nanoTime() - t0;
            current.set(-1);
            long allocated = threads.getThreadAllocatedBytes(tid) - allocatedBefore;
            if (i < 10_000) {
                continue; // the JIT's first compilations and the parsers' first buffers
            }
            if (nanos > slowestNanos) {
                slowestNanos = nanos;
                slowestBytes = input;
                slowestSeed = new Seed(s.name(), input, encoding, gzip, request, null);
                slowest = "input " + i + " (" + input.length + " bytes, seed " + s.name() + ")";
            }
            if (allocated > mostAllocated) {
                mostAllocated = allocated;
                mostAllocatedBytes = input;
                mostAllocatedSeed = new Seed(s.name(), input, encoding, gzip, request, null);
                mostAllocatedInput = "input " + i + " (" + input.length + " bytes, seed " + s.name() + ", "
                                     + encoding + (gzip ? "+gzip" : "") + ")";
            }
            worstAllocationRatio = Math.max(worstAllocationRatio, (double) allocated / Math.max(64, input.length));
        }
        watchdog.interrupt();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("inputs %,d: decoded %,d, refused with OpenImCodecException %,d, other outcomes 0%n",
                inputs, decoded, refused);
        System.out.printf("%.1f s, %,.0f inputs/s (mutation and decode; -Xmx %d MiB)%n", seconds, inputs / seconds,
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("slowest input after the first 10,000 %.3f ms: %s%n", slowestNanos / 1e6, slowest);
        System.out.printf(
                "most bytes allocated by one decode after the first 10,000: %,d by %s; largest allocated / max(64, input size) "
                          + "%.1f%n",
                mostAllocated, mostAllocatedInput, worstAllocationRatio);
        // the two extreme inputs once more on their own: noise (GC, JIT, another process) or the input?
        if (slowestSeed != null) {
            long best = Long.MAX_VALUE;
            for (int k = 0; k < 5; k++) {
                long t0 = System.nanoTime();
                outcome(slowestSeed);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("  the slowest input again, best of 5: %.3f ms%n", best / 1e6);
        }
        if (mostAllocatedSeed != null) {
            long least = Long.MAX_VALUE;
            for (int k = 0; k < 5; k++) {
                long before = threads.getThreadAllocatedBytes(tid);
                outcome(mostAllocatedSeed);
                least = Math.min(least, threads.getThreadAllocatedBytes(tid) - before);
            }
            System.out.printf("  the most allocating input again, least of 5: %,d bytes (%s); hex %s%n", least,
                    outcome(mostAllocatedSeed), HexFormat.of().formatHex(mostAllocatedBytes));
        }
        System.out.printf("mutations by operator: %s%n", Arrays.toString(mutator.operatorCounts()));
    }

    /** gzip of a whole frame, as the component writes it (java.util.zip). */
    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 2 + 32);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    byte[] mutate(byte[] in, Seed s) {
        return mutator.mutate(in, FrameMutator.GOB_UINT, FrameMutator.GZIP);
    }

    /**
     * Crafted inputs that mutations of small frames do not reach: a gob struct definition with many fields (each
     * field a few bytes, so the frame stays under maxFrameSize), and gzip bombs. Each is decoded twice; the better time
     * and allocation are reported; returns how many took longer than maxMillis.
     */
    int crafted(long maxMillis, int maxFrameSize) {
        List<Seed> cases = new ArrayList<>();
        for (int fields : new int[]{ 1_000, 10_000, 40_000, 90_000 }) {
            byte[] frame = wideStruct(fields);
            if (frame.length <= maxFrameSize) {
                cases.add(new Seed("struct definition with " + fields + " fields", frame, Encoding.GOB, false, false,
                        null));
            }
        }
        for (int size : new int[]{ maxFrameSize, 64 * 1024 * 1024 }) {
            cases.add(new Seed("gzip of " + size + " zero bytes", gzipZeros(size), Encoding.GOB, true, false,
                    null));
        }
        long tid = Thread.currentThread().getId();
        int over = 0;
        for (Seed c : cases) {
            long best = Long.MAX_VALUE;
            long least = Long.MAX_VALUE;
            String outcome = "";
            for (int k = 0; k < 2; k++) {
                long before = threads.getThreadAllocatedBytes(tid);
                long t0 = System.nanoTime();
                outcome = outcome(c);
                best = Math.min(best, System.nanoTime() - t0);
                least = Math.min(least, threads.getThreadAllocatedBytes(tid) - before);
            }
            boolean slow = best > maxMillis * 1_000_000L;
            over += slow ? 1 : 0;
            System.out.printf("%s crafted: %s (%,d bytes): %.1f ms, %,d bytes allocated, %s%n", slow ? "FAIL" : "ok",
                    c.name(), c.frame().length, best / 1e6, least, outcome);
        }
        return over;
    }

    /** gzip of size zero bytes, written in chunks (the heap is small). */
    static byte[] gzipZeros(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[65536];
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            for (int left = size; left > 0; left -= chunk.length) {
                gz.write(chunk, 0, Math.min(left, chunk.length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A Resp whose struct definition has n fields F0, F1, ... of type int, and no value after it. */
    static byte[] wideStruct(int n) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        writeUint(m, 129); // type id -65
        writeUint(m, 3); // wireType.StructT (field 2)
        writeUint(m, 1); // structType.CommonType
        writeUint(m, 1);
        writeString(m, "Resp");
        writeUint(m, 1);
        writeUint(m, 130); // Id 65
        writeUint(m, 0);
        writeUint(m, 1); // structType.Field
        writeUint(m, n);
        for (int i = 0; i < n; i++) {
            writeUint(m, 1);
            writeString(m, "F" + i);
            writeUint(m, 1);
            writeUint(m, 4); // int
            writeUint(m, 0);
        }
        writeUint(m, 0);
        writeUint(m, 0);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        writeUint(frame, m.size());
        frame.writeBytes(m.toByteArray());
        return frame.toByteArray();
    }

    private static void writeUint(ByteArrayOutputStream out, long v) {
        out.writeBytes(uint(v));
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeUint(out, b.length);
        out.writeBytes(b);
    }

    private String outcome(Seed s) {
        try {
            decode(frames, s.frame(), s.encoding(), s.gzip(), s.request());
            return "decoded";
        } catch (OpenImCodecException e) {
            return "refused: " + e.getMessage();
        }
    }

    /** A gob unsigned integer ({@link FrameMutator#gobUint}). */
    static byte[] uint(long v) {
        return FrameMutator.gobUint(v);
    }

    public static void main(String[] args) {
        long inputs = Long.getLong("fuzz.inputs", 1_000_000);
        long seed = Long.getLong("fuzz.seed", 20261207);
        int maxFrameSize = Integer.getInteger("fuzz.maxFrameSize", OpenImFrames.DEFAULT_MAX_FRAME_SIZE);
        OpenImCodecFuzz fuzz = new OpenImCodecFuzz(maxFrameSize, seed);
        System.out.printf("OpenImCodecFuzz: seed %d, %d seed frames, maxFrameSize %d%n", seed, fuzz.seeds.size(),
                maxFrameSize);
        long maxMillis = Long.getLong("fuzz.maxMillis", 2000);
        fuzz.run(inputs, maxMillis);
        int slow = Boolean.parseBoolean(System.getProperty("fuzz.crafted", "true")) ? fuzz.crafted(maxMillis,
                maxFrameSize) : 0;
        if (slow > 0) {
            System.out.println("FAIL: " + slow + " crafted input(s) took longer than " + maxMillis + " ms");
            System.exit(3);
        }
        System.out.println("OK");
    }
}
