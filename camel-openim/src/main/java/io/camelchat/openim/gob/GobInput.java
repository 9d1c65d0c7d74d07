package io.camelchat.openim.gob;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads gob primitives from a byte range; every length is checked against the bytes remaining before use. */
final class GobInput {

    private final byte[] buf;
    private int pos;
    private final int limit;

    GobInput(byte[] buf) {
        this(buf, 0, buf.length);
    }

    GobInput(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    int remaining() {
        return limit - pos;
    }

    /** The unsigned integer as its 64 bits (values over Long.MAX_VALUE come back negative). */
    long readUint(String what) throws OpenImCodecException {
        if (pos >= limit) {
            throw new OpenImCodecException("Truncated gob data: no byte left for " + what);
        }
        int b = buf[pos++] & 0xff;
        if (b < 0x80) {
            return b;
        }
        int n = 256 - b;
        if (n > 8) {
            throw new OpenImCodecException(
                    "Invalid gob unsigned integer for " + what + ": byte count " + n + " (at most 8)");
        }
        if (n > limit - pos) {
            throw new OpenImCodecException(
                    "Truncated gob data: " + what + " needs " + n + " bytes, " + (limit - pos) + " remain");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }

    long readInt(String what) throws OpenImCodecException {
        long u = readUint(what);
        return (u & 1) != 0 ? ~(u >>> 1) : u >>> 1;
    }

    int readInt32(String what) throws OpenImCodecException {
        long v = readInt(what);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new OpenImCodecException("Gob value of " + what + " is out of the int32 range: " + v);
        }
        return (int) v;
    }

    /** A count or byte length that must fit in what remains (each counted item takes at least one byte). */
    int readCount(String what) throws OpenImCodecException {
        long n = readUint(what);
        if (n < 0 || n > remaining()) {
            throw new OpenImCodecException("Invalid gob " + what + ": " + Long.toUnsignedString(n) + " but only "
                                           + remaining() + " bytes remain");
        }
        return (int) n;
    }

    String readString(String what) throws OpenImCodecException {
        int n = readCount("length of " + what);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    byte[] readBytes(String what) throws OpenImCodecException {
        int n = readCount("length of " + what);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    void skip(int n) {
        pos += n;
    }

    /** The next n bytes as an input of their own; this input moves past them. n was checked by readCount. */
    GobInput slice(int n) {
        GobInput s = new GobInput(buf, pos, n);
        pos += n;
        return s;
    }
}
