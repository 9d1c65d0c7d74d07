package io.camelchat.cli.config;

/** A key that names no option of the platform; {@code fromCommandLine} tells a bad flag from a bad file. */
public class UnknownOptionException extends RuntimeException {

    private final boolean fromCommandLine;

    public UnknownOptionException(String message, boolean fromCommandLine) {
        super(message);
        this.fromCommandLine = fromCommandLine;
    }

    public boolean fromCommandLine() {
        return fromCommandLine;
    }
}
