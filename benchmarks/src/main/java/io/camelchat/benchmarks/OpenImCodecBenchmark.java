package io.camelchat.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.camelchat.openim.gob.OpenImCodecException;
import io.camelchat.openim.gob.OpenImFrames;
import io.camelchat.openim.gob.OpenImFrames.Encoding;
import io.camelchat.openim.gob.WsRequest;
import io.camelchat.openim.gob.WsResponse;
import io.camelchat.openim.proto.Sdkws.MsgData;
import io.camelchat.openim.proto.Sdkws.PullMsgs;
import io.camelchat.openim.proto.Sdkws.PushMessages;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Frames per second through camel-openim's codec ({@link OpenImFrames}), single-threaded: a realistic push frame
 * (Resp{ReqIdentifier 2001, Data = PushMessages with one MsgData text message of about 100 characters}) decoded as the
 * stream consumer reads it (gunzip + gob decode of the envelope + protobuf parse of the payload), the same without
 * gzip and as JSON, and the encoding of a send request (1003 with a MsgData) with and without gzip. Frames are built
 * once in {@link #setup} with the component's own encoder ({@link OpenImFrames#encodeResponse}, the server's side).
 * <p>
 * {@link #main} runs every benchmark with 1 fork, 3 x 2 s warm-up and 5 x 2 s measurement (about 2 minutes); system
 * properties {@code bench.forks}, {@code bench.warmupIterations}, {@code bench.iterations},
 * {@code bench.iterationSeconds} and {@code bench.include} (a regular expression over the benchmark names) change that.
 * Before JMH, {@code main} measures each operation against the thread's CPU time ({@code bench.cpuSeconds}, 3 s per
 * operation after a warm-up as long; 0 skips it): operations per CPU second, the figure for "one core" when other
 * processes share the CPUs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = { "-Xmx512m" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OpenImCodecBenchmark {

    /** 100 characters of a chat message. */
    static final String TEXT = "Ship the 4.14.1 build tonight? The gateway tests pass; only the docs need a last look"
                               + " before merging";

    private final OpenImFrames frames = new OpenImFrames();
    private byte[] pushGobGzip;
    private byte[] pushGob;
    private byte[] pushJson;
    private WsRequest sendRequest;

    /** The MsgData of one text message as the server pushes it (fields as open-im-server v3.8.3 fills them). */
    static MsgData textMessage(long seq) {
        long now = 1_764_000_000_000L + seq;
        return MsgData.newBuilder().setSendID("ann").setRecvID("bot").setClientMsgID("7f3c2a9e4b1d8c6f5a0e3d2c1b4a5968")
                .setServerMsgID("c0ffee1234567890abcdef0123456789").setSenderPlatformID(1).setSenderNickname("Ann")
                .setSessionType(1).setMsgFrom(100).setContentType(101)
                .setContent(ByteString.copyFrom("{\"content\":\"" + TEXT + "\"}", StandardCharsets.UTF_8))
                .setSeq(seq).setSendTime(now).setCreateTime(now).setStatus(2).build();
    }

    /** The payload of a 2001 push: one message in the single chat of ann and bot. */
    static PushMessages push(long seq) {
        return PushMessages.newBuilder()
                .putMsgs("si_ann_bot", PullMsgs.newBuilder().addMsgs(textMessage(seq)).build()).build();
    }

    /** The envelope of a push: 2001, no MsgIncr, an operation id, no error. */
    static WsResponse pushResponse(long seq) {
        return new WsResponse(2001, "", "1764000000000-push-4b1d8c6f", 0, "", push(seq).toByteArray());
    }

    /** A send (1003) as the gateway sender writes it: the sender's MsgData with the text. */
    static WsRequest sendRequest() {
        MsgData m = MsgData.newBuilder().setSendID("bot").setRecvID("ann").setClientMsgID(
                "5a0e3d2c1b4a59687f3c2a9e4b1d8c6f").setSenderPlatformID(1).setSessionType(1).setMsgFrom(100)
                .setContentType(101)
                .setContent(ByteString.copyFrom("{\"content\":\"" + TEXT + "\"}", StandardCharsets.UTF_8))
                .setCreateTime(1_764_000_000_000L).build();
        return new WsRequest(1003, "", "bot", "camel-1764000000000-42", "bot_1764000000000_42", m.toByteArray());
    }

    @Setup
    public void setup() throws Exception {
        WsResponse r = pushResponse(42);
        pushGobGzip = frames.encodeResponse(r, Encoding.GOB, true);
        pushGob = frames.encodeResponse(r, Encoding.GOB, false);
        pushJson = frames.encodeResponse(r, Encoding.JSON, false);
        sendRequest = sendRequest();
        // the frames must decode to what was encoded
        for (PushMessages p : new PushMessages[]{ decodePushGobGzip(), decodePushGob(), decodePushJson() }) {
            if (!p.equals(push(42))) {
                throw new IllegalStateException("the codec did not round-trip the push");
            }
        }
    }

    /** Sizes of the frames, for the report. */
    String sizes() throws Exception {
        setup();
        return "push gob+gzip " + pushGobGzip.length + " B, gob " + pushGob.length + " B, json " + pushJson.length
               + " B; MsgData " + textMessage(42).getSerializedSize() + " B; send request gob "
               + frames.encodeRequest(sendRequest, Encoding.GOB, false).length + " B, gob+gzip "
               + frames.encodeRequest(sendRequest, Encoding.GOB, true).length + " B";
    }

    @Benchmark
    public PushMessages decodePushGobGzip() throws OpenImCodecException, InvalidProtocolBufferException {
        WsResponse r = frames.decodeResponse(pushGobGzip, Encoding.GOB, true);
        return PushMessages.parseFrom(r.data());
    }

    @Benchmark
    public PushMessages decodePushGob() throws OpenImCodecException, InvalidProtocolBufferException {
        WsResponse r = frames.decodeResponse(pushGob, Encoding.GOB, false);
        return PushMessages.parseFrom(r.data());
    }

    @Benchmark
    public PushMessages decodePushJson() throws OpenImCodecException, InvalidProtocolBufferException {
        WsResponse r = frames.decodeResponse(pushJson, Encoding.JSON, false);
        return PushMessages.parseFrom(r.data());
    }

    @Benchmark
    public byte[] encodeSendGob() {
        return frames.encodeRequest(sendRequest, Encoding.GOB, false);
    }

    @Benchmark
    public byte[] encodeSendGobGzip() {
        return frames.encodeRequest(sendRequest, Encoding.GOB, true);
    }

    /** One operation of the CPU-time check. */
    @FunctionalInterface
    interface Op {
        Object run() throws Exception;
    }

    /**
     * Operations per second of this thread's CPU time (ThreadMXBean), each operation run in a plain loop for the given
     * seconds of wall time after as long a warm-up: the cost on one core, which wall-clock figures hide when other
     * processes share the CPUs.
     */
    void cpuTime(int seconds) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Op> ops = new LinkedHashMap<>();
        ops.put("decodePushGobGzip", this::decodePushGobGzip);
        ops.put("decodePushGob", this::decodePushGob);
        ops.put("decodePushJson", this::decodePushJson);
        ops.put("encodeSendGob", this::encodeSendGob);
        ops.put("encodeSendGobGzip", this::encodeSendGobGzip);
        int sink = 0;
        for (Map.Entry<String, Op> e : ops.entrySet()) {
            for (int round = 0; round < 2; round++) { // warm-up, then measured
                long n = 0;
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                long end = t0 + seconds * 1_000_000_000L;
                while (System.nanoTime() < end) {
                    for (int i = 0; i < 1000; i++) {
                        sink += e.getValue().run().hashCode();
                    }
                    n += 1000;
                }
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                long wall = System.nanoTime() - t0;
                if (round == 1) {
                    System.out.printf("cpu-time %-18s %,12.0f ops per CPU second (%,.0f ops/s of wall time, the "
                                      + "thread had %.0f %% of a CPU)%n",
                            e.getKey(), n / (cpu / 1e9), n / (wall / 1e9), 100.0 * cpu / wall);
                }
            }
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println("OpenImCodecBenchmark: " + new OpenImCodecBenchmark().sizes());
        int cpuSeconds = Integer.getInteger("bench.cpuSeconds", 3);
        if (cpuSeconds > 0) {
            OpenImCodecBenchmark b = new OpenImCodecBenchmark();
            b.setup();
            b.cpuTime(cpuSeconds);
        }
        int seconds = Integer.getInteger("bench.iterationSeconds", 2);
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(OpenImCodecBenchmark.class.getSimpleName() + "\\."
                         + System.getProperty("bench.include", ".*"))
                .forks(Integer.getInteger("bench.forks", 1))
                .warmupIterations(Integer.getInteger("bench.warmupIterations", 3))
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(Integer.getInteger("bench.iterations", 5))
                .measurementTime(TimeValue.seconds(seconds));
        new Runner(o.build()).run();
    }
}
