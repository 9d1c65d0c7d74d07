package io.camelchat.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.camelchat.simulator.symphony.SymUser;
import io.camelchat.simulator.symphony.SymphonySimulator;

/**
 * The demo's embedded Symphony pod: a bot whose RSA key pair is made at start (the public key registered on the
 * simulated service account, the private key written to a PEM file the component reads, as with a real bot), two
 * users, Dave and Erin, each with an IM with the bot, and the room "Ops (Symphony)" with both users and the bot.
 */
final class DemoSymphonyPod implements AutoCloseable {

    static final String BOT_USERNAME = "camel-chat-demo-bot";
    static final long BOT_ID = 349026222340001L;
    static final long DAVE = 349026222344911L;
    static final long ERIN = 349026222344912L;
    /** How long the simulator holds a datafeed read with nothing to deliver (Symphony: 30 s). */
    static final Duration LONG_POLL = Duration.ofSeconds(1);

    final SymphonySimulator sim;
    final Path privateKeyFile;
    final String daveIm;
    final String erinIm;
    final String room;

    private DemoSymphonyPod(SymphonySimulator sim, Path privateKeyFile) {
        this.sim = sim;
        this.privateKeyFile = privateKeyFile;
        sim.addUser(new SymUser(DAVE, "dave", "dave@acme.example", "Dave", "Miller", "Dave Miller"));
        sim.addUser(new SymUser(ERIN, "erin", "erin@acme.example", "Erin", "Lee", "Erin Lee"));
        this.daveIm = sim.createIm(DAVE);
        this.erinIm = sim.createIm(ERIN);
        this.room = sim.createRoom("Ops (Symphony)", DAVE, ERIN, BOT_ID);
    }

    static DemoSymphonyPod start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path keyFile = Files.createTempFile("camel-chat-demo-symphony-bot", ".pem");
        keyFile.toFile().deleteOnExit();
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                                   + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                                   + "\n-----END PRIVATE KEY-----\n",
                StandardCharsets.US_ASCII);
        SymphonySimulator sim = SymphonySimulator.builder().botUsername(BOT_USERNAME).botId(BOT_ID)
                .botDisplayName("Camel Chat Bot").botPublicKey(pair.getPublic())
                .longPollTimeout(LONG_POLL).start();
        try {
            return new DemoSymphonyPod(sim, keyFile);
        } catch (RuntimeException e) {
            sim.close();
            Files.deleteIfExists(keyFile);
            throw e;
        }
    }

    /** The component's configuration, with the property names a real bot's configuration uses. */
    Map<String, String> componentProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.component.symphony.bot-username", BOT_USERNAME);
        p.put("camel.component.symphony.private-key-file", privateKeyFile.toString());
        p.put("camel.component.symphony.pod-url", sim.podUrl());
        p.put("camel.component.symphony.agent-url", sim.agentUrl());
        p.put("camel.component.symphony.key-manager-url", sim.keyManagerUrl());
        p.put("camel.component.symphony.reconnect-delay", "200");
        return p;
    }

    @Override
    public void close() throws Exception {
        try {
            sim.close();
        } finally {
            Files.deleteIfExists(privateKeyFile);
        }
    }
}
