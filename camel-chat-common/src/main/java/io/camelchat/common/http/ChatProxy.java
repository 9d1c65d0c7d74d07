package io.camelchat.common.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An HTTP proxy (host, port and optional credentials), or {@link #DIRECT} for "no proxy". Written in options as
 * {@code http://[user:password@]host:port} (or {@code host:port}); {@code direct} or {@code none} means no proxy.
 * {@link #toString()} never shows the credentials.
 */
public record ChatProxy(String host, int port, String username, String password) {

    /** No proxy: connect to the platform directly. */
    public static final ChatProxy DIRECT = new ChatProxy(null, 0, null, null);

    /** Whether this is {@link #DIRECT}. */
    public boolean isDirect() {
        return host == null;
    }

    /**
     * Reads a proxy option.
     *
     * @return null when {@code value} is empty (not configured), {@link #DIRECT} for {@code direct}/{@code none}
     * @throws IllegalArgumentException naming {@code option} (never quoting the value, which may hold a password)
     */
    public static ChatProxy parse(String option, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("direct") || lower.equals("none")) {
            return DIRECT;
        }
        URI uri;
        try {
            uri = URI.create(lower.startsWith("http://") || lower.startsWith("https://") ? v : "http://" + v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Option " + option + " is not a proxy address: use http://[user:password@]host:port"
                                               + " or direct");
        }
        if (uri.getHost() == null || uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            throw new IllegalArgumentException(
                    "Option " + option + " is not a proxy address: use http://[user:password@]host:port"
                                               + " or direct");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
            password = colon < 0 ? "" : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
        }
        return new ChatProxy(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 8080, user, password);
    }

    /**
     * The origin ({@code scheme://host:port}, lower case, explicit port) of a URL, the key under which
     * {@link ChatHttpClientConfig#proxyFor(String, ChatProxy)} keeps a proxy.
     */
    public static String origin(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
        return origin(scheme, uri.getHost(), uri.getPort());
    }

    static String origin(String scheme, String host, int port) {
        String s = scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
        int p = port > 0 ? port : "https".equals(s) ? 443 : 80;
        return s + "://" + (host == null ? "" : host.toLowerCase(Locale.ROOT)) + ":" + p;
    }

    @Override
    public String toString() {
        return isDirect() ? "ChatProxy[direct]"
                : "ChatProxy[" + host + ":" + port + (username != null ? ", with credentials]" : "]");
    }
}
