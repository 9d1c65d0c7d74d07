package io.camelchat.simulator.standalone;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The platforms whose simulator runs standalone: one starts with test credentials, a bot, two users and a group, and
 * answers a {@link RunningSimulator} that tells a component where it is ({@link RunningSimulator#camelProperties()})
 * and plays users.
 *
 * <pre>{@code
 * try (RunningSimulator lark = SimulatedPlatform.LARK.start()) {
 *     lark.describe().forEach(System.out::println);
 *     lark.userSendsText("hello bot");
 * }
 * }</pre>
 */
public enum SimulatedPlatform {

    DINGTALK("dingtalk", "DingTalk", DingTalkPlatform::start), LARK("lark", "Lark", LarkPlatform::start), SYMPHONY(
            "symphony", "Symphony", SymphonyPlatform::start), OPENIM("openim", "OpenIM",
                    OpenImPlatform::start), DIFFT("difft", "Difft", DifftPlatform::start);

    private final String scheme;
    private final String displayName;
    private final IntFunction<RunningSimulator> starter;

    SimulatedPlatform(String scheme, String displayName, IntFunction<RunningSimulator> starter) {
        this.scheme = scheme;
        this.displayName = displayName;
        this.starter = starter;
    }

    /** The Camel component's scheme, e.g. {@code dingtalk}. */
    public String scheme() {
        return scheme;
    }

    /** The platform's name as people write it, e.g. {@code DingTalk}. */
    public String displayName() {
        return displayName;
    }

    /** Starts the simulator on free loopback ports. */
    public RunningSimulator start() {
        return start(0);
    }

    /**
     * Starts the simulator on this loopback port ({@code 0}: free ones). Symphony's pod listens on it and its agent,
     * key manager and session auth on the three ports after it; OpenIM's HTTP API on it and its msg gateway on the
     * next one.
     *
     * @throws IllegalArgumentException when the port is not one
     */
    public RunningSimulator start(int port) {
        if (port < 0 || port > 65532) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        return starter.apply(port);
    }

    /**
     * The platform of a scheme or name, ignoring case ({@code dingtalk}, {@code Lark}, {@code OPENIM}).
     *
     * @throws IllegalArgumentException naming the known ones when there is no such platform
     */
    public static SimulatedPlatform of(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (SimulatedPlatform p : values()) {
                if (p.scheme.equals(n) || p.displayName.toLowerCase(Locale.ROOT).equals(n)) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("no simulated platform '" + name + "'; known: " + schemes());
    }

    /** The schemes of every platform, in declaration order. */
    public static List<String> schemes() {
        return Arrays.stream(values()).map(SimulatedPlatform::scheme).toList();
    }
}
