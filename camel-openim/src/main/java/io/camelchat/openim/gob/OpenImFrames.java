package io.camelchat.openim.gob;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * Encodes and decodes the binary frames of the OpenIM websocket gateway: an envelope ({@link WsRequest} from the
 * client, {@link WsResponse} from the server) as Go gob (sdkType go: a fresh encoder per frame, so each frame holds
 * the type definition and the value) or as JSON (sdkType js), optionally gzip-compressed (compression=gzip).
 * Decoding is strict: any malformed, truncated or oversized frame is an {@link OpenImCodecException}. Thread-safe.
 */
public final class OpenImFrames {

    /** How the envelope is written: sdkType go or js. */
    public enum Encoding {
        GOB, JSON
    }

    /** The Go SDK's read limit. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 1024 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(GobDecoder.MAX_DEPTH).build())
            .build();

    private final int maxFrameSize;

    public OpenImFrames() {
        this(DEFAULT_MAX_FRAME_SIZE);
    }

    /** @param maxFrameSize the largest frame accepted, before and after gunzip, in bytes */
    public OpenImFrames(int maxFrameSize) {
        if (maxFrameSize < 1) {
            throw new IllegalArgumentException("maxFrameSize must be positive");
        }
        this.maxFrameSize = maxFrameSize;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    public byte[] encodeRequest(WsRequest r, Encoding encoding, boolean gzip) {
        byte[] raw = encoding == Encoding.GOB
                ? GobEncoder.encodeFresh(GobSchema.REQUEST, requestValues(r), GobEncoder.FIRST_USER_TYPE_ID)
                : requestJson(r);
        return gzip ? Gzip.gzip(raw) : raw;
    }

    public WsResponse decodeResponse(byte[] frame, Encoding encoding, boolean gzip) throws OpenImCodecException {
        byte[] raw = unwrap(frame, gzip);
        if (encoding == Encoding.JSON) {
            return (WsResponse) parseJson(raw, false);
        }
        return response(GobDecoder.decodeFrame(raw, GobSchema.RESPONSE, maxFrameSize));
    }

    /** The server's side: a request frame as the gateway reads it. */
    public WsRequest decodeRequest(byte[] frame, Encoding encoding, boolean gzip) throws OpenImCodecException {
        byte[] raw = unwrap(frame, gzip);
        if (encoding == Encoding.JSON) {
            return (WsRequest) parseJson(raw, true);
        }
        return request(GobDecoder.decodeFrame(raw, GobSchema.REQUEST, maxFrameSize));
    }

    /** The server's side: a reply or push frame (Resp, in the server's field order, type id 65). */
    public byte[] encodeResponse(WsResponse r, Encoding encoding, boolean gzip) {
        byte[] raw = encoding == Encoding.GOB
                ? GobEncoder.encodeFresh(GobSchema.RESPONSE, responseValues(r), GobEncoder.FIRST_USER_TYPE_ID)
                : responseJson(r);
        return gzip ? Gzip.gzip(raw) : raw;
    }

    // ---- values <-> records

    static Object[] requestValues(WsRequest r) {
        return new Object[]{ r.reqIdentifier(), r.token(), r.sendId(), r.operationId(), r.msgIncr(), r.data() };
    }

    static Object[] responseValues(WsResponse r) {
        return new Object[]{ r.reqIdentifier(), r.msgIncr(), r.operationId(), r.errCode(), r.errMsg(), r.data() };
    }

    static WsRequest request(Object[] v) {
        return new WsRequest((Integer) v[0], (String) v[1], (String) v[2], (String) v[3], (String) v[4], (byte[]) v[5]);
    }

    static WsResponse response(Object[] v) {
        return new WsResponse((Integer) v[0], (String) v[1], (String) v[2], (Long) v[3], (String) v[4], (byte[]) v[5]);
    }

    private byte[] unwrap(byte[] frame, boolean gzip) throws OpenImCodecException {
        if (frame == null || frame.length == 0) {
            throw new OpenImCodecException("Empty frame");
        }
        if (frame.length > maxFrameSize) {
            throw new OpenImCodecException(
                    "Frame of " + frame.length + " bytes exceeds the limit of " + maxFrameSize + " bytes");
        }
        return gzip ? Gzip.gunzip(frame, maxFrameSize) : frame;
    }

    // ---- JSON (Go encoding/json of the same structs: every key present, data base64 or null)

    private static byte[] requestJson(WsRequest r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + r.data().length * 4 / 3);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("reqIdentifier", r.reqIdentifier());
            g.writeStringField("token", r.token());
            g.writeStringField("sendID", r.sendId());
            g.writeStringField("operationID", r.operationId());
            g.writeStringField("msgIncr", r.msgIncr());
            writeData(g, r.data());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] responseJson(WsResponse r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + r.data().length * 4 / 3);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("reqIdentifier", r.reqIdentifier());
            g.writeStringField("msgIncr", r.msgIncr());
            g.writeStringField("operationID", r.operationId());
            g.writeNumberField("errCode", r.errCode());
            g.writeStringField("errMsg", r.errMsg());
            writeData(g, r.data());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeData(JsonGenerator g, byte[] data) throws IOException {
        if (data.length == 0) {
            g.writeNullField("data");
        } else {
            g.writeStringField("data", Base64.getEncoder().encodeToString(data));
        }
    }

    /** Keys match as Go's encoding/json does (case-insensitively); unknown keys are skipped; missing ones stay zero. */
    private static Object parseJson(byte[] raw, boolean request) throws OpenImCodecException {
        long reqIdentifier = 0;
        long errCode = 0;
        String token = "";
        String sendId = "";
        String operationId = "";
        String msgIncr = "";
        String errMsg = "";
        byte[] data = null;
        String what = request ? "request" : "response";
        try (JsonParser p = JSON.createParser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new OpenImCodecException("JSON " + what + " frame is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName().toLowerCase();
                JsonToken t = p.nextToken();
                switch (key) {
                    case "reqidentifier" -> reqIdentifier = jsonInt(p, t, "reqIdentifier", Integer.MIN_VALUE,
                            Integer.MAX_VALUE, reqIdentifier);
                    case "errcode" -> errCode = request ? skip(p, errCode)
                            : jsonInt(p, t, "errCode", Long.MIN_VALUE, Long.MAX_VALUE, errCode);
                    case "token" -> token = request ? jsonString(p, t, "token", token) : skip(p, token);
                    case "sendid" -> sendId = request ? jsonString(p, t, "sendID", sendId) : skip(p, sendId);
                    case "operationid" -> operationId = jsonString(p, t, "operationID", operationId);
                    case "msgincr" -> msgIncr = jsonString(p, t, "msgIncr", msgIncr);
                    case "errmsg" -> errMsg = request ? skip(p, errMsg) : jsonString(p, t, "errMsg", errMsg);
                    case "data" -> {
                        String b64 = jsonString(p, t, "data", null);
                        data = b64 == null ? null : base64(b64);
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new OpenImCodecException("JSON " + what + " frame has content after its object");
            }
        } catch (JsonProcessingException e) {
            // the parser's own message may quote the frame (a token): only say where it failed
            JsonLocation at = e.getLocation();
            throw new OpenImCodecException("Malformed JSON " + what + " frame"
                                           + (at == null ? "" : " at byte " + at.getByteOffset()) + " ("
                                           + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            throw new OpenImCodecException("Unreadable JSON " + what + " frame (" + e.getClass().getSimpleName() + ")");
        }
        return request
                ? new WsRequest((int) reqIdentifier, token, sendId, operationId, msgIncr, data)
                : new WsResponse((int) reqIdentifier, msgIncr, operationId, errCode, errMsg, data);
    }

    private static long jsonInt(JsonParser p, JsonToken t, String key, long min, long max, long current)
            throws IOException, OpenImCodecException {
        if (t == JsonToken.VALUE_NULL) {
            return current; // Go leaves the field as it was
        }
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new OpenImCodecException("JSON key " + key + " is not an integer");
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new OpenImCodecException("JSON key " + key + " is out of range");
        }
        long v = p.getLongValue();
        if (v < min || v > max) {
            throw new OpenImCodecException("JSON key " + key + " is out of range: " + v);
        }
        return v;
    }

    private static String jsonString(JsonParser p, JsonToken t, String key, String current)
            throws IOException, OpenImCodecException {
        if (t == JsonToken.VALUE_NULL) {
            return current;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new OpenImCodecException("JSON key " + key + " is not a string");
        }
        return p.getText();
    }

    private static <T> T skip(JsonParser p, T current) throws IOException {
        p.skipChildren();
        return current;
    }

    private static byte[] base64(String s) throws OpenImCodecException {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new OpenImCodecException("JSON key data is not valid base64");
        }
    }
}
