package io.camelchat.simulator.openim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure with an OpenIM error code (open-im-server's {@code servererrs} / openimsdk/tools {@code errs} codes),
 * answered as the API envelope {@code {"errCode","errMsg","errDlt"}} or as a gateway reply's ErrCode/ErrMsg.
 */
final class ImError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final int SERVER_INTERNAL = 500;
    static final int ARGS = 1001;
    static final int NO_PERMISSION = 1002;
    static final int RECORD_NOT_FOUND = 1004;
    static final int USER_ID_NOT_FOUND = 1101;
    static final int GROUP_ID_NOT_FOUND = 1201;
    static final int NOT_IN_GROUP_YET = 1203;
    static final int MSG_ALREADY_REVOKE = 1404;
    static final int TOKEN_EXPIRED = 1501;
    static final int TOKEN_INVALID = 1502;
    static final int TOKEN_MALFORMED = 1503;
    static final int TOKEN_NOT_VALID_YET = 1504;
    static final int TOKEN_UNKNOWN = 1505;
    static final int TOKEN_KICKED = 1506;
    static final int TOKEN_NOT_EXIST = 1507;
    static final int CONN_OVER_MAX_NUM_LIMIT = 1601;
    static final int CONN_ARGS = 1602;
    static final int DATA = 90007;

    private static final Map<Integer, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put(SERVER_INTERNAL, "ServerInternalError");
        NAMES.put(ARGS, "ArgsError");
        NAMES.put(NO_PERMISSION, "NoPermissionError");
        NAMES.put(1003, "DuplicateKeyError");
        NAMES.put(RECORD_NOT_FOUND, "RecordNotFoundError");
        NAMES.put(USER_ID_NOT_FOUND, "UserIDNotFoundError");
        NAMES.put(GROUP_ID_NOT_FOUND, "GroupIDNotFoundError");
        NAMES.put(NOT_IN_GROUP_YET, "NotInGroupYetError");
        NAMES.put(MSG_ALREADY_REVOKE, "MsgAlreadyRevoke");
        NAMES.put(TOKEN_EXPIRED, "TokenExpiredError");
        NAMES.put(TOKEN_INVALID, "TokenInvalidError");
        NAMES.put(TOKEN_MALFORMED, "TokenMalformedError");
        NAMES.put(TOKEN_NOT_VALID_YET, "TokenNotValidYetError");
        NAMES.put(TOKEN_UNKNOWN, "TokenUnknownError");
        NAMES.put(TOKEN_KICKED, "TokenKickedError");
        NAMES.put(TOKEN_NOT_EXIST, "TokenNotExistError");
        NAMES.put(CONN_OVER_MAX_NUM_LIMIT, "ConnOverMaxNumLimit");
        NAMES.put(CONN_ARGS, "args err, need token, sendID, platformID");
        NAMES.put(DATA, "DataError");
    }

    private final int code;
    private final String detail;

    ImError(int code, String detail) {
        super(code + " " + name(code) + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.code = code;
        this.detail = detail == null ? "" : detail;
    }

    /** The fixed errMsg of a code ("ServerInternalError" for unknown codes). */
    static String name(int code) {
        return NAMES.getOrDefault(code, "ServerInternalError");
    }

    int code() {
        return code;
    }

    String errMsg() {
        return name(code);
    }

    String detail() {
        return detail;
    }

    static ImError args(String detail) {
        return new ImError(ARGS, detail);
    }

    /** The API envelope of this error (no {@code data}). */
    Map<String, Object> envelope() {
        return envelope(code, errMsg(), detail, null);
    }

    /** {@code {"errCode","errMsg","errDlt"[,"data"]}}, {@code data} omitted when {@code null}. */
    static Map<String, Object> envelope(int code, String msg, String detail, Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errCode", code);
        m.put("errMsg", msg);
        m.put("errDlt", detail);
        if (data != null) {
            m.put("data", data);
        }
        return m;
    }
}
