package io.camelchat.common.webhook;

import java.net.http.HttpResponse;

import io.camelchat.common.testutil.PlatformHttpTestSupport;
import io.camelchat.common.testutil.TestWebhookConsumer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChatWebhookConsumerTest extends PlatformHttpTestSupport {

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("testhook:webhook?path=/hook&maxBodySize=1024").routeId("hook")
                        .to("mock:events")
                        .choice().when(body().isEqualTo("fail"))
                        .throwException(new IllegalStateException("the route failed"))
                        .end()
                        .setBody(simple("got ${body}"));
            }
        };
    }

    private MockEndpoint events() {
        return getMockEndpoint("mock:events");
    }

    private TestWebhookConsumer hookConsumer() {
        return (TestWebhookConsumer) context.getRoute("hook").getConsumer();
    }

    private static void assertNoTokenEchoed(HttpResponse<String> response) {
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("x-token"));
        assertThat(response.headers().map().values().toString()).doesNotContain("good").doesNotContain("forged");
    }

    @Test
    void routesAnAcceptedRequestAndAnswersWithTheRoutesReply() throws Exception {
        HttpResponse<String> response = post("/hook?q=a%2Bb", "good", "hello");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("got hello");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertNoTokenEchoed(response);
        assertThat(events().getReceivedCounter()).isEqualTo(1);
        assertThat(events().getExchanges().get(0).getMessage().getBody(String.class)).isEqualTo("hello");
        assertThat(events().getExchanges().get(0).getMessage().getHeader("Sender")).isEqualTo("test");
        assertThat(events().getExchanges().get(0).getMessage().getHeader("Q")).as("query decoded").isEqualTo("a+b");
        assertThat(events().getExchanges().get(0).getMessage().getHeader("Path")).as("path as received, no query")
                .isEqualTo("/hook");
        assertThat(hookConsumer().getAcceptedCount()).isEqualTo(1);
        assertThat(hookConsumer().getPath()).isEqualTo("/hook");
    }

    @Test
    void theRequestPathIsTheReceivedUriWithoutQueryOrOrigin() {
        Message in = new DefaultMessage(context);
        assertThat(ChatWebhookConsumer.requestPath(in)).isNull();
        in.setHeader(Exchange.HTTP_URI, "/ctx/hook?q=1");
        assertThat(ChatWebhookConsumer.requestPath(in)).isEqualTo("/ctx/hook");
        in.setHeader(Exchange.HTTP_URI, "https://example.com:8443/ctx/hook?q=1");
        assertThat(ChatWebhookConsumer.requestPath(in)).isEqualTo("/ctx/hook");
        in.setHeader(Exchange.HTTP_URI, "https://example.com");
        assertThat(ChatWebhookConsumer.requestPath(in)).isEqualTo("/");
    }

    @Test
    void answersAChallengeWithoutRouting() throws Exception {
        HttpResponse<String> response = post("/hook", "good", "{\"challenge\":\"c-123\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"challenge\":\"c-123\"}");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(events().getReceivedCounter()).isZero();
    }

    @Test
    void refusesABadTokenWith401AndRoutesNothing() throws Exception {
        HttpResponse<String> response = post("/hook", "forged", "hello");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"bad token\"}");
        assertNoTokenEchoed(response);

        assertThat(post("/hook", null, "hello").statusCode()).isEqualTo(401);
        assertThat(events().getReceivedCounter()).isZero();
        assertThat(hookConsumer().getRejectedCount()).isEqualTo(2);
        assertThat(hookConsumer().getAcceptedCount()).isZero();
    }

    @Test
    void acceptsOnlyPost() throws Exception {
        HttpResponse<String> response = get("/hook", "good");
        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(events().getReceivedCounter()).isZero();
    }

    @Test
    void refusesAnOversizeBodyWith413() throws Exception {
        HttpResponse<String> response = post("/hook", "good", "x".repeat(2000));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(events().getReceivedCounter()).isZero();
        // a body at the limit passes
        assertThat(post("/hook", "good", "y".repeat(1024)).statusCode()).isEqualTo(200);
    }

    @Test
    void aFailingRouteAnswers500SoThePlatformRetries() throws Exception {
        HttpResponse<String> response = post("/hook", "good", "fail");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"error\":\"event not processed\"}").doesNotContain("the route failed");
        assertNoTokenEchoed(response);
        assertThat(events().getReceivedCounter()).isEqualTo(1);

        // and the consumer keeps working
        assertThat(post("/hook", "good", "again").body()).isEqualTo("got again");
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertThat(post("/other", "good", "hello").statusCode()).isEqualTo(404);
        assertThat(events().getReceivedCounter()).isZero();
    }
}
