package io.camelchat.benchmarks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client names of the stream benchmarks: {@code camel}, {@code camel-cc<N>[-mif<M>]}, and {@code camel-io} (any of
 * them ending in {@code -io}): {@code usingExecutorService=false}, events routed on the connection's I/O thread.
 */
final class CamelClients {

    /** {@code 0}: the component's default. */
    record Options(int concurrentConsumers, int maxInFlight, boolean onIoThread) {
    }

    private static final Pattern NAME = Pattern.compile("camel(?:-cc(\\d+))?(?:-mif(\\d+))?(-io)?");

    private CamelClients() {
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
