package io.camelchat.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import io.camelchat.openim.gob.OpenImCodecException;
import io.camelchat.openim.gob.OpenImFrames;
import io.camelchat.openim.gob.OpenImFrames.Encoding;
import io.camelchat.openim.gob.WsRequest;
import io.camelchat.openim.gob.WsResponse;

/**
 * The long run of camel-openim's frame fuzz (its test GobFuzzTest runs 200,000 inputs): seeded mutations of valid
 * frames (gob with and without gzip, JSON; requests and responses, byte-identical to Go's for these values, see
 * GobGoldenTest); every input must decode or be an OpenImCodecException. Prints the counts and the time; exits 1 on
 * anything else.
 * <p>
 * {@code mvn -B -q compile exec:java -pl benchmarks -am -Dexec.mainClass=io.camelchat.benchmarks.OpenImGobFuzz
 * -Dexec.args="1000000 42"} (inputs, seed).
 */
public final class OpenImGobFuzz {

    private static final int[] SPECIAL = { 0x00, 0x01, 0x02, 0x7f, 0x80, 0x81, 0xf7, 0xf8, 0xfc, 0xfe, 0xff };

    private record Seed(byte[] frame, Encoding encoding, boolean gzip, boolean request) {
    }

    private OpenImGobFuzz() {
    }

    public static void main(String[] args) {
        long inputs = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        OpenImFrames frames = new OpenImFrames(64 * 1024);
        List<Seed> seeds = seeds(frames);
        Random random = new Random(seed);
        long decoded = 0;
        long refused = 0;
        long start = System.nanoTime();
        for (long i = 0; i < inputs; i++) {
            Seed s = seeds.get(random.nextInt(seeds.size()));
            byte[] input = mutate(s.frame(), random);
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
                System.out.println("FAILED at input " + i + " (seed " + seed + ", " + s.encoding()
                                   + (s.gzip() ? "+gzip" : "") + "): " + t + "\n" + HexFormat.of().formatHex(input));
                System.exit(1);
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("gob fuzz: %d inputs (seed %d), %d decoded, %d refused, %d ms, no other outcome%n", inputs,
                seed, decoded, refused, ms);
    }

    private static List<Seed> seeds(OpenImFrames f) {
        List<WsRequest> requests = List.of(new WsRequest(1001, "", "u1", "o1", "m1", new byte[]{ 10, 2, 117, 49 }),
                new WsRequest(1002, "tok", "user_\u00fc", "op-42", "user_1733550000123456789", new byte[300]),
                new WsRequest(0, null, null, null, null, null),
                new WsRequest(Integer.MIN_VALUE, "", "a", "b", "c", new byte[]{ 0 }));
        List<WsResponse> responses = List.of(new WsResponse(2001, "", "push-op", 0, "", new byte[200]),
                new WsResponse(1003, "u1_99", "o9", 1302, "BlockedByPeer", null),
                new WsResponse(Integer.MAX_VALUE, "m", "", Long.MAX_VALUE, "", new byte[]{ 1 }),
                new WsResponse(-1, "m", "o", Long.MIN_VALUE, "negative", null),
                new WsResponse(2002, "", "", 0, "", null));
        List<Seed> seeds = new ArrayList<>();
        for (Encoding e : Encoding.values()) {
            for (boolean gz : new boolean[]{ false, true }) {
                requests.forEach(r -> seeds.add(new Seed(f.encodeRequest(r, e, gz), e, gz, true)));
                responses.forEach(r -> seeds.add(new Seed(f.encodeResponse(r, e, gz), e, gz, false)));
            }
        }
        return seeds;
    }

    private static byte[] mutate(byte[] in, Random r) {
        byte[] b = in;
        int n = 1 + r.nextInt(4);
        for (int k = 0; k < n; k++) {
            if (b.length == 0) {
                return new byte[]{ (byte) r.nextInt(256) };
            }
            int p = r.nextInt(b.length);
            switch (r.nextInt(7)) {
                case 0 -> {
                    b = b.clone();
                    b[p] ^= (byte) (1 << r.nextInt(8));
                }
                case 1 -> {
                    b = b.clone();
                    b[p] = (byte) SPECIAL[r.nextInt(SPECIAL.length)];
                }
                case 2 -> {
                    b = b.clone();
                    b[p] = (byte) r.nextInt(256);
                }
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
                default -> {
                    int len = Math.min(b.length - p, 1 + r.nextInt(16));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, p + len);
                    System.arraycopy(b, p, c, p + len, b.length - p);
                    b = c;
                }
            }
        }
        return b;
    }
}
