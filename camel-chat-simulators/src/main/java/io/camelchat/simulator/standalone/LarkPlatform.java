package io.camelchat.simulator.standalone;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import io.camelchat.simulator.lark.SentMessage;

/** Lark: an app (App ID/App Secret), users {@value #ALICE} and {@value #BOB}, and the chat {@value #GROUP}. */
final class LarkPlatform extends BaseRunningSimulator {

    static final String APP_ID = "cli_0123456789abcdef";
    static final String APP_SECRET = "test-lark-secret";
    static final String ALICE = "ou_alice0001";
    static final String BOB = "ou_bob0002";
    static final String GROUP = "oc_testgroup01";

    private final LarkSimulator sim;

    private LarkPlatform(LarkSimulator sim) {
        super(SimulatedPlatform.LARK, sim, List.of(ALICE, BOB), GROUP);
        this.sim = sim;
        sim.addUser(new LarkUser(ALICE, "u_alice", "on_alice", "Alice", "alice@example.com", "+8613800000001"));
        sim.addUser(new LarkUser(BOB, "u_bob", "on_bob", "Bob", "bob@example.com", "+8613800000002"));
        sim.addChat(new LarkChat(GROUP, "Test group", List.of(ALICE, BOB)));
    }

    static RunningSimulator start(int port) {
        LarkSimulator sim = LarkSimulator.builder().appId(APP_ID).appSecret(APP_SECRET).port(port).start();
        try {
            return new LarkPlatform(sim);
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    @Override
    public Map<String, String> endpoints() {
        return ordered("apiUrl", sim.apiUrl());
    }

    @Override
    public Map<String, String> credentials() {
        return ordered("appId", sim.appId(), "appSecret", sim.appSecret(), "verificationToken",
                sim.verificationToken());
    }

    @Override
    public Map<String, String> endpointOptions() {
        return ordered("appId", sim.appId(), "appSecret", sim.appSecret(), "verificationToken",
                sim.verificationToken(), "apiUrl", sim.apiUrl(), "reconnectDelay", "200");
    }

    @Override
    public String bot() {
        return sim.botOpenId();
    }

    @Override
    public String userSendsText(String userId, String text) {
        return sim.userSendsText(knownUser(userId), null, text).messageId();
    }

    @Override
    public String userSendsGroupText(String userId, String groupId, String text) {
        return sim.userMentionsBot(knownUser(userId), Objects.requireNonNull(groupId), text).messageId();
    }

    @Override
    public List<String> textsSentTo(String userOrGroupId) {
        String p2p = users().contains(userOrGroupId) ? sim.p2pChatId(userOrGroupId) : null;
        return sim.sentMessages().stream()
                .filter(m -> userOrGroupId.equals(m.chatId()) || userOrGroupId.equals(m.receiveId())
                        || p2p != null && p2p.equals(m.chatId()))
                .map(SentMessage::text).filter(Objects::nonNull).toList();
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
