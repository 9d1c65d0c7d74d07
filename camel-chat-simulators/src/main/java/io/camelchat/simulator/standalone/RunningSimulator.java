package io.camelchat.simulator.standalone;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulator started by {@link SimulatedPlatform#start}: where it listens, the test credentials it accepts, the Camel
 * options pointing a component at it, users to play and what the bot sent. Users and groups are named by their ids on
 * the platform, as the component's {@code to} option and {@code CamelChatSenderId} header name them; a conversation
 * (in {@link #textsSentTo}) is named by a user (the direct conversation with the bot) or a group.
 */
public interface RunningSimulator extends AutoCloseable {

    /** The platform. */
    SimulatedPlatform platform();

    /** The component's scheme. */
    default String scheme() {
        return platform().scheme();
    }

    /** Base URLs and endpoints by name ({@code apiUrl}, {@code wsUrl}, ...), in a stable order. */
    Map<String, String> endpoints();

    /** The test credentials the simulator accepts, by name (test values only, printable). */
    Map<String, String> credentials();

    /**
     * The component options (as on {@code <scheme>:...?option=value}, or after {@code camel.component.<scheme>.})
     * that point the component at this simulator with its test credentials.
     */
    Map<String, String> endpointOptions();

    /** {@link #endpointOptions()} as Camel properties: {@code camel.component.<scheme>.<option>} to value. */
    default Map<String, String> camelProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        endpointOptions().forEach((k, v) -> p.put("camel.component." + scheme() + "." + k, v));
        return p;
    }

    /** Human-readable lines: the platform, its URLs, credentials, bot, users and group. */
    default List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(platform().displayName() + " simulator (camel component '" + scheme() + "')");
        endpoints().forEach((k, v) -> lines.add("  " + k + ": " + v));
        credentials().forEach((k, v) -> lines.add("  " + k + ": " + v));
        lines.add("  bot: " + bot());
        lines.add("  users: " + String.join(", ", users()));
        lines.add("  group: " + group());
        return lines;
    }

    /** The bot's own id on the platform. */
    String bot();

    /** The test users' ids, the first being {@link #user()}. */
    List<String> users();

    /** The first test user. */
    default String user() {
        return users().get(0);
    }

    /** The test group (every test user and the bot are members). */
    String group();

    /** {@link #user()} sends a text to the bot, in their direct conversation; returns the message id. */
    default String userSendsText(String text) {
        return userSendsText(user(), text);
    }

    /**
     * A user sends a text to the bot, in their direct conversation; returns the message id (as the component's
     * {@code CamelChatMessageId} header shows it).
     *
     * @throws IllegalArgumentException when the user is not a test user
     */
    String userSendsText(String userId, String text);

    /** {@link #user()} sends a text to {@link #group()}; returns the message id. */
    default String userSendsGroupText(String text) {
        return userSendsGroupText(user(), group(), text);
    }

    /**
     * A user sends a text to a group the bot is in (mentioning the bot where the platform only shows a bot such
     * messages); returns the message id.
     */
    String userSendsGroupText(String userId, String groupId, String text);

    /** The texts the bot sent to a conversation (a user id: the direct one; a group id), oldest first. */
    List<String> textsSentTo(String userOrGroupId);

    /** Every text the bot sent, oldest first. */
    List<String> textsSent();

    /** Whether the bot is connected: a websocket open, or a datafeed created (Symphony). */
    boolean botConnected();

    /** The simulator itself ({@code DingTalkSimulator}, ...) for anything beyond texts. */
    <T> T simulator(Class<T> type);

    /** Stops the simulator and frees its ports and files. */
    @Override
    void close();
}
