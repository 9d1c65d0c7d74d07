package io.camelchat.symphony;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatMessage;
import io.camelchat.simulator.symphony.SymEvent;
import io.camelchat.symphony.api.SymphonyEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SymphonyDatafeedConsumerTest extends SymphonyTestSupport {

    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        File file = Files.createTempFile("symphony-offsets", ".dat").toFile();
        file.deleteOnExit();
        context.getRegistry().bind("offsets",
                FileStateRepository.fileStateRepository(file));
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("symphony:datafeed?offsetRepository=#offsets").routeId("feed")
                        .process(e -> {
                            String id = e.getMessage().getHeader(SymphonyConstants.EVENT_ID, String.class);
                            int n = seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                            String text = e.getMessage().getBody(String.class);
                            if (text != null && text.contains("fail once") && n == 1) {
                                throw new IllegalStateException("failed on purpose");
                            }
                        })
                        .to("mock:out");
            }
        };
    }

    private MockEndpoint out() {
        return getMockEndpoint("mock:out");
    }

    @Test
    void messageIsRoutedWithHeadersAndAcknowledged() {
        SymEvent e = sim.userPostsMessage(ALICE, aliceIm, "<messageML>hello <b>bot</b> &amp; co</messageML>");
        await().atMost(Duration.ofSeconds(15)).until(() -> seen.containsKey(e.id()) && sim.acknowledged(e.id()));
        var x = out().getExchanges().stream().filter(ex -> e.id().equals(ex.getMessage()
                .getHeader(SymphonyConstants.EVENT_ID))).findFirst().orElseThrow();
        assertThat(x.getMessage().getBody(SymphonyEvent.class).type()).isEqualTo("MESSAGESENT");
        assertThat(x.getMessage().getBody(String.class)).isEqualTo("hello bot & co");
        assertThat(x.getMessage().getHeaders()).containsEntry(ChatHeaders.CONVERSATION_ID, aliceIm)
                .containsEntry(ChatHeaders.SENDER_ID, Long.toString(ALICE))
                .containsEntry(ChatHeaders.CONVERSATION_TYPE, "direct");
        ChatMessage chat = x.getMessage().getBody(ChatMessage.class);
        assertThat(chat.getSenderName()).isEqualTo("Alice Smith");
    }

    @Test
    void failedBatchIsDeliveredAgainWithTheSameIds() {
        SymEvent e = sim.userPostsMessage(ALICE, aliceIm, "<messageML>please fail once</messageML>");
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.containsKey(e.id()) && seen.get(e.id()).get() >= 2
                && sim.acknowledged(e.id()));
        assertThat(sim.deliveries(e.id())).isGreaterThanOrEqualTo(2);
        assertThat(out().getExchanges()).filteredOn(x -> e.id().equals(x.getMessage()
                .getHeader(SymphonyConstants.EVENT_ID))).hasSize(1);
    }

    @Test
    void lostFeedIsCreatedAgainAndExpiredSessionsReauthenticate() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !sim.datafeeds().isEmpty());
        sim.loseFeeds();
        sim.expireSessions();
        SymEvent e = sim.userPostsMessage(ALICE, aliceIm, "<messageML>after the loss</messageML>");
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.containsKey(e.id()));
    }

    @Test
    void unauthorizedStormTakesHealthDownUntilAuthWorksAgain() {
        await().atMost(Duration.ofSeconds(10)).until(() -> health() == HealthCheck.State.UP);
        sim.faults().unauthorizedNext("/agent/v5/datafeeds", 40);
        await().atMost(Duration.ofSeconds(20)).until(() -> health() == HealthCheck.State.DOWN
                && "failed".equals(healthState()));
        // the storm ends: the next read works, the consumer is healthy and routes again
        SymEvent e = sim.userPostsMessage(ALICE, aliceIm, "<messageML>after the storm</messageML>");
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.containsKey(e.id()));
        await().atMost(Duration.ofSeconds(10)).until(() -> health() == HealthCheck.State.UP);
    }

    private HealthCheck.State health() {
        return HealthCheckHelper.invoke(context).stream()
                .filter(r -> r.getCheck().getId().contains("feed"))
                .map(HealthCheck.Result::getState).findFirst()
                .orElse(HealthCheck.State.UNKNOWN);
    }

    private String healthState() {
        return HealthCheckHelper.invoke(context).stream()
                .filter(r -> r.getCheck().getId().contains("feed"))
                .map(r -> String.valueOf(r.getDetails().get("state"))).findFirst().orElse("");
    }

    @Test
    void aRestartedRouteResumesTheStoredFeed() throws Exception {
        SymphonyDatafeedConsumer consumer = (SymphonyDatafeedConsumer) context.getRoute("feed").getConsumer();
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getFeedId() != null);
        String feed = consumer.getFeedId();
        int feeds = sim.datafeeds().size();
        context.getRouteController().stopRoute("feed");
        context.getRouteController().startRoute("feed");
        SymphonyDatafeedConsumer restarted = (SymphonyDatafeedConsumer) context.getRoute("feed").getConsumer();
        SymEvent e = sim.userPostsMessage(ALICE, aliceIm, "<messageML>after the restart</messageML>");
        await().atMost(Duration.ofSeconds(15)).until(() -> seen.containsKey(e.id()));
        assertThat(restarted.getFeedId()).isEqualTo(feed);
        assertThat(sim.datafeeds()).hasSize(feeds);
    }

    @Test
    void elementsSubmissionCarriesFormAndAction() {
        String formMessage = template.requestBodyAndHeader("symphony:message", "<messageML><form id=\"approve-form\">"
                                                                               + "<text-field name=\"comment\"/><button name=\"approve\" type=\"action\">Approve</button></form></messageML>",
                ChatHeaders.TO, "stream:" + aliceIm, JsonNode.class).path("messageId").asText();
        SymEvent e = sim.userSubmitsForm(ALICE, formMessage, "approve-form",
                Map.of("action", "approve", "comment", "ok"));
        await().atMost(Duration.ofSeconds(15)).until(() -> seen.containsKey(e.id()));
        var x = out().getExchanges().stream().filter(ex -> e.id().equals(ex.getMessage()
                .getHeader(SymphonyConstants.EVENT_ID))).findFirst().orElseThrow();
        assertThat(x.getMessage().getHeaders()).containsEntry(SymphonyConstants.FORM_ID, "approve-form")
                .containsEntry(SymphonyConstants.FORM_ACTION, "approve")
                .containsEntry(ChatHeaders.EVENT_TYPE, "card");
    }

    @Test
    void theBotsOwnMessagesAreNotRouted() {
        template.sendBodyAndHeader("symphony:message", "from the bot", ChatHeaders.TO, "stream:" + aliceIm);
        SymEvent after = sim.userPostsMessage(ALICE, aliceIm, "<messageML>after the bot</messageML>");
        await().atMost(Duration.ofSeconds(15)).until(() -> seen.containsKey(after.id()));
        List<String> texts = out().getExchanges().stream().map(x -> x.getMessage().getBody(String.class)).toList();
        assertThat(texts).doesNotContain("from the bot");
    }
}
