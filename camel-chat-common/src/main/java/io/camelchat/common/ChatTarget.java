package io.camelchat.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A producer target as written in the {@code to} option or the {@code CamelChatTo} header:
 * {@code <kind>:<id>[,<id>...]}, e.g. {@code group:cid42} or {@code user:+7645,+7646}.
 * <p>
 * Camel decodes a {@code +} in a URI query as a space, so {@code to=user:+7645} arrives as {@code user: 7645}. Ids
 * that begin with a space followed by a digit get their {@code +} back; other surrounding blanks are trimmed.
 */
public final class ChatTarget {

    private final String kind;
    private final List<String> ids;

    private ChatTarget(String kind, List<String> ids) {
        this.kind = kind;
        this.ids = Collections.unmodifiableList(ids);
    }

    public static ChatTarget of(String kind, String... ids) {
        return new ChatTarget(kind, List.of(ids));
    }

    /**
     * Parses {@code kind:id[,id...]}.
     *
     * @throws IllegalArgumentException naming the problem when the text is not of that form
     */
    public static ChatTarget parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("No target given: set the option 'to' or the header " + ChatHeaders.TO
                                               + " to <kind>:<id>[,<id>...]");
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("Target '" + text + "' is not of the form <kind>:<id>[,<id>...]");
        }
        String kind = text.substring(0, colon).trim();
        List<String> ids = new ArrayList<>();
        for (String raw : text.substring(colon + 1).split(",")) {
            String id = restorePlus(raw);
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        if (kind.isEmpty() || ids.isEmpty()) {
            throw new IllegalArgumentException("Target '" + text + "' is not of the form <kind>:<id>[,<id>...]");
        }
        return new ChatTarget(kind, ids);
    }

    /** Undoes the URI decoding of a leading {@code +} (seen as a space) in front of a digit, then trims. */
    public static String restorePlus(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw;
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        if (i > 0 && i < s.length() && Character.isDigit(s.charAt(i))) {
            return ("+" + s.substring(i)).trim();
        }
        return s.trim();
    }

    public String kind() {
        return kind;
    }

    public List<String> ids() {
        return ids;
    }

    /** The single id; fails clearly when the target names several. */
    public String singleId() {
        if (ids.size() != 1) {
            throw new IllegalArgumentException("Target '" + this + "' must name exactly one id");
        }
        return ids.get(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatTarget t && kind.equals(t.kind) && ids.equals(t.ids);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, ids);
    }

    @Override
    public String toString() {
        return kind + ":" + String.join(",", ids);
    }
}
