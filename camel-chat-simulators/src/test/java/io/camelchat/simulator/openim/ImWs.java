package io.camelchat.simulator.openim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A bare websocket client on a plain socket (RFC 6455 framing written here), collecting every event in order. */
final class ImWs implements AutoCloseable {

    /** binary, text, ping, pong, close (close frame) or error (the connection ended, e.g. TCP close). */
    record Event(String kind, byte[] bytes, String text) {
        boolean closed() {
            return "close".equals(kind) || "error".equals(kind);
        }
    }

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Socket socket;
    private final OutputStream out;
    private final boolean gzip;
    private final SecureRandom random = new SecureRandom();

    private ImWs(OpenImSimulator sim, String query, boolean gzip) {
        this.gzip = gzip;
        try {
            socket = new Socket("127.0.0.1", sim.wsPort());
            Raw r = handshake(socket, sim, query);
            assertThat(r.status()).as("upgrade of " + query).isEqualTo(101);
            socket.setSoTimeout(0);
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Thread reader = new Thread(this::read, "im-test-ws");
        reader.setDaemon(true);
        reader.start();
    }

    /** Reads server frames (never masked) until the connection ends. */
    private void read() {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            int messageOpcode = 0;
            for (int b0 = in.read(); b0 != -1; b0 = in.read()) {
                int b1 = in.read();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = (in.read() << 8) | in.read();
                } else if (len == 127) {
                    len = 0;
                    for (int i = 0; i < 8; i++) {
                        len = (len << 8) | in.read();
                    }
                }
                byte[] payload = in.readNBytes((int) len);
                int opcode = b0 & 0x0f;
                boolean fin = (b0 & 0x80) != 0;
                switch (opcode) {
                    case 9 -> events.add(new Event("ping", payload, null));
                    case 10 -> events.add(new Event("pong", payload, null));
                    case 8 -> {
                        events.add(new Event("close", payload, null));
                        return;
                    }
                    default -> {
                        if (opcode != 0) {
                            messageOpcode = opcode;
                        }
                        message.writeBytes(payload);
                        if (fin) {
                            byte[] m = message.toByteArray();
                            message.reset();
                            events.add(messageOpcode == 1 ? new Event("text", null, new String(m,
                                    StandardCharsets.UTF_8)) : new Event("binary", m, null));
                        }
                    }
                }
            }
            events.add(new Event("error", null, "EOF"));
        } catch (IOException e) {
            events.add(new Event("error", null, String.valueOf(e)));
        }
    }

    /** Writes one masked client frame. */
    synchronized void frame(int opcode, byte[] payload) {
        try {
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write(0x80 | opcode);
            if (payload.length < 126) {
                f.write(0x80 | payload.length);
            } else if (payload.length < 65536) {
                f.write(0x80 | 126);
                f.write(payload.length >>> 8);
                f.write(payload.length & 0xff);
            } else {
                f.write(0x80 | 127);
                for (int i = 7; i >= 0; i--) {
                    f.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
                }
            }
            byte[] mask = new byte[4];
            random.nextBytes(mask);
            f.writeBytes(mask);
            for (int i = 0; i < payload.length; i++) {
                f.write(payload[i] ^ mask[i % 4]);
            }
            out.write(f.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static ImWs connect(OpenImSimulator sim, String query) {
        return new ImWs(sim, query, query.contains("compression=gzip"));
    }

    /** The Go SDK's query (values are URL-safe here). */
    static String query(String userId, String token, int platformId) {
        return "sendID=" + userId + "&token=" + token + "&platformID=" + platformId + "&operationID=op-" + userId
               + "&isBackground=false&sdkVersion=test-1.0";
    }

    static ImWs login(OpenImSimulator sim, String userId, int platformId) {
        return connect(sim, query(userId, sim.userToken(userId, platformId), platformId));
    }

    void sendBinary(byte[] frame) {
        frame(2, gzip ? gzip(frame) : frame);
    }

    void sendRawBinary(byte[] frame) {
        frame(2, frame);
    }

    void sendText(String text) {
        frame(1, text.getBytes(StandardCharsets.UTF_8));
    }

    void ping(byte[] payload) {
        frame(9, payload);
    }

    /** A gob request; the reply is read with {@link #nextResp()}. */
    void request(int reqIdentifier, String sendId, String msgIncr, byte[] data) {
        sendBinary(TestGob.request(reqIdentifier, "", sendId, "op-" + msgIncr, msgIncr, data));
    }

    Event next() {
        try {
            Event e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("no event within 10 s").isNotNull();
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next data frame (pings and pongs skipped). */
    Event nextFrame() {
        Event e;
        do {
            e = next();
        } while ("ping".equals(e.kind()) || "pong".equals(e.kind()));
        return e;
    }

    byte[] nextBinary() {
        Event e = nextFrame();
        assertThat(e.kind()).as("expected a binary frame, got " + e.kind() + " " + e.text()).isEqualTo("binary");
        return gzip ? gunzip(e.bytes()) : e.bytes();
    }

    TestGob.Decoded nextResp() {
        return TestGob.decode(nextBinary());
    }

    /** Asserts that the connection ends before any further data frame. */
    void assertClosedWithoutReply() {
        Event e = nextFrame();
        assertThat(e.closed()).as("expected the connection to close, got " + e.kind()).isTrue();
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(b);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] b) {
        assertThat(b.length).isGreaterThan(2);
        assertThat(b[0] & 0xff).as("gzip magic").isEqualTo(0x1f);
        assertThat(b[1] & 0xff).as("gzip magic").isEqualTo(0x8b);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** A raw upgrade request on a plain socket: status, headers (lower-case names) and body. */
    record Raw(int status, Map<String, String> headers, String body) {
    }

    static Raw handshake(OpenImSimulator sim, String query) {
        try (Socket s = new Socket("127.0.0.1", sim.wsPort())) {
            return handshake(s, sim, query);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Upgrades on a plain socket and reads the server's frames until it closes the connection: the JDK client cannot
     * be used when a frame follows the 101 at once (it fails with an InternalError when both arrive together).
     * Returns the text payloads (opcode 1) in order; fails on any other opcode.
     */
    static List<String> upgradeAndReadTexts(OpenImSimulator sim, String query) {
        List<String> texts = new ArrayList<>();
        try (Socket s = new Socket("127.0.0.1", sim.wsPort())) {
            Raw r = handshake(s, sim, query);
            assertThat(r.status()).isEqualTo(101);
            InputStream in = s.getInputStream();
            for (int b0 = in.read(); b0 != -1; b0 = in.read()) {
                int len = in.read() & 0x7f;
                if (len == 126) {
                    len = (in.read() << 8) | in.read();
                }
                byte[] payload = in.readNBytes(len);
                assertThat(b0 & 0x0f).as("opcode").isEqualTo(1);
                texts.add(new String(payload, StandardCharsets.UTF_8));
            }
            return texts;
        } catch (SocketTimeoutException e) {
            texts.add("<still open>");
            return texts;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Raw handshake(Socket s, OpenImSimulator sim, String query) {
        try {
            s.setSoTimeout(3_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /msg_gateway?" + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + sim.wsPort()
                       + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String status = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int c = h.indexOf(':');
                headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
            }
            if (status.contains(" 101 ")) {
                return new Raw(101, headers, "");
            }
            int len = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(len), StandardCharsets.UTF_8);
            return new Raw(Integer.parseInt(status.split(" ")[1]), headers, body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
