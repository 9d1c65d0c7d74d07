package io.camelchat.simulator.symphony;

import java.util.Set;
import java.util.TreeSet;

/** A stream of the simulated pod (IM, MIM, room or a user's wall), with its members and owners. */
final class SymStream {
    final String id;
    final String type;
    String name;
    String description = "";
    boolean active = true;
    final long creator;
    final long created = System.currentTimeMillis();
    final Set<Long> members = new TreeSet<>();
    final Set<Long> owners = new TreeSet<>();

    SymStream(String id, String type, String name, long creator) {
        this.id = id;
        this.type = type;
        this.name = name;
        this.creator = creator;
    }
}
