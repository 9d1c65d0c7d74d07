package io.camelchat.openim.gob;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.camelchat.openim.gob.OpenImFrames.Encoding;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every class of malformed frame is a checked OpenImCodecException that says what was wrong. */
class GobMalformedTest {

    private static final int INT = 2, UINT = 3, BOOL = 1, FLOAT = 4, BYTES = 5, STRING = 6, COMPLEX = 7, IFACE = 8;

    private final OpenImFrames frames = new OpenImFrames();

    private AbstractThrowableAssert<?, ?> refused(byte[] frame) {
        return assertThatThrownBy(() -> frames.decodeRequest(frame, Encoding.GOB, false))
                .isInstanceOf(OpenImCodecException.class);
    }

    private static GobBytes requestType() {
        return new GobBytes().structType(65, "Req", "ReqIdentifier", INT, "Token", STRING, "SendID", STRING,
                "OperationID", STRING, "MsgIncr", STRING, "Data", BYTES);
    }

    @Test
    void emptyInput() {
        refused(new byte[0]).hasMessage("Empty frame");
        assertThatThrownBy(() -> frames.decodeResponse(null, Encoding.GOB, true)).hasMessage("Empty frame");
        assertThatThrownBy(() -> GobDecoder.decodeFrame(new byte[0], GobSchema.REQUEST, 100))
                .isInstanceOf(OpenImCodecException.class).hasMessage("Empty gob frame");
    }

    @Test
    void everyTruncationIsRefused() throws Exception {
        for (String file : new String[]{ "req-full", "resp-push", "resp-min", "resp-empty" }) {
            byte[] gob = GoldenCases.resource(file + ".gob");
            byte[] gz = GoldenCases.resource(file + ".gob.gz");
            boolean request = file.startsWith("req");
            for (int n = 0; n < gob.length; n++) {
                byte[] cut = Arrays.copyOf(gob, n);
                assertThatThrownBy(() -> decode(cut, request, false)).as(file + " cut at " + n)
                        .isInstanceOf(OpenImCodecException.class);
            }
            for (int n = 0; n < gz.length; n++) {
                byte[] cut = Arrays.copyOf(gz, n);
                assertThatThrownBy(() -> decode(cut, request, true)).as(file + ".gz cut at " + n)
                        .isInstanceOf(OpenImCodecException.class);
            }
            assertThat(decode(gob, request, false)).isNotNull();
        }
        refused(Arrays.copyOf(GoldenCases.resource("req-basic.gob"), 120))
                .hasMessageContaining("Truncated gob message");
    }

    private Object decode(byte[] frame, boolean request, boolean gzip) throws OpenImCodecException {
        return request ? frames.decodeRequest(frame, Encoding.GOB, gzip)
                : frames.decodeResponse(frame, Encoding.GOB, gzip);
    }

    @Test
    void lengthsOverTheLimitsOrTheBytesLeft() {
        // a message length of 65535 with 3 bytes behind it
        refused(new GobBytes().raw(0xfe, 0xff, 0xff, 1, 2, 3).bytes())
                .hasMessage("Truncated gob message: 65535 bytes announced, 3 remain");
        // a 2^62 length: over any limit, nothing allocated
        refused(new GobBytes().raw(0xf8, 0x40, 0, 0, 0, 0, 0, 0, 0, 1).bytes())
                .hasMessageContaining("exceeds the limit of 1048576");
        // the frame itself over the frame limit, before and after gunzip
        OpenImFrames small = new OpenImFrames(500);
        byte[] push = GoldenCases.resource("resp-push.gob");
        assertThatThrownBy(() -> small.decodeResponse(push, Encoding.GOB, false))
                .isInstanceOf(OpenImCodecException.class)
                .hasMessage("Frame of " + push.length + " bytes exceeds the limit of 500 bytes");
        byte[] pushGz = frames.encodeResponse(new WsResponse(2001, null, "p", 0, null, new byte[2000]), Encoding.GOB,
                true);
        assertThat(pushGz.length).isLessThan(500);
        assertThatThrownBy(() -> small.decodeResponse(pushGz, Encoding.GOB, true))
                .isInstanceOf(OpenImCodecException.class).hasMessage("Gzip frame inflates past the limit of 500 bytes");
        // one gob message over the decoder's message limit
        assertThatThrownBy(() -> new GobDecoder(50).decodeAll(GoldenCases.resource("req-basic.gob"), GobSchema.REQUEST))
                .isInstanceOf(OpenImCodecException.class)
                .hasMessage("Gob message of 102 bytes exceeds the limit of 50");
    }

    @Test
    void zeroLengthMessage() {
        refused(new GobBytes().raw(0).bytes()).hasMessage("Invalid gob message of length 0");
    }

    @Test
    void unknownTypeId() {
        refused(new GobBytes().value(65, b -> b.writeUint(0)).bytes()).hasMessage("Gob value of undefined type id 65");
        refused(requestType().value(66, b -> b.writeUint(0)).bytes()).hasMessage("Gob value of undefined type id 66");
        refused(new GobBytes().value(6, b -> b.writeUint(0)).bytes())
                .hasMessage("Gob value of predeclared type 6 where the struct GeneralWsReq was expected");
        // a field whose type was never defined, met when skipping it
        refused(new GobBytes().structType(65, "Req", "ReqIdentifier", INT, "Extra", 90)
                .value(65, b -> {
                    b.writeUint(2);
                    b.writeUint(0);
                    b.writeUint(0);
                }).bytes()).hasMessage("Gob field of undefined type id 90");
    }

    /** A struct definition of ReqIdentifier then n - 1 int fields F1, F2...; its value sets the first and the last. */
    private static byte[] wideRequest(int n) {
        Object[] fields = new Object[2 * n];
        fields[0] = "ReqIdentifier";
        fields[1] = INT;
        for (int i = 1; i < n; i++) {
            fields[2 * i] = "F" + i;
            fields[2 * i + 1] = INT;
        }
        return new GobBytes().structType(65, "Req", fields).value(65, b -> {
            b.writeUint(1);
            b.writeInt(1001);
            b.writeUint(n - 1);
            b.writeInt(7);
            b.writeUint(0);
        }).bytes();
    }

    @Test
    void structDefinitionsAreBoundedAndLinear() throws Exception {
        // 90,000 fields (about 1 MB): refused at the count, before any field is read
        byte[] huge = wideRequest(90_000);
        assertThatThrownBy(() -> GobDecoder.decodeFrame(huge, GobSchema.REQUEST, 4 << 20))
                .isInstanceOf(OpenImCodecException.class)
                .hasMessage("Gob struct Req defines 90000 fields, more than the 1024 allowed");
        assertThat(GobDecoder.MAX_STRUCT_FIELDS).isEqualTo(1024);
        refused(wideRequest(GobDecoder.MAX_STRUCT_FIELDS + 1))
                .hasMessage("Gob struct Req defines 1025 fields, more than the 1024 allowed");
        // the largest allowed definition decodes, its unknown fields skipped
        Object[] v = GobDecoder.decodeFrame(wideRequest(GobDecoder.MAX_STRUCT_FIELDS), GobSchema.REQUEST, 4 << 20);
        assertThat(v[GobSchema.REQUEST.indexOf("ReqIdentifier")]).isEqualTo(1001);
        // a duplicate name is still found among many (by a set, not a list scan)
        Object[] fields = new Object[2 * 1000];
        for (int i = 0; i < 1000; i++) {
            fields[2 * i] = i == 999 ? "F3" : "F" + i;
            fields[2 * i + 1] = INT;
        }
        refused(new GobBytes().structType(65, "Req", fields).value(65, b -> b.writeUint(0)).bytes())
                .hasMessage("Gob struct Req names field F3 twice");
    }

    @Test
    void duplicateTypeDefinition() {
        byte[] twice = requestType().structType(65, "Req", "ReqIdentifier", INT).value(65, b -> b.writeUint(0)).bytes();
        refused(twice).hasMessage("Duplicate gob type definition for id 65");
        refused(new GobBytes().structType(6, "S", "A", INT).bytes())
                .hasMessage("Gob definition of predeclared type id 6");
    }

    @Test
    void wrongWireType() {
        refused(new GobBytes().structType(65, "Req", "ReqIdentifier", STRING).value(65, b -> b.writeUint(0)).bytes())
                .hasMessage("Gob field ReqIdentifier of GeneralWsReq has wire type string, expected int");
        refused(new GobBytes().structType(65, "Req", "Data", STRING).value(65, b -> b.writeUint(0)).bytes())
                .hasMessage("Gob field Data of GeneralWsReq has wire type string, expected []byte");
        refused(new GobBytes().structType(65, "Req", "SendID", UINT).value(65, b -> b.writeUint(0)).bytes())
                .hasMessage("Gob field SendID of GeneralWsReq has wire type uint, expected string");
        // a value of a slice type where the struct is expected
        refused(new GobBytes().sliceType(65, INT).value(65, b -> b.writeUint(0)).bytes())
                .hasMessage("Gob value of type 65 is a slice, not the struct GeneralWsReq");
    }

    @Test
    void negativeOrHugeLengths() {
        // MsgIncr's length is 2^63: an unsigned that does not fit in a signed long
        refused(requestType().value(65, b -> {
            b.writeUint(5);
            b.writeUint(Long.MIN_VALUE);
        }).bytes()).hasMessage("Invalid gob length of MsgIncr: 9223372036854775808 but only 0 bytes remain");
        refused(requestType().value(65, b -> {
            b.writeUint(5);
            b.writeUint(3);
            b.writeRaw(new byte[]{ 'a' }, 0, 1);
        }).bytes()).hasMessage("Invalid gob length of MsgIncr: 3 but only 1 bytes remain");
        // a definition announcing more fields than bytes
        refused(new GobBytes().definitionBody(65, b -> {
            b.writeUint(3);
            b.writeUint(2);
            b.writeUint(1_000_000_000);
        }).bytes()).hasMessage("Invalid gob struct field count: 1000000000 but only 0 bytes remain");
    }

    @Test
    void unsignedCountByteOverEight() {
        refused(new GobBytes().raw(0xf7, 1, 2, 3, 4, 5, 6, 7, 8, 9).bytes())
                .hasMessage("Invalid gob unsigned integer for message length: byte count 9 (at most 8)");
        refused(requestType().value(65, b -> b.writeRaw(new byte[]{ 1, (byte) 0x80 }, 0, 2)).bytes())
                .hasMessage("Invalid gob unsigned integer for ReqIdentifier: byte count 128 (at most 8)");
    }

    @Test
    void fieldDeltaPastTheEnd() {
        refused(requestType().value(65, b -> {
            b.writeUint(7);
            b.writeUint(0);
        }).bytes()).hasMessage("Gob field delta 7 past the end of Req (field -1 of 6)");
        refused(requestType().value(65, b -> {
            b.writeUint(6);
            b.writeUint(0);
            b.writeUint(1);
            b.writeUint(0);
        }).bytes()).hasMessage("Gob field delta 1 past the end of Req (field 5 of 6)");
        // inside a definition: wireType has 7 fields
        refused(new GobBytes().definitionBody(65, b -> b.writeUint(8)).bytes())
                .hasMessage("Gob field delta 8 past the end of wireType (field -1 of 7)");
    }

    @Test
    void extraBytes() {
        byte[] basic = GoldenCases.resource("req-basic.gob");
        refused(Arrays.copyOf(basic, basic.length + 1))
                .hasMessage("Gob frame has 1 bytes after its GeneralWsReq value");
        // unread bytes inside the value message
        refused(requestType().value(65, b -> {
            b.writeUint(1);
            b.writeInt(1001);
            b.writeUint(0);
            b.writeUint(9);
        }).bytes()).hasMessage("Gob value message of type 65 has 1 unread bytes");
        refused(new GobBytes().definitionBody(65, b -> {
            b.writeUint(2); // wireType.SliceT
            b.writeUint(2); // sliceType.Elem
            b.writeInt(INT);
            b.writeUint(0);
            b.writeUint(0);
            b.writeUint(7);
        }).bytes()).hasMessage("Gob type definition 65 has 1 unread bytes");
        // a definition and no value
        refused(requestType().bytes()).hasMessage("Truncated gob stream: no GeneralWsReq value");
    }

    @Test
    void badDefinitions() {
        refused(new GobBytes().definitionBody(65, b -> b.writeUint(0)).bytes())
                .hasMessage("Gob type definition 65 has no kind");
        refused(new GobBytes().definitionBody(65, b -> {
            b.writeUint(2); // wireType.SliceT
            b.writeUint(2);
            b.writeInt(INT);
            b.writeUint(0);
            b.writeUint(1); // wireType.StructT as well
            b.writeUint(0);
            b.writeUint(0);
        }).bytes()).hasMessage("Gob type definition 65 has more than one kind");
        refused(new GobBytes().definitionBody(65, b -> {
            b.writeUint(2);
            b.writeUint(0);
            b.writeUint(0);
        }).bytes()).hasMessage("Incomplete gob slice type definition");
        refused(new GobBytes().structType(65, "Req", "A", INT, "A", INT).bytes())
                .hasMessage("Gob struct Req names field A twice");
        refused(new GobBytes().structType(65, "Req", "A", -3).bytes()).hasMessage("Invalid gob type id -3 in field A");
    }

    @Test
    void deepNesting() {
        // type 66 = []66, a slice of itself; a value 40 levels deep
        byte[] deep = new GobBytes().sliceType(66, 66).structType(65, "Req", "ReqIdentifier", INT, "Deep", 66)
                .value(65, b -> {
                    b.writeUint(2);
                    for (int i = 0; i < 40; i++) {
                        b.writeUint(1);
                    }
                    b.writeUint(0);
                    b.writeUint(0);
                }).bytes();
        refused(deep).hasMessage("Gob value nests deeper than 32 levels");
        // 20 levels are fine, and skipped
        byte[] ok = new GobBytes().sliceType(66, 66).structType(65, "Req", "ReqIdentifier", INT, "Deep", 66)
                .value(65, b -> {
                    b.writeUint(1);
                    b.writeInt(7);
                    b.writeUint(1);
                    for (int i = 0; i < 20; i++) {
                        b.writeUint(1);
                    }
                    b.writeUint(0);
                    b.writeUint(0);
                }).bytes();
        assertThat(decodeOk(ok).reqIdentifier()).isEqualTo(7);
    }

    private WsRequest decodeOk(byte[] frame) {
        try {
            return frames.decodeRequest(frame, Encoding.GOB, false);
        } catch (OpenImCodecException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void int32OutOfRange() {
        refused(requestType().value(65, b -> {
            b.writeUint(1);
            b.writeInt(1L << 31);
            b.writeUint(0);
        }).bytes()).hasMessage("Gob value of ReqIdentifier is out of the int32 range: 2147483648");
        refused(requestType().value(65, b -> {
            b.writeUint(1);
            b.writeInt(Integer.MIN_VALUE - 1L);
            b.writeUint(0);
        }).bytes()).hasMessage("Gob value of ReqIdentifier is out of the int32 range: -2147483649");
    }

    @Test
    void unknownFieldsOfEveryKindAreSkipped() {
        byte[] frame = new GobBytes()
                .structType(66, "Inner", "X", INT, "Y", STRING)
                .sliceType(67, 66)
                .mapType(68, STRING, INT)
                .arrayType(69, BYTES, 2)
                .gobEncoderType(70)
                .structType(65, "Req", "B", BOOL, "U", UINT, "F", FLOAT, "C", COMPLEX, "ReqIdentifier", INT,
                        "In", 66, "Sl", 67, "Mp", 68, "Ar", 69, "Ge", 70, "SendID", STRING, "Other", STRING)
                .value(65, b -> {
                    b.writeUint(1);
                    b.writeUint(1); // B true
                    b.writeUint(1);
                    b.writeUint(1L << 40); // U
                    b.writeUint(1);
                    b.writeUint(0x40f0000000000000L >>> 52); // F (byte-reversed bits; any unsigned)
                    b.writeUint(1);
                    b.writeUint(3);
                    b.writeUint(4); // C
                    b.writeUint(1);
                    b.writeInt(1003); // ReqIdentifier
                    b.writeUint(1); // In {X: 5, Y: "y"}
                    b.writeUint(1);
                    b.writeInt(5);
                    b.writeUint(1);
                    b.writeString("y");
                    b.writeUint(0);
                    b.writeUint(1); // Sl: two Inner, the second empty
                    b.writeUint(2);
                    b.writeUint(1);
                    b.writeInt(1);
                    b.writeUint(0);
                    b.writeUint(0);
                    b.writeUint(1); // Mp {"k": 1}
                    b.writeUint(1);
                    b.writeString("k");
                    b.writeInt(1);
                    b.writeUint(1); // Ar [2][]byte
                    b.writeUint(2);
                    b.writeBytes(new byte[]{ 1 });
                    b.writeBytes(new byte[0]);
                    b.writeUint(1); // Ge: GobEncode bytes
                    b.writeBytes(new byte[]{ 1, 2, 3 });
                    b.writeUint(1);
                    b.writeString("u9"); // SendID
                    b.writeUint(1);
                    b.writeString("other");
                    b.writeUint(0);
                }).bytes();
        WsRequest r = decodeOk(frame);
        assertThat(r).isEqualTo(new WsRequest(1003, "", "u9", "", "", null));
        // an interface field cannot be skipped safely
        refused(new GobBytes().structType(65, "Req", "I", IFACE).value(65, b -> {
            b.writeUint(1);
            b.writeString("T");
            b.writeUint(0);
        }).bytes()).hasMessage("Gob interface values are not supported");
        // an array whose count contradicts its type
        refused(new GobBytes().arrayType(66, INT, 3).structType(65, "Req", "A", 66).value(65, b -> {
            b.writeUint(1);
            b.writeUint(2);
            b.writeInt(1);
            b.writeInt(2);
            b.writeUint(0);
        }).bytes()).hasMessage("Gob array A has 2 elements, its type says 3");
    }

    @Test
    void gzipBombAndBrokenGzip() {
        byte[] zeros = new byte[20 * 1024 * 1024];
        byte[] bomb = Gzip.gzip(zeros);
        assertThat(bomb.length).isLessThan(64 * 1024);
        long start = System.nanoTime();
        assertThatThrownBy(() -> frames.decodeResponse(bomb, Encoding.GOB, true))
                .isInstanceOf(OpenImCodecException.class)
                .hasMessage("Gzip frame inflates past the limit of 1048576 bytes");
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms to refuse the bomb (bounds a hang, not a speed)")
                .isLessThan(10_000);

        byte[] gz = GoldenCases.resource("resp-push.gob.gz");
        assertThatThrownBy(() -> frames.decodeResponse(GoldenCases.resource("resp-push.gob"), Encoding.GOB, true))
                .isInstanceOf(OpenImCodecException.class)
                .hasMessage("Frame is not gzip (no gzip magic and deflate method)");
        byte[] badCrc = gz.clone();
        badCrc[badCrc.length - 6] ^= 1;
        assertThatThrownBy(() -> frames.decodeResponse(badCrc, Encoding.GOB, true))
                .isInstanceOf(OpenImCodecException.class).hasMessage("Gzip frame fails its CRC or size check");
        byte[] extra = Arrays.copyOf(gz, gz.length + 3);
        assertThatThrownBy(() -> frames.decodeResponse(extra, Encoding.GOB, true))
                .isInstanceOf(OpenImCodecException.class).hasMessage("Gzip frame has 3 bytes after its member");
        byte[] corrupt = gz.clone();
        corrupt[10] = (byte) 0xff; // a reserved deflate block type
        assertThatThrownBy(() -> frames.decodeResponse(corrupt, Encoding.GOB, true))
                .isInstanceOf(OpenImCodecException.class).hasMessageStartingWith("Corrupt gzip frame");
        byte[] flags = gz.clone();
        flags[3] = (byte) 0x80;
        assertThatThrownBy(() -> frames.decodeResponse(flags, Encoding.GOB, true))
                .isInstanceOf(OpenImCodecException.class).hasMessage("Gzip header has reserved flags set");
        byte[] name = gz.clone();
        name[3] = 8; // FNAME with no terminating zero before the end
        Arrays.fill(name, 10, name.length, (byte) 'a');
        assertThatThrownBy(() -> frames.decodeResponse(name, Encoding.GOB, true))
                .isInstanceOf(OpenImCodecException.class).hasMessage("Truncated gzip header");
    }

    @Test
    void malformedJson() {
        String[][] cases = {
                { "[]", "JSON response frame is not a JSON object" },
                { "{", "Malformed JSON response frame at byte 1 (JsonEOFException)" },
                { "{\"reqIdentifier\":\"1001\"}", "JSON key reqIdentifier is not an integer" },
                { "{\"reqIdentifier\":2147483648}", "JSON key reqIdentifier is out of range: 2147483648" },
                { "{\"errCode\":99999999999999999999}", "JSON key errCode is out of range" },
                { "{\"errCode\":1.5}", "JSON key errCode is not an integer" },
                { "{\"msgIncr\":7}", "JSON key msgIncr is not a string" },
                { "{\"data\":\"@@@\"}", "JSON key data is not valid base64" },
                { "{} {}", "JSON response frame has content after its object" },
                { "{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}",
                        "Malformed JSON response frame (StreamConstraintsException)" },
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> frames.decodeResponse(c[0].getBytes(StandardCharsets.UTF_8), Encoding.JSON, false))
                    .as(c[0]).isInstanceOf(OpenImCodecException.class).hasMessage(c[1]);
        }
    }

    @Test
    void errorMessagesNeverQuoteTheFrame() {
        String secret = "SECRET-TOKEN-abc";
        byte[] json = ("{\"token\":\"" + secret + "\",\"sendID\":" + secret + "}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> frames.decodeRequest(json, Encoding.JSON, false))
                .isInstanceOf(OpenImCodecException.class).message().doesNotContain("SECRET");
        WsRequest r = new WsRequest(1001, secret, "u1", "o1", "m1", null);
        assertThat(r.toString()).doesNotContain("SECRET");
        byte[] gob = frames.encodeRequest(r, Encoding.GOB, false);
        assertThatThrownBy(() -> frames.decodeRequest(Arrays.copyOf(gob, gob.length - 3), Encoding.GOB, false))
                .isInstanceOf(OpenImCodecException.class).message().doesNotContain("SECRET");
    }

    @Test
    void jsonLikeTheJsSdk() throws Exception {
        // the JS SDK sends no token key; Go matches keys without case; unknown keys are skipped
        String js = "{\"reqIdentifier\":1003,\"msgIncr\":\"m1\",\"SENDID\":\"u1\",\"operationID\":\"o1\","
                    + "\"data\":\"CgJ1MQ==\",\"extra\":{\"a\":[1,2]},\"token\":null}";
        WsRequest r = frames.decodeRequest(js.getBytes(StandardCharsets.UTF_8), Encoding.JSON, false);
        assertThat(r).isEqualTo(new WsRequest(1003, "", "u1", "o1", "m1", new byte[]{ 0x0a, 0x02, 0x75, 0x31 }));
    }
}
