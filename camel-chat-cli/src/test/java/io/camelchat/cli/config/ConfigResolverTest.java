package io.camelchat.cli.config;

import java.nio.file.Path;
import java.util.Map;

import io.camelchat.cli.platform.PlatformSpec;
import io.camelchat.cli.platform.Platforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigResolverTest {

    private static final PlatformSpec DINGTALK = Platforms.find("dingtalk").orElseThrow();
    private static final PlatformSpec DIFFT = Platforms.find("difft").orElseThrow();

    @TempDir
    Path tmp;

    @Test
    void filesThenEnvironmentThenFlags() {
        ConfigFixture f = new ConfigFixture(tmp);
        ConfigFixture.write(f.home.resolve(".camel-chat/config.ini"), "[dingtalk]", "client-id = from-combined",
                "clientSecret = combined-secret", "apiUrl = http://combined", "reconnect_delay = 100", "[lark]",
                "appId = other-platform");
        ConfigFixture.write(f.home.resolve(".camel-chat/dingtalk.ini"), "clientSecret = own-file-secret",
                "apiUrl = http://own-file");
        f.variables.put("CAMEL_CHAT_DINGTALK_API_URL", "http://environment");
        f.variables.put("CAMEL_CHAT_DINGTALK_OAPI_URL", "http://oapi-environment");

        ResolvedConfig c = new ConfigResolver(f.environment(), null).resolve(DINGTALK,
                Map.of("oapiUrl", "http://flag"));

        assertThat(c.get("clientId")).isEqualTo("from-combined");
        assertThat(c.get("reconnectDelay")).isEqualTo("100");
        assertThat(c.get("clientSecret")).isEqualTo("own-file-secret");
        assertThat(c.get("apiUrl")).isEqualTo("http://environment");
        assertThat(c.get("oapiUrl")).isEqualTo("http://flag");
        assertThat(c.values().get("clientSecret").origin())
                .isEqualTo(f.home.resolve(".camel-chat/dingtalk.ini").toString());
        assertThat(c.values().get("apiUrl").origin()).isEqualTo("environment CAMEL_CHAT_DINGTALK_*");
        assertThat(c.values().get("oapiUrl").origin()).isEqualTo("command line");
        assertThat(c.values()).doesNotContainKey("appId");
        assertThat(c.missing()).isEmpty();
    }

    @Test
    void theWorkingFolderBeatsTheHomeFolderAndOnlyOneIsRead() {
        ConfigFixture f = new ConfigFixture(tmp);
        ConfigFixture.write(f.work.resolve(".camel-chat/config.ini"), "[dingtalk]", "clientId = local");
        ConfigFixture.write(f.home.resolve(".camel-chat/config.ini"), "[dingtalk]", "clientId = home",
                "clientSecret = home-secret");

        ResolvedConfig c = new ConfigResolver(f.environment(), null).resolve(DINGTALK, Map.of());

        assertThat(c.get("clientId")).isEqualTo("local");
        assertThat(c.get("clientSecret")).isNull();
        assertThat(c.origins()).containsExactly(f.work.resolve(".camel-chat/config.ini") + " [dingtalk]");
    }

    @Test
    void anExplicitFileReplacesTheFolders() {
        ConfigFixture f = new ConfigFixture(tmp);
        ConfigFixture.write(f.work.resolve(".camel-chat/config.ini"), "[dingtalk]", "clientId = local");
        Path file = ConfigFixture.write(tmp.resolve("team.ini"), "[dingtalk]", "clientId = team");

        assertThat(new ConfigResolver(f.environment(), file).resolve(DINGTALK, Map.of()).get("clientId"))
                .isEqualTo("team");
        f.variables.put("CAMEL_CHAT_CONFIG", file.toString());
        assertThat(new ConfigResolver(f.environment(), null).resolve(DINGTALK, Map.of()).get("clientId"))
                .isEqualTo("team");
        assertThatThrownBy(() -> new ConfigResolver(f.environment(), tmp.resolve("absent.ini")).resolve(DINGTALK,
                Map.of())).isInstanceOf(ConfigFileException.class).hasMessageContaining("absent.ini not found");
    }

    @Test
    void unknownOptionsAreNamedWithTheirPlace() {
        ConfigFixture f = new ConfigFixture(tmp);
        ConfigFixture.write(f.home.resolve(".camel-chat/dingtalk.ini"), "clientSecrett = oops-value");

        assertThatThrownBy(() -> new ConfigResolver(f.environment(), null).resolve(DINGTALK, Map.of()))
                .isInstanceOfSatisfying(UnknownOptionException.class, e -> assertThat(e.fromCommandLine()).isFalse())
                .hasMessageContaining("dingtalk has no option 'clientsecrett'")
                .hasMessageContaining("dingtalk.ini")
                .hasMessageNotContaining("oops-value");
        ConfigFixture f2 = new ConfigFixture(tmp.resolve("2"));
        assertThatThrownBy(() -> new ConfigResolver(f2.environment(), null).resolve(DINGTALK, Map.of("nope", "1")))
                .isInstanceOfSatisfying(UnknownOptionException.class, e -> assertThat(e.fromCommandLine()).isTrue());
    }

    @Test
    void missingValuesNameTheOptionAndWhereToSetItNeverAValue() {
        ConfigFixture f = new ConfigFixture(tmp);
        ConfigResolver resolver = new ConfigResolver(f.environment(), null);
        ResolvedConfig c = resolver.resolve(DINGTALK, Map.of("clientSecret", "s3cr3t-value"));

        assertThat(c.missing()).extracting(r -> r.describe()).containsExactly("clientId");
        assertThatThrownBy(c::requireComplete).isInstanceOf(MissingConfigurationException.class)
                .hasMessageContaining("clientId is not set")
                .hasMessageContaining("CAMEL_CHAT_DINGTALK_CLIENT_ID")
                .hasMessageContaining("--set clientId=")
                .hasMessageContaining(f.home.resolve(".camel-chat/config.ini").toString())
                .hasMessageNotContaining("s3cr3t-value");
    }

    @Test
    void secretsAreMaskedWhereverTheyAreShown() {
        ConfigFixture f = new ConfigFixture(tmp);
        ResolvedConfig c = new ConfigResolver(f.environment(), null).resolve(DINGTALK,
                Map.of("clientId", "the-id", "clientSecret", "the-secret", "apiUrl", "http://x"));

        assertThat(c.values().get("clientSecret").secret()).isTrue();
        assertThat(c.values().get("clientId").secret()).isTrue();
        assertThat(c.values().get("apiUrl").secret()).isFalse();
        assertThat(c.values().values().toString()).doesNotContain("the-secret").doesNotContain("the-id")
                .contains("apiUrl=http://x");
    }

    @Test
    void difftReadsItsOwnFileBelowTheOthersWithTheSdkNames() {
        ConfigFixture f = new ConfigFixture(tmp);
        ConfigFixture.write(f.work.resolve(".difft.cfg"), "[base]", "appid=f250845b274f4a5c01",
                "secret=w0m6nTOIIspxR0wmGJbEvAOfNnyf", "botid=+60000", "host=https://openapi.test.difft.org");
        ConfigFixture.write(f.home.resolve(".camel-chat/difft.ini"), "botId = +60001");

        ResolvedConfig c = new ConfigResolver(f.environment(), null).resolve(DIFFT, Map.of("host", "http://flag"));

        assertThat(c.get("appId")).isEqualTo("f250845b274f4a5c01");
        assertThat(c.get("appSecret")).isEqualTo("w0m6nTOIIspxR0wmGJbEvAOfNnyf");
        assertThat(c.get("botId")).isEqualTo("+60001");
        assertThat(c.get("apiUrl")).isEqualTo("http://flag");
        assertThat(c.values().get("appSecret").secret()).isTrue();
        assertThat(c.values().get("appId").origin()).isEqualTo(f.work.resolve(".difft.cfg") + " [base]");
        assertThat(c.missing()).isEmpty();
    }

    @Test
    void difftMissingValuesMentionItsFile() {
        ConfigFixture f = new ConfigFixture(tmp);
        ConfigFixture.write(f.home.resolve(".difft.cfg"), "[base]", "appid=app", "botid=+60000");

        ResolvedConfig c = new ConfigResolver(f.environment(), null).resolve(DIFFT, Map.of());

        assertThatThrownBy(c::requireComplete).hasMessageContaining("appSecret is not set")
                .hasMessageContaining("CAMEL_CHAT_DIFFT_APP_SECRET").hasMessageContaining("(also 'secret')")
                .hasMessageContaining(".difft.cfg");
    }
}
