package io.camelchat.openim;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatHeaders;
import io.camelchat.simulator.openim.OpenImSimulator;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** openim:message with only a user token sends over the simulator's gateway (1003), as the official SDKs. */
class OpenImGatewaySenderTest extends OpenImTestSupport {

    private static final String ANN_CONV = OpenImSimulator.singleConversationId(BOT, ANN);

    private void userTokenComponent(String token) {
        OpenImComponent component = new OpenImComponent();
        OpenImConfiguration c = component.getConfiguration();
        c.setApiUrl(sim.apiUrl());
        c.setWsUrl(sim.wsUrl());
        c.setUserId(BOT);
        c.setToken(token);
        c.setReconnectDelay(100);
        c.setMaxReconnectDelay(500);
        c.setConnectTimeout(3000);
        context.addComponent("openimuser", component);
    }

    private Exchange send(String uri, Object body) {
        return template.request(uri, x -> x.getMessage().setBody(body));
    }

    private static long gatewaySends() {
        return sim.inbound().stream().filter(s -> s.startsWith("ws 1003 ")).count();
    }

    @ParameterizedTest
    @CsvSource({ "gob,gzip", "json,none" })
    void sendsOverTheGatewayAndReturnsTheIdRecallNeeds(String encoding, String compression) {
        userTokenComponent(sim.userToken(BOT, 1));
        long before = gatewaySends();
        Exchange e = send("openimuser:message?to=user:" + ANN + "&encoding=" + encoding + "&compression=" + compression,
                "hello over the gateway");
        assertThat(e.getException()).isNull();
        Stored m = last(ANN_CONV);
        assertThat(m.sendId()).isEqualTo(BOT);
        assertThat(m.recvId()).isEqualTo(ANN);
        assertThat(m.text()).isEqualTo("hello over the gateway");
        assertThat(m.clientMsgId()).matches("[0-9a-f]{32}");
        assertThat(gatewaySends()).isEqualTo(before + 1);
        assertThat(e.getMessage().getHeader(ChatHeaders.MESSAGE_ID)).isEqualTo(ANN_CONV + "#" + m.clientMsgId());
        assertThat(e.getMessage().getBody(JsonNode.class).path("serverMsgID").asText()).isEqualTo(m.serverMsgId());
        assertThat(sim.connections(BOT)).singleElement()
                .satisfies(c -> assertThat(c.sdkType()).isEqualTo("json".equals(encoding) ? "js" : "go"));

        // the connection stays: a group send goes over it too
        Exchange g = send("openimuser:message?to=group:" + GROUP + "&encoding=" + encoding + "&compression="
                          + compression,
                "hello team");
        assertThat(g.getException()).isNull();
        assertThat(last(OpenImSimulator.groupConversationId(GROUP)).text()).isEqualTo("hello team");
        assertThat(sim.connections(BOT)).hasSize(1);
    }

    @Test
    void aRefusedSendIsAnErrorWithTheCodeAndIsNotRetried() {
        userTokenComponent(sim.userToken(BOT, 1));
        assertThat(send("openimuser:message?to=user:" + ANN, "warm up").getException()).isNull();
        int stored = stored(ANN_CONV).size();
        long before = gatewaySends();
        sim.faults().failNextSends(1);
        Exchange e = send("openimuser:message?to=user:" + ANN, "refused");
        assertThat(e.getException()).isInstanceOf(ChatApiException.class).hasMessageContaining("gateway 1003");
        assertThat(((ChatApiException) e.getException()).getPlatformCode()).isEqualTo("500");
        assertThat(gatewaySends()).isEqualTo(before + 1);
        assertThat(stored(ANN_CONV)).hasSize(stored);
        assertThat(send("openimuser:message?to=user:" + ANN, "accepted").getException()).isNull();
        assertThat(last(ANN_CONV).text()).isEqualTo("accepted");
    }

    @Test
    void aRefusedTokenFailsTheSendClearly() {
        userTokenComponent("bad-token-SECRET");
        Exchange e = send("openimuser:message?to=user:" + ANN, "never sent");
        assertThat(e.getException()).isInstanceOf(ChatAuthException.class).hasMessageNotContaining("SECRET");
        assertThat(((ChatApiException) e.getException()).getPlatformCode()).matches("15\\d\\d");
    }
}
