package io.camelchat.cli.platform;

import java.util.List;

/** Options of which at least one must be set (one name for a plain required option). */
public record Requirement(List<String> anyOf) {

    public static Requirement of(String... options) {
        return new Requirement(List.of(options));
    }

    public String describe() {
        return String.join(" or ", anyOf);
    }
}
