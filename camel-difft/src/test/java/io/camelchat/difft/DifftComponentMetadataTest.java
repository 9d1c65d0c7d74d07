package io.camelchat.difft;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.Json;
import io.camelchat.common.docs.ComponentDocs;
import io.camelchat.common.docs.ComponentPageCheck;
import org.apache.camel.CatalogCamelContext;
import org.apache.camel.spi.BeanIntrospection;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DifftComponentMetadataTest extends CamelTestSupport {

    @Test
    void optionsBindWithoutReflectionAndSecretsAreMasked() {
        BeanIntrospection bi = PluginHelper.getBeanIntrospection(context);
        bi.setExtendedStatistics(true);
        bi.resetCounters();
        DifftEndpoint e = context
                .getEndpoint("difft:message?appId=a1&appSecret=s1&botId=+60000&to=group:g1&operation=recall"
                             + "&sendInterval=250ms&heartbeatInterval=10s&timestampTolerance=1m&receipts=true"
                             + "&format=markdown",
                        DifftEndpoint.class);
        assertThat(bi.getInvokedCounter()).isZero();
        DifftConfiguration c = e.getConfiguration();
        assertThat(c.getOperation()).isEqualTo(DifftOperation.recall);
        assertThat(c.getSendInterval()).isEqualTo(250);
        assertThat(c.getHeartbeatInterval()).isEqualTo(10_000);
        assertThat(c.getTimestampTolerance()).isEqualTo(60_000);
        assertThat(c.isReceipts()).isTrue();
        assertThat(c.effectiveBotId()).isEqualTo("+60000");
        assertThat(context.getCamelContextExtension().getEndpointUriFactory("difft").secretPropertyNames())
                .contains("appId", "appSecret", "botId", "proxyUsername", "proxyPassword");
    }

    @Test
    void defaultsAreTheProductionServiceAndTheSdksTimings() {
        DifftConfiguration c = context.getEndpoint("difft:stream?appId=a1&appSecret=s1", DifftEndpoint.class)
                .getConfiguration();
        assertThat(c.getApiUrl()).isEqualTo("https://openapi.difft.org");
        assertThat(c.effectiveWsUrl()).isEqualTo("wss://openapi.difft.org/v1/websocket");
        assertThat(c.getSendInterval()).isEqualTo(1000);
        assertThat(c.getHeartbeatInterval()).isEqualTo(30_000);
        assertThat(c.getTimestampTolerance()).isEqualTo(300_000);
        assertThat(c.getFormat()).isEqualTo("text");
        c.setApiUrl("http://127.0.0.1:8080/");
        assertThat(c.effectiveApiUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(c.effectiveWsUrl()).isEqualTo("ws://127.0.0.1:8080/v1/websocket");
        c.setApiUrl("https://gateway.example.com/difft/");
        assertThat(c.effectiveWsUrl()).as("a path in apiUrl is kept")
                .isEqualTo("wss://gateway.example.com/difft/v1/websocket");
        c.setWsUrl("ws://elsewhere/ws");
        assertThat(c.effectiveWsUrl()).isEqualTo("ws://elsewhere/ws");
    }

    /** Each option is labelled with the kind of endpoint that reads it, so Camel's tooling shows it where it applies. */
    @Test
    void optionsAreLabelledWithTheKindThatReadsThem() throws Exception {
        JsonNode root = Json.read(((CatalogCamelContext) context).getComponentParameterJsonSchema("difft"));
        JsonNode p = root.path("properties");
        assertThat(p.path("wsUrl").path("label").asText()).isEqualTo("consumer,stream,advanced");
        assertThat(p.path("heartbeatInterval").path("label").asText()).isEqualTo("consumer,stream");
        assertThat(p.path("webhookPath").path("label").asText()).isEqualTo("consumer,webhook");
        assertThat(p.path("timestampTolerance").path("label").asText()).isEqualTo("consumer,webhook,security");
        assertThat(p.path("apiUrl").path("label").asText()).isEqualTo("advanced");
        assertThat(p.path("appSecret").path("label").asText()).isEqualTo("security");
        assertThat(p.path("appSecret").path("secret").asBoolean()).isTrue();
        assertThat(p.path("format").path("label").asText()).isEqualTo("producer");
        assertThat(p.path("sendInterval").path("label").asText()).isEqualTo("producer,advanced");
        for (String name : List.of("title", "tokenStore", "podUrl", "token", "clientSecret")) {
            assertThat(p.has(name)).as(name).isFalse();
        }
    }

    /** The shared option to lists this platform's target kinds only, on the endpoint and on the component. */
    @Test
    void toListsOnlyThisPlatformsKinds() throws Exception {
        JsonNode root = Json.read(((CatalogCamelContext) context).getComponentParameterJsonSchema("difft"));
        for (JsonNode to : List.of(root.path("properties").path("to"), root.path("componentProperties").path("to"))) {
            assertThat(to.path("label").asText()).isEqualTo("producer");
            assertThat(to.path("description").asText()).contains("user:", "group:", "email:")
                    .doesNotContain("chat_id", "stream:", "DingTalk", "Lark");
        }
    }

    private String generatedJson() throws Exception {
        return new String(getClass().getResourceAsStream("/META-INF/io/camelchat/difft/difft.json").readAllBytes(),
                StandardCharsets.UTF_8);
    }

    /** Every description written in an annotation reaches the catalog JSON, and so the page, as written. */
    @Test
    void descriptionsSurviveCamelsGenerator() throws Exception {
        ComponentPageCheck.assertDescriptionsSurviveTheGenerator(generatedJson(), DifftConfiguration.class,
                DifftComponent.class, DifftConstants.class);
    }

    /** The page renders without Asciidoctor warnings and its tables show the descriptions as they are. */
    @Test
    void pageRendersTheDescriptionsUnchanged() throws Exception {
        ComponentPageCheck.Rendered page = ComponentPageCheck.assertPageRenders(
                Path.of("src/main/docs/difft-component.adoc"), generatedJson());
        for (String to : List.of(page.endpointOptions().get("to"), page.componentOptions().get("to"))) {
            assertThat(to).contains("user:", "group:").doesNotContain("chat_id", "stream:");
        }
    }

    @Test
    void docsAreUpToDate() throws Exception {
        Path page = Path.of("src/main/docs/difft-component.adoc");
        String json = generatedJson();
        String current = Files.readString(page);
        String expected = ComponentDocs.update(current, json);
        if (!expected.equals(current) && Boolean.getBoolean("camelchat.docs.update")) {
            Files.writeString(page, expected);
            current = expected;
        }
        assertThat(current).as("%s is out of date: run mvn -pl camel-difft -am test -Dtest=DifftComponentMetadataTest"
                               + " -Dsurefire.failIfNoSpecifiedTests=false -Dcamelchat.docs.update=true",
                page).isEqualTo(expected);
    }
}
