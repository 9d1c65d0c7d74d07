package io.camelchat.cli.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Difft's own {@code .difft.cfg}, read as the {@code difft-cli} of Difft's Python SDK reads it: an INI file whose
 * section {@code [base]} holds {@code appid}, {@code secret}, {@code botid} and {@code host}; {@code ./.difft.cfg} when
 * it exists, otherwise {@code ~/.difft.cfg} — one file only, never both merged. The keys come out as written; the Difft
 * platform's aliases map them onto the component's {@code appId}, {@code appSecret}, {@code botId} and {@code apiUrl}.
 */
public final class DifftConfigFile {

    public static final String FILE_NAME = ".difft.cfg";
    public static final String SECTION = "base";
    public static final List<String> KEYS = List.of("appid", "secret", "botid", "host");

    private DifftConfigFile() {
    }

    /** The file that would be read: {@code ./.difft.cfg}, else {@code ~/.difft.cfg}, else none. */
    public static Optional<Path> locate(CliEnvironment env) {
        Path local = env.workingDir().resolve(FILE_NAME);
        if (Files.isRegularFile(local)) {
            return Optional.of(local);
        }
        Path home = env.home().resolve(FILE_NAME);
        return Files.isRegularFile(home) ? Optional.of(home) : Optional.empty();
    }

    /** The values of {@code [base]} in the file {@link #locate} finds (only the four keys the SDK reads). */
    public static Optional<ConfigSource> read(CliEnvironment env) {
        Optional<Path> file = locate(env);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        IniFile ini;
        try {
            ini = IniFile.read(file.get());
        } catch (IOException e) {
            throw new ConfigFileException("cannot read " + file.get() + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        ini.section(SECTION).forEach((k, v) -> {
            if (KEYS.contains(k) && !v.isBlank()) {
                values.put(k, v);
            }
        });
        return Optional.of(new ConfigSource(file.get() + " [" + SECTION + "]", values));
    }
}
