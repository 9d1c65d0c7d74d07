package io.camelchat.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.lark.oapi.Client;
import com.lark.oapi.core.request.EventReq;
import com.lark.oapi.core.response.EventResp;
import com.lark.oapi.event.EventDispatcher;
import com.lark.oapi.okhttp.OkHttpClient;
import com.lark.oapi.service.im.ImService;
import com.lark.oapi.service.im.v1.model.CreateMessageReq;
import com.lark.oapi.service.im.v1.model.CreateMessageReqBody;
import com.lark.oapi.service.im.v1.model.CreateMessageResp;
import com.lark.oapi.service.im.v1.model.EventMessage;
import com.lark.oapi.service.im.v1.model.P2MessageReceiveV1;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.camelchat.simulator.lark.InboundEvent;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import io.camelchat.simulator.lark.ResponseFrame;
import io.camelchat.simulator.lark.SentMessage;
import io.camelchat.simulator.lark.Tamper;
import io.camelchat.simulator.lark.WebhookResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fidelity check of the Lark simulator against Lark's own Java SDK ({@code com.larksuite.oapi:oapi-sdk}): the
 * official API client sends a message through the simulator (token fetch included), the official
 * {@link EventDispatcher} verifies the signature of and decrypts a webhook event the simulator POSTs (and refuses a
 * forged signature and a body encrypted with another key), and the official long-connection client receives an
 * event over the simulator's websocket and acknowledges it the way the simulator expects.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LarkOfficialSdkTest {

    private static final String APP_ID = "cli_0123456789abcdef";
    private static final String APP_SECRET = "official-sdk-secret-0123456789";
    private static final String VERIFICATION_TOKEN = "official-sdk-verification-token";
    private static final String ENCRYPT_KEY = "official-sdk-encrypt-key-0123456789";
    private static final String CHAT_ID = "oc_0123456789abcdef0123456789abcdef";
    private static final String ALICE = "ou_0123456789abcdef0123456789abcdef";

    private static LarkSimulator sim;
    private static HttpServer webhookServer;
    private static String webhookUrl;
    private static EventDispatcher dispatcher;
    private static com.lark.oapi.ws.Client wsClient;

    /** Every event the SDK's im.message.receive_v1 handler got (webhook and long connection). */
    private static final BlockingQueue<P2MessageReceiveV1> received = new LinkedBlockingQueue<>();
    /** What the webhook endpoint handed to the SDK and what the SDK answered, in order. */
    private static final List<LarkOfficialSdkExchange> webhookExchanges = new CopyOnWriteArrayList<>();

    /** One webhook request as given to {@link EventDispatcher#handle(EventReq)} and the SDK's {@link EventResp}. */
    record LarkOfficialSdkExchange(EventReq request, EventResp response) {
    }

    @BeforeAll
    static void startSimulatorAndWebhookEndpoint() throws Exception {
        sim = LarkSimulator.builder().appId(APP_ID).appSecret(APP_SECRET).verificationToken(VERIFICATION_TOKEN)
                .encryptKey(ENCRYPT_KEY).tenantKey("tenant0001").start();
        sim.addUser(new LarkUser(ALICE, "u_alice", "on_0123456789abcdef0123456789abcdef", "Alice",
                "alice@example.com", null));
        sim.addChat(new LarkChat(CHAT_ID, "Official SDK room", List.of(ALICE)));

        dispatcher = EventDispatcher.newBuilder(VERIFICATION_TOKEN, ENCRYPT_KEY)
                .onP2MessageReceiveV1(new ImService.P2MessageReceiveV1Handler() {
                    @Override
                    public void handle(P2MessageReceiveV1 event) {
                        received.add(event);
                    }
                })
                .build();

        // The SDK ships no HTTP server of its own: its webhook entry point is EventDispatcher.handle(EventReq) ->
        // EventResp (the servlet/Spring adapters are separate artifacts that only copy headers, body and status).
        webhookServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhookServer.createContext("/lark/events", LarkOfficialSdkTest::handOverToSdk);
        webhookServer.start();
        webhookUrl = "http://127.0.0.1:" + webhookServer.getAddress().getPort() + "/lark/events";
    }

    private static void handOverToSdk(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            EventReq req = new EventReq();
            req.setHttpPath(exchange.getRequestURI().getPath());
            req.setBody(body);
            // EventReq.getHeaderFirstValue looks names up in lower case
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
            req.setHeaders(headers);

            EventResp resp;
            try {
                resp = dispatcher.handle(req);
            } catch (Throwable t) {
                resp = new EventResp();
                resp.setStatusCode(599);
                resp.setBody(String.valueOf(t).getBytes(StandardCharsets.UTF_8));
            }
            webhookExchanges.add(new LarkOfficialSdkExchange(req, resp));

            byte[] out = resp.getBody() == null ? new byte[0] : resp.getBody();
            resp.getHeaders().forEach((k, v) -> v.forEach(x -> exchange.getResponseHeaders().add(k, x)));
            exchange.sendResponseHeaders(resp.getStatusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        try {
            stopWsClient();
        } finally {
            try {
                if (webhookServer != null) {
                    webhookServer.stop(0);
                }
            } finally {
                if (sim != null) {
                    sim.close();
                }
            }
        }
    }

    @Test
    @Order(1)
    void officialApiClientFetchesTokenFromSimulatorAndSendsTextToChat() {
        Client api = Client.newBuilder(APP_ID, APP_SECRET).openBaseUrl(sim.apiUrl())
                .requestTimeout(10, TimeUnit.SECONDS).build();
        int tokensBefore = sim.tokenIssuances();

        CreateMessageResp resp = send(api, "hello from the official Lark SDK", "official-sdk-uuid-1");
        assertThat(resp.success()).as("code %s msg %s", resp.getCode(), resp.getMsg()).isTrue();
        String messageId = resp.getData().getMessageId();
        assertThat(messageId).startsWith("om_");
        assertThat(resp.getData().getChatId()).isEqualTo(CHAT_ID);
        assertThat(resp.getData().getMsgType()).isEqualTo("text");
        assertThat(resp.getRequestId()).as("X-Tt-Logid read by the SDK").isNotBlank();

        // the SDK fetched its tenant token from the simulator (tenant_access_token/internal) before the send
        assertThat(sim.tokenIssuances()).isEqualTo(tokensBefore + 1);

        SentMessage stored = sim.sentMessages().stream().filter(m -> messageId.equals(m.messageId())).findFirst()
                .orElseThrow(() -> new AssertionError("simulator did not store " + messageId));
        assertThat(stored.receiveIdType()).isEqualTo("chat_id");
        assertThat(stored.receiveId()).isEqualTo(CHAT_ID);
        assertThat(stored.chatId()).isEqualTo(CHAT_ID);
        assertThat(stored.msgType()).isEqualTo("text");
        assertThat(stored.text()).isEqualTo("hello from the official Lark SDK");
        assertThat(stored.uuid()).isEqualTo("official-sdk-uuid-1");
        assertThat(stored.isReply()).isFalse();

        // a second send re-uses the SDK's cached token (expire - 180 s): no second token request
        CreateMessageResp second = send(api, "second message", "official-sdk-uuid-2");
        assertThat(second.success()).as(second.getMsg()).isTrue();
        assertThat(second.getData().getMessageId()).isNotEqualTo(messageId);
        assertThat(sim.tokenIssuances()).isEqualTo(tokensBefore + 1);
        assertThat(sim.sentMessages()).extracting(SentMessage::text).contains("hello from the official Lark SDK",
                "second message");
    }

    private static CreateMessageResp send(Client api, String text, String uuid) {
        try {
            return api.im().v1().message().create(CreateMessageReq.newBuilder()
                    .receiveIdType("chat_id")
                    .createMessageReqBody(CreateMessageReqBody.newBuilder().receiveId(CHAT_ID).msgType("text")
                            .content("{\"text\":\"" + text + "\"}").uuid(uuid).build())
                    .build());
        } catch (Exception e) {
            throw new AssertionError("SDK send failed", e);
        }
    }

    @Test
    @Order(2)
    void officialEventDispatcherVerifiesAndDecryptsSimulatorWebhook() throws Exception {
        assertThat(dispatcher.getEncryptKey()).isEqualTo(ENCRYPT_KEY);
        received.clear();
        webhookExchanges.clear();

        InboundEvent event = sim.newTextEvent(ALICE, CHAT_ID, "hello over the webhook");
        WebhookResult result = sim.postEvent(webhookUrl, event, true, Tamper.NONE);

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.answerVerified()).isTrue();
        assertThat(result.body()).isEqualTo("{\"msg\":\"success\"}");

        P2MessageReceiveV1 got = received.poll(5, TimeUnit.SECONDS);
        assertThat(got).as("event delivered to the SDK handler").isNotNull();
        assertThat(got.getHeader().getEventId()).isEqualTo(event.eventId());
        assertThat(got.getHeader().getEventType()).isEqualTo("im.message.receive_v1");
        assertThat(got.getHeader().getToken()).isEqualTo(VERIFICATION_TOKEN);
        assertThat(got.getHeader().getAppId()).isEqualTo(APP_ID);
        assertThat(got.getHeader().getTenantKey()).isEqualTo("tenant0001");
        EventMessage message = got.getEvent().getMessage();
        assertThat(message.getMessageId()).isEqualTo(event.messageId());
        assertThat(message.getChatId()).isEqualTo(CHAT_ID);
        assertThat(message.getChatType()).isEqualTo("group");
        assertThat(message.getMessageType()).isEqualTo("text");
        assertThat(message.getContent()).isEqualTo("{\"text\":\"hello over the webhook\"}");
        assertThat(got.getEvent().getSender().getSenderId().getOpenId()).isEqualTo(ALICE);

        // what went over the wire was ciphertext signed with the encrypt key; the SDK checked the signature and
        // decrypted it (EventReq.plain is set by the SDK to the decrypted JSON before the handler runs)
        assertThat(webhookExchanges).hasSize(1);
        EventReq req = webhookExchanges.get(0).request();
        String wireBody = new String(req.getBody(), StandardCharsets.UTF_8);
        assertThat(wireBody).startsWith("{\"encrypt\":\"").doesNotContain("hello over the webhook");
        assertThat(req.getHeaderFirstValue("X-Lark-Signature")).matches("[0-9a-f]{64}");
        assertThat(req.getHeaderFirstValue("X-Lark-Request-Timestamp")).isNotEmpty();
        assertThat(req.getHeaderFirstValue("X-Lark-Request-Nonce")).isNotEmpty();
        assertThat(got.getEventReq()).isSameAs(req);
        assertThat(req.getPlain()).contains("\"event_id\":\"" + event.eventId() + "\"")
                .contains("hello over the webhook");

        // a signature made with another key: the SDK refuses it (HTTP 500) and the handler never runs
        InboundEvent forgedEvent = sim.newTextEvent(ALICE, CHAT_ID, "forged");
        WebhookResult forged = sim.postEvent(webhookUrl, forgedEvent, true, Tamper.FORGED_SIGNATURE);
        assertThat(forged.status()).isEqualTo(500);
        assertThat(forged.answerVerified()).isFalse();
        assertThat(forged.body()).contains("signature verification failed");

        // correctly signed, but encrypted with another key: the SDK cannot decrypt it
        InboundEvent otherKeyEvent = sim.newTextEvent(ALICE, CHAT_ID, "other key");
        WebhookResult undecryptable = sim.postEvent(webhookUrl, otherKeyEvent, true, Tamper.UNDECRYPTABLE);
        assertThat(undecryptable.status()).isEqualTo(500);

        assertThat(webhookExchanges).hasSize(3);
        assertThat(received).isEmpty();

        // URL verification (encrypted, unsigned): the SDK checks the verification token and echoes the challenge
        WebhookResult verification = sim.postUrlVerification(webhookUrl, true);
        assertThat(verification.status()).as(verification.body()).isEqualTo(200);
        assertThat(verification.answerVerified()).as(verification.body()).isTrue();
    }

    @Test
    @Order(3)
    void officialWsClientReceivesEventOverLongConnectionAndAcknowledgesIt() throws Exception {
        received.clear();
        wsClient = new com.lark.oapi.ws.Client.Builder(APP_ID, APP_SECRET).domain(sim.apiUrl())
                .eventHandler(dispatcher).autoReconnect(false).build();
        useDaemonExecutor(wsClient);
        int endpointRequestsBefore = sim.endpointRequests();

        // start() asks /callback/ws/endpoint, dials the returned ws:// URL asynchronously and returns
        Thread starter = new Thread(wsClient::start, "lark-official-ws-start");
        starter.setDaemon(true);
        starter.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.openConnections() == 1);
        assertThat(sim.endpointRequests()).isEqualTo(endpointRequestsBefore + 1);

        InboundEvent event = sim.userSendsText(ALICE, null, "hello over the long connection");
        assertThat(event.frameMessageId()).isNotNull();

        P2MessageReceiveV1 got = received.poll(10, TimeUnit.SECONDS);
        assertThat(got).as("event delivered to the SDK handler over the long connection").isNotNull();
        assertThat(got.getHeader().getEventId()).isEqualTo(event.eventId());
        assertThat(got.getEvent().getMessage().getMessageId()).isEqualTo(event.messageId());
        assertThat(got.getEvent().getMessage().getChatType()).isEqualTo("p2p");
        assertThat(got.getEvent().getMessage().getChatId()).isEqualTo(sim.p2pChatId(ALICE));
        assertThat(got.getEvent().getMessage().getContent())
                .isEqualTo("{\"text\":\"hello over the long connection\"}");
        assertThat(got.getEvent().getSender().getSenderId().getOpenId()).isEqualTo(ALICE);

        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(event.eventId()));
        ResponseFrame ack = sim.responses().stream().filter(r -> event.frameMessageId().equals(r.messageId()))
                .findFirst().orElseThrow();
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.type()).isEqualTo("event");
        assertThat(ack.bizRt()).as("the SDK appends biz_rt").isNotNull();
        assertThat(ack.service()).isEqualTo(sim.serviceId());
        assertThat(sim.deliveries(event.eventId())).isEqualTo(1);
        assertThat(sim.protocolErrors()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------- ws client teardown

    /**
     * The 2.5.3 ws client has no stop method; its ping loop runs forever on a non-daemon fixed thread pool (it even
     * swallows interrupts). Swap that pool, before start() creates any thread, for one with daemon threads so the
     * loop can never keep the test JVM alive.
     */
    private static void useDaemonExecutor(com.lark.oapi.ws.Client client) throws Exception {
        Field f = com.lark.oapi.ws.Client.class.getDeclaredField("executor");
        f.setAccessible(true);
        ExecutorService original = (ExecutorService) f.get(client);
        AtomicInteger n = new AtomicInteger();
        f.set(client, Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "lark-official-ws-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }));
        original.shutdownNow();
    }

    /** Closes the SDK's websocket (its protected disconnect()) and shuts its executors and OkHttp client down. */
    private static void stopWsClient() throws Exception {
        if (wsClient == null) {
            return;
        }
        Method disconnect = com.lark.oapi.ws.Client.class.getDeclaredMethod("disconnect");
        disconnect.setAccessible(true);
        disconnect.invoke(wsClient);
        if (sim != null) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.openConnections() == 0);
        }
        Field executor = com.lark.oapi.ws.Client.class.getDeclaredField("executor");
        executor.setAccessible(true);
        ((ExecutorService) executor.get(wsClient)).shutdownNow();
        Field http = com.lark.oapi.ws.Client.class.getDeclaredField("httpClient");
        http.setAccessible(true);
        OkHttpClient ok = (OkHttpClient) http.get(wsClient);
        ok.dispatcher().executorService().shutdown();
        ok.connectionPool().evictAll();
        wsClient = null;
    }
}
