package io.camelchat.openim.gob;

/**
 * A frame of the OpenIM gateway could not be decoded: malformed, truncated, over a size limit, or not the envelope
 * expected. The message says what was wrong and where; it never holds the frame's content.
 */
public class OpenImCodecException extends Exception {

    private static final long serialVersionUID = 1L;

    public OpenImCodecException(String message) {
        super(message);
    }

    public OpenImCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
