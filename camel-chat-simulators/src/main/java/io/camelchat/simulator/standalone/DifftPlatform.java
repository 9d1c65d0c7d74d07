package io.camelchat.simulator.standalone;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.camelchat.simulator.difft.DifftMessage;
import io.camelchat.simulator.difft.DifftSimulator;

/**
 * Difft: a bot app ({@value #APP_ID}, its secret and the bot's wuid {@value #BOT}), users {@value #ALICE} and
 * {@value #BOB}, and the group {@value #GROUP} with all three. The bot reads its websocket (no webhook).
 */
final class DifftPlatform extends BaseRunningSimulator {

    static final String APP_ID = "testapp0001";
    static final String APP_SECRET = "test-difft-secret";
    static final String BOT = "+60001";
    static final String ALICE = "+76459652574";
    static final String BOB = "+75853524385";
    static final String GROUP = "5e1a0a8f3c2d4b6e9f7a1b2c3d4e5f60";

    private final DifftSimulator sim;

    private DifftPlatform(DifftSimulator sim) {
        super(SimulatedPlatform.DIFFT, sim, List.of(ALICE, BOB), GROUP);
        this.sim = sim;
    }

    static RunningSimulator start(int port) {
        DifftSimulator sim = DifftSimulator.builder().app(APP_ID, APP_SECRET, BOT)
                .account(ALICE, "alice@example.org", "Alice").account(BOB, "bob@example.org", "Bob")
                .group(GROUP, "Test group", BOT, ALICE, BOB).messageInterval(Duration.ZERO).port(port).start();
        return new DifftPlatform(sim);
    }

    @Override
    public Map<String, String> endpoints() {
        return ordered("apiUrl", sim.baseUrl(), "wsUrl", sim.websocketUrl());
    }

    @Override
    public Map<String, String> credentials() {
        return ordered("appId", APP_ID, "appSecret", APP_SECRET, "botId", BOT);
    }

    @Override
    public Map<String, String> endpointOptions() {
        return ordered("appId", APP_ID, "appSecret", APP_SECRET, "botId", BOT, "apiUrl", sim.baseUrl(), "wsUrl",
                sim.websocketUrl());
    }

    @Override
    public String bot() {
        return BOT;
    }

    @Override
    public String userSendsText(String userId, String text) {
        return sim.sendText(knownUser(userId), BOT, text);
    }

    @Override
    public String userSendsGroupText(String userId, String groupId, String text) {
        return sim.sendGroupText(knownUser(userId), Objects.requireNonNull(groupId), text);
    }

    @Override
    public List<String> textsSentTo(String userOrGroupId) {
        return sim.sentTo(userOrGroupId).stream().map(DifftMessage::body).filter(Objects::nonNull).toList();
    }

    @Override
    public List<String> textsSent() {
        return sim.sent().stream().map(DifftMessage::body).filter(Objects::nonNull).toList();
    }

    @Override
    public boolean botConnected() {
        return sim.connections(APP_ID) > 0;
    }

    @Override
    public void close() {
        sim.close();
    }
}
