package io.camelchat.common.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code multipart/form-data} body (RFC 7578) of a request's parts, written in one pass: each part's
 * {@code Content-Disposition} (its name, and its file name for a file) and {@code Content-Type}, then its bytes. Names
 * and file names are written in UTF-8, as browsers do, with {@code "}, CR and LF percent-encoded (a file named
 * {@code 报告.pdf} arrives with its name); control characters of a part's content type become spaces. The boundary is
 * random per body.
 */
final class ChatMultipart {

    private static final byte[] CRLF = { '\r', '\n' };
    private static final byte[] DASHES = { '-', '-' };
    private static final char[] BOUNDARY_CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
            .toCharArray();

    private final String boundary;
    private final List<byte[]> heads = new ArrayList<>();
    private final List<ChatHttpRequest.Part> parts;
    private final long length;

    ChatMultipart(List<ChatHttpRequest.Part> parts) {
        this(parts, randomBoundary());
    }

    ChatMultipart(List<ChatHttpRequest.Part> parts, String boundary) {
        this.parts = List.copyOf(parts);
        this.boundary = boundary;
        byte[] b = boundary.getBytes(StandardCharsets.US_ASCII);
        long total = 0;
        for (ChatHttpRequest.Part part : this.parts) {
            StringBuilder head = new StringBuilder(96).append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(quoted(part.name())).append('"');
            if (part.fileName() != null) {
                head.append("; filename=\"").append(quoted(part.fileName())).append('"');
            }
            head.append("\r\nContent-Type: ")
                    .append(part.contentType() == null ? "application/octet-stream" : headerValue(part.contentType()))
                    .append("\r\n\r\n");
            byte[] bytes = head.toString().getBytes(StandardCharsets.UTF_8);
            heads.add(bytes);
            total += bytes.length + part.data().length + CRLF.length;
        }
        this.length = total + DASHES.length + b.length + DASHES.length + CRLF.length;
    }

    /** The value of the request's {@code Content-Type} header. */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The body's length in bytes. */
    long length() {
        return length;
    }

    /** Writes the body. */
    void writeTo(OutputStream out) throws IOException {
        for (int i = 0; i < parts.size(); i++) {
            out.write(heads.get(i));
            out.write(parts.get(i).data());
            out.write(CRLF);
        }
        out.write(DASHES);
        out.write(boundary.getBytes(StandardCharsets.US_ASCII));
        out.write(DASHES);
        out.write(CRLF);
    }

    /** The body as one array. */
    byte[] toByteArray() {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Multipart body too large to send: " + length + " bytes");
        }
        byte[] body = new byte[(int) length];
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            at = put(body, at, heads.get(i));
            at = put(body, at, parts.get(i).data());
            at = put(body, at, CRLF);
        }
        at = put(body, at, DASHES);
        at = put(body, at, boundary.getBytes(StandardCharsets.US_ASCII));
        at = put(body, at, DASHES);
        put(body, at, CRLF);
        return body;
    }

    private static int put(byte[] body, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, body, at, bytes.length);
        return at + bytes.length;
    }

    /**
     * A header value as it may be written: control characters (a CR or LF would start another header, e.g. in a
     * content type a remote sender gave an attachment) become spaces.
     */
    static String headerValue(String value) {
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean control = c < 0x20 || c == 0x7f;
            if (control && sb == null) {
                sb = new StringBuilder(value);
            }
            if (control) {
                sb.setCharAt(i, ' ');
            }
        }
        return sb == null ? value : sb.toString();
    }

    /** A name or file name inside its quotes: {@code "}, CR and LF percent-encoded. */
    static String quoted(String value) {
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String escape = switch (c) {
                case '"' -> "%22";
                case '\r' -> "%0D";
                case '\n' -> "%0A";
                default -> null;
            };
            if (escape != null && sb == null) {
                sb = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (sb != null) {
                if (escape != null) {
                    sb.append(escape);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? value : sb.toString();
    }

    private static String randomBoundary() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[32];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = BOUNDARY_CHARS[random.nextInt(BOUNDARY_CHARS.length)];
        }
        return "camelchat-" + new String(chars);
    }
}
