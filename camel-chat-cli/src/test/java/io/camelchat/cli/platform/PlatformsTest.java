package io.camelchat.cli.platform;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformsTest {

    @Test
    void everyEntryMatchesItsComponentsMetadata() {
        Set<String> names = new HashSet<>();
        for (PlatformSpec p : Platforms.ALL) {
            assertThat(names.add(p.name())).as("unique name " + p.name()).isTrue();
            if (!p.available()) {
                continue;
            }
            assertThat(p.options().available()).as(p.name() + " metadata").isTrue();
            p.required().forEach(r -> assertThat(p.options().all().keySet()).as(p.name()).containsAll(r.anyOf()));
            p.aliases().values().forEach(o -> assertThat(p.options().all()).as(p.name()).containsKey(o));
            assertThat(p.options().all()).as(p.name()).containsKeys("to", "operation");
        }
    }

    @Test
    void theFourComponentsOfThisBuildAreThere() {
        assertThat(Platforms.ALL).filteredOn(PlatformSpec::available).extracting(PlatformSpec::name)
                .contains("dingtalk", "lark", "symphony", "openim");
    }

    @Test
    void namesAndVariables() {
        PlatformSpec dingtalk = Platforms.find("DingTalk").orElseThrow();
        assertThat(dingtalk.environmentVariable("clientSecret")).isEqualTo("CAMEL_CHAT_DINGTALK_CLIENT_SECRET");
        assertThat(dingtalk.canonical("client-secret")).contains("clientSecret");
        assertThat(dingtalk.canonical("CLIENT_SECRET")).contains("clientSecret");
        assertThat(dingtalk.canonical("nothing")).isEmpty();
        assertThat(dingtalk.isSecret("clientSecret")).isTrue();
        assertThat(dingtalk.isSecret("apiUrl")).isFalse();
        PlatformSpec difft = Platforms.find("difft").orElseThrow();
        assertThat(difft.canonical("appid")).contains("appId");
        assertThat(difft.canonical("secret")).contains("appSecret");
        assertThat(difft.canonical("botid")).contains("botId");
        assertThat(difft.canonical("host")).contains("apiUrl");
        assertThat(difft.isSecret("appSecret")).isTrue();
        assertThat(Platforms.find("teams")).isEmpty();
    }
}
