package io.camelchat.openim.gob;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes gob primitives into a growing byte array. */
final class GobOutput {

    private byte[] buf;
    private int size;

    GobOutput(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    void writeUint(long u) {
        ensure(9);
        if (u >= 0 && u < 0x80) {
            buf[size++] = (byte) u;
            return;
        }
        int n = 8 - Long.numberOfLeadingZeros(u) / 8;
        buf[size++] = (byte) -n;
        for (int i = n - 1; i >= 0; i--) {
            buf[size++] = (byte) (u >>> (8 * i));
        }
    }

    void writeInt(long i) {
        writeUint(i < 0 ? (~i << 1) | 1 : i << 1);
    }

    void writeBytes(byte[] b) {
        writeUint(b.length);
        writeRaw(b, 0, b.length);
    }

    void writeString(String s) {
        writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    void writeRaw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    /** Appends another output as one gob message: its byte count, then its bytes. */
    void writeMessage(GobOutput body) {
        writeUint(body.size);
        writeRaw(body.buf, 0, body.size);
    }
}
