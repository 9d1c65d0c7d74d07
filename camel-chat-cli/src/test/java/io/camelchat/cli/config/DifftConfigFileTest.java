package io.camelchat.cli.config;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DifftConfigFileTest {

    @TempDir
    Path tmp;

    @Test
    void theWorkingFolderFileWinsAndTheHomeFileIsThenNotReadAtAll() {
        ConfigFixture f = new ConfigFixture(tmp);
        ConfigFixture.write(f.work.resolve(".difft.cfg"), "[base]", "appid=local-app", "secret=local-secret");
        ConfigFixture.write(f.home.resolve(".difft.cfg"), "[base]", "appid=home-app", "botid=+60000",
                "host=https://home.example");

        ConfigSource source = DifftConfigFile.read(f.environment()).orElseThrow();

        assertThat(source.origin()).startsWith(f.work.resolve(".difft.cfg").toString()).endsWith("[base]");
        // one file only, as difft-cli: botid and host of the home file are not merged in
        assertThat(source.values()).containsOnly(
                Map.entry("appid", "local-app"), Map.entry("secret", "local-secret"));
    }

    @Test
    void theHomeFileWhenTheWorkingFolderHasNone() {
        ConfigFixture f = new ConfigFixture(tmp);
        ConfigFixture.write(f.home.resolve(".difft.cfg"), "[base]", "appid=home-app", "secret=s", "botid=+60000",
                "host=https://home.example", "other=ignored", "[more]", "appid=not-base");

        ConfigSource source = DifftConfigFile.read(f.environment()).orElseThrow();

        assertThat(DifftConfigFile.locate(f.environment())).contains(f.home.resolve(".difft.cfg"));
        assertThat(source.values()).containsEntry("appid", "home-app").containsEntry("botid", "+60000")
                .containsEntry("host", "https://home.example").doesNotContainKey("other").hasSize(4);
    }

    @Test
    void noFileNoSource() {
        ConfigFixture f = new ConfigFixture(tmp);
        assertThat(DifftConfigFile.read(f.environment())).isEmpty();
    }
}
