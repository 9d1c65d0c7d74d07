package io.camelchat.openim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.google.protobuf.ByteString;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ws.WebSocketSession;
import io.camelchat.openim.proto.Sdkws;
import io.camelchat.simulator.openim.OpenImConnection;
import io.camelchat.simulator.openim.OpenImSimulator;
import io.camelchat.simulator.openim.proto.SimSdkws.MsgData;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** openim:stream against the simulator's gateway over a real websocket. */
class OpenImStreamConsumerTest extends OpenImTestSupport {

    /** What the routes received: message id, text, seq. */
    record Received(String messageId, String text, long seq, String conversationId) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final MemoryStateRepository repository = new MemoryStateRepository();

    private static ConditionFactory within(int seconds) {
        return await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(20));
    }

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        // started here, so it outlives the route's restarts (a MemoryStateRepository forgets when stopped, and the
        // consumer stops what it started)
        ServiceHelper.startService(repository);
        registry.bind("repo", repository);
    }

    private void record(Exchange e) {
        received.add(new Received(e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class),
                e.getMessage().getBody(String.class), e.getMessage().getHeader(OpenImConstants.SEQ, Long.class),
                e.getMessage().getHeader(ChatHeaders.CONVERSATION_ID, String.class)));
    }

    /** Starts a route from {@code uri} (id "s") that records what it receives, then waits for its first sync. */
    private OpenImStreamConsumer start(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("s").process(OpenImStreamConsumerTest.this::record);
            }
        });
        OpenImStreamConsumer c = stream();
        within(10).until(() -> c.getSyncCount() >= 1);
        return c;
    }

    private OpenImStreamConsumer stream() {
        return (OpenImStreamConsumer) context.getRoute("s").getConsumer();
    }

    private List<String> texts() {
        return received.stream().map(Received::text).toList();
    }

    @ParameterizedTest
    @CsvSource({ "gob,gzip,go", "gob,none,go", "json,gzip,js", "json,none,js" })
    void pushesAreRoutedWithTheirHeadersInEveryEncoding(String encoding, String compression, String sdkType)
            throws Exception {
        OpenImStreamConsumer c = start("openim:stream?encoding=" + encoding + "&compression=" + compression);
        OpenImConnection conn = sim.connections(BOT).get(0);
        assertThat(conn.sdkType()).isEqualTo(sdkType);
        assertThat(conn.gzip()).isEqualTo("gzip".equals(compression));
        assertThat(conn.sdkVersion()).isEqualTo("camel-chat-openim");

        sim.sendText(BOT, ANN, "the bot's own"); // not routed
        var direct = sim.sendText(ANN, BOT, "hi " + encoding + "/" + compression);
        var group = sim.sendGroupText(BOB, GROUP, "team " + encoding + "/" + compression);
        within(10).until(() -> received.size() >= 2);
        String conv = OpenImSimulator.singleConversationId(ANN, BOT);
        assertThat(received).containsExactly(
                new Received(conv + "#" + direct.clientMsgId(), direct.text(), direct.seq(), conv),
                new Received(OpenImSimulator.groupConversationId(GROUP) + "#" + group.clientMsgId(), group.text(),
                        group.seq(), OpenImSimulator.groupConversationId(GROUP)));
        within(5).untilAsserted(() -> assertThat(c.getStoredSeqs()).containsEntry(conv, direct.seq())
                .containsEntry(OpenImSimulator.groupConversationId(GROUP), group.seq()));
        assertThat(c.getGapFillCount()).isZero();
        assertThat(c.currentStatus().up()).isTrue();
        assertThat(c.getBadFrameCount()).isZero();
    }

    @Test
    void aPushThatSkipsASeqFirstPullsTheMissingOnes() throws Exception {
        OpenImStreamConsumer c = start("openim:stream");
        String conv = OpenImSimulator.singleConversationId(ANN, BOT);
        // stored and not pushed to the bot: its own message without senderSync
        var silent = sim.send(MsgData.newBuilder().setSendID(BOT).setRecvID(ANN).setClientMsgID("silent1")
                .setSessionType(1).setMsgFrom(100).setContentType(101).putOptions("senderSync", false)
                .setContent(ByteString.copyFromUtf8("{\"content\":\"silent\"}")).build());
        int pullsBefore = pulls();
        var next = sim.sendText(ANN, BOT, "after the gap");
        within(10).until(() -> received.size() >= 1);
        assertThat(next.seq()).isEqualTo(silent.seq() + 1);
        assertThat(texts()).containsExactly("after the gap");
        assertThat(c.getGapFillCount()).isEqualTo(1);
        assertThat(pulls()).isEqualTo(pullsBefore + 1);
        within(5).untilAsserted(() -> assertThat(c.getStoredSeqs()).containsEntry(conv, next.seq()));
    }

    private static int pulls() {
        return (int) sim.inbound().stream().filter(s -> s.startsWith("ws 1002 ")).count();
    }

    @Test
    void aMessageStoredWhileTheSocketWasDownIsPulledAfterTheReconnect() throws Exception {
        OpenImStreamConsumer c = start("openim:stream");
        sim.faults().dropOnNextPush(BOT);
        var lost = sim.sendText(ANN, BOT, "in flight when the socket dropped");
        within(10).until(() -> received.size() >= 1);
        assertThat(texts()).containsExactly(lost.text());
        assertThat(c.getSyncCount()).isGreaterThanOrEqualTo(2);
        assertThat(c.getSession().getConnectCount()).isEqualTo(2);
    }

    @Test
    void aRestartResumesFromTheStoredSeqsAndAFailedMessageComesAgain() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("openim:stream?offsetRepository=#repo").routeId("s").process(e -> {
                    record(e);
                    if (e.getMessage().getBody(String.class).startsWith("fail")
                            && received.stream().filter(r -> r.text().startsWith("fail")).count() == 1) {
                        throw new IllegalStateException("the route failed once");
                    }
                });
            }
        });
        within(10).until(() -> stream().getSyncCount() >= 1);
        String conv = OpenImSimulator.singleConversationId(ANN, BOT);
        var one = sim.sendText(ANN, BOT, "one");
        within(10).until(() -> received.size() == 1);
        within(5).until(() -> Long.toString(one.seq()).equals(repository.getState("openim." + BOT + "." + conv)));

        context.getRouteController().stopRoute("s");
        var two = sim.sendText(ANN, BOT, "fail two");
        var three = sim.sendText(ANN, BOT, "three");
        context.getRouteController().startRoute("s");
        within(10).until(() -> received.size() == 3);
        assertThat(texts()).containsExactly("one", "fail two", "three");
        // "fail two" failed: the stored seq stays before it although "three" completed
        Thread.sleep(200);
        assertThat(repository.getState("openim." + BOT + "." + conv)).isEqualTo(Long.toString(one.seq()));

        // after a restart it comes again (with the same message id), and "three" after it
        context.getRouteController().stopRoute("s");
        context.getRouteController().startRoute("s");
        within(10).until(() -> received.size() == 5);
        assertThat(received.subList(3, 5)).extracting(Received::text).containsExactly("fail two", "three");
        assertThat(received.get(3).messageId()).isEqualTo(received.get(1).messageId());
        within(5).until(() -> Long.toString(three.seq()).equals(repository.getState("openim." + BOT + "." + conv)));
        assertThat(two.seq()).isEqualTo(one.seq() + 1);
    }

    @Test
    void aSocketDroppedWithAHundredMessagesInFlightLosesNone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("openim:stream?concurrentConsumers=4").routeId("s").process(e -> {
                    release.await(20, TimeUnit.SECONDS);
                    record(e);
                });
            }
        });
        within(10).until(() -> stream().getSyncCount() >= 1);
        List<String> sent = new ArrayList<>();
        String conv = OpenImSimulator.singleConversationId(ANN, BOT);
        for (int i = 0; i < 50; i++) {
            sent.add(conv + "#" + sim.sendText(ANN, BOT, "m" + i).clientMsgId());
        }
        within(10).until(() -> stream().getSession().getInFlight() >= 50);
        sim.faults().dropConnections(BOT);
        for (int i = 50; i < 100; i++) {
            sent.add(conv + "#" + sim.sendText(ANN, BOT, "m" + i).clientMsgId());
        }
        release.countDown();
        within(20).until(() -> new TreeSet<>(received.stream().map(Received::messageId).toList()).size() == 100);
        Set<String> ids = new TreeSet<>(received.stream().map(Received::messageId).toList());
        assertThat(ids).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received.size()).isGreaterThanOrEqualTo(100);
        assertThat(stream().getSession().getConnectCount()).isGreaterThanOrEqualTo(2);
        long last = sim.messages(conv).get(sim.messages(conv).size() - 1).seq();
        within(10).untilAsserted(() -> assertThat(stream().getStoredSeqs()).containsEntry(conv, last));
    }

    @Test
    void kickedOfflineStopsReconnectingAndReportsIt() throws Exception {
        OpenImStreamConsumer c = start("openim:stream");
        sim.kick(BOT);
        within(10).until(() -> !c.currentStatus().up() && "kicked".equals(c.currentStatus().state()));
        assertThat(c.getStopReason()).contains("2002");
        assertThat(c.getSession().getState()).isEqualTo(WebSocketSession.State.FAILED);
        long connects = c.getSession().getConnectCount();
        Thread.sleep(500); // several reconnect delays (100 to 500 ms)
        assertThat(c.getSession().getConnectCount()).isEqualTo(connects);
        assertThat(sim.connections(BOT)).isEmpty();
    }

    private void userTokenComponent(String token) {
        OpenImComponent component = new OpenImComponent();
        OpenImConfiguration cfg = component.getConfiguration();
        cfg.setApiUrl(sim.apiUrl());
        cfg.setWsUrl(sim.wsUrl());
        cfg.setUserId(BOT);
        cfg.setToken(token);
        cfg.setReconnectDelay(100);
        cfg.setMaxReconnectDelay(500);
        context.addComponent("openimuser", component);
    }

    @Test
    void aRefusedTokenStopsTheStreamWithoutShowingTheToken() throws Exception {
        userTokenComponent("not-a-token-SECRET");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("openimuser:stream").routeId("s").process(OpenImStreamConsumerTest.this::record);
            }
        });
        OpenImStreamConsumer c = stream();
        within(10).until(() -> "token refused".equals(c.currentStatus().state()));
        assertThat(c.getStopReason()).matches(".*15\\d\\d .*").doesNotContain("SECRET");
        assertThat(c.currentStatus().lastError()).doesNotContain("SECRET");
        assertThat(c.getSession().getConnectCount()).isZero();
        int upgrades = upgrades();
        Thread.sleep(500);
        assertThat(upgrades()).isEqualTo(upgrades);
    }

    private static int upgrades() {
        return (int) sim.inbound().stream().filter(s -> s.startsWith("ws upgrade")).count();
    }

    @Test
    void anExpiredUserTokenStopsTheStream() throws Exception {
        userTokenComponent(sim.userToken(BOT, 1));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("openimuser:stream").routeId("s").process(OpenImStreamConsumerTest.this::record);
            }
        });
        OpenImStreamConsumer c = stream();
        within(10).until(() -> c.getSyncCount() >= 1);
        sim.faults().expireTokensMidStream(BOT);
        within(10).until(() -> "token refused".equals(c.currentStatus().state()));
        assertThat(c.getStopReason()).contains("1501");
    }

    @Test
    void anExpiredTokenIsFetchedAgainWithAdminCredentials() throws Exception {
        OpenImStreamConsumer c = start("openim:stream");
        sim.faults().expireTokensMidStream(BOT);
        within(10).until(() -> c.getSession().getConnectCount() >= 2 && c.getSyncCount() >= 2);
        var after = sim.sendText(ANN, BOT, "after a new token");
        within(10).until(() -> received.size() >= 1);
        assertThat(texts()).containsExactly(after.text());
        assertThat(c.currentStatus().up()).isTrue();
    }

    @Test
    void aCorruptFrameReplacesTheConnectionAndNothingIsLost() throws Exception {
        OpenImStreamConsumer c = start("openim:stream");
        sim.faults().sendMalformedFrame(BOT);
        within(10).until(() -> c.getBadFrameCount() == 1 && c.getSession().getConnectCount() == 2);
        assertThat(c.getLastBadFrame()).contains("undecodable frame");
        var after = sim.sendText(ANN, BOT, "after the bad frame");
        within(10).until(() -> received.size() >= 1);
        assertThat(texts()).containsExactly(after.text());
    }

    @Test
    void repliesAreMatchedByMsgIncrAndAnErrorCodeIsAnException() throws Exception {
        OpenImStreamConsumer c = start("openim:stream");
        // 1005 is answered with ErrCode 500 by the simulator
        assertThatThrownBy(() -> c.call(1005, new byte[0])).isInstanceOf(ChatApiException.class)
                .satisfies(e -> assertThat(((ChatApiException) e).getPlatformCode()).isEqualTo("500"))
                .hasMessageContaining("gateway 1005");
        // many requests at once, each gets its own reply
        List<Thread> threads = new ArrayList<>();
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        byte[] request = Sdkws.GetMaxSeqReq.newBuilder().setUserID(BOT).build().toByteArray();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    sizes.add(Sdkws.GetMaxSeqResp.parseFrom(c.call(1001, request)).getMaxSeqsCount());
                } catch (Exception e) {
                    sizes.add(-1);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(sizes).hasSize(8).allSatisfy(n -> assertThat(n).isGreaterThan(0));
        // an unknown ReqIdentifier: the server closes the connection without a reply
        assertThatThrownBy(() -> c.call(1999, new byte[0])).isInstanceOf(ChatApiException.class)
                .hasMessageContaining("closed before the answer");
        Map<String, Object> details = c.currentStatus().details();
        assertThat(details).containsKey("syncs");
    }

    @Test
    void atMostMaxInFlightMessagesAreRoutedAtOnceAndEachConversationInOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        // as many lanes as needed for the three conversations to get one each
        List<String> conversations = List.of(OpenImSimulator.singleConversationId(ANN, BOT),
                OpenImSimulator.singleConversationId(BOB, BOT), OpenImSimulator.groupConversationId(GROUP));
        int lanes = IntStream.range(3, 100).filter(n -> conversations.stream()
                .map(c -> Math.floorMod(c.hashCode(), n)).distinct().count() == 3).findFirst().orElseThrow();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("openim:stream?maxInFlight=2&concurrentConsumers=" + lanes).routeId("s").process(e -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    release.await(20, TimeUnit.SECONDS);
                    inside.decrementAndGet();
                    record(e);
                });
            }
        });
        within(10).until(() -> stream().getSyncCount() >= 1);
        for (int i = 0; i < 10; i++) {
            sim.sendText(ANN, BOT, "a" + i);
            sim.sendText(BOB, BOT, "b" + i);
            sim.sendGroupText(ANN, GROUP, "g" + i);
        }
        within(10).until(() -> inside.get() == 2);
        Thread.sleep(300); // room for a third, which must not come
        assertThat(most.get()).isEqualTo(2);
        release.countDown();
        within(10).until(() -> received.size() == 30);
        assertThat(most.get()).isEqualTo(2);
        for (String prefix : new String[]{ "a", "b", "g" }) {
            assertThat(texts().stream().filter(t -> t.startsWith(prefix)).toList())
                    .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> prefix + i).toList());
        }
    }

    @Test
    void concurrentConsumersRouteConversationsInParallelAndEachInSeqOrder() throws Exception {
        Random random = new Random(7);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("openim:stream?concurrentConsumers=3").routeId("s").process(e -> {
                    Thread.sleep(random.nextInt(5));
                    record(e);
                });
            }
        });
        within(10).until(() -> stream().getSyncCount() >= 1);
        for (int i = 0; i < 20; i++) {
            sim.sendText(ANN, BOT, "a" + i);
            sim.sendText(BOB, BOT, "b" + i);
        }
        within(10).until(() -> received.size() == 40);
        for (String prefix : new String[]{ "a", "b" }) {
            List<Long> seqs = received.stream().filter(r -> r.text().startsWith(prefix)).map(Received::seq).toList();
            assertThat(seqs).hasSize(20).isSorted();
        }
    }

    /** Pings keep a quiet connection open past the gateway's read deadline; without them it is closed. */
    @Test
    void pingsKeepAQuietConnectionOpen() throws Exception {
        try (OpenImSimulator strict = OpenImSimulator.builder().secret(SECRET).adminUserId(ADMIN).user(BOT, "Bot")
                .user(ANN, "Ann").idleTimeout(Duration.ofMillis(700)).start()) {
            for (String name : new String[]{ "pinging", "silent" }) {
                OpenImComponent component = new OpenImComponent();
                OpenImConfiguration cfg = component.getConfiguration();
                cfg.setApiUrl(strict.apiUrl());
                cfg.setWsUrl(strict.wsUrl());
                cfg.setAdminUserId(ADMIN);
                cfg.setSecret(SECRET);
                cfg.setUserId(BOT);
                cfg.setPlatformId("pinging".equals(name) ? 1 : 3);
                cfg.setReconnectDelay(100);
                cfg.setMaxReconnectDelay(200);
                cfg.setHeartbeatInterval("pinging".equals(name) ? 200 : 0);
                context.addComponent(name, component);
            }
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("pinging:stream").routeId("pinging").to("mock:pinging");
                    from("silent:stream").routeId("silent").to("mock:silent");
                }
            });
            OpenImStreamConsumer pinging = (OpenImStreamConsumer) context.getRoute("pinging").getConsumer();
            OpenImStreamConsumer silent = (OpenImStreamConsumer) context.getRoute("silent").getConsumer();
            within(10).until(() -> silent.getSession().getConnectCount() >= 3);
            assertThat(pinging.getSession().getConnectCount()).isEqualTo(1);
            assertThat(pinging.getSession().getState()).isEqualTo(WebSocketSession.State.CONNECTED);
        }
    }

    @Test
    void aReplyLaterThanTheResponseTimeoutFailsTheRequestAndTheSyncIsTriedAgain() throws Exception {
        OpenImStreamConsumer c = start("openim:stream?responseTimeout=300");
        sim.faults().slowGatewayReplies(Duration.ofMillis(1000));
        byte[] request = Sdkws.GetMaxSeqReq.newBuilder().setUserID(BOT).build().toByteArray();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> c.call(1001, request)).isInstanceOf(ChatApiException.class)
                .hasMessageContaining("no answer within 300 ms");
        // it waited for the timeout (no upper bound: a loaded machine may be slow to notice)
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(250L);
        // a sync that times out reconnects and syncs again; once replies are quick again, messages flow
        sim.faults().dropOnNextPush(BOT);
        sim.sendText(ANN, BOT, "while replies are slow");
        Thread.sleep(500);
        sim.faults().slowGatewayReplies(Duration.ZERO);
        within(10).until(() -> received.size() >= 1);
        assertThat(texts()).containsExactly("while replies are slow");
    }

    @Test
    void aFullGatewayIsRetriedWithBackOff() throws Exception {
        sim.faults().gatewayFull(true);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("openim:stream").routeId("s").process(OpenImStreamConsumerTest.this::record);
            }
        });
        OpenImStreamConsumer c = stream();
        within(10).until(() -> c.getSession() != null && c.getSession().getFailedAttempts() >= 2);
        assertThat(c.currentStatus().up()).isFalse();
        assertThat(c.getStopReason()).isNull();
        sim.faults().gatewayFull(false);
        within(10).until(() -> c.getSyncCount() >= 1 && c.currentStatus().up());
    }
}
