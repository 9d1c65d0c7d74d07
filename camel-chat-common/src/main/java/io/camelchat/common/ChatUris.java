package io.camelchat.common;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Masks the values of named options in an endpoint URI, with the mask Camel's
 * {@link org.apache.camel.util.URISupport#sanitizeUri} uses ({@code xxxxxx}). Camel masks only the options whose names
 * hold one of its sensitive words; the endpoints mask every option their component marks {@code secret}.
 */
public final class ChatUris {

    /** What a masked value shows. */
    public static final String MASK = "xxxxxx";

    /** One query option: the separator, the name, the value (a {@code RAW(...)} / {@code RAW{...}} form as a whole). */
    private static final Pattern OPTION = Pattern.compile("([?&])([^=&?]+)=(RAW\\([^)]*\\)|RAW\\{[^}]*}|[^&]*)");

    private ChatUris() {
    }

    /**
     * The URI with the values of the options named in {@code secrets} (case-insensitive) replaced by {@link #MASK};
     * the URI as it is when none of them is present.
     */
    public static String maskSecrets(String uri, Set<String> secrets) {
        if (uri == null || secrets == null || secrets.isEmpty() || uri.indexOf('?') < 0) {
            return uri;
        }
        Set<String> names = secrets.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Matcher m = OPTION.matcher(uri);
        StringBuilder out = new StringBuilder(uri.length());
        int last = 0;
        while (m.find()) {
            if (names.contains(m.group(2).toLowerCase(Locale.ROOT))) {
                out.append(uri, last, m.start(3)).append(MASK);
                last = m.end(3);
            }
        }
        return last == 0 ? uri : out.append(uri, last, uri.length()).toString();
    }
}
