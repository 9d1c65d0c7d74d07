package io.camelchat.openim.gob;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Encodes struct values as a Go gob stream. Like a Go {@code gob.Encoder}, it sends a type's definition before its
 * first value and only the value afterwards; OpenIM peers use a fresh encoder per frame (see
 * {@link #encodeFresh(GobSchema, Object[], int)}). Not thread-safe.
 */
public final class GobEncoder {

    /** The first id of user types in a Go process. */
    public static final int FIRST_USER_TYPE_ID = 65;

    private final Map<GobSchema, Integer> sent = new IdentityHashMap<>();
    private final GobOutput body = new GobOutput(256);
    private final GobOutput out;
    private int nextId;

    /** An encoder whose first type gets id 65, as a fresh Go process announces it. */
    public GobEncoder() {
        this(FIRST_USER_TYPE_ID);
    }

    /** An encoder whose first type gets the given id (66 = a Go server that decoded a request before replying). */
    public GobEncoder(int firstTypeId) {
        if (firstTypeId < FIRST_USER_TYPE_ID) {
            throw new IllegalArgumentException("gob user type ids start at 65, not " + firstTypeId);
        }
        this.nextId = firstTypeId;
        this.out = new GobOutput(512);
    }

    /** One frame of a fresh encoder: the type definition, then the value. */
    public static byte[] encodeFresh(GobSchema schema, Object[] values, int typeId) {
        GobEncoder e = new GobEncoder(typeId);
        e.encode(schema, values);
        return e.takeBytes();
    }

    /**
     * Appends one value (and its type's definition if this encoder has not sent it) to the stream. values[i] is the
     * field i of the schema: an Integer or Long for ints, a String, a byte[]; null means the zero value.
     */
    public void encode(GobSchema schema, Object[] values) {
        if (values.length != schema.fields().size()) {
            throw new IllegalArgumentException(
                    schema.name() + " has " + schema.fields().size() + " fields, not " + values.length);
        }
        Integer id = sent.get(schema);
        if (id == null) {
            id = nextId++;
            sent.put(schema, id);
            writeDefinition(schema, id);
        }
        body.reset();
        body.writeInt(id);
        int last = -1;
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            GobSchema.Kind kind = schema.fields().get(i).kind();
            switch (kind) {
                case INT32, INT64 -> {
                    long n = v == null ? 0 : ((Number) v).longValue();
                    if (n != 0) {
                        body.writeUint(i - last);
                        body.writeInt(n);
                        last = i;
                    }
                }
                case STRING -> {
                    String s = (String) v;
                    if (s != null && !s.isEmpty()) {
                        body.writeUint(i - last);
                        body.writeString(s);
                        last = i;
                    }
                }
                case BYTES -> {
                    byte[] b = (byte[]) v;
                    if (b != null && b.length > 0) {
                        body.writeUint(i - last);
                        body.writeBytes(b);
                        last = i;
                    }
                }
            }
        }
        body.writeUint(0);
        out.writeMessage(body);
    }

    /** The bytes encoded since the last call. */
    public byte[] takeBytes() {
        byte[] b = out.toByteArray();
        out.reset();
        return b;
    }

    /** wireType{StructT: structType{CommonType{Name, Id}, Field: []fieldType{Name, Id}}}, as 2.4 of the protocol notes. */
    private void writeDefinition(GobSchema schema, int id) {
        body.reset();
        body.writeInt(-id);
        body.writeUint(3); // wireType.StructT (field 2)
        body.writeUint(1); // structType.CommonType
        body.writeUint(1); // CommonType.Name
        body.writeString(schema.name());
        body.writeUint(1); // CommonType.Id
        body.writeInt(id);
        body.writeUint(0); // end CommonType
        body.writeUint(1); // structType.Field
        body.writeUint(schema.fields().size());
        for (GobSchema.Field f : schema.fields()) {
            body.writeUint(1);
            body.writeString(f.name());
            body.writeUint(1);
            body.writeInt(f.kind().typeId);
            body.writeUint(0);
        }
        body.writeUint(0); // end structType
        body.writeUint(0); // end wireType
        out.writeMessage(body);
    }
}
