package io.camelchat.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.camelchat.openim.OpenImMessage;
import io.camelchat.openim.gob.OpenImFrames;
import io.camelchat.openim.gob.OpenImFrames.Encoding;
import io.camelchat.openim.gob.WsResponse;
import io.camelchat.openim.proto.Sdkws;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * How many OpenIM gateway push frames one core decodes per second: gunzip, gob envelope (a fresh decoder per frame, as
 * every frame holds its type definition), protobuf PushMessages, and the component's message model. The frame is what
 * open-im-server pushes for one text message (2001, Resp with a one-entry PushMessages).
 * <p>
 * {@code mvn -B -q compile exec:java -pl benchmarks -am -Dexec.mainClass=io.camelchat.benchmarks.OpenImFrameBenchmark}
 * (in-process, one thread; JMH's own options after {@code -Dexec.args=...} are not read).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(0)
public class OpenImFrameBenchmark {

    @Param({ "gzip", "none" })
    public String compression;

    private final OpenImFrames frames = new OpenImFrames();
    private byte[] frame;
    private boolean gzip;

    @Setup
    public void setUp() {
        gzip = "gzip".equals(compression);
        frame = frames.encodeResponse(push(), Encoding.GOB, gzip);
    }

    /** A push of one text message in a one-to-one conversation, as the gateway sends it. */
    static WsResponse push() {
        String conversation = "si_u1001_u2002";
        Sdkws.MsgData m = Sdkws.MsgData.newBuilder().setSendID("u1001").setRecvID("u2002")
                .setClientMsgID("8a3f0c2e5b7d4e1f9a6c3b2d1e0f4a5b").setServerMsgID("3c1e5a7b9d2f4e6a8c0b1d3f5e7a9c2b")
                .setSenderPlatformID(1).setSenderNickname("Ann").setSenderFaceURL("https://im.example/face/ann.png")
                .setSessionType(1).setMsgFrom(100).setContentType(101)
                .setContent(ByteString.copyFrom("{\"content\":\"see you at the standup at ten, bring the numbers\"}",
                        StandardCharsets.UTF_8))
                .setSeq(4711).setSendTime(1765100000123L).setCreateTime(1765100000098L).setStatus(2)
                .putOptions("history", true).putOptions("persistent", true).build();
        Sdkws.PushMessages pm = Sdkws.PushMessages.newBuilder()
                .putMsgs(conversation, Sdkws.PullMsgs.newBuilder().addMsgs(m).build()).build();
        return new WsResponse(2001, "", "push-2f6c1e", 0, "", pm.toByteArray());
    }

    @Benchmark
    public void decodePush(Blackhole bh) throws Exception {
        WsResponse r = frames.decodeResponse(frame, Encoding.GOB, gzip);
        Sdkws.PushMessages pm = Sdkws.PushMessages.parseFrom(r.data());
        for (var e : pm.getMsgsMap().entrySet()) {
            for (Sdkws.MsgData d : e.getValue().getMsgsList()) {
                bh.consume(OpenImMessage.of(d, e.getKey()));
            }
        }
    }

    /** Frame size, for the report. */
    public static void main(String[] args) throws Exception {
        OpenImFrames f = new OpenImFrames();
        for (boolean gz : new boolean[]{ true, false }) {
            byte[] b = f.encodeResponse(push(), Encoding.GOB, gz);
            System.out.printf("push frame: %d bytes (%s)%n", b.length, gz ? "gob+gzip" : "gob");
            f.decodeResponse(b, Encoding.GOB, gz);
        }
        Options options = new OptionsBuilder().include(OpenImFrameBenchmark.class.getSimpleName()).build();
        new Runner(options).run();
    }
}
