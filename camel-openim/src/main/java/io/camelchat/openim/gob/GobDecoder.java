package io.camelchat.openim.gob;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes a Go gob stream into flat structs described by a {@link GobSchema}. Stateful like a Go {@code gob.Decoder}:
 * type definitions stay known for later values of the same stream, and a type defined twice is an error. Fields are
 * matched by name from the received definition; fields unknown locally are skipped by their wire type, local fields
 * absent from the stream stay zero. Every malformed input is an {@link OpenImCodecException}. Not thread-safe.
 */
public final class GobDecoder {

    static final byte[] NO_BYTES = new byte[0];

    /** How deeply skipped values may nest (a struct in a slice in a struct... counts each level). */
    static final int MAX_DEPTH = 32;
    /** How many types one stream may define. */
    static final int MAX_TYPES = 256;
    /** How many fields one struct definition may have (OpenIM's envelopes have 6). */
    static final int MAX_STRUCT_FIELDS = 1024;

    private static final int T_BOOL = 1, T_INT = 2, T_UINT = 3, T_FLOAT = 4, T_BYTES = 5, T_STRING = 6,
            T_COMPLEX = 7, T_INTERFACE = 8;

    private enum WireKind {
        ARRAY, SLICE, STRUCT, MAP, GOB_ENCODER
    }

    /** A received type definition; for structs the field names and type ids in wire order. */
    private record WireType(WireKind kind, String name, int elem, int key, long length, List<String> fieldNames,
            int[] fieldTypes) {
    }

    private final Map<Integer, WireType> types = new HashMap<>();
    private final Map<Integer, int[]> mappings = new HashMap<>();
    private final int maxMessageSize;
    private GobSchema mappedSchema;

    /** @param maxMessageSize the largest gob message (definition or value) accepted, in bytes */
    public GobDecoder(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** Decodes the next value of the stream, reading any type definitions before it; the input moves past it. */
    Object[] decode(GobInput stream, GobSchema schema) throws OpenImCodecException {
        if (schema != mappedSchema) {
            mappings.clear();
            mappedSchema = schema;
        }
        while (true) {
            if (stream.remaining() == 0) {
                throw new OpenImCodecException("Truncated gob stream: no " + schema.name() + " value");
            }
            long length = stream.readUint("message length");
            if (length == 0) {
                throw new OpenImCodecException("Invalid gob message of length 0");
            }
            if (length < 0 || length > maxMessageSize) {
                throw new OpenImCodecException("Gob message of " + Long.toUnsignedString(length)
                                               + " bytes exceeds the limit of " + maxMessageSize);
            }
            if (length > stream.remaining()) {
                throw new OpenImCodecException("Truncated gob message: " + length + " bytes announced, "
                                               + stream.remaining() + " remain");
            }
            GobInput msg = stream.slice((int) length);
            long id = msg.readInt("type id");
            if (id < 0) {
                define(id, msg);
                continue;
            }
            Object[] v = decodeValue(id, msg, schema);
            if (msg.remaining() != 0) {
                throw new OpenImCodecException(
                        "Gob value message of type " + id + " has " + msg.remaining() + " unread bytes");
            }
            return v;
        }
    }

    /**
     * Decodes a byte array that holds exactly one value of a fresh stream (definition(s), then the value), as each
     * OpenIM frame does.
     */
    static Object[] decodeFrame(byte[] frame, GobSchema schema, int maxMessageSize) throws OpenImCodecException {
        if (frame.length == 0) {
            throw new OpenImCodecException("Empty gob frame");
        }
        GobInput in = new GobInput(frame);
        Object[] v = new GobDecoder(maxMessageSize).decode(in, schema);
        if (in.remaining() != 0) {
            throw new OpenImCodecException("Gob frame has " + in.remaining() + " bytes after its " + schema.name()
                                           + " value");
        }
        return v;
    }

    /** Decodes every value of a stream that holds only values of one schema (with their definitions). */
    public List<Object[]> decodeAll(byte[] stream, GobSchema schema) throws OpenImCodecException {
        GobInput in = new GobInput(stream);
        List<Object[]> values = new ArrayList<>();
        do {
            values.add(decode(in, schema));
        } while (in.remaining() > 0);
        return values;
    }

    // ---- definitions

    private void define(long negativeId, GobInput msg) throws OpenImCodecException {
        if (negativeId < -Integer.MAX_VALUE) {
            throw new OpenImCodecException("Gob type id out of range: " + -negativeId);
        }
        int id = (int) -negativeId;
        if (id < GobEncoder.FIRST_USER_TYPE_ID) {
            throw new OpenImCodecException("Gob definition of predeclared type id " + id);
        }
        if (types.containsKey(id)) {
            throw new OpenImCodecException("Duplicate gob type definition for id " + id);
        }
        if (types.size() >= MAX_TYPES) {
            throw new OpenImCodecException("More than " + MAX_TYPES + " gob type definitions in one stream");
        }
        WireType wt = null;
        int field = -1;
        while (true) {
            field = nextField(msg, field, 7, "wireType");
            if (field < 0) {
                break;
            }
            if (wt != null) {
                throw new OpenImCodecException("Gob type definition " + id + " has more than one kind");
            }
            wt = switch (field) {
                case 0 -> readArrayOrMap(msg, WireKind.ARRAY);
                case 1 -> readSlice(msg);
                case 2 -> readStruct(msg);
                case 3 -> readArrayOrMap(msg, WireKind.MAP);
                default -> readGobEncoder(msg);
            };
        }
        if (wt == null) {
            throw new OpenImCodecException("Gob type definition " + id + " has no kind");
        }
        if (msg.remaining() != 0) {
            throw new OpenImCodecException("Gob type definition " + id + " has " + msg.remaining() + " unread bytes");
        }
        types.put(id, wt);
    }

    /** The next field number of a struct being read (deltas from the previous one), or -1 at its end. */
    private static int nextField(GobInput in, int field, int count, String struct) throws OpenImCodecException {
        long delta = in.readUint("field delta of " + struct);
        if (delta == 0) {
            return -1;
        }
        if (delta < 0 || delta > count - 1 - field) {
            throw new OpenImCodecException("Gob field delta " + Long.toUnsignedString(delta) + " past the end of "
                                           + struct + " (field " + field + " of " + count + ")");
        }
        return field + (int) delta;
    }

    private static int readTypeId(GobInput in, String what) throws OpenImCodecException {
        long id = in.readInt(what);
        if (id <= 0 || id > Integer.MAX_VALUE) {
            throw new OpenImCodecException("Invalid gob type id " + id + " in " + what);
        }
        return (int) id;
    }

    /** CommonType{Name string, Id int}: the name (the id repeats the definition's). */
    private static String readCommon(GobInput in) throws OpenImCodecException {
        String name = "";
        int field = -1;
        while ((field = nextField(in, field, 2, "CommonType")) >= 0) {
            if (field == 0) {
                name = in.readString("type name");
            } else {
                in.readInt("CommonType.Id");
            }
        }
        return name;
    }

    private static WireType readArrayOrMap(GobInput in, WireKind kind) throws OpenImCodecException {
        String name = "";
        int a = 0;
        int b = 0;
        long length = 0;
        int field = -1;
        while ((field = nextField(in, field, 3, kind == WireKind.MAP ? "mapType" : "arrayType")) >= 0) {
            switch (field) {
                case 0 -> name = readCommon(in);
                case 1 -> a = readTypeId(in, kind == WireKind.MAP ? "map key" : "array element");
                default -> {
                    if (kind == WireKind.MAP) {
                        b = readTypeId(in, "map element");
                    } else {
                        length = in.readInt("array length");
                    }
                }
            }
        }
        if (a == 0 || (kind == WireKind.MAP && b == 0) || length < 0) {
            throw new OpenImCodecException("Incomplete gob " + kind.name().toLowerCase() + " type definition");
        }
        return kind == WireKind.MAP
                ? new WireType(kind, name, b, a, 0, List.of(), null)
                : new WireType(kind, name, a, 0, length, List.of(), null);
    }

    private static WireType readSlice(GobInput in) throws OpenImCodecException {
        String name = "";
        int elem = 0;
        int field = -1;
        while ((field = nextField(in, field, 2, "sliceType")) >= 0) {
            if (field == 0) {
                name = readCommon(in);
            } else {
                elem = readTypeId(in, "slice element");
            }
        }
        if (elem == 0) {
            throw new OpenImCodecException("Incomplete gob slice type definition");
        }
        return new WireType(WireKind.SLICE, name, elem, 0, 0, List.of(), null);
    }

    private static WireType readGobEncoder(GobInput in) throws OpenImCodecException {
        String name = "";
        int field = -1;
        while ((field = nextField(in, field, 1, "gobEncoderType")) >= 0) {
            name = readCommon(in);
        }
        return new WireType(WireKind.GOB_ENCODER, name, 0, 0, 0, List.of(), null);
    }

    private static WireType readStruct(GobInput in) throws OpenImCodecException {
        String name = "";
        List<String> names = List.of();
        int[] ids = new int[0];
        int field = -1;
        while ((field = nextField(in, field, 2, "structType")) >= 0) {
            if (field == 0) {
                name = readCommon(in);
                continue;
            }
            int count = in.readCount("struct field count");
            if (count > MAX_STRUCT_FIELDS) {
                throw new OpenImCodecException("Gob struct " + name + " defines " + count + " fields, more than the "
                                               + MAX_STRUCT_FIELDS + " allowed");
            }
            names = new ArrayList<>(count);
            Set<String> seen = new HashSet<>(count * 2);
            ids = new int[count];
            for (int i = 0; i < count; i++) {
                String fieldName = "";
                int fieldId = 0;
                int f = -1;
                while ((f = nextField(in, f, 2, "fieldType")) >= 0) {
                    if (f == 0) {
                        fieldName = in.readString("field name");
                    } else {
                        fieldId = readTypeId(in, "field " + fieldName);
                    }
                }
                if (fieldId == 0) {
                    throw new OpenImCodecException("Gob struct field " + fieldName + " has no type id");
                }
                if (!seen.add(fieldName)) {
                    throw new OpenImCodecException("Gob struct " + name + " names field " + fieldName + " twice");
                }
                names.add(fieldName);
                ids[i] = fieldId;
            }
        }
        return new WireType(WireKind.STRUCT, name, 0, 0, 0, names, ids);
    }

    // ---- values

    private Object[] decodeValue(long id, GobInput msg, GobSchema schema) throws OpenImCodecException {
        WireType wt = id > 0 && id <= Integer.MAX_VALUE ? types.get((int) id) : null;
        if (wt == null) {
            if (id > 0 && id < GobEncoder.FIRST_USER_TYPE_ID) {
                throw new OpenImCodecException("Gob value of predeclared type " + id + " where the struct "
                                               + schema.name() + " was expected");
            }
            throw new OpenImCodecException("Gob value of undefined type id " + id);
        }
        if (wt.kind() != WireKind.STRUCT) {
            throw new OpenImCodecException("Gob value of type " + id + " is a " + wt.kind().name().toLowerCase()
                                           + ", not the struct " + schema.name());
        }
        int[] mapping = mapping((int) id, wt, schema);
        Object[] values = schema.zeroValues();
        int field = -1;
        int count = wt.fieldTypes().length;
        while ((field = nextField(msg, field, count, wt.name())) >= 0) {
            int local = mapping[field];
            if (local < 0) {
                skip(wt.fieldTypes()[field], msg, 1);
                continue;
            }
            GobSchema.Field f = schema.fields().get(local);
            values[local] = switch (f.kind()) {
                case INT32 -> msg.readInt32(f.name());
                case INT64 -> msg.readInt(f.name());
                case STRING -> msg.readString(f.name());
                case BYTES -> msg.readBytes(f.name());
            };
        }
        return values;
    }

    /** For each received field, the local field it fills (-1: skipped); the wire types must agree. */
    private int[] mapping(int id, WireType wt, GobSchema schema) throws OpenImCodecException {
        int[] m = mappings.get(id);
        if (m != null) {
            return m;
        }
        m = new int[wt.fieldTypes().length];
        for (int i = 0; i < m.length; i++) {
            String name = wt.fieldNames().get(i);
            int local = schema.indexOf(name);
            if (local >= 0) {
                GobSchema.Kind kind = schema.fields().get(local).kind();
                int remote = wt.fieldTypes()[i];
                if (remote != kind.typeId) {
                    throw new OpenImCodecException("Gob field " + name + " of " + schema.name() + " has wire type "
                                                   + typeName(remote) + ", expected " + typeName(kind.typeId));
                }
            }
            m[i] = local;
        }
        mappings.put(id, m);
        return m;
    }

    private String typeName(int id) {
        return switch (id) {
            case T_BOOL -> "bool";
            case T_INT -> "int";
            case T_UINT -> "uint";
            case T_FLOAT -> "float";
            case T_BYTES -> "[]byte";
            case T_STRING -> "string";
            case T_COMPLEX -> "complex";
            case T_INTERFACE -> "interface";
            default -> {
                WireType wt = types.get(id);
                yield wt == null ? "type " + id : wt.kind().name().toLowerCase() + " " + id;
            }
        };
    }

    /** Skips one value of the given type; every value takes at least one byte, so work is bounded by the input. */
    private void skip(int id, GobInput in, int depth) throws OpenImCodecException {
        if (depth > MAX_DEPTH) {
            throw new OpenImCodecException("Gob value nests deeper than " + MAX_DEPTH + " levels");
        }
        switch (id) {
            case T_BOOL, T_INT, T_UINT, T_FLOAT -> in.readUint("skipped " + typeName(id));
            case T_COMPLEX -> {
                in.readUint("skipped complex");
                in.readUint("skipped complex");
            }
            case T_BYTES, T_STRING -> in.skip(in.readCount("length of a skipped " + typeName(id)));
            case T_INTERFACE -> throw new OpenImCodecException("Gob interface values are not supported");
            default -> {
                WireType wt = types.get(id);
                if (wt == null) {
                    throw new OpenImCodecException("Gob field of undefined type id " + id);
                }
                switch (wt.kind()) {
                    case STRUCT -> {
                        int field = -1;
                        while ((field = nextField(in, field, wt.fieldTypes().length, wt.name())) >= 0) {
                            skip(wt.fieldTypes()[field], in, depth + 1);
                        }
                    }
                    case SLICE, ARRAY -> {
                        int n = in.readCount("element count of " + wt.name());
                        if (wt.kind() == WireKind.ARRAY && n != wt.length()) {
                            throw new OpenImCodecException(
                                    "Gob array " + wt.name() + " has " + n + " elements, its type says " + wt.length());
                        }
                        for (int i = 0; i < n; i++) {
                            skip(wt.elem(), in, depth + 1);
                        }
                    }
                    case MAP -> {
                        int n = in.readCount("entry count of " + wt.name());
                        for (int i = 0; i < n; i++) {
                            skip(wt.key(), in, depth + 1);
                            skip(wt.elem(), in, depth + 1);
                        }
                    }
                    case GOB_ENCODER -> in.skip(in.readCount("length of a skipped " + wt.name()));
                }
            }
        }
    }
}
