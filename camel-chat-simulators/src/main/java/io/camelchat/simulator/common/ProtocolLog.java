package io.camelchat.simulator.common;

import java.util.ArrayList;
import java.util.List;

/**
 * The client mistakes a simulator noticed (malformed frames, missing headers, wrong base URLs, ...), in the order they
 * happened. Thread-safe; every part of a simulator writes to the same log, and tests read it through the simulator's
 * {@code protocolErrors()}.
 */
public final class ProtocolLog {

    private final List<String> entries = new ArrayList<>();

    public synchronized void add(String entry) {
        entries.add(entry);
    }

    /** A copy of every entry so far. */
    public synchronized List<String> snapshot() {
        return List.copyOf(entries);
    }

    public synchronized void clear() {
        entries.clear();
    }

    /** The text cut to 300 characters, with its full length noted, for log entries quoting what a client sent. */
    public static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "...(" + s.length() + " chars)" : s;
    }
}
