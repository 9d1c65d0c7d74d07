package io.camelchat.openim.gob;

import java.util.Arrays;
import java.util.Objects;

/**
 * A request to the OpenIM gateway (the server's Req, the Go SDK's GeneralWsReq): a ReqIdentifier (1001 newest seq,
 * 1002 pull by seq, 1003 send, ...), the sender, a correlation key echoed in the reply, and the protobuf payload. Null
 * strings and data become empty (gob's zero values).
 */
public record WsRequest(int reqIdentifier, String token, String sendId, String operationId, String msgIncr,
        byte[] data) {

    public WsRequest {
        token = Objects.requireNonNullElse(token, "");
        sendId = Objects.requireNonNullElse(sendId, "");
        operationId = Objects.requireNonNullElse(operationId, "");
        msgIncr = Objects.requireNonNullElse(msgIncr, "");
        data = data == null ? GobDecoder.NO_BYTES : data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WsRequest r && reqIdentifier == r.reqIdentifier && token.equals(r.token)
                && sendId.equals(r.sendId) && operationId.equals(r.operationId) && msgIncr.equals(r.msgIncr)
                && Arrays.equals(data, r.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reqIdentifier, token, sendId, operationId, msgIncr, Arrays.hashCode(data));
    }

    /** Without the token, which is a credential. */
    @Override
    public String toString() {
        return "WsRequest[reqIdentifier=" + reqIdentifier + ", sendId=" + sendId + ", operationId=" + operationId
               + ", msgIncr=" + msgIncr + ", data=" + data.length + " bytes]";
    }
}
