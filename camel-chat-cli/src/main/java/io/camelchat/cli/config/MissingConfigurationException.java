package io.camelchat.cli.config;

/** A value the command needs is set nowhere; the message names the option and where it can be set. */
public class MissingConfigurationException extends RuntimeException {

    public MissingConfigurationException(String message) {
        super(message);
    }
}
