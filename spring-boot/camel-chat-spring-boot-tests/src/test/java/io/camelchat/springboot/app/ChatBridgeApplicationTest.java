package io.camelchat.springboot.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelchat.difft.DifftComponent;
import io.camelchat.difft.DifftConfiguration;
import io.camelchat.dingtalk.DingTalkComponent;
import io.camelchat.dingtalk.DingTalkConfiguration;
import io.camelchat.lark.LarkComponent;
import io.camelchat.lark.LarkConfiguration;
import io.camelchat.openim.OpenImComponent;
import io.camelchat.openim.OpenImConfiguration;
import io.camelchat.simulator.difft.DifftMessage;
import io.camelchat.simulator.difft.DifftSimulator;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.SentMessage;
import io.camelchat.simulator.dingtalk.SimGroup;
import io.camelchat.simulator.dingtalk.SimUser;
import io.camelchat.simulator.lark.InboundEvent;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import io.camelchat.simulator.lark.Tamper;
import io.camelchat.simulator.lark.WebhookResult;
import io.camelchat.simulator.openim.OpenImSimulator;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boots {@link ChatBridgeApplication} on a random port, configured by its {@code application.properties} (plus the
 * simulators' URLs), against the DingTalk, Lark, OpenIM and Difft simulators.
 */
@SpringBootTest(classes = ChatBridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatBridgeApplicationTest {

    // as in application.properties
    private static final String DINGTALK_CLIENT_ID = "dingboot";
    private static final String DINGTALK_SECRET = "boot-dingtalk-secret-0001";
    private static final String LARK_APP_ID = "cli_0123456789abcdef";
    private static final String LARK_SECRET = "boot-lark-secret-0001";
    private static final String LARK_TOKEN = "boot-vtoken-0001";
    private static final String LARK_KEY = "boot-encrypt-key-0001";
    private static final String LARK_CHAT = "oc_bootbridge0001";
    private static final String DINGTALK_GROUP = "cidBOOTgroup==";
    private static final String OPENIM_BOT = "bootbot";
    private static final String OPENIM_ADMIN = "imAdmin";
    private static final String OPENIM_SECRET = "boot-openim-secret-0001";
    private static final String OPENIM_GROUP = "gboot";
    private static final String DIFFT_APP_ID = "bootdifft01";
    private static final String DIFFT_SECRET = "boot-difft-secret-0001";
    private static final String DIFFT_BOT = "+60010";
    private static final String DIFFT_GROUP = "5e1a0a8f3c2d4b6e9f7a1b2c3d4e5f61";
    private static final String DIFFT_CAROL = "+76459652574";

    private static final String BOB = "ou_bob0001";
    private static final String ANN = "ann";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static DingTalkSimulator dingtalk;
    private static LarkSimulator lark;
    private static OpenImSimulator openim;
    private static DifftSimulator difft;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    private int port;

    @Autowired
    private CamelContext camelContext;

    @BeforeAll
    static void startSimulators() {
        dingtalk = DingTalkSimulator.builder().clientId(DINGTALK_CLIENT_ID).clientSecret(DINGTALK_SECRET).start();
        dingtalk.addUser(new SimUser("alice", "unionAlice", "Alice", "+8613800000001", "alice@example.com"));
        dingtalk.addGroup(new SimGroup(DINGTALK_GROUP, "Boot bridge", List.of("alice")));
        lark = LarkSimulator.builder().appId(LARK_APP_ID).appSecret(LARK_SECRET).verificationToken(LARK_TOKEN)
                .encryptKey(LARK_KEY).start();
        lark.addUser(new LarkUser(BOB, "u_bob", "on_bob", "Bob", "bob@example.com", "+8613800000002"));
        lark.addChat(new LarkChat(LARK_CHAT, "Boot bridge", List.of(BOB)));
        openim = OpenImSimulator.builder().secret(OPENIM_SECRET).adminUserId(OPENIM_ADMIN).user(OPENIM_BOT, "Bridge")
                .user(ANN, "Ann").group(OPENIM_GROUP, "Boot bridge", ANN, OPENIM_BOT).start();
        difft = DifftSimulator.builder().app(DIFFT_APP_ID, DIFFT_SECRET, DIFFT_BOT)
                .account(DIFFT_CAROL, "carol@example.org", "Carol")
                .group(DIFFT_GROUP, "Boot bridge", DIFFT_BOT, DIFFT_CAROL)
                .start();
    }

    @AfterAll
    static void stopSimulators() {
        dingtalk.close();
        lark.close();
        openim.close();
        difft.close();
    }

    @DynamicPropertySource
    static void simulatorUrls(DynamicPropertyRegistry registry) {
        registry.add("camel.component.dingtalk.api-url", () -> dingtalk.apiUrl());
        registry.add("camel.component.dingtalk.oapi-url", () -> dingtalk.oapiUrl());
        registry.add("camel.component.lark.api-url", () -> lark.apiUrl());
        registry.add("camel.component.openim.api-url", () -> openim.apiUrl());
        registry.add("camel.component.openim.ws-url", () -> openim.wsUrl());
        registry.add("camel.component.difft.api-url", () -> difft.baseUrl());
        registry.add("camel.component.difft.ws-url", () -> difft.websocketUrl());
    }

    @Test
    @Order(1)
    void propertiesAreBoundOntoTheComponents() {
        DingTalkConfiguration d = camelContext.getComponent("dingtalk", DingTalkComponent.class).getConfiguration();
        assertThat(d.getClientId()).isEqualTo(DINGTALK_CLIENT_ID);
        assertThat(d.getApiUrl()).isEqualTo(dingtalk.apiUrl());
        assertThat(d.getReconnectDelay()).as("100ms, a Duration").isEqualTo(100);
        assertThat(d.getMaxRetries()).isEqualTo(2);
        assertThat(d.getConnectTimeout()).as("unset: the component's default").isEqualTo(10_000);
        LarkConfiguration l = camelContext.getComponent("lark", LarkComponent.class).getConfiguration();
        assertThat(l.getAppId()).isEqualTo(LARK_APP_ID);
        assertThat(l.getRetryDelay()).isEqualTo(50);
        assertThat(l.getApiUrl()).isEqualTo(lark.apiUrl());
        OpenImConfiguration o = camelContext.getComponent("openim", OpenImComponent.class).getConfiguration();
        assertThat(o.getUserId()).isEqualTo(OPENIM_BOT);
        assertThat(o.getAdminUserId()).isEqualTo(OPENIM_ADMIN);
        assertThat(o.getWsUrl()).isEqualTo(openim.wsUrl());
        assertThat(o.getReconnectDelay()).isEqualTo(100);
        DifftConfiguration df = camelContext.getComponent("difft", DifftComponent.class).getConfiguration();
        assertThat(df.getAppId()).isEqualTo(DIFFT_APP_ID);
        assertThat(df.getBotId()).as("the plus kept").isEqualTo(DIFFT_BOT);
        assertThat(df.getApiUrl()).isEqualTo(difft.baseUrl());
        assertThat(df.getWsUrl()).isEqualTo(difft.websocketUrl());
        assertThat(df.getReconnectDelay()).isEqualTo(100);
    }

    @Test
    @Order(2)
    void dingTalkUserMessageArrivesInTheLarkChat() {
        await().atMost(WAIT).until(() -> dingtalk.openConnections() >= 1);
        dingtalk.userSendsText("alice", DINGTALK_GROUP, "hello Lark, from a Spring Boot bridge");
        await().atMost(WAIT).until(() -> lark.sentMessages().stream()
                .anyMatch(m -> "hello Lark, from a Spring Boot bridge".equals(m.text())
                        && LARK_CHAT.equals(m.receiveId())));
    }

    @Test
    @Order(3)
    void larkWebhookIsServedOnTheApplicationsPort() {
        String url = "http://127.0.0.1:" + port + "/lark/events";
        assertThat(lark.postUrlVerification(url, true).answerVerified()).isTrue();

        InboundEvent event = lark.newTextEvent(BOB, LARK_CHAT, "hello DingTalk, through the webhook");
        WebhookResult result = lark.postEvent(url, event, true, Tamper.NONE);
        assertThat(result.status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> dingtalk.sentMessages().stream()
                .anyMatch(m -> "hello DingTalk, through the webhook".equals(m.text())
                        && m.channel() == SentMessage.Channel.GROUP && m.targets().contains(DINGTALK_GROUP)));

        // the component's checks answer in the servlet container too: nothing forged is routed
        InboundEvent forged = lark.newTextEvent(BOB, LARK_CHAT, "forged");
        assertThat(lark.postEvent(url, forged, true, Tamper.FORGED_SIGNATURE).status()).isEqualTo(401);
        assertThat(dingtalk.sentMessages()).noneMatch(m -> "forged".equals(m.text()));
    }

    @Test
    @Order(4)
    void openImGroupAndLarkAreBridgedBothWays() throws Exception {
        // a consumer without stored seqs starts after the newest messages of its first sync: send once it synced
        await().atMost(WAIT).until(() -> !openim.connections(OPENIM_BOT).isEmpty()
                && consumerData("consumer:openim-to-lark").path("syncs").asLong() >= 1);
        openim.sendGroupText(ANN, OPENIM_GROUP, "hello Lark, from an OpenIM group");
        await().atMost(WAIT).until(() -> lark.sentMessages().stream()
                .anyMatch(m -> "hello Lark, from an OpenIM group".equals(m.text()) && LARK_CHAT.equals(m.receiveId())));

        String url = "http://127.0.0.1:" + port + "/lark/openim";
        InboundEvent event = lark.newTextEvent(BOB, LARK_CHAT, "hello OpenIM, from Lark");
        assertThat(lark.postEvent(url, event, true, Tamper.NONE).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> openim.messages(OpenImSimulator.groupConversationId(OPENIM_GROUP)).stream()
                .anyMatch(m -> OPENIM_BOT.equals(m.sendId()) && "hello OpenIM, from Lark".equals(m.text())));
    }

    @Test
    @Order(5)
    void difftGroupAndLarkAreBridgedBothWays() {
        // the bot's websocket is open; what the group says is queued until its next fetch
        await().atMost(WAIT).until(() -> difft.connections(DIFFT_APP_ID) >= 1);
        String ref = difft.sendGroupText(DIFFT_CAROL, DIFFT_GROUP, "hello Lark, from a Difft group");
        await().atMost(WAIT).until(() -> lark.sentMessages().stream()
                .anyMatch(m -> "hello Lark, from a Difft group".equals(m.text()) && LARK_CHAT.equals(m.receiveId())));
        // acknowledged (the next fetch) once the route sent it on
        await().atMost(WAIT).until(() -> difft.isAcknowledged(DIFFT_APP_ID, ref));

        String url = "http://127.0.0.1:" + port + "/lark/difft";
        InboundEvent event = lark.newTextEvent(BOB, LARK_CHAT, "hello Difft, from Lark");
        assertThat(lark.postEvent(url, event, true, Tamper.NONE).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> difft.sentTo(DIFFT_GROUP).stream()
                .anyMatch(m -> "hello Difft, from Lark".equals(m.body()) && DIFFT_BOT.equals(m.src())));
        DifftMessage sent = difft.sentTo(DIFFT_GROUP).stream().filter(m -> "hello Difft, from Lark".equals(m.body()))
                .findFirst().orElseThrow();
        assertThat(sent.isGroup()).isTrue();
        assertThat(sent.appId()).isEqualTo(DIFFT_APP_ID);
        assertThat(difft.protocolErrors()).isEmpty();
    }

    @Test
    @Order(6)
    void actuatorHealthShowsTheConsumersAndGoesDownWhenCredentialsAreRefused(CapturedOutput output)
            throws Exception {
        await().atMost(WAIT).until(() -> dingtalk.openConnections() >= 1 && lark.openConnections() >= 1);
        await().atMost(WAIT).until(() -> health().status() == 200);
        JsonNode camel = health().body().path("components").path("camelHealth");
        assertThat(camel.path("status").asText()).isEqualTo("UP");
        JsonNode checks = camel.path("details");
        // Camel's consumer checks (one per route) carry what the component's check reports
        assertThat(checks.path("consumer:dingtalk-to-lark").asText()).isEqualTo("UP");
        assertThat(checks.path("consumer:dingtalk-to-lark.data").path("state").asText()).isEqualTo("connected");
        assertThat(checks.path("consumer:lark-stream-to-dingtalk").asText()).isEqualTo("UP");
        assertThat(checks.path("consumer:lark-stream-to-dingtalk.data").path("state").asText()).isEqualTo("connected");
        assertThat(checks.path("consumer:lark-webhook-to-dingtalk").asText()).isEqualTo("UP");
        assertThat(checks.path("consumer:lark-webhook-to-dingtalk.data").path("path").asText())
                .isEqualTo("/lark/events");
        assertThat(checks.path("consumer:openim-to-lark").asText()).isEqualTo("UP");
        assertThat(checks.path("consumer:openim-to-lark.data").path("state").asText()).isEqualTo("connected");
        assertThat(checks.path("consumer:openim-to-lark.data").path("conversations").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(checks.path("consumer:difft-to-lark").asText()).isEqualTo("UP");
        assertThat(checks.path("consumer:difft-to-lark.data").path("state").asText()).isEqualTo("connected");
        assertThat(checks.path("consumer:lark-webhook-to-difft").asText()).isEqualTo("UP");

        // DingTalk refuses the app's credentials: the Stream consumer cannot register again
        dingtalk.faults().rejectRegistrations(1000);
        dingtalk.faults().dropAllConnections();
        await().atMost(WAIT).until(() -> consumerState("consumer:dingtalk-to-lark").equals("DOWN"));
        Health down = health();
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.body().path("status").asText()).isEqualTo("DOWN");
        dingtalk.faults().rejectRegistrations(0);
        dingtalk.faults().reset();
        await().atMost(WAIT).until(() -> health().status() == 200);

        // Lark refuses the long connection's endpoint request
        lark.faults().rejectEndpointRequests(1000);
        lark.faults().dropAllConnections();
        await().atMost(WAIT).until(() -> consumerState("consumer:lark-stream-to-dingtalk").equals("DOWN"));
        assertThat(health().status()).isEqualTo(503);
        lark.faults().rejectEndpointRequests(0);
        lark.faults().reset();
        await().atMost(WAIT).until(() -> health().status() == 200);

        // nothing the application printed, the failures included, shows a secret
        assertThat(output.getAll()).doesNotContain(DINGTALK_SECRET, LARK_SECRET, LARK_TOKEN, LARK_KEY, OPENIM_SECRET,
                DIFFT_SECRET);
    }

    @Test
    @Order(7)
    void consumerAndProducerMetricsAreInTheActuator() throws Exception {
        // the bridge of the earlier tests received, acknowledged and sent: Camel's registry holds Spring's MeterRegistry
        for (String meter : List.of("camelchat.consumer.events.received", "camelchat.consumer.events.acknowledged",
                "camelchat.consumer.connects", "camelchat.producer.calls")) {
            HttpResponse<String> r = http.send(HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/metrics/" + meter)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(meter).isEqualTo(200);
            JsonNode body = json.readTree(r.body());
            assertThat(body.path("measurements").get(0).path("value").asDouble()).as(meter).isGreaterThan(0);
            assertThat(body.path("availableTags").toString()).as(meter).contains("platform");
        }
    }

    private record Health(int status, JsonNode body) {
    }

    private Health health() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Health(r.statusCode(), json.readTree(r.body()));
    }

    private JsonNode consumerData(String check) throws Exception {
        return health().body().path("components").path("camelHealth").path("details").path(check + ".data");
    }

    private String consumerState(String check) throws Exception {
        return health().body().path("components").path("camelHealth").path("details").path(check).asText();
    }
}
