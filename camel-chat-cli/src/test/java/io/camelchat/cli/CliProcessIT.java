package io.camelchat.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.camelchat.cli.CliProcess.Result;
import io.camelchat.cli.config.ConfigFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real jar as a process: {@code simulate} runs the DingTalk, Lark, OpenIM, Difft and Symphony simulators (and its control API) for
 * the class, and each test runs {@code camel-chat} commands against them, checking standard output, standard error and
 * the exit status.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliProcessIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;

    private Path work;
    private Path home;
    private CliProcess simulate;
    private Path simConfig;
    private String control;
    private JsonNode difft;

    @BeforeAll
    void startSimulators() throws Exception {
        work = Files.createDirectories(tmp.resolve("work"));
        home = Files.createDirectories(tmp.resolve("home"));
        simConfig = tmp.resolve("simulators.ini");
        simulate = CliProcess.start(work, home, Map.of(), "simulate", "dingtalk", "lark", "openim", "difft", "symphony",
                "--output", "json",
                "--write-config", simConfig.toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> simulate.out().contains("\"control\""));
        List<JsonNode> lines = jsonLines(simulate.out());
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0).path("platform").asText()).isEqualTo("dingtalk");
        assertThat(lines.get(0).path("credentials").path("clientSecret").asText()).isNotEmpty();
        assertThat(lines.get(1).path("endpoints").path("apiUrl").asText()).startsWith("http://127.0.0.1:");
        difft = lines.get(3);
        control = lines.get(5).path("control").asText();
        assertThat(Files.readString(simConfig)).contains("[dingtalk]", "[lark]", "[openim]", "[difft]",
                "[symphony]");
    }

    @AfterAll
    void stopSimulators() {
        if (simulate != null) {
            Result r = simulate.stop();
            // SIGTERM: the JVM ends with 128 + 15 once the shutdown hooks stopped the simulators
            assertThat(r.code()).isEqualTo(143);
        }
    }

    private Result cli(String... args) {
        return CliProcess.run(work, home, Map.of(), args);
    }

    private Result cliWithSimulators(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(simConfig.toString());
        return cli(all.toArray(String[]::new));
    }

    @Test
    void sendReachesTheSimulatorAndPrintsTheMessageId() throws Exception {
        Result text = cliWithSimulators("send", "-p", "dingtalk", "--to", "user:alice", "-m", "hello from the cli");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out().strip()).isNotEmpty().doesNotContain("\n");
        assertThat(text.err()).isEmpty();

        Result json = cliWithSimulators("send", "-p", "lark", "--to", "open_id:ou_alice0001", "-m", "hello lark",
                "--output", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode o = JSON.readTree(json.out());
        assertThat(o.path("platform").asText()).isEqualTo("lark");
        assertThat(o.path("messageId").asText()).startsWith("om_");

        assertThat(get("dingtalk/sent?to=alice").path("texts")).extracting(JsonNode::asText)
                .contains("hello from the cli");
        assertThat(get("lark/sent").path("texts")).extracting(JsonNode::asText).contains("hello lark");

        Result recall = cliWithSimulators("recall", "-p", "lark", o.path("messageId").asText());
        assertThat(recall.code()).as(recall.err()).isZero();
        assertThat(recall.out()).contains("recalled " + o.path("messageId").asText());
    }

    @Test
    void uploadShowsProgressAndDownloadGetsTheSameBytes() throws Exception {
        byte[] bytes = new byte[600 * 1024];
        new Random(7).nextBytes(bytes);
        Path file = Files.write(work.resolve("report.bin"), bytes);

        Result up = cliWithSimulators("upload", "-p", "openim", file.toString(), "--output", "json");
        assertThat(up.code()).as(up.err()).isZero();
        JsonNode o = JSON.readTree(up.out());
        String url = o.path("headers").path("CamelOpenImObjectUrl").asText();
        assertThat(url).startsWith("http://127.0.0.1:").endsWith("/report.bin");
        assertThat(o.path("bytes").asLong()).isEqualTo(bytes.length);
        assertThat(up.err()).contains("upload report.bin:", "of 600.0 KiB (100%)");

        Path copy = work.resolve("copy.bin");
        Result down = cliWithSimulators("download", "-p", "openim", url, "--out", copy.toString());
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(Files.readAllBytes(copy)).isEqualTo(bytes);
        assertThat(down.out()).contains(copy + " (" + bytes.length + " bytes)");
        assertThat(down.err()).contains("download copy.bin:", "(100%)");

        Result quiet = cliWithSimulators("upload", "-p", "dingtalk", "-q", file.toString());
        assertThat(quiet.code()).as(quiet.err()).isZero();
        assertThat(quiet.out().strip()).isNotEmpty();
        assertThat(quiet.err()).isEmpty();
    }

    @Test
    void listenPrintsAJsonLinePerIncomingMessage() throws Exception {
        List<String> command = CliProcess.javaCommand();
        command.addAll(List.of("listen", "-p", "dingtalk", "--count", "2", "--timeout", "90", "--output", "json",
                "--config", simConfig.toString()));
        CliProcess listen = CliProcess.start(work, home, Map.of(), command);
        await().atMost(Duration.ofSeconds(60)).until(() -> get("dingtalk/connected").path("connected").asBoolean());
        String first = post("dingtalk/messages", "{\"text\": \"first message\"}").path("messageId").asText();
        post("dingtalk/messages", "{\"text\": \"in the group\", \"user\": \"bob\", \"group\": \"cidTESTGROUP==\"}");

        Result r = listen.await(Duration.ofSeconds(90));

        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = jsonLines(r.out());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).path("platform").asText()).isEqualTo("dingtalk");
        assertThat(lines.get(0).path("messageId").asText()).isEqualTo(first);
        assertThat(lines.get(0).path("senderId").asText()).isEqualTo("alice");
        assertThat(lines.get(0).path("conversationType").asText()).isEqualTo("direct");
        assertThat(lines.get(0).path("text").asText()).isEqualTo("first message");
        assertThat(lines.get(1).path("text").asText()).isEqualTo("in the group");
        assertThat(lines.get(1).path("conversationType").asText()).isEqualTo("group");
        assertThat(lines.get(1).path("headers").path("CamelDingTalkRobotCode").asText()).isNotEmpty();
        assertThat(r.err()).contains("listening on dingtalk:stream");
    }

    @Test
    void lookUpsAndCards() throws Exception {
        Result user = cliWithSimulators("user", "-p", "dingtalk", "alice", "--output", "json");
        assertThat(user.code()).as(user.err()).isZero();
        assertThat(JSON.readTree(user.out()).path("userid").asText()).isEqualTo("alice");

        Result members = cliWithSimulators("group", "-p", "dingtalk", "cidTESTGROUP==", "--members", "--output",
                "json");
        assertThat(members.code()).as(members.err()).isZero();
        assertThat(JSON.readTree(members.out())).extracting(JsonNode::asText).containsExactly("alice", "bob");

        Result chats = cliWithSimulators("group", "-p", "lark", "--output", "json");
        assertThat(chats.code()).as(chats.err()).isZero();
        assertThat(chats.out()).contains("oc_testgroup01");

        Result noList = cliWithSimulators("group", "-p", "dingtalk");
        assertThat(noList.code()).isEqualTo(2);
        assertThat(noList.err()).contains("dingtalk has no directory call for listing the bot's groups");

        Result card = cliWithSimulators("card", "-p", "lark", "--to", "chat_id:oc_testgroup01", "--title", "Deploy",
                "--content", "**done**", "--output", "json");
        assertThat(card.code()).as(card.err()).isZero();
        assertThat(JSON.readTree(card.out()).path("messageId").asText()).startsWith("om_");
    }

    @Test
    void theControlApiClicksCardsAndCallsWebhooks() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", x -> {
            received.add(new String(x.getRequestBody().readAllBytes()));
            byte[] answer = "{}".getBytes();
            x.sendResponseHeaders(200, answer.length);
            x.getResponseBody().write(answer);
            x.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            JsonNode call = post("dingtalk/webhooks", "{\"url\": \"" + url + "\", \"text\": \"via the webhook\"}");
            assertThat(call.path("status").asInt()).isEqualTo(200);
            assertThat(received).singleElement().asString().contains("via the webhook");
        } finally {
            receiver.stop(0);
        }
        JsonNode click = post("dingtalk/card-actions", "{\"user\": \"bob\", \"message\": \"track-1\", "
                                                       + "\"value\": {\"action\": \"approve\"}}");
        assertThat(click.path("eventId").asText()).isEqualTo("track-1");
    }

    @Test
    void aDifftUsersCfgFileWorksAsItIs(@TempDir Path t) throws Exception {
        ConfigFixture f = new ConfigFixture(t);
        JsonNode cred = difft.path("credentials");
        String alice = difft.path("users").get(0).asText();
        ConfigFixture.write(f.work.resolve(".difft.cfg"), "[base]", "appid=" + cred.path("appId").asText(),
                "secret=" + cred.path("appSecret").asText(), "botid=" + cred.path("botId").asText(),
                "host=" + difft.path("endpoints").path("apiUrl").asText());

        // no --platform: the .difft.cfg means Difft, as for difft-cli; a wuid's + is written plainly
        Result send = CliProcess.run(f.work, f.home, Map.of(), "send", "--to", "user:" + alice, "-m", "hello difft",
                "--output", "json");
        assertThat(send.code()).as(send.err()).isZero();
        assertThat(JSON.readTree(send.out()).path("platform").asText()).isEqualTo("difft");
        assertThat(get("difft/sent?to=" + alice.replace("+", "%2B")).path("texts")).extracting(JsonNode::asText)
                .contains("hello difft");
        assertThat(send.out() + send.err()).doesNotContain(cred.path("appSecret").asText());

        byte[] bytes = new byte[300 * 1024];
        new Random(11).nextBytes(bytes);
        Path file = Files.write(f.work.resolve("notes.bin"), bytes);
        Result up = CliProcess.run(f.work, f.home, Map.of(), "upload", file.toString(), "--to", "user:" + alice,
                "--output", "json");
        assertThat(up.code()).as(up.err()).isZero();
        assertThat(up.err()).contains("upload notes.bin:", "(100%)");
        JsonNode attachment = JSON.readTree(up.out()).path("result");
        assertThat(attachment.path("size").asLong()).isEqualTo(bytes.length);

        Path copy = f.work.resolve("copy.bin");
        Result down = CliProcess.run(f.work, f.home, Map.of(), "download", attachment.toString(), "--out",
                copy.toString());
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(Files.readAllBytes(copy)).isEqualTo(bytes);

        Result groups = CliProcess.run(f.work, f.home, Map.of(), "group", "--output", "json");
        assertThat(groups.code()).as(groups.err()).isZero();
        assertThat(groups.out()).contains(difft.path("group").asText());
    }

    @Test
    void listenStopsCleanlyOnSigterm() {
        List<String> command = CliProcess.javaCommand();
        command.addAll(List.of("listen", "-p", "lark", "--output", "json", "--config", simConfig.toString()));
        CliProcess listen = CliProcess.start(work, home, Map.of(), command);
        await().atMost(Duration.ofSeconds(60)).until(() -> get("lark/connected").path("connected").asBoolean());

        Result r = listen.stop();

        assertThat(r.code()).isEqualTo(143);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("listening on lark:stream").doesNotContain("Exception");
        await().atMost(Duration.ofSeconds(30)).until(() -> !get("lark/connected").path("connected").asBoolean());
    }

    @Test
    void listenOnDifft() throws Exception {
        List<String> command = CliProcess.javaCommand();
        command.addAll(List.of("listen", "-p", "difft", "--count", "1", "--timeout", "90", "--output", "json",
                "--config", simConfig.toString()));
        CliProcess listen = CliProcess.start(work, home, Map.of(), command);
        await().atMost(Duration.ofSeconds(60)).until(() -> get("difft/connected").path("connected").asBoolean());
        post("difft/messages", "{\"text\": \"hello bot on difft\"}");

        Result r = listen.await(Duration.ofSeconds(90));

        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = jsonLines(r.out());
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).path("platform").asText()).isEqualTo("difft");
        assertThat(lines.get(0).path("text").asText()).isEqualTo("hello bot on difft");
        assertThat(lines.get(0).path("senderId").asText()).isEqualTo(difft.path("users").get(0).asText());
    }

    @Test
    void listenOnLark() throws Exception {
        listenForAText("lark", "stream", 0, "hello bot on lark");
    }

    @Test
    void listenOnSymphony() throws Exception {
        // the bot's first datafeed also gets what happened before it: the simulator's test room and the instant
        // message streams of its two test users were created
        listenForAText("symphony", "datafeed", 3, "hello bot on symphony");
    }

    @Test
    void listenOnOpenIm() throws Exception {
        listenForAText("openim", "stream", 0, "hello bot on openim");
    }

    /**
     * {@code listen --count} on a platform's default consumer: after {@code earlier} events that are no messages, the
     * simulated first user sends the bot a text, and the last JSON line names the platform, the message, its sender and
     * the direct conversation; standard error holds the one "listening" line.
     */
    private void listenForAText(String platform, String consumer, int earlier, String text) throws Exception {
        List<String> command = CliProcess.javaCommand();
        command.addAll(List.of("listen", "-p", platform, "--count", String.valueOf(earlier + 1), "--timeout", "90",
                "--output", "json", "--config", simConfig.toString()));
        CliProcess listen = CliProcess.start(work, home, Map.of(), command);
        await().atMost(Duration.ofSeconds(60)).until(() -> get(platform + "/connected").path("connected").asBoolean());
        String user = get(platform).path("users").get(0).asText();
        String messageId = post(platform + "/messages", "{\"text\": \"" + text + "\"}").path("messageId").asText();

        Result r = listen.await(Duration.ofSeconds(90));

        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = jsonLines(r.out());
        assertThat(lines).as(r.out()).hasSize(earlier + 1);
        assertThat(lines.subList(0, earlier)).allSatisfy(l -> {
            assertThat(l.path("platform").asText()).isEqualTo(platform);
            assertThat(l.path("eventType").asText()).isNotEqualTo("message");
        });
        JsonNode line = lines.get(earlier);
        assertThat(line.path("platform").asText()).isEqualTo(platform);
        assertThat(line.path("eventType").asText()).as(r.out()).isEqualTo("message");
        assertThat(line.path("messageId").asText()).contains(messageId);
        assertThat(line.path("text").asText()).isEqualTo(text);
        assertThat(line.path("senderId").asText()).isEqualTo(user);
        assertThat(line.path("conversationType").asText()).isEqualTo("direct");
        assertThat(line.path("conversationId").asText()).isNotEmpty();
        assertThat(r.err().strip())
                .isEqualTo("camel-chat: listening on " + platform + ":" + consumer + " (Ctrl-C stops)");
    }

    @Test
    void missingValuesExitThreeAndNameTheOptionNeverTheSecret() {
        Result r = CliProcess.run(work, home, Map.of("CAMEL_CHAT_DINGTALK_CLIENT_SECRET", "never-echoed-4711"), "send",
                "-p", "dingtalk", "--to", "user:alice", "-m", "hi");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("missing configuration for dingtalk", "clientId is not set",
                "CAMEL_CHAT_DINGTALK_CLIENT_ID").doesNotContain("never-echoed-4711").doesNotContain("clientSecret is");
    }

    @Test
    void badFlagsExitTwo() {
        Result unknown = cli("send", "-p", "dingtalk", "--nope", "-m", "hi");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).contains("Unknown option: '--nope'", "Usage: camel-chat send");

        Result platform = cli("user", "-p", "teams", "alice");
        assertThat(platform.code()).isEqualTo(2);
        assertThat(platform.err()).contains("unknown platform 'teams'", "dingtalk, lark, symphony, openim, difft");

        Result simulate = cli("simulate", "teams");
        assertThat(simulate.code()).isEqualTo(2);
        assertThat(simulate.err()).contains("no simulated platform 'teams'");
    }

    @Test
    void aRefusedCallExitsOneWithoutTheSecret() {
        Result r = cliWithSimulators("send", "-p", "dingtalk", "--to", "user:alice", "-m", "hi", "--set",
                "clientSecret=wrong-secret-0815");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("camel-chat: dingtalk:").doesNotContain("wrong-secret-0815");
    }

    @Test
    void configFilesAreLookedUpInTheWorkingFolderThenTheHomeFolder(@TempDir Path t) throws Exception {
        ConfigFixture f = new ConfigFixture(t);
        ConfigFixture.write(f.home.resolve(".camel-chat/config.ini"), "[lark]", "appId = cli_home",
                "appSecret = home-secret-value");
        ConfigFixture.write(f.work.resolve(".camel-chat/lark.ini"), "appId = cli_local");

        JsonNode local = configJson(f, Map.of(), "lark");
        assertThat(local.path("options").path("appId").path("source").asText())
                .isEqualTo(f.work.resolve(".camel-chat/lark.ini").toString());
        assertThat(local.path("options").has("appSecret")).isFalse();
        assertThat(local.path("missing")).extracting(JsonNode::asText).containsExactly("appSecret");

        Files.delete(f.work.resolve(".camel-chat/lark.ini"));
        Files.delete(f.work.resolve(".camel-chat"));
        JsonNode fromHome = configJson(f, Map.of("CAMEL_CHAT_LARK_API_URL", "http://env.example"), "lark", "--set",
                "domain=larksuite");
        assertThat(fromHome.path("options").path("appSecret").path("value").asText()).isEqualTo("********");
        assertThat(fromHome.path("options").path("appSecret").path("source").asText())
                .isEqualTo(f.home.resolve(".camel-chat/config.ini") + " [lark]");
        assertThat(fromHome.path("options").path("apiUrl").path("value").asText()).isEqualTo("http://env.example");
        assertThat(fromHome.path("options").path("domain").path("source").asText()).isEqualTo("command line");
        assertThat(fromHome.toString()).doesNotContain("home-secret-value");
    }

    @Test
    void difftCfgIsReadFromTheWorkingFolderElseTheHomeFolderOneFileOnly(@TempDir Path t) throws Exception {
        ConfigFixture f = new ConfigFixture(t);
        ConfigFixture.write(f.work.resolve(".difft.cfg"), "[base]", "appid=local-app", "secret=local-secret-1",
                "botid=+60000");
        ConfigFixture.write(f.home.resolve(".difft.cfg"), "[base]", "appid=home-app", "secret=home-secret-2",
                "botid=+60009", "host=https://openapi.test.difft.org");

        JsonNode local = configJson(f, Map.of(), "difft");
        assertThat(local.path("options").path("botId").path("source").asText())
                .isEqualTo(f.work.resolve(".difft.cfg") + " [base]");
        assertThat(local.path("options").has("apiUrl")).as("the home file is not merged in").isFalse();
        assertThat(local.path("options").path("appSecret").path("source").asText())
                .isEqualTo(f.work.resolve(".difft.cfg") + " [base]");
        assertThat(local.toString()).doesNotContain("local-secret-1").doesNotContain("local-app");

        JsonNode flags = configJson(f, Map.of(), "difft", "--botid", "+60042", "--host", "http://flag.example");
        assertThat(flags.path("options").path("botId").path("source").asText()).isEqualTo("command line");
        assertThat(flags.path("options").path("apiUrl").path("value").asText()).isEqualTo("http://flag.example");

        Files.delete(f.work.resolve(".difft.cfg"));
        JsonNode home = configJson(f, Map.of(), "difft");
        assertThat(home.path("options").path("botId").path("source").asText())
                .isEqualTo(f.home.resolve(".difft.cfg") + " [base]");
        assertThat(home.path("options").path("apiUrl").path("value").asText())
                .isEqualTo("https://openapi.test.difft.org");

        ConfigFixture.write(f.home.resolve(".difft.cfg"), "[base]", "appid=home-app", "botid=+60009");
        Result missing = CliProcess.run(f.work, f.home, Map.of(), "send", "-p", "difft", "--to", "user:+7645", "-m",
                "hi");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("appSecret is not set", "(also 'secret')", ".difft.cfg");
    }

    @Test
    void theControlApiAnswersErrorsAsJson() throws Exception {
        JsonNode all = get("");
        assertThat(all.path("simulators")).extracting(s -> s.path("platform").asText())
                .containsExactly("dingtalk", "lark", "openim", "difft", "symphony");
        assertThat(status("POST", "teams/messages", "{\"text\":\"x\"}")).isEqualTo(404);
        assertThat(status("POST", "lark/messages", "not json")).isEqualTo(400);
        assertThat(status("POST", "lark/messages", "{}")).isEqualTo(400);
        assertThat(status("POST", "openim/card-actions", "{}")).isEqualTo(501);
        assertThat(status("GET", "lark/messages", null)).isEqualTo(405);
    }

    @Test
    void theLauncherScriptAndCompletion() throws Exception {
        Path launcher = Path.of(System.getProperty("camelchat.cli.launcher"));
        CliProcess version = CliProcess.start(work, home, Map.of(), List.of("bash", launcher.toString(), "--version"));
        Result v = version.await(Duration.ofSeconds(60));
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(v.out()).startsWith("camel-chat ").contains("Apache Camel 4.14");

        Result completion = cli("completion");
        assertThat(completion.code()).isZero();
        assertThat(completion.out()).contains("complete -F", "simulate", "--platform");
    }

    private JsonNode configJson(ConfigFixture f, Map<String, String> env, String platform, String... more)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("config", "-p", platform, "--output", "json"));
        args.addAll(List.of(more));
        Result r = CliProcess.run(f.work, f.home, env, args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private static List<JsonNode> jsonLines(String out) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(control + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(control + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    private int status(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(control + path));
        b.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(r.body()).path("error").asText()).isNotEmpty();
        return r.statusCode();
    }
}
