package io.camelchat.simulator.standalone;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelchat.simulator.difft.DifftSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each platform starts standalone with its test credentials, and its Camel properties name the simulator's own URLs
 * and credentials. The credentials are checked against the simulator with real token requests where that is one
 * plain HTTP call (DingTalk, Lark, OpenIM); routes of the real components are driven in camel-chat-test.
 */
class SimulatedPlatformTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(SimulatedPlatform.class)
    void startsWithCamelPropertiesPointingAtItself(SimulatedPlatform platform) {
        try (RunningSimulator sim = platform.start()) {
            assertThat(sim.platform()).isEqualTo(platform);
            assertThat(sim.endpoints()).isNotEmpty();
            assertThat(sim.endpoints().values())
                    .allSatisfy(url -> assertThat(url).matches("(https?|wss?)://.+:\\d+.*"));
            assertThat(sim.credentials()).isNotEmpty();
            Map<String, String> props = sim.camelProperties();
            assertThat(props).hasSameSizeAs(sim.endpointOptions());
            sim.endpointOptions().forEach((option, value) -> assertThat(props)
                    .containsEntry("camel.component." + platform.scheme() + "." + option, value));
            // every credential and every URL the component needs is among the options
            sim.credentials().forEach((name, value) -> assertThat(sim.endpointOptions()).containsEntry(name, value));
            assertThat(sim.endpointOptions().values()).containsAnyElementsOf(sim.endpoints().values());
            assertThat(sim.users()).hasSize(2).doesNotContain(sim.bot());
            assertThat(sim.user()).isEqualTo(sim.users().get(0));
            assertThat(sim.group()).isNotBlank();
            assertThat(sim.describe()).first().asString().contains(platform.displayName());
            assertThat(String.join("\n", sim.describe())).contains(sim.endpoints().values())
                    .contains(sim.credentials().values()).contains(sim.bot()).contains(sim.group());
            assertThat(sim.botConnected()).isFalse();
            assertThat(sim.textsSent()).isEmpty();
        }
    }

    @Test
    void dingTalkCredentialsAreAccepted() throws Exception {
        try (RunningSimulator sim = SimulatedPlatform.DINGTALK.start()) {
            Map<String, String> o = sim.endpointOptions();
            Map<?, ?> answer = post(o.get("apiUrl") + "/v1.0/oauth2/accessToken",
                    Map.of("appKey", o.get("clientId"), "appSecret", o.get("clientSecret")), Map.of());
            assertThat(answer.get("accessToken")).asString().isNotBlank();
            Map<?, ?> refused = post(o.get("apiUrl") + "/v1.0/oauth2/accessToken",
                    Map.of("appKey", o.get("clientId"), "appSecret", "wrong"), Map.of());
            assertThat(refused.get("code")).isEqualTo("invalidClientIdOrSecret");
        }
    }

    @Test
    void larkCredentialsAreAccepted() throws Exception {
        try (RunningSimulator sim = SimulatedPlatform.LARK.start()) {
            Map<String, String> o = sim.endpointOptions();
            Map<?, ?> answer = post(o.get("apiUrl") + "/open-apis/auth/v3/tenant_access_token/internal",
                    Map.of("app_id", o.get("appId"), "app_secret", o.get("appSecret")), Map.of());
            assertThat(answer.get("code")).isEqualTo(0);
            assertThat(answer.get("tenant_access_token")).asString().startsWith("t-");
        }
    }

    @Test
    void openImCredentialsAreAccepted() throws Exception {
        try (RunningSimulator sim = SimulatedPlatform.OPENIM.start()) {
            Map<String, String> o = sim.endpointOptions();
            Map<?, ?> answer = post(o.get("apiUrl") + "/auth/get_admin_token",
                    Map.of("secret", o.get("secret"), "userID", o.get("adminUserId")),
                    Map.of("operationID", UUID.randomUUID().toString()));
            assertThat(answer.get("errCode")).isEqualTo(0);
            assertThat(((Map<?, ?>) answer.get("data")).get("token")).asString().isNotBlank();
        }
    }

    @Test
    void symphonyKeyFileIsAPrivateKeyRemovedAtClose() throws Exception {
        Path key;
        try (RunningSimulator sim = SimulatedPlatform.SYMPHONY.start()) {
            key = Path.of(sim.endpointOptions().get("privateKeyFile"));
            assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----")
                    .endsWith("-----END PRIVATE KEY-----\n");
            assertThat(sim.endpointOptions()).containsKeys("botUsername", "podUrl", "agentUrl", "keyManagerUrl");
        }
        assertThat(key).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(SimulatedPlatform.class)
    void listensOnAGivenPort(SimulatedPlatform platform) throws IOException {
        int port = freePort();
        try (RunningSimulator sim = platform.start(port)) {
            assertThat(sim.endpoints().values()).first().asString().endsWith(":" + port);
            HttpResponse<String> r = get(sim.endpoints().values().iterator().next() + "/no-such-path");
            assertThat(r.statusCode()).isGreaterThanOrEqualTo(400);
        }
        // closed: the port is free again
        try (ServerSocket again = new ServerSocket(port)) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @ParameterizedTest
    @EnumSource(SimulatedPlatform.class)
    void playsUsersAndRefusesStrangers(SimulatedPlatform platform) {
        try (RunningSimulator sim = platform.start()) {
            String direct = sim.userSendsText("hello bot");
            String group = sim.userSendsGroupText(sim.users().get(1), sim.group(), "hello group");
            assertThat(direct).isNotBlank();
            assertThat(group).isNotBlank().isNotEqualTo(direct);
            assertThat(sim.textsSentTo(sim.user())).isEmpty();
            assertThatThrownBy(() -> sim.userSendsText("mallory", "hi"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mallory")
                    .hasMessageContaining(sim.user());
        }
    }

    @Test
    void namesAndTypes() {
        assertThat(SimulatedPlatform.of("DingTalk")).isEqualTo(SimulatedPlatform.DINGTALK);
        assertThat(SimulatedPlatform.of(" openim ")).isEqualTo(SimulatedPlatform.OPENIM);
        assertThat(SimulatedPlatform.schemes()).containsExactly("dingtalk", "lark", "symphony", "openim", "difft");
        assertThatThrownBy(() -> SimulatedPlatform.of("slack")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slack").hasMessageContaining("difft");
        assertThatThrownBy(() -> SimulatedPlatform.LARK.start(70000)).isInstanceOf(IllegalArgumentException.class);
        try (RunningSimulator sim = SimulatedPlatform.DIFFT.start()) {
            assertThat(sim.simulator(DifftSimulator.class)).isNotNull();
            assertThatThrownBy(() -> sim.simulator(String.class)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("DifftSimulator");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Map<?, ?> post(String url, Object body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        headers.forEach(b::header);
        return JSON.readValue(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).body(), Map.class);
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url.replaceFirst("^ws", "http")))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
