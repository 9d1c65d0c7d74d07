package io.camelchat.openim.gob;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A flat Go struct as gob sees it: its name (informational on the wire) and its exported fields in declaration order,
 * each an int (Go int32 or int64: one gob type), a string or a []byte.
 */
public final class GobSchema {

    /** The field kinds the envelopes use, with their predeclared gob type ids. */
    public enum Kind {
        INT32(2), INT64(2), STRING(6), BYTES(5);

        final int typeId;

        Kind(int typeId) {
            this.typeId = typeId;
        }
    }

    /** One exported field. */
    public record Field(String name, Kind kind) {
    }

    /** The gateway's request (open-im-server Req, Go SDK GeneralWsReq: the same fields in the same order). */
    public static final GobSchema REQUEST = new GobSchema("GeneralWsReq", List.of(
            new Field("ReqIdentifier", Kind.INT32), new Field("Token", Kind.STRING), new Field("SendID", Kind.STRING),
            new Field("OperationID", Kind.STRING), new Field("MsgIncr", Kind.STRING), new Field("Data", Kind.BYTES)));

    /** The gateway's reply and push (open-im-server Resp, in the server's field order). */
    public static final GobSchema RESPONSE = new GobSchema("Resp", List.of(
            new Field("ReqIdentifier", Kind.INT32), new Field("MsgIncr", Kind.STRING),
            new Field("OperationID", Kind.STRING), new Field("ErrCode", Kind.INT64), new Field("ErrMsg", Kind.STRING),
            new Field("Data", Kind.BYTES)));

    private final String name;
    private final List<Field> fields;
    private final Map<String, Integer> index = new HashMap<>();

    public GobSchema(String name, List<Field> fields) {
        this.name = name;
        this.fields = List.copyOf(fields);
        for (int i = 0; i < this.fields.size(); i++) {
            if (index.put(this.fields.get(i).name(), i) != null) {
                throw new IllegalArgumentException("Duplicate field " + this.fields.get(i).name() + " in " + name);
            }
        }
    }

    public String name() {
        return name;
    }

    public List<Field> fields() {
        return fields;
    }

    /** The local index of a field name, or -1. */
    int indexOf(String fieldName) {
        Integer i = index.get(fieldName);
        return i == null ? -1 : i;
    }

    /** The zero value of every field (0, empty string, empty bytes). */
    Object[] zeroValues() {
        Object[] v = new Object[fields.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (fields.get(i).kind()) {
                case INT32 -> 0;
                case INT64 -> 0L;
                case STRING -> "";
                case BYTES -> GobDecoder.NO_BYTES;
            };
        }
        return v;
    }
}
