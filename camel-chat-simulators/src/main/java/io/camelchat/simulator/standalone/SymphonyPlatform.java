package io.camelchat.simulator.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.camelchat.simulator.symphony.SymMessage;
import io.camelchat.simulator.symphony.SymUser;
import io.camelchat.simulator.symphony.SymphonySimulator;

/**
 * Symphony: a bot service account whose RSA key pair is made at start (the private key in a PEM file the component
 * reads, deleted at close), users alice and bob (named by their numeric ids), an IM of each with the bot, and a room
 * with all three. A user's direct conversation is their IM.
 */
final class SymphonyPlatform extends BaseRunningSimulator {

    static final String BOT_USERNAME = "test-bot";
    static final long BOT_ID = 349026222340001L;
    static final long ALICE = 349026222344001L;
    static final long BOB = 349026222344002L;
    /** How long a datafeed read is held with nothing to deliver (Symphony: 30 s); short, so that routes stop soon. */
    static final Duration LONG_POLL = Duration.ofSeconds(1);

    private final SymphonySimulator sim;
    private final Path privateKeyFile;

    private SymphonyPlatform(SymphonySimulator sim, Path privateKeyFile) {
        super(SimulatedPlatform.SYMPHONY, sim, List.of(String.valueOf(ALICE), String.valueOf(BOB)),
                roomOf(sim));
        this.sim = sim;
        this.privateKeyFile = privateKeyFile;
        sim.createIm(ALICE);
        sim.createIm(BOB);
    }

    private static String roomOf(SymphonySimulator sim) {
        sim.addUser(new SymUser(ALICE, "alice", "alice@acme.example", "Alice", "Smith", "Alice Smith"));
        sim.addUser(new SymUser(BOB, "bob", "bob@acme.example", "Bob", "Jones", "Bob Jones"));
        return sim.createRoom("Test room", ALICE, BOB, BOT_ID);
    }

    static RunningSimulator start(int port) {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no RSA key pair generator", e);
        }
        Path keyFile;
        try {
            keyFile = Files.createTempFile("camel-chat-symphony-test-bot", ".pem");
            Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                                       + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                                       + "\n-----END PRIVATE KEY-----\n",
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test bot's private key file", e);
        }
        SymphonySimulator sim = null;
        try {
            sim = SymphonySimulator.builder().botUsername(BOT_USERNAME).botId(BOT_ID).botDisplayName("Test Bot")
                    .botPublicKey(pair.getPublic()).longPollTimeout(LONG_POLL).port(port).start();
            return new SymphonyPlatform(sim, keyFile);
        } catch (RuntimeException e) {
            if (sim != null) {
                sim.close();
            }
            deleteQuietly(keyFile);
            throw e;
        }
    }

    @Override
    public Map<String, String> endpoints() {
        return ordered("podUrl", sim.podUrl(), "agentUrl", sim.agentUrl(), "keyManagerUrl", sim.keyManagerUrl(),
                "sessionAuthUrl", sim.sessionAuthUrl());
    }

    @Override
    public Map<String, String> credentials() {
        return ordered("botUsername", BOT_USERNAME, "privateKeyFile", privateKeyFile.toString());
    }

    @Override
    public Map<String, String> endpointOptions() {
        return ordered("botUsername", BOT_USERNAME, "privateKeyFile", privateKeyFile.toString(), "podUrl",
                sim.podUrl(), "agentUrl", sim.agentUrl(), "keyManagerUrl", sim.keyManagerUrl(), "sessionAuthUrl",
                sim.sessionAuthUrl(), "reconnectDelay", "200");
    }

    @Override
    public String bot() {
        return String.valueOf(BOT_ID);
    }

    /** The stream id of a user's IM with the bot. */
    String imOf(String userId) {
        return sim.createIm(Long.parseLong(knownUser(userId)));
    }

    @Override
    public String userSendsText(String userId, String text) {
        return sim.userPostsMessage(Long.parseLong(knownUser(userId)), imOf(userId), messageML(text)).messageId();
    }

    @Override
    public String userSendsGroupText(String userId, String groupId, String text) {
        return sim.userPostsMessage(Long.parseLong(knownUser(userId)), Objects.requireNonNull(groupId),
                messageML(text)).messageId();
    }

    @Override
    public List<String> textsSentTo(String userOrGroupId) {
        String stream = users().contains(userOrGroupId) ? imOf(userOrGroupId) : userOrGroupId;
        return sim.sentMessages().stream().filter(m -> stream.equals(m.streamId())).map(SymphonyPlatform::text)
                .toList();
    }

    @Override
    public List<String> textsSent() {
        return sim.sentMessages().stream().map(SymphonyPlatform::text).toList();
    }

    @Override
    public boolean botConnected() {
        return !sim.datafeeds().isEmpty();
    }

    @Override
    public void close() {
        try {
            sim.close();
        } finally {
            deleteQuietly(privateKeyFile);
        }
    }

    static String messageML(String text) {
        return "<messageML>" + escape(text) + "</messageML>";
    }

    /** The text of a message's MessageML: tags removed, XML entities read. */
    static String text(SymMessage m) {
        return m.messageML().replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&apos;", "'").replace("&#39;", "'").replace("&amp;", "&").trim();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }
}
