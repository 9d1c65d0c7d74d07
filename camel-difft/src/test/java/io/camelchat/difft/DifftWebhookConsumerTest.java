package io.camelchat.difft;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.Json;
import io.camelchat.simulator.difft.Tamper;
import io.camelchat.simulator.difft.WebhookResult;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code difft:webhook} against the simulator's signed callbacks (reference section 9). */
class DifftWebhookConsumerTest extends DifftConsumerTestSupport {

    private static final String PATH = "/difft/callback";
    private static final String SMALL_PATH = "/difft/small";
    private static final AtomicLong CLOCK = new AtomicLong(System.currentTimeMillis());

    private final int port = AvailablePortFinder.getNextAvailable();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final CountDownLatch hold = new CountDownLatch(1);

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
                from("difft:webhook?webhookPath=" + PATH).routeId("webhook")
                        .process(e -> {
                            String id = e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
                            int n = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                            String text = e.getMessage().getBody(DifftInboundMessage.class).getText();
                            if (text.contains("hold-webhook")) {
                                hold.await(30, TimeUnit.SECONDS);
                            }
                            if (text.contains("fail-once") && n == 1) {
                                throw new IllegalStateException("route failed on purpose");
                            }
                        })
                        .to("mock:out");
                from("difft:webhook?webhookPath=" + SMALL_PATH + "&maxBodySize=512").routeId("small")
                        .to("mock:small");
            }
        };
    }

    @AfterEach
    void backToTheWebsocket() {
        sim.webhook(APP, null);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private MockEndpoint out() {
        return getMockEndpoint("mock:out");
    }

    /** A direct text as section 8.4 shapes it, with a timestamp of its own. */
    private String text(String from, String body) {
        long ts = CLOCK.incrementAndGet();
        return Json.write(Map.of("version", 1, "src", from, "srcDevice", 1, "type", "TEXT", "timestamp", ts,
                "dest", Map.of("type", "USER", "wuid", List.of(BOT)), "msg", Map.of("body", body)));
    }

    private static String idOf(String json) {
        var n = Json.read(json);
        return "v1:" + n.path("timestamp").asLong() + ":" + n.path("src").asText();
    }

    private Exchange awaitRouted(String id) {
        await().atMost(Duration.ofSeconds(15)).until(() -> out().getExchanges().stream()
                .anyMatch(x -> id.equals(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID))));
        return out().getExchanges().stream().filter(x -> id.equals(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID)))
                .findFirst().orElseThrow();
    }

    @Test
    void aSignedCallIsRoutedAndAnsweredOk() {
        String data = text(ALICE, "hello over the webhook");
        WebhookResult r = sim.postWebhook(url(PATH), APP, data, Tamper.NONE);
        assertThat(r.status()).isEqualTo(200);
        assertThat(Json.read(r.body())).isEqualTo(Json.read("{\"ver\":1,\"status\":0,\"reason\":\"ok\"}"));
        assertThat(r.accepted()).isTrue();
        Exchange x = awaitRouted(idOf(data));
        assertThat(x.getMessage().getHeaders()).containsEntry(ChatHeaders.PLATFORM, "difft")
                .containsEntry(ChatHeaders.CONVERSATION_TYPE, "direct")
                .containsEntry(ChatHeaders.CONVERSATION_ID, ALICE)
                .containsEntry(ChatHeaders.SENDER_ID, ALICE);
        assertThat(x.getMessage().getBody(String.class)).isEqualTo("hello over the webhook");
    }

    @Test
    void theSimulatorsDeliveriesAreRoutedAndAcknowledged() {
        sim.webhook(APP, url(PATH));
        String direct = sim.sendText(BOB, BOT, "webhook delivery");
        String group = sim.sendGroupMention(ALICE, GID, "webhook mention", BOT);
        Exchange g = awaitRouted(group);
        assertThat(g.getMessage().getHeaders()).containsEntry(ChatHeaders.CONVERSATION_ID, GID)
                .containsEntry(DifftConstants.MENTIONED, true);
        awaitRouted(direct);
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(APP, direct)
                && sim.isAcknowledged(APP, group));
    }

    @Test
    void aFailedRouteAnswers500AndTheRedeliveryKeepsTheMessageId() {
        sim.webhook(APP, url(PATH));
        String ref = sim.sendText(ALICE, BOT, "fail-once over the webhook");
        Exchange x = awaitRouted(ref);
        assertThat(attempts.get(ref).get()).isEqualTo(2);
        assertThat(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID)).isEqualTo(ref);
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(APP, ref));
        assertThat(sim.requests()).anyMatch(l -> l.startsWith("webhook " + APP) && l.contains(": 500"));
    }

    @ParameterizedTest
    @EnumSource(value = Tamper.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void forgedStaleOrReplayedCallsAre401AndRouteNothing(Tamper tamper) {
        String data = text(BOB, "tampered " + tamper);
        WebhookResult r = sim.postWebhook(url(PATH), APP, data, tamper);
        assertThat(r.status()).as("%s", tamper).isEqualTo(401);
        assertThat(r.body()).doesNotContain(SECRET);
        // a replayed call was routed once, from its first (genuine) sending
        int expected = tamper == Tamper.REPLAYED_NONCE ? 1 : 0;
        assertThat(attempts.getOrDefault(idOf(data), new AtomicInteger()).get()).isEqualTo(expected);
        WebhookResult good = sim.postWebhook(url(PATH), APP, text(BOB, "genuine after " + tamper), Tamper.NONE);
        assertThat(good.status()).isEqualTo(200);
    }

    @Test
    void malformedBodiesAre400AndRouteNothing() {
        assertThat(sim.postWebhook(url(PATH), APP, "this is not JSON", Tamper.NONE).status()).isEqualTo(400);
        assertThat(sim.postWebhook(url(PATH), APP, "[1,2,3]", Tamper.NONE).status()).isEqualTo(400);
        WebhookResult noSrc = sim.postWebhook(url(PATH), APP,
                "{\"version\":1,\"type\":\"TEXT\",\"timestamp\":5,\"msg\":{\"body\":\"who?\"}}", Tamper.NONE);
        assertThat(noSrc.status()).isEqualTo(400);
        assertThat(noSrc.body()).contains("src");
        assertThat(out().getExchanges()).noneMatch(x -> "who?".equals(x.getMessage().getBody(String.class)));
    }

    @Test
    void anOversizeBodyIs413AndRoutesNothing() {
        String data = text(ALICE, "x".repeat(2000));
        assertThat(sim.postWebhook(url(SMALL_PATH), APP, data, Tamper.NONE).status()).isEqualTo(413);
        String small = text(ALICE, "short");
        assertThat(sim.postWebhook(url(SMALL_PATH), APP, small, Tamper.NONE).status()).isEqualTo(200);
        MockEndpoint m = getMockEndpoint("mock:small");
        await().atMost(Duration.ofSeconds(10)).until(() -> m.getReceivedCounter() == 1);
        assertThat(m.getExchanges().get(0).getMessage().getHeader(ChatHeaders.MESSAGE_ID)).isEqualTo(idOf(small));
    }

    @Test
    void echoesReceiptsAndRepeatsAreAnsweredOkWithoutRouting() {
        String echo = text(BOT, "the bot's own words");
        assertThat(sim.postWebhook(url(PATH), APP, echo, Tamper.NONE).accepted()).isTrue();
        String receipt = Json.write(Map.of("src", ALICE, "type", "RECEIPT", "timestamp", System.currentTimeMillis(),
                "dest", Map.of("type", "USER", "wuid", List.of(BOT)),
                "receipt", Map.of("type", "READ", "timestamps", List.of(1))));
        assertThat(sim.postWebhook(url(PATH), APP, receipt, Tamper.NONE).accepted()).isTrue();
        String once = text(ALICE, "only once");
        assertThat(sim.postWebhook(url(PATH), APP, once, Tamper.NONE).accepted()).isTrue();
        // the platform calls again (fresh signature) although the first call was answered: not routed twice
        assertThat(sim.postWebhook(url(PATH), APP, once, Tamper.NONE).accepted()).isTrue();
        awaitRouted(idOf(once));
        assertThat(attempts.get(idOf(once)).get()).isEqualTo(1);
        assertThat(attempts).doesNotContainKeys(idOf(echo), idOf(receipt));
    }

    @Test
    void aCallForAMessageStillBeingRoutedIs409() throws Exception {
        String data = text(ALICE, "hold-webhook until released");
        CompletableFuture<WebhookResult> first = CompletableFuture
                .supplyAsync(() -> sim.postWebhook(url(PATH), APP, data, Tamper.NONE));
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.containsKey(idOf(data)));
        WebhookResult second = sim.postWebhook(url(PATH), APP, data, Tamper.NONE);
        assertThat(second.status()).isEqualTo(409);
        hold.countDown();
        assertThat(first.get(20, TimeUnit.SECONDS).accepted()).isTrue();
        assertThat(attempts.get(idOf(data)).get()).isEqualTo(1);
        // once routed, the platform's next call is answered ok without routing
        assertThat(sim.postWebhook(url(PATH), APP, data, Tamper.NONE).accepted()).isTrue();
        assertThat(attempts.get(idOf(data)).get()).isEqualTo(1);
    }

    @Test
    void onlyPostIsServed() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(PATH))).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isBetween(400, 499);
        HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(PATH)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(text(BOB, "x")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
    }
}
