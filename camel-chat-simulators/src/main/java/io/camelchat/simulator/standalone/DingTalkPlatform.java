package io.camelchat.simulator.standalone;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.InboundMessage;
import io.camelchat.simulator.dingtalk.SentMessage;
import io.camelchat.simulator.dingtalk.SimGroup;
import io.camelchat.simulator.dingtalk.SimUser;

/** DingTalk: an app (ClientID/ClientSecret), users alice and bob, and the group {@value #GROUP}. */
final class DingTalkPlatform extends BaseRunningSimulator {

    static final String CLIENT_ID = "dingtestclient";
    static final String CLIENT_SECRET = "test-dingtalk-secret";
    static final String GROUP = "cidTESTGROUP==";

    private final DingTalkSimulator sim;
    /** Direct conversation id to its user, learnt as users send. */
    private final Map<String, String> directConversations = new ConcurrentHashMap<>();

    private DingTalkPlatform(DingTalkSimulator sim) {
        super(SimulatedPlatform.DINGTALK, sim, List.of("alice", "bob"), GROUP);
        this.sim = sim;
        sim.addUser(new SimUser("alice", "unionAlice", "Alice", "+8613800000001", "alice@example.com"));
        sim.addUser(new SimUser("bob", "unionBob", "Bob", "+8613800000002", "bob@example.com"));
        sim.addGroup(new SimGroup(GROUP, "Test group", List.of("alice", "bob")));
    }

    static RunningSimulator start(int port) {
        DingTalkSimulator sim = DingTalkSimulator.builder().clientId(CLIENT_ID).clientSecret(CLIENT_SECRET).port(port)
                .start();
        try {
            return new DingTalkPlatform(sim);
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    @Override
    public Map<String, String> endpoints() {
        return ordered("apiUrl", sim.apiUrl(), "oapiUrl", sim.oapiUrl(), "streamEndpoint", sim.wsEndpoint());
    }

    @Override
    public Map<String, String> credentials() {
        return ordered("clientId", sim.clientId(), "clientSecret", sim.clientSecret(), "robotCode", sim.robotCode());
    }

    @Override
    public Map<String, String> endpointOptions() {
        return ordered("clientId", sim.clientId(), "clientSecret", sim.clientSecret(), "robotCode", sim.robotCode(),
                "apiUrl", sim.apiUrl(), "oapiUrl", sim.oapiUrl(), "reconnectDelay", "200");
    }

    @Override
    public String bot() {
        return sim.robotCode();
    }

    @Override
    public String userSendsText(String userId, String text) {
        InboundMessage m = sim.userSendsText(knownUser(userId), null, text);
        directConversations.put(m.conversationId(), userId);
        return m.msgId();
    }

    @Override
    public String userSendsGroupText(String userId, String groupId, String text) {
        return sim.userSendsText(knownUser(userId), Objects.requireNonNull(groupId), text).msgId();
    }

    @Override
    public List<String> textsSentTo(String userOrGroupId) {
        return sim.sentMessages().stream().filter(m -> to(m, userOrGroupId)).map(SentMessage::text)
                .filter(Objects::nonNull).toList();
    }

    private boolean to(SentMessage m, String userOrGroupId) {
        return m.targets() != null && m.targets().contains(userOrGroupId)
                || userOrGroupId.equals(m.conversationId())
                || m.conversationId() != null && userOrGroupId.equals(directConversations.get(m.conversationId()));
    }

    @Override
    public List<String> textsSent() {
        return sim.sentMessages().stream().map(SentMessage::text).filter(Objects::nonNull).toList();
    }

    @Override
    public boolean botConnected() {
        return sim.openConnections() > 0;
    }

    @Override
    public void close() {
        sim.close();
    }
}
