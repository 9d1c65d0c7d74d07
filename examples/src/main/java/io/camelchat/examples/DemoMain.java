package io.camelchat.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import io.camelchat.common.Json;
import io.camelchat.difft.api.DifftAttachment;
import io.camelchat.simulator.difft.DifftMessage;
import io.camelchat.simulator.difft.DifftSimulator;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.InboundMessage;
import io.camelchat.simulator.dingtalk.SentMessage;
import io.camelchat.simulator.dingtalk.SimGroup;
import io.camelchat.simulator.dingtalk.SimUser;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import io.camelchat.simulator.lark.UploadedFile;
import io.camelchat.simulator.openim.OpenImMessage;
import io.camelchat.simulator.openim.OpenImSimulator;
import io.camelchat.simulator.openim.UploadedObject;
import io.camelchat.simulator.symphony.SymAttachment;
import io.camelchat.simulator.symphony.SymMessage;
import io.camelchat.simulator.symphony.SymphonySimulator;
import io.camelchat.symphony.api.SymphonyIds;
import io.camelchat.symphony.api.SymphonyMessageMl;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * The camel-chat demo.
 * <p>
 * Without credentials it starts embedded DingTalk, Lark and Symphony simulators, plays a short scripted conversation
 * from simulated users, lets the echo bot answer each message through {@code dingtalk:message} — first with the Java
 * DSL route, then with the same route in YAML DSL — then bridges a DingTalk group and a Lark chat both ways (text and
 * an image), lets the Symphony echo bot answer users' IMs, bridges a Symphony room and the Lark chat both ways (text, a
 * file and an image), bridges an OpenIM group and the DingTalk group both ways (text and a picture), bridges a Difft
 * group and the Lark chat both ways (text, a file and a picture), prints what flowed, and exits (status 0 when
 * everything arrived).
 * <p>
 * With credentials in a properties file ({@code camel-chat-demo.properties} in the working directory, or the file named
 * by {@code -Ddemo.config=...}) the routes run against the real platforms until stopped: the DingTalk echo bot with
 * {@code camel.component.dingtalk.client-id} and {@code client-secret}; the Symphony echo bot with
 * {@code camel.component.symphony.bot-username}, {@code private-key-file} and {@code pod-url}; and the Symphony–Lark
 * bridge when {@code demo.symphony.stream}, {@code camel.component.lark.app-id}, {@code app-secret} and
 * {@code demo.lark.chat} are set too; the OpenIM - DingTalk bridge with {@code camel.component.openim.user-id},
 * {@code admin-user-id}, {@code secret}, {@code api-url}, {@code ws-url}, {@code demo.openim.group} and
 * {@code demo.dingtalk.group} besides the DingTalk credentials; the Difft - Lark bridge with
 * {@code camel.component.difft.app-id}, {@code app-secret}, {@code bot-id} (and {@code api-url} for another server
 * than {@code https://openapi.difft.org}), {@code demo.difft.group}, the Lark app and {@code demo.lark.chat} (instead
 * of the Symphony - Lark bridge: one route at a time reads Lark's long connection).
 */
public final class DemoMain {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    private static final String LARK_CHAT = "oc_demobridge01";
    private static final String CAROL = "ou_carol0001";
    private static final byte[] PDF = "%PDF-1.4\n% release notes of 1.2\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };
    private static final String OPENIM_BOT = "demobot";
    private static final String OPENIM_GROUP = "opsgroup";
    private static final String DIFFT_APP = "demodifft001";
    private static final String DIFFT_BOT = "+60000";
    private static final String DAN = "+76459652574";
    private static final String DIFFT_GROUP = "a9de6b3ae8c8456d888c4532b487e822";

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        Properties config = loadConfig();
        if (configured(config, "camel.component.dingtalk.client-id")
                || configured(config, "camel.component.symphony.bot-username")
                || configured(config, "camel.component.difft.app-id")) {
            realPlatforms(config).run();
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

    /** The value of a Camel Main property, whether it is spelled {@code client-id} or {@code clientId}. */
    static String property(Properties config, String key) {
        String wanted = relaxed(key);
        for (String k : config.stringPropertyNames()) {
            if (relaxed(k).equals(wanted) && !config.getProperty(k).isBlank()) {
                return config.getProperty(k).trim();
            }
        }
        return null;
    }

    private static boolean configured(Properties config, String key) {
        return property(config, key) != null;
    }

    private static String relaxed(String key) {
        return key.replace("-", "").toLowerCase(Locale.ROOT);
    }

    /**
     * The routes against the real platforms that {@code config} names, not started: the caller runs the returned
     * Main (until the JVM is stopped).
     */
    static Main realPlatforms(Properties config) {
        Main main = new Main();
        config.stringPropertyNames().forEach(k -> main.addInitialProperty(k, config.getProperty(k)));
        main.addInitialProperty("camel.main.name", "camel-chat-demo");
        if (configured(config, "camel.component.dingtalk.client-id")) {
            main.addInitialProperty("demo.yaml.autostart", config.getProperty("demo.yaml.autostart", "false"));
            main.addInitialProperty("camel.main.routes-include-pattern", "classpath:routes/*.yaml");
            if (configured(config, "camel.component.openim.user-id") && configured(config, "demo.openim.group")
                    && configured(config, "demo.dingtalk.group")) {
                // one route at a time reads the DingTalk Stream: the bridge instead of the echo bot
                main.configure().addRoutesBuilder(new OpenImDingTalkBridgeRoutes());
                System.out.println("camel-chat demo: bridging OpenIM group " + property(config, "demo.openim.group")
                                   + " and DingTalk group " + property(config, "demo.dingtalk.group") + " both ways");
            } else {
                main.configure().addRoutesBuilder(new EchoBotRoutes());
                System.out.println(
                        "camel-chat demo: echo bot running against DingTalk; message your robot and it answers");
            }
        }
        boolean difftBridge = false;
        if (configured(config, "camel.component.difft.app-id")) {
            if (configured(config, "demo.difft.group") && configured(config, "camel.component.lark.app-id")
                    && configured(config, "demo.lark.chat")) {
                main.configure().addRoutesBuilder(new DifftLarkBridgeRoutes());
                difftBridge = true;
                System.out.println("camel-chat demo: bridging Difft group " + property(config, "demo.difft.group")
                                   + " and Lark chat " + property(config, "demo.lark.chat") + " both ways");
            } else {
                System.out.println("camel-chat demo: camel.component.difft.app-id is set, but the Difft bridge also "
                                   + "needs demo.difft.group and Lark: camel.component.lark.app-id, "
                                   + "camel.component.lark.app-secret and demo.lark.chat");
            }
        }
        if (configured(config, "camel.component.symphony.bot-username")) {
            main.configure().addRoutesBuilder(new SymphonyEchoBotRoutes());
            System.out
                    .println("camel-chat demo: echo bot running against Symphony; send your bot an IM and it answers");
            String stream = symphonyStream(config);
            if (stream != null) {
                main.addInitialProperty("demo.symphony.stream", stream);
                if (difftBridge) {
                    System.out.println("camel-chat demo: the Lark chat is bridged with Difft; demo.symphony.stream "
                                       + "is not bridged (one route at a time reads Lark's long connection)");
                } else if (configured(config, "camel.component.lark.app-id") && configured(config, "demo.lark.chat")) {
                    main.configure().addRoutesBuilder(new SymphonyLarkBridgeRoutes());
                    System.out.println("camel-chat demo: bridging Symphony stream " + stream + " and Lark chat "
                                       + property(config, "demo.lark.chat") + " both ways");
                } else {
                    System.out.println("camel-chat demo: demo.symphony.stream is set, but the bridge also needs Lark: "
                                       + "camel.component.lark.app-id, camel.component.lark.app-secret and demo.lark.chat");
                }
            }
        }
        System.out.println("camel-chat demo: stop with Ctrl-C");
        return main;
    }

    /**
     * {@code demo.symphony.stream} in its URL-safe spelling (the one the datafeed uses; Symphony's clients show ids in
     * either spelling), or {@code null}.
     */
    private static String symphonyStream(Properties config) {
        String stream = property(config, "demo.symphony.stream");
        if (stream == null) {
            return null;
        }
        try {
            return SymphonyIds.toUrlSafe(stream);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("demo.symphony.stream: " + e.getMessage(), e);
        }
    }

    /** The scripted conversation on the embedded simulators. */
    static boolean runOnSimulator() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.builder()
                .clientId("dingdemo0001").clientSecret("demo-secret").start();
                LarkSimulator lark = LarkSimulator.builder().appId("cli_0123456789abcdef").appSecret("demo-lark-secret")
                        .start();
                DemoSymphonyPod symphony = DemoSymphonyPod.start();
                OpenImSimulator openim = OpenImSimulator.builder().secret("demo-openim-secret").adminUserId("imAdmin")
                        .user(OPENIM_BOT, "Demo bot").user("frank", "Frank")
                        .group(OPENIM_GROUP, "Ops (OpenIM)", "frank", OPENIM_BOT).start();
                DifftSimulator difft = DifftSimulator.builder().app(DIFFT_APP, "demo-difft-secret", DIFFT_BOT)
                        .account(DAN, "dan@example.org", "Dan").group(DIFFT_GROUP, "Ops (Difft)", DIFFT_BOT, DAN)
                        .start()) {
            lark.addUser(new LarkUser(CAROL, "carol", "on_carol", "Carol", "carol@example.com", "+8613800000003"));
            lark.addChat(new LarkChat(LARK_CHAT, "Ops (Lark)", List.of(CAROL)));
            sim.addUser(new SimUser("alice", "unionAlice", "Alice", "+8613800000001", "alice@example.com"));
            sim.addUser(new SimUser("bob", "unionBob", "Bob", "+8613800000002", "bob@example.com"));
            sim.addGroup(new SimGroup("cidDEMOops==", "Ops room", List.of("alice", "bob")));
            System.out.println("camel-chat demo: DingTalk simulator listening on " + sim.apiUrl());
            System.out.println("camel-chat demo: Lark simulator listening on " + lark.apiUrl());
            System.out.println("camel-chat demo: Symphony simulator: pod " + symphony.sim.podUrl() + ", agent "
                               + symphony.sim.agentUrl() + ", key manager " + symphony.sim.keyManagerUrl());
            System.out.println("camel-chat demo: OpenIM simulator: API " + openim.apiUrl() + ", gateway "
                               + openim.wsUrl());
            System.out.println("camel-chat demo: Difft simulator: API " + difft.baseUrl() + ", websocket "
                               + difft.websocketUrl());

            Main main = new Main();
            main.addInitialProperty("camel.component.dingtalk.client-id", sim.clientId());
            main.addInitialProperty("camel.component.dingtalk.client-secret", sim.clientSecret());
            main.addInitialProperty("camel.component.dingtalk.api-url", sim.apiUrl());
            main.addInitialProperty("camel.component.dingtalk.oapi-url", sim.oapiUrl());
            main.addInitialProperty("camel.component.dingtalk.reconnect-delay", "200");
            main.addInitialProperty("camel.main.routes-include-pattern", "classpath:routes/*.yaml");
            main.addInitialProperty("demo.yaml.autostart", "false");
            main.addInitialProperty("camel.main.name", "camel-chat-demo");
            // a failed run should end soon too: in-flight exchanges get 5 s (instead of 45 s) at shutdown
            main.addInitialProperty("camel.main.shutdown-timeout", "5");
            main.addInitialProperty("camel.component.lark.app-id", lark.appId());
            main.addInitialProperty("camel.component.lark.app-secret", lark.appSecret());
            main.addInitialProperty("camel.component.lark.api-url", lark.apiUrl());
            main.addInitialProperty("camel.component.lark.reconnect-delay", "200");
            main.addInitialProperty("demo.lark.chat", LARK_CHAT);
            main.addInitialProperty("demo.dingtalk.group", "cidDEMOops==");
            symphony.componentProperties().forEach(main::addInitialProperty);
            main.addInitialProperty("demo.symphony.stream", symphony.room);
            main.addInitialProperty("demo.symphony.echo.autostart", "false");
            main.addInitialProperty("demo.symphony.bridge.autostart", "false");
            main.addInitialProperty("camel.component.openim.user-id", OPENIM_BOT);
            main.addInitialProperty("camel.component.openim.admin-user-id", openim.adminUserId());
            main.addInitialProperty("camel.component.openim.secret", openim.secret());
            main.addInitialProperty("camel.component.openim.api-url", openim.apiUrl());
            main.addInitialProperty("camel.component.openim.ws-url", openim.wsUrl());
            main.addInitialProperty("camel.component.openim.reconnect-delay", "200");
            main.addInitialProperty("demo.openim.group", OPENIM_GROUP);
            main.addInitialProperty("demo.openim.bridge.autostart", "false");
            main.addInitialProperty("camel.component.difft.app-id", DIFFT_APP);
            main.addInitialProperty("camel.component.difft.app-secret", "demo-difft-secret");
            main.addInitialProperty("camel.component.difft.bot-id", DIFFT_BOT);
            main.addInitialProperty("camel.component.difft.api-url", difft.baseUrl());
            main.addInitialProperty("camel.component.difft.ws-url", difft.websocketUrl());
            main.addInitialProperty("camel.component.difft.reconnect-delay", "200");
            main.addInitialProperty("demo.difft.group", DIFFT_GROUP);
            main.addInitialProperty("demo.difft.bridge.autostart", "false");
            main.configure().addRoutesBuilder(new EchoBotRoutes());
            main.configure().addRoutesBuilder(new BridgeRoutes());
            main.configure().addRoutesBuilder(new SymphonyEchoBotRoutes());
            main.configure().addRoutesBuilder(new SymphonyLarkBridgeRoutes());
            main.configure().addRoutesBuilder(new OpenImDingTalkBridgeRoutes());
            main.configure().addRoutesBuilder(new DifftLarkBridgeRoutes());
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
                context.getRouteController().startRoute("symphony-echo-bot");
                ok &= symphonyEcho(symphony);
                // the Lark chat now talks to Symphony: one route at a time reads Lark's long connection
                context.getRouteController().stopRoute("dingtalk-to-lark");
                context.getRouteController().stopRoute("lark-to-dingtalk");
                await(() -> lark.openConnections() == 0, "the DingTalk bridge's Lark connection to close");
                context.getRouteController().startRoute("symphony-to-lark");
                context.getRouteController().startRoute("lark-to-symphony");
                ok &= symphonyBridge(symphony, lark);
                // the DingTalk group now talks to OpenIM
                context.getRouteController().startRoute("openim-to-dingtalk");
                context.getRouteController().startRoute("dingtalk-to-openim");
                ok &= openImBridge(openim, sim);
                // the Lark chat now talks to Difft
                context.getRouteController().stopRoute("lark-to-symphony");
                await(() -> lark.openConnections() == 0, "the Symphony bridge's Lark connection to close");
                context.getRouteController().startRoute("difft-to-lark");
                context.getRouteController().startRoute("lark-to-difft");
                ok &= difftBridge(difft, lark, context);
                List<String> mistakes = symphony.sim.protocolErrors();
                if (!mistakes.isEmpty()) {
                    System.out.println("  the Symphony simulator noticed client mistakes: " + mistakes);
                }
                System.out.println();
                System.out.println("camel-chat demo: " + (ok ? "every message was answered or bridged"
                        : "SOME MESSAGES DID NOT ARRIVE AS EXPECTED (see above)"));
                return ok;
            } finally {
                stopSymphonyRoutes(main.getCamelContext());
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
        lark.userSendsText(CAROL, LARK_CHAT, "thanks, Carol here on Lark");
        System.out.println("  carol (Lark)     : thanks, Carol here on Lark");
        boolean back = await(() -> dingtalk.sentMessages().size() > dingBefore, "the message on DingTalk");
        if (back) {
            System.out.println("  -> DingTalk group: " + dingtalk.sentMessages().get(dingBefore).text());
        }
        ok &= back;
        int uploadsBefore = lark.uploads().size();
        dingtalk.userSendsPicture("alice", "cidDEMOops==", PNG);
        System.out.println("  alice (DingTalk) : [a picture of " + PNG.length + " bytes]");
        boolean image = await(() -> lark.uploads().size() > uploadsBefore, "the picture on Lark");
        if (image) {
            System.out.println("  -> Lark chat     : [image " + lark.uploads().get(uploadsBefore).key() + ", "
                               + lark.uploads().get(uploadsBefore).bytes().length
                               + " bytes, downloaded from DingTalk and "
                               + "uploaded to Lark]");
        }
        return ok & image;
    }

    /** Dave and Erin each write the Symphony bot in their IM; the echo bot answers in the same IM. */
    private static boolean symphonyEcho(DemoSymphonyPod pod) throws InterruptedException {
        SymphonySimulator sim = pod.sim;
        System.out.println();
        System.out.println("=== Symphony IMs answered by the echo bot (symphony:datafeed -> symphony:message) ===");
        await(() -> feedPolling(sim, SymphonyEchoBotRoutes.FEED_TAG), "the echo bot's datafeed");
        record Line(String user, long userId, String im, String messageMl) {
        }
        List<Line> script = List.of(
                new Line("dave", DemoSymphonyPod.DAVE, pod.daveIm, "<messageML>hello <b>bot</b></messageML>"),
                new Line("erin", DemoSymphonyPod.ERIN, pod.erinIm, "<messageML>is the datafeed up?</messageML>"));
        boolean ok = true;
        for (Line line : script) {
            String said = SymphonyMessageMl.text(line.messageMl());
            int before = sim.sentMessages().size();
            sim.userPostsMessage(line.userId(), line.im(), line.messageMl());
            System.out.printf("  %-6s -> bot %-12s: %s%n", line.user(), "(IM)", said);
            SymMessage reply = awaitSymphony(sim, before, m -> line.im().equals(m.streamId())
                    && SymphonyMessageMl.text(m.presentationML()).endsWith("you said: " + said),
                    "the answer to " + line.user() + "'s IM");
            if (reply != null) {
                System.out.printf("  bot    -> %-6s %-12s: %s%n", line.user(), "(same IM)",
                        SymphonyMessageMl.text(reply.presentationML()));
            }
            ok &= reply != null;
        }
        return ok;
    }

    /** The room "Ops (Symphony)" and the Lark chat bridged both ways: text, a file from Symphony, a picture from Lark. */
    private static boolean symphonyBridge(DemoSymphonyPod pod, LarkSimulator lark) throws InterruptedException {
        SymphonySimulator sim = pod.sim;
        System.out.println();
        System.out.println("=== Symphony room <-> Lark chat bridge ===");
        await(() -> feedPolling(sim, SymphonyLarkBridgeRoutes.FEED_TAG) && lark.openConnections() >= 1,
                "the bridge's datafeed and Lark connection");
        int roomBefore = (int) sim.sentMessages().stream().filter(m -> pod.room.equals(m.streamId())).count();

        int larkBefore = lark.sentMessages().size();
        sim.userPostsMessage(DemoSymphonyPod.DAVE, pod.room, "<messageML>release 1.2 is <b>out</b></messageML>");
        System.out.println("  dave (Symphony)  : release 1.2 is out");
        boolean text = await(() -> larkTexts(lark, larkBefore).contains("release 1.2 is out"),
                "the Symphony message on Lark");
        if (text) {
            System.out.println("  -> Lark chat     : release 1.2 is out");
        }

        int symBefore = sim.sentMessages().size();
        String carolSays = "congrats & thanks, Carol on Lark";
        lark.userSendsText(CAROL, LARK_CHAT, carolSays);
        System.out.println("  carol (Lark)     : " + carolSays);
        SymMessage back = awaitSymphony(sim, symBefore, m -> pod.room.equals(m.streamId())
                && carolSays.equals(SymphonyMessageMl.text(m.presentationML())), "the Lark message on Symphony");
        if (back != null) {
            System.out.println("  -> Symphony room : " + SymphonyMessageMl.text(back.presentationML()));
        }

        int uploadsBefore = lark.uploads().size();
        sim.userPostsMessage(DemoSymphonyPod.DAVE, pod.room, "<messageML>the release notes</messageML>", null,
                List.of(new SymAttachment("internal_demo_notes", "release-notes.pdf", "application/pdf", PDF)));
        System.out.println("  dave (Symphony)  : the release notes [release-notes.pdf, " + PDF.length + " bytes]");
        boolean file = await(() -> larkUpload(lark, uploadsBefore, PDF) != null, "the file on Lark");
        if (file) {
            UploadedFile up = larkUpload(lark, uploadsBefore, PDF);
            System.out.println("  -> Lark chat     : [" + up.kind() + " " + up.key() + ", " + up.name() + ", "
                               + up.bytes().length + " bytes, downloaded from Symphony and uploaded to Lark]");
        }

        int picBefore = sim.sentMessages().size();
        lark.userSendsImage(CAROL, LARK_CHAT, PNG);
        System.out.println("  carol (Lark)     : [a picture of " + PNG.length + " bytes]");
        SymMessage picture = awaitSymphony(sim, picBefore,
                m -> pod.room.equals(m.streamId()) && m.attachments().stream()
                        .anyMatch(a -> Arrays.equals(a.bytes(), PNG)),
                "the picture on Symphony");
        if (picture != null) {
            SymAttachment a = picture.attachments().get(0);
            System.out.println("  -> Symphony room : [attachment " + a.id() + ", " + a.name() + ", " + a.size()
                               + " bytes, downloaded from Lark and uploaded to Symphony]");
        }

        boolean ok = text & back != null & file & picture != null;
        // the echo bot reads the room's messages too (on its own feed) and must leave them to the bridge
        long inRoom = sim.sentMessages().stream().filter(m -> pod.room.equals(m.streamId())).count() - roomBefore;
        if (ok && inRoom != 2) {
            System.out.println("  the bot sent " + inRoom + " messages to the Symphony room, 2 expected (from Lark)");
            ok = false;
        }
        return ok;
    }

    /** The OpenIM group "Ops (OpenIM)" and the DingTalk group bridged both ways: text each way, a picture from OpenIM. */
    private static boolean openImBridge(OpenImSimulator openim, DingTalkSimulator dingtalk)
            throws InterruptedException {
        System.out.println();
        System.out.println("=== OpenIM group <-> DingTalk group bridge ===");
        await(() -> !openim.connections(OPENIM_BOT).isEmpty() && dingtalk.openConnections() >= 1,
                "the bridge's OpenIM gateway and DingTalk Stream connections");
        String conversation = OpenImSimulator.groupConversationId(OPENIM_GROUP);

        int dingBefore = dingtalk.sentMessages().size();
        openim.sendGroupText("frank", OPENIM_GROUP, "the OpenIM side is live");
        System.out.println("  frank (OpenIM)   : the OpenIM side is live");
        boolean text = await(() -> dingtalk.sentMessages().stream().skip(dingBefore)
                .anyMatch(m -> "the OpenIM side is live".equals(m.text())), "the OpenIM message on DingTalk");
        if (text) {
            System.out.println("  -> DingTalk group: the OpenIM side is live");
        }

        String aliceSays = "welcome, Frank";
        dingtalk.userSendsText("alice", "cidDEMOops==", aliceSays);
        System.out.println("  alice (DingTalk) : " + aliceSays);
        boolean back = await(() -> openim.messages(conversation).stream()
                .anyMatch(m -> OPENIM_BOT.equals(m.sendId()) && aliceSays.equals(m.text())),
                "the DingTalk message on OpenIM");
        if (back) {
            OpenImMessage m = openim.messages(conversation).stream()
                    .filter(x -> OPENIM_BOT.equals(x.sendId()) && aliceSays.equals(x.text())).findFirst().orElseThrow();
            System.out.println("  -> OpenIM group  : " + m.text() + "   [seq " + m.seq() + " of " + conversation + "]");
        }

        int mediaBefore = dingtalk.uploadedMedia().size();
        openim.sendPicture("frank", "", OPENIM_GROUP, "status.png", "image/png", PNG);
        System.out.println("  frank (OpenIM)   : [a picture of " + PNG.length + " bytes]");
        boolean picture = await(() -> dingtalk.uploadedMedia().stream().skip(mediaBefore)
                .anyMatch(u -> Arrays.equals(u.bytes(), PNG)), "the picture on DingTalk");
        if (picture) {
            UploadedObject o = openim.uploadedObjects().get(openim.uploadedObjects().size() - 1);
            System.out.println("  -> DingTalk group: [picture " + o.name() + ", " + PNG.length
                               + " bytes, downloaded from OpenIM and uploaded to DingTalk]");
        }
        return text & back & picture;
    }

    /**
     * The Difft group "Ops (Difft)" and the Lark chat bridged both ways: text each way, a file from Difft, a picture
     * from Lark (which reaches Difft encrypted: it is downloaded and decrypted here to show the bytes are the same).
     */
    private static boolean difftBridge(DifftSimulator difft, LarkSimulator lark, CamelContext context)
            throws InterruptedException {
        System.out.println();
        System.out.println("=== Difft group <-> Lark chat bridge ===");
        await(() -> difft.connections(DIFFT_APP) >= 1 && lark.openConnections() >= 1,
                "the bridge's Difft websocket and Lark connections");

        int larkBefore = lark.sentMessages().size();
        difft.sendGroupText(DAN, DIFFT_GROUP, "Difft is bridged too");
        System.out.println("  dan (Difft)      : Difft is bridged too");
        boolean text = await(() -> larkTexts(lark, larkBefore).contains("Difft is bridged too"),
                "the Difft message on Lark");
        if (text) {
            System.out.println("  -> Lark chat     : Difft is bridged too");
        }

        int difftBefore = difft.sentTo(DIFFT_GROUP).size();
        String carolSays = "hi Dan, Carol on Lark";
        lark.userSendsText(CAROL, LARK_CHAT, carolSays);
        System.out.println("  carol (Lark)     : " + carolSays);
        DifftMessage back = awaitDifft(difft, difftBefore, m -> carolSays.equals(m.body()),
                "the Lark message on Difft");
        if (back != null) {
            System.out.println("  -> Difft group   : " + back.body() + "   [refID " + back.refId() + "]");
        }

        int uploadsBefore = lark.uploads().size();
        difft.sendGroupFile(DAN, DIFFT_GROUP, "release-notes.pdf", "application/pdf", PDF);
        System.out.println("  dan (Difft)      : [release-notes.pdf, " + PDF.length + " bytes]");
        boolean file = await(() -> larkUpload(lark, uploadsBefore, PDF) != null, "the file on Lark");
        if (file) {
            UploadedFile up = larkUpload(lark, uploadsBefore, PDF);
            System.out.println("  -> Lark chat     : [" + up.kind() + " " + up.key() + ", " + up.name() + ", "
                               + up.bytes().length + " bytes, downloaded and decrypted from Difft, uploaded to Lark]");
        }

        int picBefore = difft.sentTo(DIFFT_GROUP).size();
        lark.userSendsImage(CAROL, LARK_CHAT, PNG);
        System.out.println("  carol (Lark)     : [a picture of " + PNG.length + " bytes]");
        DifftMessage picture = awaitDifft(difft, picBefore, m -> m.attachment() != null, "the picture on Difft");
        boolean same = false;
        if (picture != null) {
            DifftAttachment a = DifftAttachment.fromJson(Json.MAPPER.valueToTree(picture.attachment()));
            ProducerTemplate template = context.createProducerTemplate();
            byte[] bytes = template.requestBody("difft:media?operation=download", a, byte[].class);
            same = Arrays.equals(bytes, PNG);
            System.out.println("  -> Difft group   : [attachment " + picture.fileName() + ", " + bytes.length
                               + " bytes, downloaded from Lark, encrypted and uploaded to Difft"
                               + (same ? "; decrypts to the same bytes]" : "; DECRYPTS TO OTHER BYTES]"));
        }
        return text & back != null & file & same;
    }

    /** The first message the Difft bot sent to the demo group after the first {@code from} that matches, waited for. */
    private static DifftMessage awaitDifft(DifftSimulator difft, int from, Predicate<DifftMessage> match, String what)
            throws InterruptedException {
        DifftMessage[] found = new DifftMessage[1];
        await(() -> {
            List<DifftMessage> sent = difft.sentTo(DIFFT_GROUP);
            for (DifftMessage m : sent.subList(Math.min(from, sent.size()), sent.size())) {
                if (match.test(m)) {
                    found[0] = m;
                    return true;
                }
            }
            return false;
        }, what);
        return found[0];
    }

    /**
     * Stops the datafeed routes and gives their pending reads the time to be answered (the simulator holds a read
     * {@link DemoSymphonyPod#LONG_POLL} at most), so that stopping Camel does not cut reads off.
     */
    static void stopSymphonyRoutes(CamelContext context) throws Exception {
        if (context == null) {
            return;
        }
        boolean stopped = false;
        for (String id : List.of("symphony-echo-bot", "symphony-to-lark")) {
            if (context.getRouteController().getRouteStatus(id) != null
                    && context.getRouteController().getRouteStatus(id).isStarted()) {
                context.getRouteController().stopRoute(id);
                stopped = true;
            }
        }
        if (stopped) {
            Thread.sleep(DemoSymphonyPod.LONG_POLL.toMillis() + 200);
        }
    }

    /** Whether the route reading the feed with this tag is polling it. */
    private static boolean feedPolling(SymphonySimulator sim, String tag) {
        return sim.datafeeds().stream().anyMatch(f -> f.active() && tag.equals(f.tag()) && f.reads() > 0);
    }

    /** The first message the Symphony bot sent after the first {@code from} ones that matches, waited for. */
    private static SymMessage awaitSymphony(SymphonySimulator sim, int from, Predicate<SymMessage> match, String what)
            throws InterruptedException {
        SymMessage[] found = new SymMessage[1];
        await(() -> {
            List<SymMessage> sent = sim.sentMessages();
            for (SymMessage m : sent.subList(Math.min(from, sent.size()), sent.size())) {
                if (match.test(m)) {
                    found[0] = m;
                    return true;
                }
            }
            return false;
        }, what);
        return found[0];
    }

    /** The texts the Lark bot sent to the bridged chat after its first {@code from} messages. */
    private static List<String> larkTexts(LarkSimulator lark, int from) {
        List<io.camelchat.simulator.lark.SentMessage> sent = lark.sentMessages();
        return sent.subList(Math.min(from, sent.size()), sent.size()).stream()
                .filter(m -> LARK_CHAT.equals(m.chatId()) && m.text() != null)
                .map(io.camelchat.simulator.lark.SentMessage::text)
                .toList();
    }

    /** The first upload to Lark after the first {@code from} with these bytes. */
    private static UploadedFile larkUpload(LarkSimulator lark, int from, byte[] bytes) {
        List<UploadedFile> ups = lark.uploads();
        return ups.subList(Math.min(from, ups.size()), ups.size()).stream().filter(u -> Arrays.equals(u.bytes(), bytes))
                .findFirst().orElse(null);
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
