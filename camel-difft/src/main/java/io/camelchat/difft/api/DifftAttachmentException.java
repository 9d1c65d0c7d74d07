package io.camelchat.difft.api;

/**
 * An attachment that cannot be trusted or read: a MAC or digest that does not match (the file was changed), a key of
 * the wrong size, bad padding. Its bytes are never handed out.
 */
public class DifftAttachmentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DifftAttachmentException(String message) {
        super(message);
    }

    public DifftAttachmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
