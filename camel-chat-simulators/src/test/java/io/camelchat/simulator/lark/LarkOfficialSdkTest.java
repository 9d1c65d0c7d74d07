package io.camelchat.simulator.lark;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.lark.oapi.Client;
import com.lark.oapi.event.EventDispatcher;
import com.lark.oapi.event.cardcallback.P2CardActionTriggerHandler;
import com.lark.oapi.event.cardcallback.model.CallBackToast;
import com.lark.oapi.event.cardcallback.model.P2CardActionTrigger;
import com.lark.oapi.event.cardcallback.model.P2CardActionTriggerResponse;
import com.lark.oapi.service.im.ImService;
import com.lark.oapi.service.im.v1.model.CreateMessageReq;
import com.lark.oapi.service.im.v1.model.CreateMessageReqBody;
import com.lark.oapi.service.im.v1.model.CreateMessageResp;
import com.lark.oapi.service.im.v1.model.P2MessageReceiveV1;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Smoke test: the official Java SDK (2.5.3) against the simulator (HTTP API and long connection). */
class LarkOfficialSdkTest {

    @Test
    void officialSdkSendsAndReceives() throws Exception {
        try (LarkSimulator sim = LarkTestSupport.builder().clientConfig(-1, 1, 0, 1).start()) {
            sim.addUser(new LarkUser("ou_alice", "u_alice", "on_alice", "Alice", "alice@example.com", null));

            Client api = Client.newBuilder(LarkTestSupport.APP_ID, LarkTestSupport.SECRET).openBaseUrl(sim.apiUrl())
                    .build();
            CreateMessageResp resp = api.im().v1().message().create(CreateMessageReq.newBuilder()
                    .receiveIdType("open_id")
                    .createMessageReqBody(CreateMessageReqBody.newBuilder().receiveId("ou_alice").msgType("interactive")
                            .content("{\"elements\":[{\"tag\":\"div\"}]}").uuid("sdk-1").build())
                    .build());
            assertThat(resp.success()).as(resp.getMsg()).isTrue();
            String messageId = resp.getData().getMessageId();
            assertThat(sim.sentMessages()).extracting(SentMessage::messageId).containsExactly(messageId);
            assertThat(sim.tokenIssuances()).isEqualTo(1);

            List<String> texts = new CopyOnWriteArrayList<>();
            EventDispatcher dispatcher = EventDispatcher.newBuilder("", "")
                    .onP2MessageReceiveV1(new ImService.P2MessageReceiveV1Handler() {
                        @Override
                        public void handle(P2MessageReceiveV1 event) {
                            texts.add(event.getEvent().getMessage().getContent());
                        }
                    })
                    .onP2CardActionTrigger(new P2CardActionTriggerHandler() {
                        @Override
                        public P2CardActionTriggerResponse handle(P2CardActionTrigger event) {
                            CallBackToast toast = new CallBackToast();
                            toast.setType("success");
                            toast.setContent("clicked " + event.getEvent().getAction().getValue().get("k"));
                            P2CardActionTriggerResponse r = new P2CardActionTriggerResponse();
                            r.setToast(toast);
                            return r;
                        }
                    })
                    .build();
            com.lark.oapi.ws.Client ws = new com.lark.oapi.ws.Client.Builder(LarkTestSupport.APP_ID,
                    LarkTestSupport.SECRET).domain(sim.apiUrl()).eventHandler(dispatcher).autoReconnect(false).build();
            Thread starter = new Thread(ws::start, "lark-sdk-start");
            starter.setDaemon(true);
            starter.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.openConnections() == 1);

            InboundEvent e = sim.userSendsText("ou_alice", null, "hello sdk");
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(e.eventId()));
            assertThat(texts).containsExactly("{\"text\":\"hello sdk\"}");

            InboundEvent click = sim.cardAction("ou_alice", messageId, Map.of("k", "v"));
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.cardActionResponse(click.eventId()) != null);
            assertThat(sim.cardActionResponse(click.eventId()).toString()).contains("clicked v");

            // the SDK's ping loop starts after 2 s and pings every PingInterval (1 s here) seconds
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.pongsSent() >= 1);
            assertThat(sim.responses()).allSatisfy(r -> assertThat(r.bizRt()).isNotNull());
            assertThat(sim.protocolErrors()).isEmpty();
        }
    }
}
