package io.camelchat.cli;

/** The exit statuses of {@code camel-chat}, as its {@code --help} and README list them. */
public final class ExitCodes {

    /** Done. */
    public static final int OK = 0;
    /** The platform refused or failed the call, or could not be reached. */
    public static final int REMOTE = 1;
    /** Bad flags, arguments or targets, or an operation the platform does not have. */
    public static final int USAGE = 2;
    /** A configuration value is missing, or a configuration file is unreadable or names an unknown option. */
    public static final int CONFIG = 3;
    /** A local file cannot be read or written. */
    public static final int LOCAL_IO = 4;
    /** {@code listen --timeout} ended before {@code --count} messages arrived. */
    public static final int TIMEOUT = 5;
    /** Stopped by Ctrl-C (SIGINT) or SIGTERM: 128 + the signal, set by the JVM. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
