package io.camelchat.openim.gob;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import io.camelchat.openim.gob.GoldenCases.Case;
import io.camelchat.openim.gob.OpenImFrames.Encoding;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The codec against Go's own encoding/gob, both ways. Go's bytes (written by src/test/go) decode to the values of
 * cases.tsv and our encoder writes the same bytes; the bytes our encoder writes for those values (java/, which
 * {@code go run . verify} decoded with Go) are still what it writes.
 */
class GobGoldenTest {

    /** Set to true (-Dopenim.gob.update=true) to rewrite java/ from the current encoder; then run go run . verify. */
    private static final boolean UPDATE = Boolean.getBoolean("openim.gob.update");

    private final OpenImFrames frames = new OpenImFrames();

    @Test
    void decodesEveryGoFrameToItsValues() throws Exception {
        List<Case> cases = GoldenCases.all();
        assertThat(cases).hasSize(18);
        for (Case c : cases) {
            byte[] gob = GoldenCases.resource(c.file() + ".gob");
            byte[] gz = GoldenCases.resource(c.file() + ".gob.gz");
            assertThat(Gzip.gunzip(gz, OpenImFrames.DEFAULT_MAX_FRAME_SIZE)).as(c.file()).isEqualTo(gob);
            assertThat(decodeStream(gob, c)).as(c.file()).isEqualTo(values(c));
            if (c.size() == 1) {
                assertThat(decodeFrame(gob, c, Encoding.GOB, false)).as(c.file()).isEqualTo(values(c).get(0));
                assertThat(decodeFrame(gz, c, Encoding.GOB, true)).as(c.file()).isEqualTo(values(c).get(0));
                byte[] json = GoldenCases.resource(c.file() + ".json");
                assertThat(decodeFrame(json, c, Encoding.JSON, false)).as(c.file()).isEqualTo(values(c).get(0));
            }
        }
    }

    @Test
    void fieldsMatchByNameNotPosition() throws Exception {
        // the SDK's GeneralWsResp lists ErrCode and ErrMsg before MsgIncr: same values through the server's order
        Case c = GoldenCases.get("resp-sdk-order");
        WsResponse r = frames.decodeResponse(GoldenCases.resource("resp-sdk-order.gob"), Encoding.GOB, false);
        assertThat(r).isEqualTo(new WsResponse(1002, "m7", "o7", 7, "e", new byte[]{ 9, 9 }));
        assertThat(r).isEqualTo(c.responses().get(0));
    }

    @Test
    void serverReplyAfterADecodeAnnouncesType66() throws Exception {
        byte[] gob = GoldenCases.resource("resp-after-decode.gob");
        assertThat(HexFormat.of().formatHex(gob, 0, 3)).isEqualTo("60ff83");
        WsResponse r = frames.decodeResponse(gob, Encoding.GOB, false);
        assertThat(r.reqIdentifier()).isEqualTo(1001);
        assertThat(r.msgIncr()).isEqualTo("m1");
        assertThat(r.data()).hasSize(10);
    }

    @Test
    void encodesTheBytesGoWrites() {
        HexFormat hex = HexFormat.of();
        for (Case c : GoldenCases.all()) {
            GobSchema schema = switch (c.file()) {
                case "req-server-struct" -> new GobSchema("Req", GobSchema.REQUEST.fields());
                case "resp-sdk-order" -> new GobSchema("GeneralWsResp", List.of(
                        new GobSchema.Field("ReqIdentifier", GobSchema.Kind.INT64),
                        new GobSchema.Field("ErrCode", GobSchema.Kind.INT64),
                        new GobSchema.Field("ErrMsg", GobSchema.Kind.STRING),
                        new GobSchema.Field("MsgIncr", GobSchema.Kind.STRING),
                        new GobSchema.Field("OperationID", GobSchema.Kind.STRING),
                        new GobSchema.Field("Data", GobSchema.Kind.BYTES)));
                default -> c.request() ? GobSchema.REQUEST : GobSchema.RESPONSE;
            };
            GobEncoder encoder = new GobEncoder(c.file().equals("resp-after-decode") ? 66 : 65);
            for (int i = 0; i < c.size(); i++) {
                Object[] v = c.request() ? OpenImFrames.requestValues(c.requests().get(i))
                        : OpenImFrames.responseValues(c.responses().get(i));
                if (c.file().equals("resp-sdk-order")) {
                    v = new Object[]{ v[0], v[3], v[4], v[1], v[2], v[5] };
                }
                encoder.encode(schema, v);
            }
            assertThat(hex.formatHex(encoder.takeBytes())).as(c.file())
                    .isEqualTo(hex.formatHex(GoldenCases.resource(c.file() + ".gob")));
        }
    }

    @Test
    void writesTheJsonGoWrites() {
        for (Case c : GoldenCases.all()) {
            if (c.size() != 1 || c.file().equals("resp-sdk-order")) {
                continue; // the SDK's struct lists its keys in its own order
            }
            byte[] json = c.request() ? frames.encodeRequest(c.requests().get(0), Encoding.JSON, false)
                    : frames.encodeResponse(c.responses().get(0), Encoding.JSON, false);
            assertThat(new String(json, StandardCharsets.UTF_8)).as(c.file())
                    .isEqualTo(new String(GoldenCases.resource(c.file() + ".json"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void stillWritesTheBytesGoVerified() throws Exception {
        Path dir = Path.of("src/test/resources/gob/java");
        int compared = 0;
        for (Case c : GoldenCases.all()) {
            byte[] gob = javaStream(c);
            byte[] gz = Gzip.gzip(gob);
            byte[] json = c.size() == 1 ? javaJson(c) : null;
            if (UPDATE) {
                Files.createDirectories(dir);
                Files.write(dir.resolve(c.file() + ".gob"), gob);
                Files.write(dir.resolve(c.file() + ".gob.gz"), gz);
                if (json != null) {
                    Files.write(dir.resolve(c.file() + ".json"), json);
                }
            }
            assertThat(Files.readAllBytes(dir.resolve(c.file() + ".gob"))).as(c.file()).isEqualTo(gob);
            // gzip output differs between implementations: compare what it inflates to
            assertThat(Gzip.gunzip(Files.readAllBytes(dir.resolve(c.file() + ".gob.gz")), 1 << 20)).isEqualTo(gob);
            if (json != null) {
                assertThat(Files.readAllBytes(dir.resolve(c.file() + ".json"))).as(c.file()).isEqualTo(json);
            }
            compared++;
        }
        assertThat(compared).isEqualTo(18);
    }

    @Test
    void reusedEncoderSendsTheDefinitionOnce() throws Exception {
        GobEncoder encoder = new GobEncoder();
        WsRequest a = new WsRequest(1001, null, "u1", "o1", "m1", new byte[]{ 1 });
        WsRequest b = new WsRequest(1002, null, "u1", "o2", "m2", null);
        encoder.encode(GobSchema.REQUEST, OpenImFrames.requestValues(a));
        byte[] first = encoder.takeBytes();
        encoder.encode(GobSchema.REQUEST, OpenImFrames.requestValues(b));
        byte[] second = encoder.takeBytes();
        byte[] fresh = GobEncoder.encodeFresh(GobSchema.REQUEST, OpenImFrames.requestValues(b), 65);
        assertThat(first.length).isGreaterThan(100);
        assertThat(second).isEqualTo(Arrays.copyOfRange(fresh, fresh.length - second.length, fresh.length));
        assertThat(fresh.length - second.length).isEqualTo(103); // the definition message: 0x66 and 102 bytes
        // a stream decoder keeps the definition across chunks: the second chunk is a value alone
        GobDecoder decoder = new GobDecoder(1 << 20);
        assertThat(OpenImFrames.request(decoder.decodeAll(first, GobSchema.REQUEST).get(0))).isEqualTo(a);
        assertThat(OpenImFrames.request(decoder.decodeAll(second, GobSchema.REQUEST).get(0))).isEqualTo(b);
        // ... and refuses the definition a second time
        assertThatThrownBy(() -> decoder.decodeAll(first, GobSchema.REQUEST))
                .isInstanceOf(OpenImCodecException.class).hasMessageContaining("Duplicate gob type definition");
    }

    private byte[] javaStream(Case c) {
        GobEncoder encoder = new GobEncoder();
        for (int i = 0; i < c.size(); i++) {
            if (c.request()) {
                encoder.encode(GobSchema.REQUEST, OpenImFrames.requestValues(c.requests().get(i)));
            } else {
                encoder.encode(GobSchema.RESPONSE, OpenImFrames.responseValues(c.responses().get(i)));
            }
        }
        return encoder.takeBytes();
    }

    private byte[] javaJson(Case c) {
        return c.request() ? frames.encodeRequest(c.requests().get(0), Encoding.JSON, false)
                : frames.encodeResponse(c.responses().get(0), Encoding.JSON, false);
    }

    private Object decodeFrame(byte[] frame, Case c, Encoding encoding, boolean gzip) throws OpenImCodecException {
        return c.request() ? frames.decodeRequest(frame, encoding, gzip) : frames.decodeResponse(frame, encoding, gzip);
    }

    private static List<Object> decodeStream(byte[] gob, Case c) throws IOException, OpenImCodecException {
        List<Object> out = new ArrayList<>();
        GobDecoder decoder = new GobDecoder(1 << 20);
        for (Object[] v : decoder.decodeAll(gob, c.request() ? GobSchema.REQUEST : GobSchema.RESPONSE)) {
            out.add(c.request() ? OpenImFrames.request(v) : OpenImFrames.response(v));
        }
        return out;
    }

    private static List<Object> values(Case c) {
        return new ArrayList<>(c.request() ? c.requests() : c.responses());
    }
}
