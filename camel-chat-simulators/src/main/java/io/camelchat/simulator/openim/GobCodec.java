package io.camelchat.simulator.openim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's own Go {@code encoding/gob} codec for the gateway's two flat structs (reference section 2). Decoding
 * reads a whole frame with fresh state (type definitions, then one struct value) and returns the fields by the names
 * of the received definition; encoding writes the server's {@code Resp} (definition + value, as a fresh Go encoder
 * does). Only the wire types int, uint, bool, float, string and []byte may appear in a struct; anything else, and
 * every malformation of section 2.8, is an {@link IllegalArgumentException}.
 */
final class GobCodec {

    private static final int T_BOOL = 1;
    private static final int T_INT = 2;
    private static final int T_UINT = 3;
    private static final int T_FLOAT = 4;
    private static final int T_BYTES = 5;
    private static final int T_STRING = 6;

    /** The server's Resp fields in declaration order with their wire types. */
    private static final String[] RESP_FIELDS = { "ReqIdentifier", "MsgIncr", "OperationID", "ErrCode", "ErrMsg",
            "Data" };
    private static final int[] RESP_TYPES = { T_INT, T_STRING, T_STRING, T_INT, T_STRING, T_BYTES };

    private record Field(String name, int type) {
    }

    private GobCodec() {
    }

    /**
     * Decodes one frame holding one struct value: field name &rarr; Long (int, uint, bool as 0/1), Double, String or
     * byte[]; absent fields are absent (zero).
     */
    static Map<String, Object> decode(byte[] frame) {
        if (frame.length == 0) {
            throw new IllegalArgumentException("empty gob frame");
        }
        Reader in = new Reader(frame, 0, frame.length);
        Map<Integer, List<Field>> types = new HashMap<>();
        while (in.more()) {
            long count = in.uint();
            if (count <= 0 || count > in.remaining()) {
                throw new IllegalArgumentException("gob message length " + count + " beyond the frame");
            }
            Reader msg = new Reader(frame, in.pos, in.pos + (int) count);
            in.pos += (int) count;
            long id = msg.signed();
            if (id < 0) {
                int defined = (int) -id;
                if (defined < 65 || types.containsKey(defined)) {
                    throw new IllegalArgumentException("gob: bad or duplicate type id " + defined);
                }
                types.put(defined, readStructDefinition(msg));
                msg.end();
                continue;
            }
            List<Field> fields = types.get((int) id);
            if (fields == null) {
                throw new IllegalArgumentException("gob: value of undefined type " + id);
            }
            Map<String, Object> value = readStructValue(msg, fields);
            msg.end();
            if (in.more()) {
                throw new IllegalArgumentException("gob: trailing bytes after the value");
            }
            return value;
        }
        throw new IllegalArgumentException("gob: no value in frame");
    }

    private static List<Field> readStructDefinition(Reader m) {
        // wireType: only field 2 (StructT) is accepted
        if (m.uint() != 3) {
            throw new IllegalArgumentException("gob: type definition is not a struct");
        }
        // structType: field 0 CommonType, field 1 Field
        long delta = m.uint();
        int field = -1;
        List<Field> fields = new ArrayList<>();
        while (delta != 0) {
            field += (int) delta;
            if (field == 0) {
                readCommonType(m);
            } else if (field == 1) {
                long n = m.uint();
                if (n > m.remaining()) {
                    throw new IllegalArgumentException("gob: field count beyond message");
                }
                for (long i = 0; i < n; i++) {
                    fields.add(readFieldType(m));
                }
            } else {
                throw new IllegalArgumentException("gob: bad structType field " + field);
            }
            delta = m.uint();
        }
        if (m.uint() != 0) {
            throw new IllegalArgumentException("gob: wireType has more than one kind");
        }
        return fields;
    }

    private static void readCommonType(Reader m) {
        int field = -1;
        for (long delta = m.uint(); delta != 0; delta = m.uint()) {
            field += (int) delta;
            if (field == 0) {
                m.string();
            } else if (field == 1) {
                m.signed();
            } else {
                throw new IllegalArgumentException("gob: bad CommonType field " + field);
            }
        }
    }

    private static Field readFieldType(Reader m) {
        String name = "";
        long type = 0;
        int field = -1;
        for (long delta = m.uint(); delta != 0; delta = m.uint()) {
            field += (int) delta;
            if (field == 0) {
                name = m.string();
            } else if (field == 1) {
                type = m.signed();
            } else {
                throw new IllegalArgumentException("gob: bad fieldType field " + field);
            }
        }
        return new Field(name, (int) type);
    }

    private static Map<String, Object> readStructValue(Reader m, List<Field> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        int field = -1;
        for (long delta = m.uint(); delta != 0; delta = m.uint()) {
            if (delta > fields.size() || field + delta >= fields.size()) {
                throw new IllegalArgumentException("gob: field delta beyond the struct");
            }
            field += (int) delta;
            Field f = fields.get(field);
            Object v = switch (f.type()) {
                case T_INT -> m.signed();
                case T_UINT, T_BOOL -> m.uint();
                case T_FLOAT -> Double.longBitsToDouble(Long.reverseBytes(m.uint()));
                case T_STRING -> m.string();
                case T_BYTES -> m.bytes();
                default -> throw new IllegalArgumentException("gob: field " + f.name() + " has unsupported type "
                                                              + f.type());
            };
            out.put(f.name(), v);
        }
        return out;
    }

    /** One Resp frame: definition of {@code typeId} then the value; zero fields omitted. */
    static byte[] encodeResp(int typeId, int reqIdentifier, String msgIncr, String operationId, long errCode,
                             String errMsg, byte[] data) {
        ByteArrayOutputStream def = new ByteArrayOutputStream();
        writeSigned(def, -typeId);
        writeUint(def, 3);
        writeUint(def, 1);
        writeUint(def, 1);
        writeString(def, "Resp");
        writeUint(def, 1);
        writeSigned(def, typeId);
        writeUint(def, 0);
        writeUint(def, 1);
        writeUint(def, RESP_FIELDS.length);
        for (int i = 0; i < RESP_FIELDS.length; i++) {
            writeUint(def, 1);
            writeString(def, RESP_FIELDS[i]);
            writeUint(def, 1);
            writeSigned(def, RESP_TYPES[i]);
            writeUint(def, 0);
        }
        writeUint(def, 0);
        writeUint(def, 0);

        ByteArrayOutputStream val = new ByteArrayOutputStream();
        writeSigned(val, typeId);
        Object[] values = { (long) reqIdentifier, msgIncr, operationId, errCode, errMsg, data };
        int last = -1;
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            boolean zero = v == null || v instanceof Long l && l == 0 || v instanceof String s && s.isEmpty()
                    || v instanceof byte[] b && b.length == 0;
            if (zero) {
                continue;
            }
            writeUint(val, i - last);
            last = i;
            if (v instanceof Long l) {
                writeSigned(val, l);
            } else if (v instanceof String s) {
                writeString(val, s);
            } else {
                byte[] b = (byte[]) v;
                writeUint(val, b.length);
                val.writeBytes(b);
            }
        }
        writeUint(val, 0);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeUint(out, def.size());
        out.writeBytes(def.toByteArray());
        writeUint(out, val.size());
        out.writeBytes(val.toByteArray());
        return out.toByteArray();
    }

    static void writeUint(ByteArrayOutputStream out, long u) {
        if (u >= 0 && u < 128) {
            out.write((int) u);
            return;
        }
        int n = 8 - Long.numberOfLeadingZeros(u) / 8;
        out.write(256 - n);
        for (int i = n - 1; i >= 0; i--) {
            out.write((int) (u >>> (8 * i)) & 0xff);
        }
    }

    static void writeSigned(ByteArrayOutputStream out, long i) {
        writeUint(out, i < 0 ? (~i << 1) | 1 : i << 1);
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeUint(out, b.length);
        out.writeBytes(b);
    }

    /** A bounded cursor over one gob message. */
    private static final class Reader {
        private final byte[] buf;
        private final int limit;
        private int pos;

        Reader(byte[] buf, int from, int limit) {
            this.buf = buf;
            this.pos = from;
            this.limit = limit;
        }

        boolean more() {
            return pos < limit;
        }

        int remaining() {
            return limit - pos;
        }

        void end() {
            if (pos != limit) {
                throw new IllegalArgumentException("gob: " + (limit - pos) + " unread bytes in a message");
            }
        }

        long uint() {
            if (pos >= limit) {
                throw new IllegalArgumentException("gob: truncated integer");
            }
            int b = buf[pos++] & 0xff;
            if (b < 128) {
                return b;
            }
            int n = 256 - b;
            if (n > 8) {
                throw new IllegalArgumentException("gob: integer of " + n + " bytes");
            }
            if (n > remaining()) {
                throw new IllegalArgumentException("gob: truncated integer");
            }
            long u = 0;
            for (int i = 0; i < n; i++) {
                u = (u << 8) | (buf[pos++] & 0xff);
            }
            return u;
        }

        long signed() {
            long u = uint();
            return (u & 1) != 0 ? ~(u >>> 1) : u >>> 1;
        }

        byte[] bytes() {
            long n = uint();
            if (n < 0 || n > remaining()) {
                throw new IllegalArgumentException("gob: byte length " + n + " beyond the message");
            }
            byte[] b = new byte[(int) n];
            System.arraycopy(buf, pos, b, 0, (int) n);
            pos += (int) n;
            return b;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }
    }
}
