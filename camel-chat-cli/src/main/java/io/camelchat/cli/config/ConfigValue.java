package io.camelchat.cli.config;

/**
 * One effective option: its value and where it came from (a file and section, an environment variable, a flag).
 * {@link #toString()} never shows the value of a secret.
 */
public record ConfigValue(String option, String value, String origin, boolean secret) {

    /** The value to show: secrets masked, keeping nothing of them but that they are set. */
    public String shown() {
        return secret ? "********" : value;
    }

    @Override
    public String toString() {
        return option + "=" + shown() + " (" + origin + ")";
    }
}
