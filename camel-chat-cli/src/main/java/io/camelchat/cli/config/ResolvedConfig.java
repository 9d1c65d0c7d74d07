package io.camelchat.cli.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelchat.cli.platform.PlatformSpec;
import io.camelchat.cli.platform.Requirement;

/** A platform's effective options with their origins, as {@link ConfigResolver} merged them. */
public final class ResolvedConfig {

    private final PlatformSpec platform;
    private final Map<String, ConfigValue> values;
    private final List<String> origins;
    private final String place;

    ResolvedConfig(PlatformSpec platform, Map<String, ConfigValue> values, List<String> origins, String place) {
        this.platform = platform;
        this.values = Collections.unmodifiableMap(values);
        this.origins = List.copyOf(origins);
        this.place = place;
    }

    public PlatformSpec platform() {
        return platform;
    }

    public Map<String, ConfigValue> values() {
        return values;
    }

    /** The places read, lowest precedence first. */
    public List<String> origins() {
        return origins;
    }

    public String get(String option) {
        ConfigValue v = values.get(option);
        return v == null || v.value().isEmpty() ? null : v.value();
    }

    /** Option name to value, for the component (the only place values go). */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!v.value().isEmpty()) {
                map.put(k, v.value());
            }
        });
        return map;
    }

    /** The requirements no value meets, in the platform's order. */
    public List<Requirement> missing() {
        return platform.required().stream().filter(r -> r.anyOf().stream().allMatch(o -> get(o) == null)).toList();
    }

    /** Fails with a message naming every missing option and where to set it; never shows a value. */
    public ResolvedConfig requireComplete() {
        List<Requirement> missing = missing();
        if (missing.isEmpty()) {
            return this;
        }
        StringBuilder sb = new StringBuilder("missing configuration for ").append(platform.name()).append(":");
        for (Requirement r : missing) {
            String first = r.anyOf().get(0);
            sb.append("\n  ").append(r.describe()).append(" is not set: use --set ").append(first).append("=..., ")
                    .append(platform.environmentVariable(first)).append(", or ").append(first).append(" = ... in ")
                    .append(place);
            platform.aliases().forEach((alias, option) -> {
                if (r.anyOf().contains(option)) {
                    sb.append(" (also '").append(alias).append("')");
                }
            });
        }
        if (platform.configHint() != null) {
            sb.append("\n  (").append(platform.configHint()).append(")");
        }
        throw new MissingConfigurationException(sb.toString());
    }
}
