package io.camelchat.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.cli.config.ConfigFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line in this JVM, for what needs no platform: parsing, configuration, exit codes. */
class CliTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return Output.MAPPER.readTree(out);
        }
    }

    private Run run(ConfigFixture f, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CamelChatCli.run(args, f.environment(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpEverywhere() {
        ConfigFixture f = new ConfigFixture(tmp);
        Run top = run(f, "--help");
        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("send", "listen", "config", "completion", "Exit codes:", "3     missing");
        for (String command : new String[]{ "send", "card", "recall", "upload", "download", "user", "group", "listen",
                "config", "completion" }) {
            Run r = run(f, command, "--help");
            assertThat(r.code()).as(command).isZero();
            assertThat(r.out()).as(command).startsWith("Usage: camel-chat " + command);
        }
    }

    @Test
    void badFlagsAreUsageErrors() {
        ConfigFixture f = new ConfigFixture(tmp);
        Run r = run(f, "send", "--platform", "dingtalk", "--textt", "hi");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unknown options: '--textt'", "Possible solutions: --text");
        assertThat(run(f, "send", "-p", "nowhere", "-m", "hi").err()).contains("unknown platform 'nowhere'");
        assertThat(run(f, "send", "-p", "dingtalk").err()).contains("send needs --text, --markdown or --file");
        assertThat(run(f, "send", "-m", "hi").err()).contains("which platform?");
        assertThat(run(f, "--output", "yaml", "config").code()).isEqualTo(ExitCodes.USAGE);
        Run noUpload = run(f, "upload", "-p", "symphony", tmp.toString());
        assertThat(noUpload.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noUpload.err()).contains("symphony has no upload", "send --file");
        Run unknownOption = run(f, "send", "-p", "dingtalk", "--set", "clientSecrett=x", "-m", "hi");
        assertThat(unknownOption.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownOption.err()).contains("dingtalk has no option 'clientSecrett'");
    }

    @Test
    void missingValuesExitWithThreeNamingTheOption() {
        ConfigFixture f = new ConfigFixture(tmp);
        Run r = run(f, "send", "-p", "lark", "--to", "chat_id:oc_1", "-m", "hi", "--set", "appSecret=never-shown");
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("missing configuration for lark", "appId is not set", "CAMEL_CHAT_LARK_APP_ID")
                .doesNotContain("never-shown");
        assertThat(r.out()).isEmpty();
        Run check = run(f, "config", "-p", "lark", "--check");
        assertThat(check.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(check.out()).contains("# missing: appId", "# missing: appSecret");
    }

    @Test
    void configShowsEveryValueWithItsSourceAndMasksSecrets() throws Exception {
        ConfigFixture f = new ConfigFixture(tmp);
        ConfigFixture.write(f.home.resolve(".camel-chat/config.ini"), "[dingtalk]", "clientId = ding-id-value",
                "clientSecret = ding-secret-value", "apiUrl = http://127.0.0.1:1");
        f.variables.put("CAMEL_CHAT_DINGTALK_RECONNECT_DELAY", "250");

        Run text = run(f, "config", "-p", "dingtalk");
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("[dingtalk]", "apiUrl = http://127.0.0.1:1", "reconnectDelay = 250",
                "clientSecret = ********").doesNotContain("ding-secret-value").doesNotContain("ding-id-value");

        Run json = run(f, "config", "-p", "dingtalk", "--output", "json", "--all");
        JsonNode o = json.json();
        assertThat(o.path("options").path("clientSecret").path("value").asText()).isEqualTo("********");
        assertThat(o.path("options").path("clientSecret").path("secret").asBoolean()).isTrue();
        assertThat(o.path("options").path("reconnectDelay").path("source").asText())
                .isEqualTo("environment CAMEL_CHAT_DINGTALK_*");
        assertThat(o.path("missing")).isEmpty();
        assertThat(o.path("componentOptions").path("clientSecret").path("environment").asText())
                .isEqualTo("CAMEL_CHAT_DINGTALK_CLIENT_SECRET");
        assertThat(json.out()).doesNotContain("ding-secret-value");

        Run all = run(f, "config");
        assertThat(all.out()).contains("[dingtalk]", "[lark]", "[symphony]", "[openim]", "[difft]");
    }

    @Test
    void difftFlagsOfTheSdkPickDifftAndOverrideItsFile() throws Exception {
        ConfigFixture f = new ConfigFixture(tmp);
        ConfigFixture.write(f.home.resolve(".difft.cfg"), "[base]", "appid=home-app", "secret=home-secret",
                "botid=+60000", "host=https://openapi.test.difft.org");
        Run r = run(f, "--botid", "+60009", "config", "--output", "json");
        JsonNode o = r.json();
        assertThat(o.path("platform").asText()).isEqualTo("difft");
        // camel-difft marks the bot's wuid secret too
        assertThat(o.path("options").path("botId").path("value").asText()).isEqualTo("********");
        assertThat(o.path("options").path("botId").path("source").asText()).isEqualTo("command line");
        assertThat(o.path("options").path("apiUrl").path("value").asText())
                .isEqualTo("https://openapi.test.difft.org");
        assertThat(o.path("options").path("appSecret").path("value").asText()).isEqualTo("********");
        assertThat(r.out()).doesNotContain("home-secret").doesNotContain("home-app").doesNotContain("+60009");
    }

    @Test
    void completionScript() {
        Run r = run(new ConfigFixture(tmp), "completion");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("complete -F", "camel-chat", "listen", "--platform");
    }
}
