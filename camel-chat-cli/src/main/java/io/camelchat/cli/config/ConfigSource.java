package io.camelchat.cli.config;

import java.util.Map;

/**
 * Options read from one place: {@code origin} says where (a file and section, the environment, the command line),
 * {@code values} holds the keys as written there (the platform maps them onto its option names).
 */
public record ConfigSource(String origin, Map<String, String> values) {

    public ConfigSource {
        values = Map.copyOf(values);
    }
}
