package io.camelchat.openim.gob;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import io.camelchat.openim.gob.OpenImFrames.Encoding;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded mutation loop over the golden frames: every input decodes or is an OpenImCodecException, nothing else
 * (no unchecked exception, no error, no hang). 200,000 inputs by default; more with -Dopenim.fuzz.inputs=1000000,
 * another seed with -Dopenim.fuzz.seed=N.
 */
class GobFuzzTest {

    private static final int[] SPECIAL = { 0x00, 0x01, 0x02, 0x7f, 0x80, 0x81, 0xf7, 0xf8, 0xfc, 0xfe, 0xff };

    /** One seed input: the frame, how it is encoded, and whether it is a request. */
    record Seed(byte[] frame, Encoding encoding, boolean gzip, boolean request) {
    }

    /** What a fuzz run saw. */
    record Result(long inputs, long decoded, long refused, long millis) {
    }

    static List<Seed> seeds() {
        List<Seed> seeds = new ArrayList<>();
        for (GoldenCases.Case c : GoldenCases.all()) {
            if (c.size() != 1 || c.file().equals("resp-large")) {
                continue;
            }
            seeds.add(new Seed(GoldenCases.resource(c.file() + ".gob"), Encoding.GOB, false, c.request()));
            seeds.add(new Seed(GoldenCases.resource(c.file() + ".gob.gz"), Encoding.GOB, true, c.request()));
            seeds.add(new Seed(GoldenCases.resource(c.file() + ".json"), Encoding.JSON, false, c.request()));
        }
        // a frame with every kind of skipped field, so that mutations reach the skipping code
        seeds.add(new Seed(GoldenCases.resource("req-stream.gob"), Encoding.GOB, false, true));
        return seeds;
    }

    static Result run(long inputs, long seed) {
        OpenImFrames frames = new OpenImFrames(64 * 1024);
        List<Seed> seeds = seeds();
        Random random = new Random(seed);
        long decoded = 0;
        long refused = 0;
        long start = System.nanoTime();
        for (long i = 0; i < inputs; i++) {
            Seed s = seeds.get(random.nextInt(seeds.size()));
            boolean gzipAfter = s.gzip() && random.nextInt(4) == 0;
            byte[] input = gzipAfter ? Gzip.gzip(mutate(Gzip.gunzipUnchecked(s.frame()), random))
                    : mutate(s.frame(), random);
            try {
                if (s.request()) {
                    frames.decodeRequest(input, s.encoding(), s.gzip());
                } else {
                    frames.decodeResponse(input, s.encoding(), s.gzip());
                }
                decoded++;
            } catch (OpenImCodecException e) {
                refused++;
            } catch (Throwable t) {
                throw new AssertionError(
                        "input " + i + " of seed " + seed + " (" + s.encoding() + (s.gzip() ? "+gzip" : "")
                                         + "): " + HexFormat.of().formatHex(input),
                        t);
            }
        }
        return new Result(inputs, decoded, refused, (System.nanoTime() - start) / 1_000_000);
    }

    static byte[] mutate(byte[] in, Random r) {
        byte[] b = in;
        int n = 1 + r.nextInt(4);
        for (int k = 0; k < n; k++) {
            if (b.length == 0) {
                return new byte[]{ (byte) r.nextInt(256) };
            }
            int p = r.nextInt(b.length);
            switch (r.nextInt(8)) {
                case 0 -> b = flip(b, p, 1 << r.nextInt(8));
                case 1 -> b = set(b, p, SPECIAL[r.nextInt(SPECIAL.length)]);
                case 2 -> b = set(b, p, r.nextInt(256));
                case 3 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, p);
                    c[p] = (byte) SPECIAL[r.nextInt(SPECIAL.length)];
                    System.arraycopy(b, p, c, p + 1, b.length - p);
                    b = c;
                }
                case 4 -> {
                    int len = Math.min(b.length - p, 1 + r.nextInt(8));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, p);
                    System.arraycopy(b, p + len, c, p, b.length - p - len);
                    b = c;
                }
                case 5 -> b = Arrays.copyOf(b, p);
                case 6 -> {
                    int len = Math.min(b.length - p, 1 + r.nextInt(16));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, p + len);
                    System.arraycopy(b, p, c, p + len, b.length - p);
                    b = c;
                }
                default -> b = set(b, p, b[r.nextInt(b.length)] & 0xff);
            }
        }
        return b;
    }

    private static byte[] flip(byte[] b, int p, int mask) {
        byte[] c = b.clone();
        c[p] ^= (byte) mask;
        return c;
    }

    private static byte[] set(byte[] b, int p, int v) {
        byte[] c = b.clone();
        c[p] = (byte) v;
        return c;
    }

    @Test
    void mutatedGoldenFramesDecodeOrAreRefused() {
        long inputs = Long.getLong("openim.fuzz.inputs", 200_000);
        long seed = Long.getLong("openim.fuzz.seed", 20261207);
        Result result = run(inputs, seed);
        System.out.printf("gob fuzz: %d inputs, %d decoded, %d refused, %d ms%n", result.inputs(), result.decoded(),
                result.refused(), result.millis());
        assertThat(result.decoded() + result.refused()).isEqualTo(inputs);
        // the mutations reach both outcomes: payload bytes changed still decode, structure changed is refused
        assertThat(result.decoded()).isGreaterThan(inputs / 50);
        assertThat(result.refused()).isGreaterThan(inputs / 4);
        assertThat(result.millis()).as("time for %d inputs", inputs).isLessThan(Math.max(60_000, inputs / 5));
    }
}
