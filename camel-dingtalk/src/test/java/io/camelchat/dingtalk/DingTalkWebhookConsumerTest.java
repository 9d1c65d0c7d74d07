package io.camelchat.dingtalk;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.webhook.WebhookSecurity;
import io.camelchat.dingtalk.api.DingTalkEvent;
import io.camelchat.dingtalk.api.DingTalkRobotMessage;
import io.camelchat.simulator.dingtalk.InboundMessage;
import io.camelchat.simulator.dingtalk.Tamper;
import io.camelchat.simulator.dingtalk.WebhookResult;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DingTalkWebhookConsumerTest extends DingTalkTestSupport {

    static final String TOKEN = "callback-token-1";
    static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    private final int port = AvailablePortFinder.getNextAvailable();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(conf));
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("dingtalk:webhook?webhookPath=/dingtalk/robot").routeId("robot")
                        .filter(body().convertToString().contains("explode"))
                        .throwException(new IllegalStateException("boom"))
                        .end()
                        .to("mock:robot");
                from("dingtalk:webhook?webhookPath=/dingtalk/events&callbackToken=" + TOKEN + "&aesKey=" + AES_KEY)
                        .routeId("events")
                        .to("mock:events");
            }
        };
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void signedRobotCallbackIsRouted() throws Exception {
        InboundMessage msg = sim.newTextMessage("alice", GROUP, "webhook hello");
        WebhookResult r = sim.postRobotCallback(url("/dingtalk/robot"), msg);
        assertThat(r.status()).isEqualTo(200);
        MockEndpoint robot = getMockEndpoint("mock:robot");
        await().atMost(Duration.ofSeconds(5)).until(() -> robot.getReceivedCounter() == 1);
        var x = robot.getExchanges().get(0);
        assertThat(x.getMessage().getBody(DingTalkRobotMessage.class).plainText()).isEqualTo("webhook hello");
        assertThat(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID)).isEqualTo(msg.msgId());
        assertThat(x.getMessage().getHeader(DingTalkConstants.SESSION_WEBHOOK)).isEqualTo(msg.sessionWebhook());
    }

    @Test
    void forgedStaleAndMalformedRobotCallbacksAreRefused() throws Exception {
        InboundMessage msg = sim.newTextMessage("bob", null, "should not pass");
        assertThat(sim.postRobotCallback(url("/dingtalk/robot"), msg, Tamper.FORGED_SIGNATURE).status()).isEqualTo(401);
        assertThat(sim.postRobotCallback(url("/dingtalk/robot"), msg, Tamper.STALE_TIMESTAMP).status()).isEqualTo(401);
        assertThat(sim.postRobotCallback(url("/dingtalk/robot"), msg, Tamper.MISSING_HEADERS).status()).isEqualTo(401);
        assertThat(sim.postRobotCallback(url("/dingtalk/robot"), msg, Tamper.MALFORMED_BODY).status()).isEqualTo(400);
        assertThat(getMockEndpoint("mock:robot").getReceivedCounter()).isZero();
    }

    @Test
    void failedRouteAnswers500AndTheSameRequestMayComeAgain() throws Exception {
        InboundMessage msg = sim.newTextMessage("bob", null, "please explode");
        HttpClient http = HttpClient.newHttpClient();
        long ts = System.currentTimeMillis();
        String sign = WebhookSecurity.hmacSha256Base64(CLIENT_SECRET, ts + "\n" + CLIENT_SECRET);
        HttpRequest req = HttpRequest.newBuilder(URI.create(url("/dingtalk/robot")))
                .header("timestamp", Long.toString(ts)).header("sign", sign).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(msg.json())).build();
        assertThat(http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(500);
        // the failed request is not remembered as seen: the platform's retry is routed (and fails again here)
        assertThat(http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(500);
    }

    @Test
    void replayedRobotCallbackIsRefused() throws Exception {
        InboundMessage msg = sim.newTextMessage("carol", null, "once");
        HttpClient http = HttpClient.newHttpClient();
        long ts = System.currentTimeMillis();
        String sign = WebhookSecurity.hmacSha256Base64(CLIENT_SECRET, ts + "\n" + CLIENT_SECRET);
        HttpRequest req = HttpRequest.newBuilder(URI.create(url("/dingtalk/robot")))
                .header("timestamp", Long.toString(ts)).header("sign", sign).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(msg.json())).build();
        assertThat(http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> again = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.body()).contains("replay").doesNotContain(sign);
        assertThat(again.headers().firstValue("sign")).isEmpty();
        assertThat(getMockEndpoint("mock:robot").getReceivedCounter()).isEqualTo(1);
    }

    @Test
    void getIsNotAccepted() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url("/dingtalk/robot")))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isBetween(400, 499);
    }

    @Test
    void checkUrlIsAnsweredWithoutRouting() throws Exception {
        WebhookResult r = sim.postCheckUrl(url("/dingtalk/events"), TOKEN, AES_KEY, CLIENT_ID);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.answerVerified()).isTrue();
        assertThat(getMockEndpoint("mock:events").getReceivedCounter()).isZero();
    }

    @Test
    void encryptedEventIsDecryptedRoutedAndAnsweredWithEncryptedSuccess() throws Exception {
        WebhookResult r = sim.postEncryptedEvent(url("/dingtalk/events"), TOKEN, AES_KEY, CLIENT_ID,
                Map.of("EventType", "user_add_org", "UserId", List.of("u42"), "CorpId", "dingcorp",
                        "TimeStamp", Long.toString(System.currentTimeMillis())),
                Tamper.NONE);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.answerVerified()).isTrue();
        MockEndpoint events = getMockEndpoint("mock:events");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.getReceivedCounter() == 1);
        DingTalkEvent event = events.getExchanges().get(0).getMessage().getBody(DingTalkEvent.class);
        assertThat(event.eventType()).isEqualTo("user_add_org");
        assertThat(event.corpId()).isEqualTo("dingcorp");
        assertThat(event.data()).containsKey("UserId").doesNotContainKey("EventType");
    }

    @Test
    void forgedOrForeignEncryptedEventsAreRefused() throws Exception {
        Map<String, Object> event = Map.of("EventType", "user_leave_org", "UserId", List.of("u1"));
        assertThat(sim
                .postEncryptedEvent(url("/dingtalk/events"), TOKEN, AES_KEY, CLIENT_ID, event, Tamper.FORGED_SIGNATURE)
                .status()).isEqualTo(401);
        assertThat(sim
                .postEncryptedEvent(url("/dingtalk/events"), TOKEN, AES_KEY, CLIENT_ID, event, Tamper.STALE_TIMESTAMP)
                .status()).isEqualTo(401);
        assertThat(sim
                .postEncryptedEvent(url("/dingtalk/events"), TOKEN, AES_KEY, CLIENT_ID, event, Tamper.WRONG_OWNER_KEY)
                .status()).isEqualTo(400);
        assertThat(
                sim.postEncryptedEvent(url("/dingtalk/events"), TOKEN, AES_KEY, CLIENT_ID, event, Tamper.MALFORMED_BODY)
                        .status())
                .isBetween(400, 401);
        assertThat(
                sim.postEncryptedEvent(url("/dingtalk/events"), "other-token", AES_KEY, CLIENT_ID, event, Tamper.NONE)
                        .status())
                .isEqualTo(401);
        assertThat(getMockEndpoint("mock:events").getReceivedCounter()).isZero();
    }
}
