package io.camelchat.openim;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatPermissionException;
import io.camelchat.common.token.InMemoryTokenStore;
import io.camelchat.openim.api.OpenImClient;
import io.camelchat.simulator.openim.OpenImSimulator;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleResolver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What each kind of credentials allows, clear errors without secrets, and the dev console. */
class OpenImCredentialsTest extends OpenImTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("openim:datafeed").routeId("observed").to("mock:seen");
            }
        };
    }

    private String userTokenUri(String kind, String token) {
        return "openim:" + kind + "?adminUserId=&secret=&userId=" + BOT + "&token=RAW(" + token + ")";
    }

    @Test
    void aWrongSecretIsAPermissionErrorThatNamesNoSecret() {
        Exchange e = template.request("openim:message?secret=RAW(wrong-Secret-42)&to=user:" + ANN,
                x -> x.getMessage().setBody("hi"));
        assertThat(e.getException()).isInstanceOf(ChatPermissionException.class)
                .hasMessageContaining("1002").hasMessageNotContaining("wrong-Secret-42")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void aUserTokenReadsButSendsOnlyOverTheGateway() {
        String token = sim.userToken(BOT, 1);
        @SuppressWarnings("unchecked")
        List<Object> users = template.requestBody(userTokenUri("directory", token), "user:" + ANN, List.class);
        assertThat(users).hasSize(1);
        Exchange send = template.request(userTokenUri("message", token) + "&to=user:" + ANN,
                x -> x.getMessage().setBody("hi"));
        // with the gateway sender (branch openim-codec) the send goes over the websocket gateway
        assertThat(send.getException()).isNull();
        assertThat(last(OpenImSimulator.singleConversationId(BOT, ANN)).text()).isEqualTo("hi");
        assertThat(sim.inbound()).anyMatch(s -> s.startsWith("ws 1003 " + BOT));
    }

    @Test
    void anExpiredUserTokenThatCannotBeRenewedFailsClearly() {
        String token = sim.userToken(BOT, 1);
        sim.expireToken(token);
        Exchange e = template.request(userTokenUri("directory", token), x -> x.getMessage().setBody("user:" + ANN));
        assertThat(e.getException()).isInstanceOf(ChatAuthException.class).hasMessageContaining("1501")
                .hasMessageNotContaining(token);
    }

    @Test
    void credentialsThatDoNotGoTogetherAreRefused() {
        Exception e = assertThrows(Exception.class,
                () -> context.getEndpoint("openim:directory?secret=&token=", OpenImEndpoint.class).start());
        assertThat(e).hasMessageContaining("adminUserId and secret go together");
    }

    @Test
    void theAdminTokenIsKeptUntilRefusedThenFetchedOnce() {
        // a store of its own: the datafeed route's endpoint would otherwise share (and replace) the admin token
        context.getRegistry().bind("ownTokens", new InMemoryTokenStore());
        OpenImEndpoint endpoint = context.getEndpoint("openim:directory?tokenRefreshAhead=1s&tokenStore=#ownTokens",
                OpenImEndpoint.class);
        template.requestBody(endpoint, "user:" + ANN);
        OpenImClient client = endpoint.getClient();
        long fetches = client.getTokenFetches();
        assertThat(fetches).isEqualTo(1);
        template.requestBody(endpoint, "user:" + BOB);
        assertThat(client.getTokenFetches()).isEqualTo(fetches);
        sim.expireToken(client.adminToken());
        template.requestBody(endpoint, "user:" + BOT);
        assertThat(client.getTokenFetches()).isEqualTo(fetches + 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDevConsoleShowsUserAndStateButNoSecret() {
        await().atMost(Duration.ofSeconds(10)).until(
                () -> "polling"
                        .equals(((OpenImDatafeedConsumer) context.getRoute("observed").getConsumer()).getState()));
        DevConsole console = context.getCamelContextExtension().getContextPlugin(DevConsoleResolver.class)
                .resolveDevConsole("openim");
        Map<String, Object> json = (Map<String, Object>) console.call(DevConsole.MediaType.JSON);
        List<Map<String, Object>> consumers = (List<Map<String, Object>>) json.get("consumers");
        assertThat(consumers).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("routeId", "observed").containsEntry("state", "polling"));
        assertThat((List<Map<String, Object>>) json.get("endpoints"))
                .anySatisfy(ep -> assertThat(ep).containsEntry("userId", BOT).containsEntry("admin", true));
        OpenImClient client = ((OpenImEndpoint) context.getRoute("observed").getEndpoint()).getClient();
        String text = json.toString() + console.call(DevConsole.MediaType.TEXT);
        assertThat(text).doesNotContain(SECRET).doesNotContain(client.adminToken());
    }
}
