package io.camelchat.dingtalk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.Json;
import io.camelchat.common.docs.ComponentDocs;
import io.camelchat.common.docs.ComponentPageCheck;
import io.camelchat.dingtalk.api.DingTalkRobotMessage;
import io.camelchat.dingtalk.endpoint.StaticEndpointBuilders;
import io.camelchat.simulator.dingtalk.SentMessage;
import org.apache.camel.CatalogCamelContext;
import org.apache.camel.spi.BeanIntrospection;
import org.apache.camel.spi.EndpointUriFactory;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The build-time generated pieces: option binding without reflection, URI factory, JSON metadata, converters, DSLs. */
class DingTalkComponentMetadataTest extends DingTalkTestSupport {

    @Test
    void optionsBindThroughTheGeneratedConfigurerWithoutReflection() {
        BeanIntrospection bi = PluginHelper.getBeanIntrospection(context);
        bi.setExtendedStatistics(true);
        bi.resetCounters();
        DingTalkEndpoint e = context.getEndpoint("dingtalk:message?to=user:+7645&operation=recall&clientSecret=s3cret"
                                                 + "&reconnectDelay=2s&heartbeatInterval=45s&rateLimit=5&format=markdown",
                DingTalkEndpoint.class);
        assertThat(bi.getInvokedCounter()).isZero();
        DingTalkConfiguration c = e.getConfiguration();
        assertThat(c.getOperation()).isEqualTo(DingTalkOperation.recall);
        assertThat(c.getReconnectDelay()).isEqualTo(2000);
        assertThat(c.getHeartbeatInterval()).isEqualTo(45000);
        assertThat(c.getRateLimit()).isEqualTo(5.0);
        assertThat(c.getClientSecret()).isEqualTo("s3cret");
        // component-level defaults reach the endpoint
        assertThat(c.getApiUrl()).isEqualTo(sim.apiUrl());
        assertThat(e.getComponent().getComponentPropertyConfigurer().getClass().getSimpleName())
                .isEqualTo("DingTalkComponentConfigurer");
        assertThat(e.getComponent().getEndpointPropertyConfigurer().getClass().getSimpleName())
                .isEqualTo("DingTalkEndpointConfigurer");
    }

    @Test
    void uriFactoryKnowsTheSecrets() {
        EndpointUriFactory f = context.getCamelContextExtension().getEndpointUriFactory("dingtalk");
        assertThat(f.secretPropertyNames()).contains("clientId", "clientSecret", "aesKey", "callbackToken",
                "proxyPassword");
    }

    @Test
    void catalogJsonHasOptionsAndHeaders() throws Exception {
        String json = ((CatalogCamelContext) context).getComponentParameterJsonSchema("dingtalk");
        JsonNode root = Json.read(json);
        assertThat(root.path("properties").path("clientSecret").path("secret").asBoolean()).isTrue();
        assertThat(root.path("properties").path("kind").path("enum").toString()).contains("stream", "directory");
        assertThat(root.path("headers").has("CamelChatMessageId")).isTrue();
        assertThat(root.path("headers").has("CamelDingTalkSessionWebhook")).isTrue();
        assertThat(root.path("componentProperties").has("clientId")).isTrue();
    }

    @Test
    void convertersComeFromTheGeneratedLoader() {
        DingTalkRobotMessage m = Json.read(
                "{\"msgId\":\"m1\",\"msgtype\":\"text\",\"text\":{\"content\":\" hi there\"},"
                                           + "\"conversationType\":\"1\",\"senderStaffId\":\"alice\",\"createAt\":5}",
                DingTalkRobotMessage.class);
        assertThat(context.getTypeConverter().convertTo(String.class, m)).isEqualTo("hi there");
        ChatMessage chat = context.getTypeConverter().convertTo(ChatMessage.class, m);
        assertThat(chat.getSenderId()).isEqualTo("alice");
        assertThat(chat.getConversationType().name()).isEqualTo("direct");
        assertThat(context.getTypeConverterRegistry().lookup(ChatMessage.class, DingTalkRobotMessage.class))
                .isNotNull();
    }

    @Test
    void yamlRouteRuns() throws Exception {
        String yaml = """
                - route:
                    id: yaml-send
                    from:
                      uri: direct:yaml
                      steps:
                        - to:
                            uri: dingtalk:message
                            parameters:
                              to: "user:bob"
                """;
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("send.yaml", yaml));
        template.sendBody("direct:yaml", "from yaml");
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.sentMessages().stream()
                .anyMatch(s -> "from yaml".equals(s.text()) && s.channel() == SentMessage.Channel.OTO));
    }

    @Test
    void endpointDslBuildsTheSameEndpoint() {
        var b = StaticEndpointBuilders.dingtalk("message")
                .to("user:carol").operation(DingTalkOperation.send);
        template.sendBody(b.resolve(context), "from the endpoint dsl");
        List<SentMessage> sent = sim.sentMessages();
        assertThat(sent.get(sent.size() - 1).text()).isEqualTo("from the endpoint dsl");
        assertThat(sent.get(sent.size() - 1).targets()).containsExactly("carol");
    }

    /** Each option is labelled with the kind of endpoint that reads it, so Camel's tooling shows it where it applies. */
    @Test
    void optionsAreLabelledWithTheKindThatReadsThem() throws Exception {
        JsonNode root = Json.read(((CatalogCamelContext) context).getComponentParameterJsonSchema("dingtalk"));
        JsonNode p = root.path("properties");
        assertThat(p.path("reconnectDelay").path("label").asText()).isEqualTo("consumer,stream");
        assertThat(p.path("maxReconnectDelay").path("label").asText()).isEqualTo("consumer,stream,advanced");
        assertThat(p.path("concurrentConsumers").path("label").asText()).isEqualTo("consumer,stream");
        assertThat(p.path("maxInFlight").path("label").asText()).isEqualTo("consumer,stream");
        assertThat(p.path("subscriptions").path("label").asText()).isEqualTo("consumer,stream");
        assertThat(p.path("webhookPath").path("label").asText()).isEqualTo("consumer,webhook");
        assertThat(p.path("maxBodySize").path("label").asText()).isEqualTo("consumer,webhook,advanced");
        assertThat(p.path("aesKey").path("label").asText()).isEqualTo("consumer,webhook,security");
        assertThat(p.path("robotCode").path("label").asText()).isEqualTo("producer");
        assertThat(p.path("apiUrl").path("label").asText()).isEqualTo("advanced");
        assertThat(p.path("oapiUrl").path("label").asText()).isEqualTo("advanced");
        // options of other platforms' kinds are not offered here
        for (String name : List.of("datafeedTag", "podUrl", "eventTypes")) {
            assertThat(p.has(name)).as(name).isFalse();
            assertThat(root.path("componentProperties").has(name)).as(name).isFalse();
        }
    }

    /** The shared option to lists this platform's target kinds only, on the endpoint and on the component. */
    @Test
    void toListsOnlyThisPlatformsKinds() throws Exception {
        JsonNode root = Json.read(((CatalogCamelContext) context).getComponentParameterJsonSchema("dingtalk"));
        for (JsonNode to : List.of(root.path("properties").path("to"), root.path("componentProperties").path("to"))) {
            assertThat(to.path("label").asText()).isEqualTo("producer");
            assertThat(to.path("description").asText()).contains("user:", "group:", "mobile:")
                    .doesNotContain("chat_id", "open_id", "stream:", "email:", "Lark", "Symphony");
        }
    }

    private String generatedJson() throws Exception {
        return new String(
                getClass().getResourceAsStream("/META-INF/io/camelchat/dingtalk/dingtalk.json").readAllBytes(),
                StandardCharsets.UTF_8);
    }

    /** Every description written in an annotation reaches the catalog JSON, and so the page, as written. */
    @Test
    void descriptionsSurviveCamelsGenerator() throws Exception {
        ComponentPageCheck.assertDescriptionsSurviveTheGenerator(generatedJson(), DingTalkConfiguration.class,
                DingTalkComponent.class, DingTalkConstants.class);
    }

    /** The page renders without Asciidoctor warnings and its tables show the descriptions as they are. */
    @Test
    void pageRendersTheDescriptionsUnchanged() throws Exception {
        ComponentPageCheck.Rendered page = ComponentPageCheck.assertPageRenders(
                Path.of("src/main/docs/dingtalk-component.adoc"), generatedJson());
        for (String to : List.of(page.endpointOptions().get("to"), page.componentOptions().get("to"))) {
            assertThat(to).contains("user:", "group:", "mobile:")
                    .doesNotContain("chat_id", "stream:");
        }
    }

    /** The option and header tables of the page come from the generated JSON; this test keeps them in step. */
    @Test
    void docsAreUpToDate() throws Exception {
        Path page = Path.of("src/main/docs/dingtalk-component.adoc");
        String json = new String(getClass().getResourceAsStream("/META-INF/io/camelchat/dingtalk/dingtalk.json")
                .readAllBytes(), StandardCharsets.UTF_8);
        String current = Files.readString(page);
        String expected = ComponentDocs.update(current, json);
        if (!expected.equals(current) && Boolean.getBoolean("camelchat.docs.update")) {
            Files.writeString(page, expected);
            current = expected;
        }
        assertThat(current).as("%s is out of date: run mvn -pl camel-dingtalk test -Dtest=DingTalkComponentMetadataTest"
                               + " -Dcamelchat.docs.update=true",
                page).isEqualTo(expected);
    }
}
