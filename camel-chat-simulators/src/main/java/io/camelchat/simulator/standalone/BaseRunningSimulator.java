package io.camelchat.simulator.standalone;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every platform's handle shares: its fixed test users and group, and the type check of {@link #simulator}. */
abstract class BaseRunningSimulator implements RunningSimulator {

    private final SimulatedPlatform platform;
    private final Object simulator;
    private final List<String> users;
    private final String group;

    BaseRunningSimulator(SimulatedPlatform platform, Object simulator, List<String> users, String group) {
        this.platform = platform;
        this.simulator = simulator;
        this.users = List.copyOf(users);
        this.group = group;
    }

    @Override
    public SimulatedPlatform platform() {
        return platform;
    }

    @Override
    public List<String> users() {
        return users;
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public <T> T simulator(Class<T> type) {
        if (!type.isInstance(simulator)) {
            throw new IllegalArgumentException(
                    "the " + platform.displayName() + " simulator is a " + simulator.getClass().getSimpleName()
                                               + ", not a " + type.getSimpleName());
        }
        return type.cast(simulator);
    }

    /** The user, or a clear error when it is not a test user. */
    String knownUser(String userId) {
        if (!users.contains(userId)) {
            throw new IllegalArgumentException(
                    "'" + userId + "' is not a " + platform.displayName() + " test user; known: " + users);
        }
        return userId;
    }

    @Override
    public String toString() {
        return platform.displayName() + " simulator " + endpoints();
    }

    static Map<String, String> ordered(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
