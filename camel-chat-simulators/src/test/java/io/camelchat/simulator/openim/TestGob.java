package io.camelchat.simulator.openim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tests' own tiny gob writer and reader (a Go SDK's {@code GeneralWsReq} out, a server {@code Resp} in), written
 * from the reference's section 2 and independent of the simulator's codec.
 */
final class TestGob {

    /** A decoded Resp: its announced type id, field names in definition order, and the values. */
    record Decoded(long typeId, String typeName, List<String> fieldOrder, Map<String, Object> values) {
        long reqIdentifier() {
            return values.get("ReqIdentifier") instanceof Long l ? l : 0;
        }

        long errCode() {
            return values.get("ErrCode") instanceof Long l ? l : 0;
        }

        String str(String name) {
            return values.get(name) instanceof String s ? s : "";
        }

        byte[] data() {
            return values.get("Data") instanceof byte[] b ? b : new byte[0];
        }
    }

    private TestGob() {
    }

    /** GeneralWsReq{ReqIdentifier, Token, SendID, OperationID, MsgIncr, Data} announced as type 65. */
    static byte[] request(long reqIdentifier, String token, String sendId, String operationId, String msgIncr,
                          byte[] data) {
        ByteArrayOutputStream def = new ByteArrayOutputStream();
        sint(def, -65);
        uint(def, 3); // wireType.StructT
        uint(def, 1); // structType.CommonType
        uint(def, 1);
        str(def, "GeneralWsReq");
        uint(def, 1);
        sint(def, 65);
        uint(def, 0);
        uint(def, 1); // structType.Field
        String[] names = { "ReqIdentifier", "Token", "SendID", "OperationID", "MsgIncr", "Data" };
        int[] types = { 2, 6, 6, 6, 6, 5 };
        uint(def, names.length);
        for (int i = 0; i < names.length; i++) {
            uint(def, 1);
            str(def, names[i]);
            uint(def, 1);
            sint(def, types[i]);
            uint(def, 0);
        }
        uint(def, 0);
        uint(def, 0);
        ByteArrayOutputStream val = new ByteArrayOutputStream();
        sint(val, 65);
        Object[] values = { reqIdentifier, token, sendId, operationId, msgIncr, data };
        int prev = -1;
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null || v instanceof Long l && l == 0 || v instanceof String s && s.isEmpty()
                    || v instanceof byte[] b && b.length == 0) {
                continue;
            }
            uint(val, i - prev);
            prev = i;
            if (v instanceof Long l) {
                sint(val, l);
            } else if (v instanceof String s) {
                str(val, s);
            } else {
                uint(val, ((byte[]) v).length);
                val.writeBytes((byte[]) v);
            }
        }
        uint(val, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        uint(out, def.size());
        out.writeBytes(def.toByteArray());
        uint(out, val.size());
        out.writeBytes(val.toByteArray());
        return out.toByteArray();
    }

    /** Reads [definition][value] of one struct; fails on anything else. */
    static Decoded decode(byte[] frame) {
        int[] pos = { 0 };
        int defLen = (int) ruint(frame, pos);
        int defEnd = pos[0] + defLen;
        long negId = rsint(frame, pos);
        if (negId >= 0) {
            throw new AssertionError("first message is not a type definition");
        }
        expect(ruint(frame, pos), 3);
        expect(ruint(frame, pos), 1);
        expect(ruint(frame, pos), 1);
        String typeName = rstr(frame, pos);
        expect(ruint(frame, pos), 1);
        expect(rsint(frame, pos), -negId);
        expect(ruint(frame, pos), 0);
        expect(ruint(frame, pos), 1);
        long n = ruint(frame, pos);
        List<String> names = new ArrayList<>();
        List<Long> types = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expect(ruint(frame, pos), 1);
            names.add(rstr(frame, pos));
            expect(ruint(frame, pos), 1);
            types.add(rsint(frame, pos));
            expect(ruint(frame, pos), 0);
        }
        expect(ruint(frame, pos), 0);
        expect(ruint(frame, pos), 0);
        expect(pos[0], defEnd);
        int valLen = (int) ruint(frame, pos);
        int valEnd = pos[0] + valLen;
        expect(rsint(frame, pos), -negId);
        Map<String, Object> values = new LinkedHashMap<>();
        int field = -1;
        for (long d = ruint(frame, pos); d != 0; d = ruint(frame, pos)) {
            field += (int) d;
            long t = types.get(field);
            Object v = t == 2 ? (Object) rsint(frame, pos) : t == 6 ? rstr(frame, pos) : rbytes(frame, pos);
            values.put(names.get(field), v);
        }
        expect(pos[0], valEnd);
        expect(valEnd, frame.length);
        return new Decoded(-negId, typeName, names, values);
    }

    private static void expect(long got, long want) {
        if (got != want) {
            throw new AssertionError("gob: expected " + want + " got " + got);
        }
    }

    static void uint(ByteArrayOutputStream o, long u) {
        if (u >= 0 && u <= 127) {
            o.write((int) u);
            return;
        }
        byte[] be = new byte[8];
        for (int i = 7; i >= 0; i--) {
            be[i] = (byte) u;
            u >>>= 8;
        }
        int skip = 0;
        while (skip < 7 && be[skip] == 0) {
            skip++;
        }
        o.write(-(8 - skip) & 0xff);
        o.write(be, skip, 8 - skip);
    }

    static void sint(ByteArrayOutputStream o, long i) {
        uint(o, i >= 0 ? i << 1 : (~i << 1) | 1);
    }

    private static void str(ByteArrayOutputStream o, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        uint(o, b.length);
        o.writeBytes(b);
    }

    private static long ruint(byte[] b, int[] p) {
        int first = b[p[0]++] & 0xff;
        if (first < 128) {
            return first;
        }
        int n = 256 - first;
        long u = 0;
        for (int i = 0; i < n; i++) {
            u = u << 8 | (b[p[0]++] & 0xff);
        }
        return u;
    }

    private static long rsint(byte[] b, int[] p) {
        long u = ruint(b, p);
        return (u & 1) == 1 ? ~(u >>> 1) : u >>> 1;
    }

    private static byte[] rbytes(byte[] b, int[] p) {
        int n = (int) ruint(b, p);
        byte[] out = new byte[n];
        System.arraycopy(b, p[0], out, 0, n);
        p[0] += n;
        return out;
    }

    private static String rstr(byte[] b, int[] p) {
        return new String(rbytes(b, p), StandardCharsets.UTF_8);
    }
}
