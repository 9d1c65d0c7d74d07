package io.camelchat.it;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.dingtalk.open.app.api.OpenDingTalkClient;
import com.dingtalk.open.app.api.OpenDingTalkStreamClientBuilder;
import com.dingtalk.open.app.api.callback.DingTalkStreamTopics;
import com.dingtalk.open.app.api.callback.OpenDingTalkCallbackListener;
import com.dingtalk.open.app.api.message.GenericOpenDingTalkEvent;
import com.dingtalk.open.app.api.models.bot.ChatbotMessage;
import com.dingtalk.open.app.api.security.AuthClientCredential;
import com.dingtalk.open.app.stream.protocol.event.EventAckStatus;
import io.camelchat.simulator.common.SimulatorTls;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.FrameAck;
import io.camelchat.simulator.dingtalk.InboundMessage;
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
 * Fidelity check of the DingTalk simulator against DingTalk's own Java Stream SDK ({@code app-stream-client}): the
 * official client registers over HTTP, opens the WSS stream (TLS with hostname verification against the JVM default
 * trust store, as in production), receives a robot message and an event, and its acks are what the simulator expects.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DingTalkOfficialStreamClientTest {

    static {
        // The SDK's wss connector uses Netty's JDK SslContext without a TrustManagerFactory, i.e. the JDK default
        // trust managers, which read these properties when the SDK builds its SSLContext. Set them before any TLS use
        // in this JVM (class initialisation runs before every test method of this class).
        Path trustStore = SimulatorTls.trustStoreFile();
        System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", SimulatorTls.PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    private static final String CLIENT_ID = "dingofficialsdk01";
    private static final String CLIENT_SECRET = "official-sdk-secret-0123456789";

    private static DingTalkSimulator sim;
    private static OpenDingTalkClient client;
    private static final BlockingQueue<ChatbotMessage> robotMessages = new LinkedBlockingQueue<>();
    private static final BlockingQueue<GenericOpenDingTalkEvent> events = new LinkedBlockingQueue<>();

    /** A named class, not a lambda: the SDK reads the request type from the listener's generic interface. */
    static final class RobotListener implements OpenDingTalkCallbackListener<ChatbotMessage, Void> {
        private static final long serialVersionUID = 1L;

        @Override
        public Void execute(ChatbotMessage message) {
            robotMessages.add(message);
            return null;
        }
    }

    @BeforeAll
    static void startSimulatorAndOfficialClient() throws Exception {
        sim = DingTalkSimulator.builder().clientId(CLIENT_ID).clientSecret(CLIENT_SECRET).tls(true)
                .systemPingInterval(Duration.ofMillis(500))
                .disconnectCloseDelay(Duration.ofSeconds(1))
                .start();

        OpenDingTalkStreamClientBuilder builder = OpenDingTalkStreamClientBuilder.custom()
                .credential(new AuthClientCredential(CLIENT_ID, CLIENT_SECRET))
                .registerCallbackListener(DingTalkStreamTopics.BOT_MESSAGE_TOPIC, new RobotListener())
                .registerAllEventListener(event -> {
                    events.add(event);
                    return EventAckStatus.SUCCESS;
                });
        // The registration host is a private field (default https://api.dingtalk.com) with no public setter.
        Field host = OpenDingTalkStreamClientBuilder.class.getDeclaredField("openApiHost");
        host.setAccessible(true);
        host.set(builder, sim.apiUrl());
        client = builder.build();
        client.start();
    }

    @AfterAll
    static void stopAll() throws Exception {
        try {
            if (client != null) {
                client.stop();
            }
        } finally {
            if (sim != null) {
                sim.close();
            }
        }
    }

    @Test
    @Order(1)
    void officialClientRegistersReceivesRobotMessagesAndEventsAndAcksThem() throws Exception {
        assertThat(DingTalkStreamTopics.BOT_MESSAGE_TOPIC).isEqualTo(DingTalkSimulator.TOPIC_BOT_MESSAGE);
        await().atMost(Duration.ofSeconds(15)).until(() -> sim.openConnections() >= 1);

        // registration: what the official client sent to /v1.0/gateway/connections/open
        List<Map<String, Object>> regs = sim.registrationRequests();
        assertThat(regs).isNotEmpty();
        Map<String, Object> reg = regs.get(0);
        assertThat(reg).containsEntry("clientId", CLIENT_ID).containsEntry("clientSecret", CLIENT_SECRET);
        assertThat(String.valueOf(reg.get("ua"))).startsWith("java/");
        assertThat(reg.get("subscriptions")).isInstanceOf(List.class);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> subs = (List<Map<String, Object>>) reg.get("subscriptions");
        assertThat(subs).contains(Map.of("type", "EVENT", "topic", "*"),
                Map.of("type", "CALLBACK", "topic", "/v1.0/im/bot/messages/get"));
        assertThat(sim.registrations()).isGreaterThanOrEqualTo(1);

        // robot message: CALLBACK frame -> the SDK's listener gets a ChatbotMessage, the SDK acks with code 200
        InboundMessage sent = sim.userSendsText("alice", null, "hello official sdk");
        ChatbotMessage got = robotMessages.poll(15, TimeUnit.SECONDS);
        assertThat(got).as("robot message delivered to the SDK listener").isNotNull();
        assertThat(got.getMsgId()).isEqualTo(sent.msgId());
        assertThat(got.getText().getContent()).isEqualTo("hello official sdk");
        assertThat(got.getMsgtype()).isEqualTo("text");
        assertThat(got.getSenderStaffId()).isEqualTo("alice");
        assertThat(got.getConversationId()).isEqualTo(sent.conversationId());
        assertThat(got.getConversationType()).isEqualTo("1");
        assertThat(got.getSessionWebhook()).isEqualTo(sent.sessionWebhook());
        assertThat(got.getSessionWebhookExpiredTime()).isEqualTo(sent.sessionWebhookExpiredTime());

        await().atMost(Duration.ofSeconds(10))
                .until(() -> sim.acks().stream().anyMatch(a -> sent.streamMessageId().equals(a.messageId())));
        FrameAck ack = sim.acks().stream().filter(a -> sent.streamMessageId().equals(a.messageId())).findFirst()
                .orElseThrow();
        assertThat(ack.code()).isEqualTo(200);
        assertThat(ack.type()).isEqualTo("CALLBACK");
        assertThat(ack.topic()).isEqualTo(DingTalkSimulator.TOPIC_BOT_MESSAGE);
        assertThat(sim.isAcknowledged(sent.streamMessageId())).isTrue();

        // event: EVENT frame -> the SDK's generic listener, acked SUCCESS -> the simulator counts it acknowledged
        String eventId = sim.pushEvent("user_add_org", Map.of("UserId", List.of("u1"), "CorpId", sim.corpId()));
        GenericOpenDingTalkEvent event = events.poll(15, TimeUnit.SECONDS);
        assertThat(event).as("event delivered to the SDK listener").isNotNull();
        assertThat(event.getEventId()).isEqualTo(eventId);
        assertThat(event.getEventType()).isEqualTo("user_add_org");
        assertThat(event.getEventCorpId()).isEqualTo(sim.corpId());
        assertThat(event.getEventBornTime()).isPositive();
        assertThat(event.getData().getString("CorpId")).isEqualTo(sim.corpId());
        assertThat(event.getData().getJSONArray("UserId")).containsExactly("u1");

        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(eventId));
        assertThat(sim.deliveries(eventId)).isEqualTo(1);
        FrameAck eventAck = sim.acks().stream().filter(a -> "EVENT".equals(a.type())).findFirst().orElseThrow();
        assertThat(eventAck.code()).isEqualTo(200);
        assertThat(eventAck.data()).containsEntry("status", "SUCCESS");

        // SYSTEM ping frames are answered by the SDK with code 200 and the same opaque
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.systemPingsEchoed() >= 1);

        // nothing the official client did was a protocol error for the simulator
        assertThat(sim.protocolErrors()).isEmpty();
        assertThat(sim.registrations()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void officialClientSurvivesDisconnectFrameAndStopsCleanly() throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> sim.openConnections() >= 1);
        int registrationsBefore = sim.registrations();

        // SYSTEM disconnect: the SDK only logs it; the simulator closes the socket after disconnectCloseDelay and the
        // SDK's connection pool registers again (5 s tick). An event pushed meanwhile waits for the new connection.
        sim.faults().sendDisconnect();
        String eventId = sim.pushEvent("chat_update_title", Map.of("title", "after disconnect"));
        GenericOpenDingTalkEvent event = events.poll(25, TimeUnit.SECONDS);
        assertThat(event).as("event delivered after the reconnect").isNotNull();
        assertThat(event.getEventId()).isEqualTo(eventId);
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(eventId));
        assertThat(sim.registrations()).isGreaterThan(registrationsBefore);
        assertThat(sim.registrationRequests())
                .allSatisfy(r -> assertThat(String.valueOf(r.get("ua"))).startsWith("java/"));
        assertThat(sim.protocolErrors()).isEmpty();

        // stop(): the SDK closes its websocket; nothing stays open on the simulator
        client.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.openConnections() == 0);
    }
}
