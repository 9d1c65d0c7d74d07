package io.camelchat.simulator.standalone;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.camelchat.simulator.openim.OpenImMessage;
import io.camelchat.simulator.openim.OpenImSimulator;

/**
 * OpenIM: a server (shared secret, admin {@value #ADMIN}), the bot user {@value #BOT}, users alice and bob, and the group
 * {@value #GROUP} with all three.
 */
final class OpenImPlatform extends BaseRunningSimulator {

    static final String SECRET = "test-openim-secret";
    static final String ADMIN = "imAdmin";
    static final String BOT = "testbot";
    static final String GROUP = "gtest";
    /** Content type of a text message. */
    private static final int TEXT = 101;

    private final OpenImSimulator sim;

    private OpenImPlatform(OpenImSimulator sim) {
        super(SimulatedPlatform.OPENIM, sim, List.of("alice", "bob"), GROUP);
        this.sim = sim;
    }

    static RunningSimulator start(int port) {
        OpenImSimulator sim = OpenImSimulator.builder().secret(SECRET).adminUserId(ADMIN).user(BOT, "Test bot")
                .user("alice", "Alice").user("bob", "Bob").group(GROUP, "Test group", "alice", "bob", BOT)
                .ports(port, port == 0 ? 0 : port + 1).start();
        return new OpenImPlatform(sim);
    }

    @Override
    public Map<String, String> endpoints() {
        return ordered("apiUrl", sim.apiUrl(), "wsUrl", sim.wsUrl());
    }

    @Override
    public Map<String, String> credentials() {
        return ordered("userId", BOT, "adminUserId", sim.adminUserId(), "secret", sim.secret());
    }

    @Override
    public Map<String, String> endpointOptions() {
        return ordered("userId", BOT, "adminUserId", sim.adminUserId(), "secret", sim.secret(), "apiUrl",
                sim.apiUrl(), "wsUrl", sim.wsUrl(), "reconnectDelay", "200");
    }

    @Override
    public String bot() {
        return BOT;
    }

    @Override
    public String userSendsText(String userId, String text) {
        return sim.sendText(knownUser(userId), BOT, text).clientMsgId();
    }

    @Override
    public String userSendsGroupText(String userId, String groupId, String text) {
        return sim.sendGroupText(knownUser(userId), Objects.requireNonNull(groupId), text).clientMsgId();
    }

    @Override
    public List<String> textsSentTo(String userOrGroupId) {
        String conversation = users().contains(userOrGroupId)
                ? OpenImSimulator.singleConversationId(BOT, userOrGroupId)
                : OpenImSimulator.groupConversationId(userOrGroupId);
        return sim.sentBy(BOT).stream()
                .filter(m -> m.contentType() == TEXT
                        && (conversation.equals(m.conversationId()) || userOrGroupId.equals(m.conversationId())))
                .map(OpenImMessage::text).filter(Objects::nonNull).toList();
    }

    @Override
    public List<String> textsSent() {
        return sim.sentBy(BOT).stream().filter(m -> m.contentType() == TEXT).map(OpenImMessage::text)
                .filter(Objects::nonNull).toList();
    }

    @Override
    public boolean botConnected() {
        return !sim.connections(BOT).isEmpty();
    }

    @Override
    public void close() {
        sim.close();
    }
}
