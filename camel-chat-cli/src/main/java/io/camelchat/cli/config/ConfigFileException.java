package io.camelchat.cli.config;

/** A configuration file that cannot be read or parsed; the message names the file, never a value. */
public class ConfigFileException extends RuntimeException {

    public ConfigFileException(String message) {
        super(message);
    }
}
