package io.camelchat.lark.stream;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.google.protobuf.ByteString;
import io.camelchat.lark.stream.proto.Pbbp2;

/** Building and reading the pbbp2 frames of Lark's long connection. */
public final class LarkFrames {

    /** {@code method} of control frames (ping, pong). */
    public static final int METHOD_CONTROL = 0;
    /** {@code method} of data frames (events, and their acknowledgements). */
    public static final int METHOD_DATA = 1;

    public static final String TYPE = "type";
    public static final String MESSAGE_ID = "message_id";
    public static final String SUM = "sum";
    public static final String SEQ = "seq";
    public static final String TRACE_ID = "trace_id";
    public static final String BIZ_RT = "biz_rt";

    public static final String TYPE_PING = "ping";
    public static final String TYPE_PONG = "pong";
    public static final String TYPE_EVENT = "event";
    public static final String TYPE_CARD = "card";

    private LarkFrames() {
    }

    /** The value of the first header with this key, or null. */
    public static String header(Pbbp2.Frame frame, String key) {
        for (Pbbp2.Header h : frame.getHeadersList()) {
            if (key.equals(h.getKey())) {
                return h.getValue();
            }
        }
        return null;
    }

    /** A ping control frame: SeqID 0, LogID 0, the connection's service id, header type=ping (as the SDKs send it). */
    public static byte[] ping(int serviceId) {
        return Pbbp2.Frame.newBuilder().setSeqID(0).setLogID(0).setService(serviceId).setMethod(METHOD_CONTROL)
                .addHeaders(Pbbp2.Header.newBuilder().setKey(TYPE).setValue(TYPE_PING))
                .build().toByteArray();
    }

    /**
     * The acknowledgement of a data frame: a copy of it (SeqID, LogID, service, method, headers and any other field)
     * with the header {@code biz_rt} appended and the payload replaced by {@code {"code":<code>}}, plus
     * {@code "data":"<base64>"} when {@code answerJson} is given (the answer to a card action).
     */
    public static byte[] ack(Pbbp2.Frame frame, int code, long bizRtMillis, byte[] answerJson) {
        StringBuilder payload = new StringBuilder("{\"code\":").append(code);
        if (answerJson != null) {
            payload.append(",\"data\":\"").append(Base64.getEncoder().encodeToString(answerJson)).append('"');
        }
        payload.append('}');
        return frame.toBuilder()
                .addHeaders(Pbbp2.Header.newBuilder().setKey(BIZ_RT).setValue(Long.toString(Math.max(0, bizRtMillis))))
                .setPayload(ByteString.copyFrom(payload.toString(), StandardCharsets.UTF_8))
                .build().toByteArray();
    }

    /** {@code service_id} of a long-connection URL's query, or null when it has none (or not a number). */
    public static Integer serviceId(String url) {
        String query;
        try {
            query = URI.create(url).getRawQuery();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && "service_id".equals(pair.substring(0, eq))) {
                try {
                    return Integer.parseInt(pair.substring(eq + 1).trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
