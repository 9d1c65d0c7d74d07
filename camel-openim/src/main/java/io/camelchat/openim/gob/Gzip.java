package io.camelchat.openim.gob;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;

/** gzip (RFC 1952) of whole frames, inflating at most a given number of bytes. */
final class Gzip {

    private static final int FTEXT_MASK_RESERVED = 0xe0, FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16;

    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(() -> new Inflater(true));

    private Gzip() {
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 32);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 4096)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** One gzip member, nothing after it; inflating past limit bytes is refused. */
    static byte[] gunzip(byte[] in, int limit) throws OpenImCodecException {
        if (in.length < 18) {
            throw new OpenImCodecException(
                    "Gzip frame of " + in.length + " bytes is shorter than a gzip header and trailer");
        }
        if ((in[0] & 0xff) != 0x1f || (in[1] & 0xff) != 0x8b || in[2] != 8) {
            throw new OpenImCodecException("Frame is not gzip (no gzip magic and deflate method)");
        }
        int flags = in[3] & 0xff;
        if ((flags & FTEXT_MASK_RESERVED) != 0) {
            throw new OpenImCodecException("Gzip header has reserved flags set");
        }
        int pos = 10;
        if ((flags & FEXTRA) != 0) {
            int xlen = (in[pos] & 0xff) | (in[pos + 1] & 0xff) << 8;
            pos += 2 + xlen;
        }
        if ((flags & FNAME) != 0) {
            pos = skipZeroTerminated(in, pos);
        }
        if ((flags & FCOMMENT) != 0) {
            pos = skipZeroTerminated(in, pos);
        }
        if ((flags & FHCRC) != 0) {
            pos += 2;
        }
        if (pos > in.length - 8) {
            throw new OpenImCodecException("Truncated gzip header");
        }
        // one inflater per thread, reset between frames: creating one (zlib's window) costs more than a small frame
        Inflater inflater = INFLATER.get();
        inflater.reset();
        try {
            inflater.setInput(in, pos, in.length - pos);
            // the trailer's size is a hint only (checked below); never more than the limit allows
            long hint = readIntLe(in, in.length - 4) & 0xffffffffL;
            byte[] out = new byte[(int) Math.min((long) limit + 1, Math.max(64, Math.min(hint, in.length * 64L)))];
            int size = 0;
            byte[] probe = new byte[1];
            while (!inflater.finished()) {
                if (size == out.length) {
                    if (size > limit) {
                        throw new OpenImCodecException("Gzip frame inflates past the limit of " + limit + " bytes");
                    }
                    // usually the output is complete (sized from the trailer): see whether the stream ends here
                    int p = inflater.inflate(probe);
                    if (p == 0 && inflater.finished()) {
                        break;
                    }
                    out = Arrays.copyOf(out, (int) Math.min((long) limit + 1, out.length * 2L));
                    if (p == 1) {
                        out[size++] = probe[0];
                        continue;
                    }
                }
                int n = inflater.inflate(out, size, out.length - size);
                size += n;
                if (n == 0 && !inflater.finished()) {
                    if (inflater.needsInput()) {
                        throw new OpenImCodecException("Truncated gzip frame");
                    }
                    if (inflater.needsDictionary()) {
                        throw new OpenImCodecException("Gzip frame needs a preset dictionary");
                    }
                    if (size < out.length) {
                        throw new OpenImCodecException("Corrupt gzip frame: inflating made no progress");
                    }
                }
            }
            if (size > limit) {
                throw new OpenImCodecException("Gzip frame inflates past the limit of " + limit + " bytes");
            }
            int trailer = in.length - inflater.getRemaining();
            if (inflater.getRemaining() != 8) {
                throw new OpenImCodecException(inflater.getRemaining() < 8
                        ? "Truncated gzip trailer"
                        : "Gzip frame has " + (inflater.getRemaining() - 8) + " bytes after its member");
            }
            CRC32 crc = new CRC32();
            crc.update(out, 0, size);
            if ((int) crc.getValue() != readIntLe(in, trailer) || size != readIntLe(in, trailer + 4)) {
                throw new OpenImCodecException("Gzip frame fails its CRC or size check");
            }
            return size == out.length ? out : Arrays.copyOf(out, size);
        } catch (DataFormatException e) {
            throw new OpenImCodecException("Corrupt gzip frame: " + e.getMessage());
        } finally {
            inflater.reset();
        }
    }

    /** gunzip of a frame known to be valid (tests and benchmarks). */
    static byte[] gunzipUnchecked(byte[] in) {
        try {
            return gunzip(in, Integer.MAX_VALUE - 8);
        } catch (OpenImCodecException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static int skipZeroTerminated(byte[] in, int pos) throws OpenImCodecException {
        while (pos < in.length && in[pos] != 0) {
            pos++;
        }
        if (pos >= in.length) {
            throw new OpenImCodecException("Truncated gzip header");
        }
        return pos + 1;
    }

    private static int readIntLe(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
    }
}
