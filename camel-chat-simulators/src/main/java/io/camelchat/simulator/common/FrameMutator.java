package io.camelchat.simulator.common;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Seeded mutations of valid frames, for malformed-frame faults and decoder fuzzing: 1 - 4 edits per input, each one of
 * twelve operators: bit flip, byte set to a boundary value, random byte, boundary byte inserted, 1 - 8 bytes deleted,
 * truncation, a block of up to 16 bytes duplicated, splicing with the tail of another frame, a length field rewritten
 * (two operators, by the frame format's {@link LengthCodec}), a format edit (e.g. a gzip header or trailer, or
 * none), and a byte copied from elsewhere in the frame. Not thread-safe (one per thread).
 */
public final class FrameMutator {

    /** Byte values at the edges of the integer encodings (sign bits, varint continuation, gob byte counts). */
    public static final int[] SPECIAL = { 0x00, 0x01, 0x02, 0x7f, 0x80, 0x81, 0xf7, 0xf8, 0xfc, 0xfe, 0xff };

    /** How many operators {@link #mutate} chooses from (the index of {@link #operatorCounts()}). */
    public static final int OPERATORS = 12;

    /** How a format writes an unsigned length, so that one can be found and rewritten. */
    public interface LengthCodec {
        /** The width in bytes of the integer starting at {@code p}, clipped to the array. */
        int width(byte[] b, int p);

        /** The encoding of {@code v}. */
        byte[] encode(long v);
    }

    /** Gob's unsigned integers: one byte under 128, else the negated byte count and the big-endian bytes. */
    public static final LengthCodec GOB_UINT = new LengthCodec() {
        @Override
        public int width(byte[] b, int p) {
            int first = b[p] & 0xff;
            if (first < 0x80) {
                return 1;
            }
            int n = 256 - first;
            return n > 8 ? 1 : Math.min(1 + n, b.length - p);
        }

        @Override
        public byte[] encode(long v) {
            return gobUint(v);
        }
    };

    /** Protobuf's base-128 varints (little-endian groups of 7 bits, the high bit continues). */
    public static final LengthCodec VARINT = new LengthCodec() {
        @Override
        public int width(byte[] b, int p) {
            int i = p;
            while (i < b.length && i - p < 10 && (b[i] & 0x80) != 0) {
                i++;
            }
            return Math.min(i - p + 1, b.length - p);
        }

        @Override
        public byte[] encode(long v) {
            byte[] out = new byte[10];
            int n = 0;
            long x = v;
            while ((x & ~0x7fL) != 0) {
                out[n++] = (byte) ((x & 0x7f) | 0x80);
                x >>>= 7;
            }
            out[n++] = (byte) x;
            return Arrays.copyOf(out, n);
        }
    };

    /** Decimal digits, as a JSON number or a length written in text (the digits at the position, rewritten). */
    public static final LengthCodec DECIMAL = new LengthCodec() {
        @Override
        public int width(byte[] b, int p) {
            int i = p;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            return Math.max(1, i - p);
        }

        @Override
        public byte[] encode(long v) {
            return Long.toUnsignedString(v).getBytes(StandardCharsets.US_ASCII);
        }
    };

    /** A format edit: takes the mutated bytes, returns them edited (or as they are). */
    public interface FormatEdit {
        byte[] edit(byte[] b, Random random);
    }

    /** No format edit. */
    public static final FormatEdit NONE = (b, random) -> b;

    /** The gzip header's flags, an FEXTRA length, or the trailer's CRC or size. */
    public static final FormatEdit GZIP = (b, random) -> {
        if (b.length < 18) {
            return b;
        }
        return switch (random.nextInt(4)) {
            case 0 -> set(b, 3, 1 << random.nextInt(8)); // FTEXT, FHCRC, FEXTRA, FNAME, FCOMMENT, reserved
            case 1 -> set(set(b, 3, 4), 10, SPECIAL[random.nextInt(SPECIAL.length)]); // FEXTRA with an XLEN
            case 2 -> set(b, b.length - 8 + random.nextInt(4), random.nextInt(256)); // CRC32
            default -> set(b, b.length - 4 + random.nextInt(4), SPECIAL[random.nextInt(SPECIAL.length)]); // ISIZE
        };
    };

    private final Random random;
    private final List<byte[]> spliceSources;
    private final long[] byOperator = new long[OPERATORS];

    /**
     * @param random        the source of every choice (seeded for reproducible runs)
     * @param spliceSources frames whose tails the splice operator appends (at least one)
     */
    public FrameMutator(Random random, List<byte[]> spliceSources) {
        this.random = Objects.requireNonNull(random);
        if (spliceSources.isEmpty()) {
            throw new IllegalArgumentException("no frames to splice with");
        }
        this.spliceSources = List.copyOf(spliceSources);
    }

    /** The input with 1 - 4 mutations; lengths rewritten as {@code lengths} writes them, format edits by {@code format}. */
    public byte[] mutate(byte[] in, LengthCodec lengths, FormatEdit format) {
        byte[] b = in;
        int n = 1 + random.nextInt(4);
        for (int k = 0; k < n; k++) {
            if (b.length == 0) {
                return new byte[]{ (byte) random.nextInt(256) };
            }
            int p = random.nextInt(b.length);
            int op = random.nextInt(OPERATORS);
            byOperator[op]++;
            switch (op) {
                case 0 -> b = set(b, p, (b[p] & 0xff) ^ (1 << random.nextInt(8)));
                case 1 -> b = set(b, p, SPECIAL[random.nextInt(SPECIAL.length)]);
                case 2 -> b = set(b, p, random.nextInt(256));
                case 3 -> b = insert(b, p, new byte[]{ (byte) SPECIAL[random.nextInt(SPECIAL.length)] });
                case 4 -> {
                    int len = Math.min(b.length - p, 1 + random.nextInt(8));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, p);
                    System.arraycopy(b, p + len, c, p, b.length - p - len);
                    b = c;
                }
                case 5 -> b = Arrays.copyOf(b, p);
                case 6 -> b = insert(b, p, Arrays.copyOfRange(b, p, Math.min(b.length, p + 1 + random.nextInt(16))));
                case 7 -> {
                    byte[] o = spliceSources.get(random.nextInt(spliceSources.size()));
                    if (o.length > 0) {
                        int q = random.nextInt(o.length);
                        byte[] c = Arrays.copyOf(b, p + o.length - q);
                        System.arraycopy(o, q, c, p, o.length - q);
                        b = c;
                    }
                }
                case 8, 9 -> b = editLength(b, lengths);
                case 10 -> b = format.edit(b, random);
                default -> b = set(b, p, b[random.nextInt(b.length)] & 0xff);
            }
        }
        return b;
    }

    /** Random bytes, 0 - {@code maxLength} of them. */
    public byte[] randomBytes(int maxLength) {
        byte[] b = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(b);
        return b;
    }

    /**
     * Rewrites the integer at a random position (a length, a count, a field tag: whichever the position holds) to a
     * boundary value, the bytes remaining after it plus or minus one, or a multi-byte value up to 2^64 - 1.
     */
    public byte[] editLength(byte[] b, LengthCodec codec) {
        if (b.length == 0) {
            return b;
        }
        int p = random.nextInt(b.length);
        int width = codec.width(b, p);
        long remaining = b.length - p - width;
        long v = switch (random.nextInt(7)) {
            case 0 -> 0;
            case 1 -> remaining + 1;
            case 2 -> Math.max(0, remaining - 1);
            case 3 -> 0x7f;
            case 4 -> 1L << (8 + random.nextInt(24));
            case 5 -> Integer.MAX_VALUE + (long) random.nextInt(3);
            default -> -1L - random.nextInt(3); // 2^64 - 1 ...
        };
        byte[] encoded = codec.encode(v);
        byte[] c = new byte[b.length - width + encoded.length];
        System.arraycopy(b, 0, c, 0, p);
        System.arraycopy(encoded, 0, c, p, encoded.length);
        System.arraycopy(b, p + width, c, p + encoded.length, b.length - p - width);
        return c;
    }

    /** How often each operator was chosen so far. */
    public long[] operatorCounts() {
        return byOperator.clone();
    }

    /** A gob unsigned integer: one byte under 128, else the negated byte count and the big-endian bytes. */
    public static byte[] gobUint(long v) {
        if (v >= 0 && v < 0x80) {
            return new byte[]{ (byte) v };
        }
        int n = 8 - Long.numberOfLeadingZeros(v) / 8;
        byte[] out = new byte[n + 1];
        out[0] = (byte) -n;
        for (int i = 0; i < n; i++) {
            out[n - i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    /** A copy of {@code b} with byte {@code p} set to {@code v}. */
    public static byte[] set(byte[] b, int p, int v) {
        byte[] c = b.clone();
        c[p] = (byte) v;
        return c;
    }

    /** A copy of {@code b} with {@code what} inserted at {@code p}. */
    public static byte[] insert(byte[] b, int p, byte[] what) {
        byte[] c = new byte[b.length + what.length];
        System.arraycopy(b, 0, c, 0, p);
        System.arraycopy(what, 0, c, p, what.length);
        System.arraycopy(b, p, c, p + what.length, b.length - p);
        return c;
    }
}
