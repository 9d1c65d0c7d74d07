package io.camelchat.symphony;

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
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SymphonyComponentMetadataTest extends SymphonyTestSupport {

    @Test
    void optionsBindWithoutReflectionAndSecretsAreMasked() {
        BeanIntrospection bi = PluginHelper.getBeanIntrospection(context);
        bi.setExtendedStatistics(true);
        bi.resetCounters();
        SymphonyEndpoint e = context.getEndpoint("symphony:message?to=stream:abc&operation=update&datafeedVersion=v1"
                                                 + "&maxAuthAttempts=3",
                SymphonyEndpoint.class);
        assertThat(bi.getInvokedCounter()).isZero();
        assertThat(e.getConfiguration().getOperation()).isEqualTo(SymphonyOperation.update);
        assertThat(e.getConfiguration().getMaxAuthAttempts()).isEqualTo(3);
        assertThat(context.getCamelContextExtension().getEndpointUriFactory("symphony").secretPropertyNames())
                .contains("botUsername", "privateKey");
    }

    /** Each option is labelled with the kind of endpoint that reads it, so Camel's tooling shows it where it applies. */
    @Test
    void optionsAreLabelledWithTheKindThatReadsThem() throws Exception {
        JsonNode root = Json.read(((CatalogCamelContext) context).getComponentParameterJsonSchema("symphony"));
        JsonNode p = root.path("properties");
        assertThat(p.path("reconnectDelay").path("label").asText()).isEqualTo("consumer,datafeed");
        assertThat(p.path("maxReconnectDelay").path("label").asText()).isEqualTo("consumer,datafeed,advanced");
        assertThat(p.path("concurrentConsumers").path("label").asText()).isEqualTo("consumer,datafeed");
        assertThat(p.path("datafeedTag").path("label").asText()).isEqualTo("consumer,datafeed");
        assertThat(p.path("eventTypes").path("label").asText()).isEqualTo("consumer,datafeed");
        assertThat(p.path("podUrl").path("label").asText()).isEqualTo("common");
        assertThat(p.path("agentUrl").path("label").asText()).isEqualTo("advanced");
        assertThat(p.path("keyManagerUrl").path("label").asText()).isEqualTo("advanced");
        assertThat(p.path("sessionAuthUrl").path("label").asText()).isEqualTo("advanced");
        // options of other platforms' kinds are not offered here
        assertThat(p.path("tokenStore").path("label").asText()).isEqualTo("advanced");
        assertThat(root.path("componentProperties").path("tokenStore").path("javaType").asText())
                .isEqualTo("io.camelchat.common.token.TokenStore");
        for (String name : List.of("maxInFlight", "maxFrameSize", "webhookPath", "maxBodySize", "format", "title")) {
            assertThat(p.has(name)).as(name).isFalse();
            assertThat(root.path("componentProperties").has(name)).as(name).isFalse();
        }
    }

    /** The shared option to lists this platform's target kinds only, on the endpoint and on the component. */
    @Test
    void toListsOnlyThisPlatformsKinds() throws Exception {
        JsonNode root = Json.read(((CatalogCamelContext) context).getComponentParameterJsonSchema("symphony"));
        for (JsonNode to : List.of(root.path("properties").path("to"), root.path("componentProperties").path("to"))) {
            assertThat(to.path("label").asText()).isEqualTo("producer");
            assertThat(to.path("description").asText()).contains("stream:", "user:", "email:", "username:")
                    .doesNotContain("chat_id", "group:", "mobile:", "DingTalk", "Lark");
        }
    }

    private String generatedJson() throws Exception {
        return new String(
                getClass().getResourceAsStream("/META-INF/io/camelchat/symphony/symphony.json").readAllBytes(),
                StandardCharsets.UTF_8);
    }

    /** Every description written in an annotation reaches the catalog JSON, and so the page, as written. */
    @Test
    void descriptionsSurviveCamelsGenerator() throws Exception {
        ComponentPageCheck.assertDescriptionsSurviveTheGenerator(generatedJson(), SymphonyConfiguration.class,
                SymphonyComponent.class, SymphonyConstants.class);
    }

    /** The page renders without Asciidoctor warnings and its tables show the descriptions as they are. */
    @Test
    void pageRendersTheDescriptionsUnchanged() throws Exception {
        ComponentPageCheck.Rendered page = ComponentPageCheck.assertPageRenders(
                Path.of("src/main/docs/symphony-component.adoc"), generatedJson());
        for (String to : List.of(page.endpointOptions().get("to"), page.componentOptions().get("to"))) {
            assertThat(to).contains("stream:", "user:", "email:")
                    .doesNotContain("chat_id", "mobile:");
        }
    }

    @Test
    void docsAreUpToDate() throws Exception {
        Path page = Path.of("src/main/docs/symphony-component.adoc");
        String json = new String(getClass().getResourceAsStream("/META-INF/io/camelchat/symphony/symphony.json")
                .readAllBytes(), StandardCharsets.UTF_8);
        String current = Files.readString(page);
        String expected = ComponentDocs.update(current, json);
        if (!expected.equals(current) && Boolean.getBoolean("camelchat.docs.update")) {
            Files.writeString(page, expected);
            current = expected;
        }
        assertThat(current).as("%s is out of date: run mvn -pl camel-symphony test -Dtest=SymphonyComponentMetadataTest"
                               + " -Dcamelchat.docs.update=true",
                page).isEqualTo(expected);
    }
}
