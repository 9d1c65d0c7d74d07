package io.camelchat.benchmarks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client names of the stream benchmarks: {@code camel}, {@code camel-cc<N>[-mif<M>]}, and {@code camel-io} (any of
 * them ending in {@code -io}): {@code usingExecutorService=false}, events routed on the connection's I/O thread. The
 * send benchmarks know {@code camel}, {@code camel-io} (the route goes on from the HTTP client's I/O thread) and
 * {@code camel-sync} ({@code synchronous=true}): {@link #sendOptions}.
 */
final class CamelClients {

    /** {@code 0}: the component's default. */
    record Options(int concurrentConsumers, int maxInFlight, boolean onIoThread) {
    }

    private static final Pattern NAME = Pattern.compile("camel(?:-cc(\\d+))?(?:-mif(\\d+))?(-io)?");

    private CamelClients() {
    }

    /** The endpoint options of a send benchmark's client ({@code &...}, empty for {@code camel}). */
    static String sendOptions(String name) {
        return switch (name) {
            case "camel" -> "";
            case "camel-io" -> "&usingExecutorService=false";
            case "camel-sync" -> "&synchronous=true";
            default -> throw new IllegalArgumentException("unknown client " + name);
        };
    }

    static Options camelOptions(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown client " + name);
        }
        return new Options(m.group(1) == null ? 0 : Integer.parseInt(m.group(1)),
                m.group(2) == null ? 0 : Integer.parseInt(m.group(2)), m.group(3) != null);
    }
}
