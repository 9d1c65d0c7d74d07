package io.camelchat.cli.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.camelchat.cli.platform.PlatformSpec;

/**
 * Finds a platform's effective options. From lowest to highest precedence:
 * <ol>
 * <li>the platform's own files (Difft's {@code .difft.cfg});</li>
 * <li>the section {@code [<platform>]} of {@code config.ini} in the configuration folder;</li>
 * <li>{@code <platform>.ini} in the configuration folder (its keys outside any section, or in {@code [<platform>]});</li>
 * <li>environment variables {@code CAMEL_CHAT_<PLATFORM>_<OPTION>} (e.g. {@code CAMEL_CHAT_DINGTALK_CLIENT_SECRET});</li>
 * <li>the command line ({@code --set option=value} and the platform's own flags).</li>
 * </ol>
 * The configuration folder is {@code ./.camel-chat} when it exists, otherwise {@code ~/.camel-chat}: one folder only.
 * {@code --config <file>} (or {@code CAMEL_CHAT_CONFIG}) replaces the folder by one file with a section per platform.
 */
public final class ConfigResolver {

    public static final String CONFIG_VARIABLE = "CAMEL_CHAT_CONFIG";
    public static final String FOLDER = ".camel-chat";
    public static final String COMBINED_FILE = "config.ini";

    private final CliEnvironment env;
    private final Path explicitFile;

    /** {@code explicitFile}: the {@code --config} flag, or {@code null} (then {@code CAMEL_CHAT_CONFIG}, then the folder). */
    public ConfigResolver(CliEnvironment env, Path explicitFile) {
        this.env = env;
        String variable = env.variable(CONFIG_VARIABLE);
        this.explicitFile = explicitFile != null ? resolve(explicitFile)
                : variable != null ? resolve(Path.of(variable)) : null;
    }

    private Path resolve(Path p) {
        return p.isAbsolute() ? p : env.workingDir().resolve(p);
    }

    /** The configuration folder in use, if any ({@code ./.camel-chat}, else {@code ~/.camel-chat}). */
    public Optional<Path> folder() {
        if (explicitFile != null) {
            return Optional.empty();
        }
        Path local = env.workingDir().resolve(FOLDER);
        if (Files.isDirectory(local)) {
            return Optional.of(local);
        }
        Path home = env.home().resolve(FOLDER);
        return Files.isDirectory(home) ? Optional.of(home) : Optional.empty();
    }

    /** Where a user would put the platform's options: for messages naming the place. */
    public String placeFor(PlatformSpec platform) {
        if (explicitFile != null) {
            return "[" + platform.name() + "] of " + explicitFile;
        }
        Path dir = folder().orElse(env.home().resolve(FOLDER));
        return "[" + platform.name() + "] of " + dir.resolve(COMBINED_FILE) + " (or "
               + dir.resolve(platform.name() + ".ini")
               + ")";
    }

    /** Every place the platform's options are read from, lowest precedence first (only those that exist). */
    public List<ConfigSource> sources(PlatformSpec platform, Map<String, String> flags) {
        List<ConfigSource> sources = new ArrayList<>();
        platform.extraSources().forEach(s -> s.apply(env).ifPresent(sources::add));
        if (explicitFile != null) {
            if (!Files.isRegularFile(explicitFile)) {
                throw new ConfigFileException("configuration file " + explicitFile + " not found");
            }
            IniFile ini = read(explicitFile);
            sources.add(new ConfigSource(explicitFile + " [" + platform.name() + "]", ini.section(platform.name())));
        } else {
            folder().ifPresent(dir -> {
                Path combined = dir.resolve(COMBINED_FILE);
                if (Files.isRegularFile(combined)) {
                    sources.add(new ConfigSource(combined + " [" + platform.name() + "]",
                            read(combined).section(platform.name())));
                }
                Path own = dir.resolve(platform.name() + ".ini");
                if (Files.isRegularFile(own)) {
                    IniFile ini = read(own);
                    Map<String, String> values = new LinkedHashMap<>(ini.section(""));
                    values.putAll(ini.section(platform.name()));
                    sources.add(new ConfigSource(own.toString(), values));
                }
            });
        }
        String prefix = "CAMEL_CHAT_" + platform.name().toUpperCase(Locale.ROOT) + "_";
        Map<String, String> variables = new LinkedHashMap<>();
        env.variables().forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length() && v != null && !v.isBlank()) {
                variables.put(k.substring(prefix.length()), v);
            }
        });
        if (!variables.isEmpty()) {
            sources.add(new ConfigSource("environment " + prefix + "*", variables));
        }
        if (!flags.isEmpty()) {
            sources.add(new ConfigSource("command line", flags));
        }
        return sources;
    }

    private static IniFile read(Path file) {
        try {
            return IniFile.read(file);
        } catch (IOException e) {
            throw new ConfigFileException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * The platform's effective options. A key the platform does not know is an error naming it and its place
     * ({@link UnknownOptionException}), when the component's metadata is there to tell.
     */
    public ResolvedConfig resolve(PlatformSpec platform, Map<String, String> flags) {
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        List<String> origins = new ArrayList<>();
        boolean known = platform.options().available();
        for (ConfigSource source : sources(platform, flags)) {
            origins.add(source.origin());
            source.values().forEach((key, value) -> {
                Optional<String> option = platform.canonical(key);
                if (option.isEmpty() && known) {
                    throw new UnknownOptionException(
                            platform.name() + " has no option '" + key + "' (" + source.origin()
                                                     + "); see 'camel-chat config --platform " + platform.name()
                                                     + " --all' for its options",
                            "command line".equals(source.origin()));
                }
                String name = option.orElse(key);
                values.put(name, new ConfigValue(name, value.strip(), source.origin(), platform.isSecret(name)));
            });
        }
        return new ResolvedConfig(platform, values, origins, placeFor(platform));
    }
}
