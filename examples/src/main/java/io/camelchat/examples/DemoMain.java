package io.camelchat.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.InboundMessage;
import io.camelchat.simulator.dingtalk.SentMessage;
import io.camelchat.simulator.dingtalk.SimGroup;
import io.camelchat.simulator.dingtalk.SimUser;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The camel-chat demo.
 * <p>
 * Without credentials it starts an embedded DingTalk simulator, plays a short scripted conversation from simulated
 * users, lets the echo bot answer each message through {@code dingtalk:message} — first with the Java DSL route, then
 * with the same route in YAML DSL — prints what flowed, and exits (status 0 when every message got its answer).
 * <p>
 * With credentials in a properties file ({@code camel-chat-demo.properties} in the working directory, or the file named
 * by {@code -Ddemo.config=...}) holding {@code camel.component.dingtalk.client-id} and
 * {@code camel.component.dingtalk.client-secret}, the same routes run against the real DingTalk until stopped.
 */
public final class DemoMain {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        Properties config = loadConfig();
        if (config.getProperty("camel.component.dingtalk.client-id") != null) {
            runAgainstDingTalk(config);
        } else {
            System.exit(runOnSimulator() ? 0 : 1);
        }
    }

    private static Properties loadConfig() throws IOException {
        Properties p = new Properties();
        Path file = Path.of(System.getProperty("demo.config", "camel-chat-demo.properties"));
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
            System.out.println("camel-chat demo: using " + file.toAbsolutePath());
        }
        return p;
    }

    /** The routes against the real platform, until the JVM is stopped. */
    private static void runAgainstDingTalk(Properties config) throws Exception {
        Main main = new Main();
        config.stringPropertyNames().forEach(k -> main.addInitialProperty(k, config.getProperty(k)));
        main.addInitialProperty("demo.yaml.autostart", config.getProperty("demo.yaml.autostart", "false"));
        main.addInitialProperty("camel.main.routes-include-pattern", "classpath:routes/*.yaml");
        main.configure().addRoutesBuilder(new EchoBotRoutes());
        System.out.println("camel-chat demo: echo bot running against DingTalk; stop with Ctrl-C");
        main.run();
    }

    /** The scripted conversation on the embedded simulator. */
    static boolean runOnSimulator() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.builder()
                .clientId("dingdemo0001").clientSecret("demo-secret").start()) {
            sim.addUser(new SimUser("alice", "unionAlice", "Alice", "+8613800000001", "alice@example.com"));
            sim.addUser(new SimUser("bob", "unionBob", "Bob", "+8613800000002", "bob@example.com"));
            sim.addGroup(new SimGroup("cidDEMOops==", "Ops room", List.of("alice", "bob")));
            System.out.println("camel-chat demo: DingTalk simulator listening on " + sim.apiUrl());

            Main main = new Main();
            main.addInitialProperty("camel.component.dingtalk.client-id", sim.clientId());
            main.addInitialProperty("camel.component.dingtalk.client-secret", sim.clientSecret());
            main.addInitialProperty("camel.component.dingtalk.api-url", sim.apiUrl());
            main.addInitialProperty("camel.component.dingtalk.oapi-url", sim.oapiUrl());
            main.addInitialProperty("camel.component.dingtalk.reconnect-delay", "200");
            main.addInitialProperty("camel.main.routes-include-pattern", "classpath:routes/*.yaml");
            main.addInitialProperty("demo.yaml.autostart", "false");
            main.addInitialProperty("camel.main.name", "camel-chat-demo");
            main.configure().addRoutesBuilder(new EchoBotRoutes());
            main.start();
            try {
                CamelContext context = main.getCamelContext();
                boolean ok = converse(sim, "Java DSL route");
                context.getRouteController().stopRoute("java-echo-bot");
                context.getRouteController().startRoute("yaml-echo-bot");
                ok &= converse(sim, "YAML DSL route");
                System.out.println();
                System.out.println("camel-chat demo: " + (ok ? "every message was answered" : "SOME MESSAGES WERE NOT ANSWERED"));
                return ok;
            } finally {
                main.stop();
            }
        }
    }

    private static boolean converse(DingTalkSimulator sim, String label) throws InterruptedException {
        System.out.println();
        System.out.println("=== conversation answered by the " + label + " ===");
        await(() -> sim.openConnections() >= 1, "the route's Stream connection");
        String[][] script = {
            { "alice", null, "hello bot" },
            { "bob", "cidDEMOops==", "is the build green?" },
            { "alice", "cidDEMOops==", "thanks!" },
        };
        boolean ok = true;
        for (String[] line : script) {
            int before = sim.sentMessages().size();
            InboundMessage in = sim.userSendsText(line[0], line[1], line[2]);
            System.out.printf("  %-6s -> bot %-12s: %s%n", line[0], line[1] == null ? "(1:1)" : "(Ops room)", line[2]);
            boolean answered = await(() -> sim.sentMessages().size() > before, "the answer to " + in.msgId());
            if (answered) {
                SentMessage reply = sim.sentMessages().get(before);
                System.out.printf("  bot    -> %-6s %-12s: %s   [via %s]%n", line[0],
                        line[1] == null ? "(1:1)" : "(Ops room)", reply.text(), reply.channel());
            }
            ok &= answered;
        }
        return ok;
    }

    private static boolean await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        System.out.println("  timed out waiting for " + what);
        return false;
    }
}
