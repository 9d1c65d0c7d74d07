package io.camelchat.openim;

import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.Json;
import io.camelchat.openim.api.OpenImClient;
import io.camelchat.simulator.openim.OpenImSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server whose /msg/send_msg takes markdown and quotes (as open-im-server's main branch does) and whose tokens live
 * three seconds: markdown and quotes go as they are, and tokens are replaced ahead of their expiry.
 */
class OpenImNewerServerTest extends CamelTestSupport {

    private static OpenImSimulator im;

    @BeforeAll
    static void start() {
        im = OpenImSimulator.builder().secret("s3cret-newer").adminUserId("imAdmin").user("bot", "Bot")
                .user("ann", "Ann").httpSendContentTypes(Set.of(101, 102, 103, 104, 105, 106, 110, 114, 118, 1400))
                .tokenTtl(Duration.ofSeconds(3)).start();
    }

    @AfterAll
    static void stop() {
        im.close();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        OpenImComponent component = new OpenImComponent();
        component.getConfiguration().setApiUrl(im.apiUrl());
        component.getConfiguration().setAdminUserId("imAdmin");
        component.getConfiguration().setSecret("s3cret-newer");
        component.getConfiguration().setUserId("bot");
        component.getConfiguration().setTokenRefreshAhead(2000);
        context.addComponent("openim", component);
        return context;
    }

    private JsonNode lastContent(int contentType) {
        var messages = im.messages(OpenImSimulator.singleConversationId("bot", "ann"));
        var last = messages.get(messages.size() - 1);
        assertThat(last.contentType()).isEqualTo(contentType);
        return Json.read(last.content());
    }

    @Test
    void markdownAndQuotesGoAsTheyAre() {
        template.sendBody("openim:message?format=markdown&to=user:ann", "# title");
        assertThat(lastContent(118).path("content").asText()).isEqualTo("# title");
        Exchange e = template.request("openim:message?to=user:ann", x -> x.getMessage()
                .setBody(ChatMessage.text("yes").setQuotedText("coffee?").setReplyToId("si_ann_bot#q1")));
        assertThat(e.getException()).isNull();
        JsonNode quote = lastContent(114);
        assertThat(quote.path("text").asText()).isEqualTo("yes");
        assertThat(quote.path("quoteMessage").path("clientMsgID").asText()).isEqualTo("q1");
        assertThat(quote.path("quoteMessage").path("textElem").path("content").asText()).isEqualTo("coffee?");
    }

    @Test
    void tokensAreReplacedAheadOfTheirExpiry() {
        OpenImEndpoint endpoint = context.getEndpoint("openim:directory?directoryCacheTtl=0", OpenImEndpoint.class);
        template.requestBody(endpoint, "user:ann");
        OpenImClient client = endpoint.getClient();
        long first = client.getTokenFetches();
        // the token lives 3 s and is replaced 2 s ahead: after a second the next call fetches a new one
        await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            template.requestBody(endpoint, "user:ann");
            assertThat(client.getTokenFetches()).isGreaterThan(first);
        });
    }
}
