package io.camelchat.openim.gob;

import java.util.function.Consumer;

/** Hand-made gob streams for the malformed-input tests: definitions and values written field by field. */
final class GobBytes {

    private final GobOutput stream = new GobOutput(256);

    /** A struct definition: name, then pairs of field name and type id. */
    GobBytes structType(int id, String name, Object... fields) {
        return definition(id, 3, b -> {
            common(b, name, id);
            b.writeUint(1);
            b.writeUint(fields.length / 2);
            for (int i = 0; i < fields.length; i += 2) {
                b.writeUint(1);
                b.writeString((String) fields[i]);
                b.writeUint(1);
                b.writeInt((Integer) fields[i + 1]);
                b.writeUint(0);
            }
            b.writeUint(0);
        });
    }

    GobBytes sliceType(int id, int elem) {
        return definition(id, 2, b -> {
            common(b, "S", id);
            b.writeUint(1);
            b.writeInt(elem);
            b.writeUint(0);
        });
    }

    GobBytes arrayType(int id, int elem, int length) {
        return definition(id, 1, b -> {
            common(b, "A", id);
            b.writeUint(1);
            b.writeInt(elem);
            b.writeUint(1);
            b.writeInt(length);
            b.writeUint(0);
        });
    }

    GobBytes mapType(int id, int key, int elem) {
        return definition(id, 4, b -> {
            common(b, "M", id);
            b.writeUint(1);
            b.writeInt(key);
            b.writeUint(1);
            b.writeInt(elem);
            b.writeUint(0);
        });
    }

    GobBytes gobEncoderType(int id) {
        return definition(id, 5, b -> {
            common(b, "G", id);
            b.writeUint(0);
        });
    }

    /** A definition message whose wireType body is written by the caller (after the type id). */
    GobBytes definitionBody(int id, Consumer<GobOutput> body) {
        return message(b -> {
            b.writeInt(-id);
            body.accept(b);
        });
    }

    /** A value message: the type id, then what the caller writes (deltas, values, the final 0). */
    GobBytes value(int id, Consumer<GobOutput> fields) {
        return message(b -> {
            b.writeInt(id);
            fields.accept(b);
        });
    }

    GobBytes message(Consumer<GobOutput> body) {
        GobOutput b = new GobOutput(64);
        body.accept(b);
        stream.writeMessage(b);
        return this;
    }

    GobBytes raw(int... bytes) {
        for (int x : bytes) {
            stream.writeRaw(new byte[]{ (byte) x }, 0, 1);
        }
        return this;
    }

    byte[] bytes() {
        return stream.toByteArray();
    }

    private GobBytes definition(int id, int wireDelta, Consumer<GobOutput> inner) {
        return definitionBody(id, b -> {
            b.writeUint(wireDelta);
            inner.accept(b);
            b.writeUint(0);
        });
    }

    private static void common(GobOutput b, String name, int id) {
        b.writeUint(1);
        b.writeUint(1);
        b.writeString(name);
        b.writeUint(1);
        b.writeInt(id);
        b.writeUint(0);
    }
}
