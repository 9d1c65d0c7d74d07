package io.camelchat.symphony.api;

import java.util.Base64;

/**
 * Symphony ids (streams, messages) come in two spellings of the same bytes: URL-safe Base64 without padding (paths,
 * datafeed) and standard Base64 with padding (some pod APIs, older Elements payloads). Everything the component
 * compares or puts in a path is URL-safe.
 */
public final class SymphonyIds {

    private SymphonyIds() {
    }

    /**
     * The URL-safe form of an id.
     *
     * @throws IllegalArgumentException when the text is not a Base64 id in either spelling
     */
    public static String toUrlSafe(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("empty Symphony id");
        }
        String s = id.trim();
        if (s.indexOf('+') >= 0 || s.indexOf('/') >= 0 || s.indexOf('=') >= 0) {
            try {
                return Base64.getUrlEncoder().withoutPadding().encodeToString(Base64.getDecoder().decode(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + s + "' is not a Symphony id");
            }
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // called for every id of every event: a loop, not a regular expression
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                throw new IllegalArgumentException("'" + s + "' is not a Symphony id");
            }
        }
        return s;
    }

    /** The standard (padded) form of an id. */
    public static String toStandard(String id) {
        return Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(toUrlSafe(id)));
    }
}
