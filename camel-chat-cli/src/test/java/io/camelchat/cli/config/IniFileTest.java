package io.camelchat.cli.config;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IniFileTest {

    private static final Path FILE = Path.of("test.ini");

    @Test
    void readsSectionsKeysCommentsAndContinuations() {
        IniFile ini = IniFile.parse(FILE, List.of(
                "# a comment", "; another", "top = level", "[base]", "AppId = f250845b274f4a5c01",
                "secret: w0m6nTOIIspxR0wmGJbEvAOfNnyf", "host=https://openapi.test.difft.org", "",
                "[lark]", "appSecret = a=b", "note = first", "   second"));
        assertThat(ini.section("")).containsEntry("top", "level");
        assertThat(ini.section("base")).containsEntry("appid", "f250845b274f4a5c01")
                .containsEntry("secret", "w0m6nTOIIspxR0wmGJbEvAOfNnyf")
                .containsEntry("host", "https://openapi.test.difft.org");
        assertThat(ini.section("lark")).containsEntry("appsecret", "a=b").containsEntry("note", "first\nsecond");
        assertThat(ini.section("none")).isEmpty();
        assertThat(ini.hasSection("base")).isTrue();
    }

    @Test
    void aLineThatIsNothingIsAnErrorNamingTheLineNotItsContent() {
        assertThatThrownBy(() -> IniFile.parse(FILE, List.of("[base]", "appid = x", "w0m6nTOIIspx")))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("test.ini line 3")
                .hasMessageNotContaining("w0m6nTOIIspx");
    }
}
