package io.camelchat.it.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.camelchat.difft.DifftComponent;
import io.camelchat.difft.DifftConfiguration;
import io.camelchat.dingtalk.DingTalkComponent;
import io.camelchat.dingtalk.DingTalkConfiguration;
import io.camelchat.it.nodes.NodeProcess;
import io.camelchat.lark.LarkComponent;
import io.camelchat.lark.LarkConfiguration;
import io.camelchat.openim.OpenImComponent;
import io.camelchat.openim.OpenImConfiguration;
import io.camelchat.simulator.difft.DifftSimulator;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import io.camelchat.simulator.openim.OpenImSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * DingTalk, Lark, Difft and OpenIM simulators in a JVM of their own, so that the heap, threads and sockets the soak
 * and idle-connection tests measure in the test JVM are the client's alone (a simulator keeps a record of every
 * event and message, which would grow the heap under test). {@link #start} runs {@link #main} as a child process
 * ({@link NodeProcess}); commands go to its standard input, answers come back as reports (lines starting with
 * {@link NodeProcess#MARK}).
 */
final class SimulatorProcess implements AutoCloseable {

    static final String DINGTALK_CLIENT_ID = "dingsoak";
    static final String DINGTALK_SECRET = "soak-dingtalk-secret";
    static final String LARK_APP_ID = "cli_soak0123456789";
    static final String LARK_SECRET = "soak-lark-secret";
    static final String LARK_CHAT = "oc_soakchat0001";
    static final String DIFFT_APP = "soakapp0001";
    static final String DIFFT_SECRET = "soak-difft-secret";
    static final String DIFFT_BOT = "+60077";
    static final String OPENIM_SECRET = "soak-im-secret";
    static final String OPENIM_ADMIN = "imAdmin";
    /** OpenIM users {@code idle0} to {@code idle<n-1>}: one gateway connection each. */
    static final int OPENIM_USERS = 20;
    private static final String PREFIX = NodeProcess.MARK;

    /** How long a command may take (a push waits for every event to be acknowledged). */
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(30);

    private final NodeProcess node;
    private final Map<String, String> urls = new HashMap<>();

    private SimulatorProcess(NodeProcess node) {
        this.node = node;
        node.awaitReport("ready"::equals, Duration.ofSeconds(60));
        for (String line : node.reports()) {
            if ("ready".equals(line)) {
                break;
            }
            String[] kv = line.split(" ", 2);
            urls.put(kv[0], kv[1]);
        }
    }

    /**
     * Starts the simulators in a child JVM ({@link NodeProcess}) with {@code -Xmx<heapMiB>m}; its log goes to
     * {@code target/nodes/simulators.log}.
     */
    static SimulatorProcess start(int heapMiB) {
        NodeProcess node = NodeProcess.builder("simulators", SimulatorProcess.class).jvmArgs("-Xmx" + heapMiB + "m")
                .start();
        try {
            return new SimulatorProcess(node);
        } catch (RuntimeException e) {
            node.kill();
            throw e;
        }
    }

    /**
     * A new Camel context whose DingTalk, Lark, Difft and OpenIM components point at this process's simulators (the
     * context is not started).
     */
    CamelContext newContext() {
        CamelContext context = new DefaultCamelContext();
        DingTalkConfiguration d = context.getComponent("dingtalk", DingTalkComponent.class).getConfiguration();
        d.setClientId(DINGTALK_CLIENT_ID);
        d.setClientSecret(DINGTALK_SECRET);
        d.setApiUrl(url("dingtalk.api"));
        d.setOapiUrl(url("dingtalk.oapi"));
        LarkConfiguration l = context.getComponent("lark", LarkComponent.class).getConfiguration();
        l.setAppId(LARK_APP_ID);
        l.setAppSecret(LARK_SECRET);
        l.setApiUrl(url("lark.api"));
        DifftConfiguration f = context.getComponent("difft", DifftComponent.class).getConfiguration();
        f.setAppId(DIFFT_APP);
        f.setAppSecret(DIFFT_SECRET);
        f.setBotId(DIFFT_BOT);
        f.setApiUrl(url("difft.api"));
        f.setWsUrl(url("difft.ws"));
        OpenImConfiguration o = context.getComponent("openim", OpenImComponent.class).getConfiguration();
        o.setAdminUserId(OPENIM_ADMIN);
        o.setSecret(OPENIM_SECRET);
        o.setApiUrl(url("openim.api"));
        o.setWsUrl(url("openim.ws"));
        return context;
    }

    /** A simulator's URL by name: {@code dingtalk.api}, {@code dingtalk.oapi}, {@code lark.api}, ... */
    String url(String name) {
        return urls.get(name);
    }

    /** Sends a command and answers its reply line. */
    String command(String command) throws IOException {
        String answer = node.request(command, COMMAND_TIMEOUT);
        if (answer.startsWith("failed")) {
            throw new IllegalStateException("simulator process: " + answer);
        }
        return answer;
    }

    @Override
    public void close() {
        try {
            command("quit");
        } catch (IOException | RuntimeException e) {
            // ended already
        }
        node.close();
    }

    // ---------------------------------------------------------------- the child

    /**
     * The child process: starts the simulators, prints their URLs, then serves commands until {@code quit} or the end
     * of its standard input. The argument (the configuration file of {@link NodeProcess}) is not used.
     */
    public static void main(String[] args) throws Exception {
        PrintStream answers = System.out;
        System.setOut(System.err); // anything else printed must not look like an answer
        try (DingTalkSimulator dingtalk = DingTalkSimulator.builder().clientId(DINGTALK_CLIENT_ID)
                .clientSecret(DINGTALK_SECRET).ackTimeout(Duration.ofSeconds(30)).start();
                LarkSimulator lark = LarkSimulator.builder().appId(LARK_APP_ID).appSecret(LARK_SECRET)
                        .maxConnections(1000).start();
                DifftSimulator difft = DifftSimulator.builder().app(DIFFT_APP, DIFFT_SECRET, DIFFT_BOT)
                        .messageInterval(Duration.ZERO).start();
                OpenImSimulator openim = openim()) {
            lark.addUser(new LarkUser("ou_soak0001", "u_soak", "on_soak", "Sam", "sam@example.com", "+8613800000077"));
            lark.addChat(new LarkChat(LARK_CHAT, "Soak", List.of("ou_soak0001")));
            answers.println(PREFIX + "dingtalk.api " + dingtalk.apiUrl());
            answers.println(PREFIX + "dingtalk.oapi " + dingtalk.oapiUrl());
            answers.println(PREFIX + "lark.api " + lark.apiUrl());
            answers.println(PREFIX + "difft.api " + difft.baseUrl());
            answers.println(PREFIX + "difft.ws " + difft.websocketUrl());
            answers.println(PREFIX + "openim.api " + openim.apiUrl());
            answers.println(PREFIX + "openim.ws " + openim.wsUrl());
            answers.println(PREFIX + "ready");
            answers.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = commands.readLine()) != null) {
                String[] c = line.trim().split(" ");
                String answer;
                try {
                    answer = switch (c[0]) {
                        case "push" -> push(dingtalk, lark, Integer.parseInt(c[1]), Integer.parseInt(c[2]),
                                Integer.parseInt(c[3]));
                        case "connections" -> dingtalk.openConnections() + " " + lark.openConnections() + " "
                                              + difft.connections(DIFFT_APP) + " " + openim.connections().size();
                        case "quit" -> "bye";
                        default -> "failed: unknown command " + line;
                    };
                } catch (RuntimeException e) {
                    answer = "failed: " + e;
                }
                answers.println(PREFIX + answer);
                answers.flush();
                if ("quit".equals(c[0])) {
                    break;
                }
            }
        }
        System.exit(0);
    }

    private static OpenImSimulator openim() {
        OpenImSimulator.Builder b = OpenImSimulator.builder().secret(OPENIM_SECRET).adminUserId(OPENIM_ADMIN);
        for (int i = 0; i < OPENIM_USERS; i++) {
            b.user("idle" + i, "Idle " + i);
        }
        return b.start();
    }

    /**
     * Pushes DingTalk events {@code from} to {@code from + count - 1} (text {@code "reliability event <i>"}) with at
     * most {@code window} not yet acknowledged (a DingTalk event is acknowledged when the route's work, the send to
     * Lark, is done); answers {@code "<acknowledged> <lark messages sent in all>"} once every one is acknowledged.
     */
    private static String push(DingTalkSimulator dingtalk, LarkSimulator lark, int from, int count, int window) {
        String[] ids = new String[count];
        int acked = 0;
        long lastProgress = System.nanoTime();
        for (int i = 0; i < count || acked < count;) {
            if (i < count && i - acked < window) {
                ids[i] = dingtalk.pushEvent("reliability_event",
                        Map.of("text", ReliabilitySupport.eventText(from + i)));
                i++;
                continue;
            }
            int before = acked;
            while (acked < i && dingtalk.isAcknowledged(ids[acked])) {
                acked++;
            }
            if (acked > before) {
                lastProgress = System.nanoTime();
            } else {
                if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(60)) {
                    return "failed: " + acked + " of " + count + " acknowledged, no progress for 60 s";
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        return acked + " " + lark.sentMessages().size();
    }
}
