package io.camelchat.common.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatProxyTest {

    @Test
    void readsTheWaysAProxyIsWritten() {
        assertThat(ChatProxy.parse("p", null)).isNull();
        assertThat(ChatProxy.parse("p", " ")).isNull();
        assertThat(ChatProxy.parse("p", "direct")).isSameAs(ChatProxy.DIRECT);
        assertThat(ChatProxy.parse("p", "NONE").isDirect()).isTrue();
        assertThat(ChatProxy.parse("p", "proxy.acme:3128")).isEqualTo(new ChatProxy("proxy.acme", 3128, null, null));
        assertThat(ChatProxy.parse("p", "http://proxy.acme")).isEqualTo(new ChatProxy("proxy.acme", 8080, null, null));
        assertThat(ChatProxy.parse("p", "http://bot%40acme:p%3Ass@proxy.acme:3128/"))
                .isEqualTo(new ChatProxy("proxy.acme", 3128, "bot@acme", "p:ss"));
    }

    @Test
    void neverShowsCredentials() {
        ChatProxy p = ChatProxy.parse("p", "http://user:hidden@proxy.acme:3128");
        assertThat(p.toString()).doesNotContain("hidden").doesNotContain("user").contains("proxy.acme:3128");
        assertThatThrownBy(() -> ChatProxy.parse("agentProxy", "http://user:hidden@proxy.acme:3128/some/path"))
                .hasMessageContaining("agentProxy").hasMessageNotContaining("hidden");
        assertThatThrownBy(() -> ChatProxy.parse("agentProxy", "http://user:hid den@[x"))
                .hasMessageContaining("agentProxy").hasMessageNotContaining("hid");
    }

    @Test
    void originsHaveAnExplicitPort() {
        assertThat(ChatProxy.origin("https://Acme.Symphony.com/pod")).isEqualTo("https://acme.symphony.com:443");
        assertThat(ChatProxy.origin("http://localhost:8080/agent")).isEqualTo("http://localhost:8080");
        assertThat(ChatProxy.origin("http", "localhost", -1)).isEqualTo("http://localhost:80");
    }

    @Test
    void oneOriginCannotHaveTwoProxies() {
        ChatHttpClientConfig c = new ChatHttpClientConfig()
                .proxyFor("https://acme.symphony.com/pod", new ChatProxy("a", 1, null, null))
                .proxyFor("https://acme.symphony.com:443/agent", new ChatProxy("a", 1, null, null))
                .proxyFor("https://km.acme.com", null);
        assertThat(c.getProxies()).containsOnlyKeys("https://acme.symphony.com:443");
        assertThatThrownBy(() -> c.proxyFor("https://acme.symphony.com/x", ChatProxy.DIRECT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
