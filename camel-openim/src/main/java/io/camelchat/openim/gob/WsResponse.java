package io.camelchat.openim.gob;

import java.util.Arrays;
import java.util.Objects;

/**
 * A reply or push of the OpenIM gateway (the server's Resp): the ReqIdentifier and MsgIncr of the request it answers
 * (2001 push, 2002 kicked: no MsgIncr), an error code and message (0 and empty on success), and the protobuf payload.
 * Null strings and data become empty (gob's zero values).
 */
public record WsResponse(int reqIdentifier, String msgIncr, String operationId, long errCode, String errMsg,
        byte[] data) {

    public WsResponse {
        msgIncr = Objects.requireNonNullElse(msgIncr, "");
        operationId = Objects.requireNonNullElse(operationId, "");
        errMsg = Objects.requireNonNullElse(errMsg, "");
        data = data == null ? GobDecoder.NO_BYTES : data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WsResponse r && reqIdentifier == r.reqIdentifier && msgIncr.equals(r.msgIncr)
                && operationId.equals(r.operationId) && errCode == r.errCode && errMsg.equals(r.errMsg)
                && Arrays.equals(data, r.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reqIdentifier, msgIncr, operationId, errCode, errMsg, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "WsResponse[reqIdentifier=" + reqIdentifier + ", msgIncr=" + msgIncr + ", operationId=" + operationId
               + ", errCode=" + errCode + ", errMsg=" + errMsg + ", data=" + data.length + " bytes]";
    }
}
