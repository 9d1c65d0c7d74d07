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
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The camel-chat demo.
 * <p>
 * Without credentials it starts embedded DingTalk and Lark simulators, plays a short scripted conversation from
 * simulated users, lets the echo bot answer each message through {@code dingtalk:message} — first with the Java DSL
 * route, then with the same route in YAML DSL — then bridges a DingTalk group and a Lark chat both ways (text and an
 * image), prints what flowed, and exits (status 0 when everything arrived).
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
                .clientId("dingdemo0001").clientSecret("demo-secret").start();
             LarkSimulator lark = LarkSimulator.builder().appId("cli_0123456789abcdef").appSecret("demo-lark-secret")
                     .start()) {
            lark.addUser(new LarkUser("ou_carol0001", "carol", "on_carol", "Carol", "carol@example.com", "+8613800000003"));
            lark.addChat(new LarkChat("oc_demobridge01", "Ops (Lark)", List.of("ou_carol0001")));
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
            main.addInitialProperty("camel.component.lark.app-id", lark.appId());
            main.addInitialProperty("camel.component.lark.app-secret", lark.appSecret());
            main.addInitialProperty("camel.component.lark.api-url", lark.apiUrl());
            main.addInitialProperty("camel.component.lark.reconnect-delay", "200");
            main.addInitialProperty("demo.lark.chat", "oc_demobridge01");
            main.addInitialProperty("demo.dingtalk.group", "cidDEMOops==");
            main.configure().addRoutesBuilder(new EchoBotRoutes());
            main.configure().addRoutesBuilder(new BridgeRoutes());
            main.start();
            try {
                CamelContext context = main.getCamelContext();
                boolean ok = converse(sim, "Java DSL route");
                context.getRouteController().stopRoute("java-echo-bot");
                context.getRouteController().startRoute("yaml-echo-bot");
                ok &= converse(sim, "YAML DSL route");
                context.getRouteController().stopRoute("yaml-echo-bot");
                context.getRouteController().startRoute("dingtalk-to-lark");
                context.getRouteController().startRoute("lark-to-dingtalk");
                ok &= bridge(sim, lark);
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

    private static boolean bridge(DingTalkSimulator dingtalk, LarkSimulator lark) throws InterruptedException {
        System.out.println();
        System.out.println("=== DingTalk group <-> Lark chat bridge ===");
        await(() -> dingtalk.openConnections() >= 1 && lark.openConnections() >= 1, "both Stream connections");
        boolean ok = true;
        int larkBefore = lark.sentMessages().size();
        dingtalk.userSendsText("alice", "cidDEMOops==", "deploy finished, see you on Lark");
        System.out.println("  alice (DingTalk) : deploy finished, see you on Lark");
        ok &= await(() -> lark.sentMessages().size() > larkBefore, "the message on Lark");
        if (ok) {
            System.out.println("  -> Lark chat     : " + lark.sentMessages().get(larkBefore).text());
        }
        int dingBefore = dingtalk.sentMessages().size();
        lark.userSendsText("ou_carol0001", "oc_demobridge01", "thanks, Carol here on Lark");
        System.out.println("  carol (Lark)     : thanks, Carol here on Lark");
        boolean back = await(() -> dingtalk.sentMessages().size() > dingBefore, "the message on DingTalk");
        if (back) {
            System.out.println("  -> DingTalk group: " + dingtalk.sentMessages().get(dingBefore).text());
        }
        ok &= back;
        int uploadsBefore = lark.uploads().size();
        byte[] png = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };
        dingtalk.userSendsPicture("alice", "cidDEMOops==", png);
        System.out.println("  alice (DingTalk) : [a picture of " + png.length + " bytes]");
        boolean image = await(() -> lark.uploads().size() > uploadsBefore, "the picture on Lark");
        if (image) {
            System.out.println("  -> Lark chat     : [image " + lark.uploads().get(uploadsBefore).key() + ", "
                               + lark.uploads().get(uploadsBefore).bytes().length + " bytes, downloaded from DingTalk and "
                               + "uploaded to Lark]");
        }
        return ok & image;
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
