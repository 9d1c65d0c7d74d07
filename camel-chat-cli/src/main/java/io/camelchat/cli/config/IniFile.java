package io.camelchat.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An INI file as Python's {@code configparser} reads the ones the tool accepts: {@code [section]} headers,
 * {@code key = value} or {@code key: value} lines, {@code #} and {@code ;} comment lines, indented lines continuing the
 * previous value. Keys are case-insensitive (kept lower case), section names are not. Lines before the first section
 * belong to the section {@code ""}.
 */
public final class IniFile {

    private final Path path;
    private final Map<String, Map<String, String>> sections;

    private IniFile(Path path, Map<String, Map<String, String>> sections) {
        this.path = path;
        this.sections = sections;
    }

    /** Reads the file; a line that is neither a section, a key nor a comment is an error naming the line. */
    public static IniFile read(Path path) throws IOException {
        return parse(path, Files.readAllLines(path, StandardCharsets.UTF_8));
    }

    static IniFile parse(Path path, List<String> lines) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        String section = "";
        String lastKey = null;
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (Character.isWhitespace(raw.charAt(0)) && lastKey != null) {
                Map<String, String> values = sections.get(section);
                values.put(lastKey, values.get(lastKey) + "\n" + line);
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                sections.computeIfAbsent(section, s -> new LinkedHashMap<>());
                lastKey = null;
                continue;
            }
            int eq = separator(line);
            if (eq <= 0) {
                throw new ConfigFileException(path + " line " + number + ": expected [section] or key = value");
            }
            lastKey = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            sections.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(lastKey, line.substring(eq + 1).strip());
        }
        return new IniFile(path, sections);
    }

    private static int separator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    public Path path() {
        return path;
    }

    /** The section's keys (lower case) and values, empty when the file has no such section. */
    public Map<String, String> section(String name) {
        return sections.getOrDefault(name, Map.of());
    }

    public boolean hasSection(String name) {
        return sections.containsKey(name);
    }
}
