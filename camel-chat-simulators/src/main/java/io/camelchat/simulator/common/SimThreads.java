package io.camelchat.simulator.common;

/**
 * Names of the threads the simulators start: every one begins with {@link #PREFIX}, so that a program running a
 * simulator next to a client (a benchmark counting the client's own CPU time) can tell the simulator's threads apart.
 */
public final class SimThreads {

    /** The prefix of every simulator thread name. */
    public static final String PREFIX = "camel-chat-sim-";

    private SimThreads() {
    }

    /** {@code name} with the prefix (unchanged when it already has it). */
    public static String name(String name) {
        return name.startsWith(PREFIX) ? name : PREFIX + name;
    }

    /** Whether a thread of this name belongs to a simulator. */
    public static boolean isSimulatorThread(String threadName) {
        return threadName != null && threadName.startsWith(PREFIX);
    }
}
