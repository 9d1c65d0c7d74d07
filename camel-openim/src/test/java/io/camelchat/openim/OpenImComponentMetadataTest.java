package io.camelchat.openim;

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

class OpenImComponentMetadataTest extends CamelTestSupport {

    @Test
    void optionsBindWithoutReflectionAndSecretsAreMasked() {
        BeanIntrospection bi = PluginHelper.getBeanIntrospection(context);
        bi.setExtendedStatistics(true);
        bi.resetCounters();
        OpenImEndpoint e = context
                .getEndpoint("openim:message?userId=u1&token=t1&to=group:g1&operation=recall&platformId=5"
                             + "&pullBatchSize=20&heartbeatInterval=10s&compression=none&delay=250",
                        OpenImEndpoint.class);
        assertThat(bi.getInvokedCounter()).isZero();
        OpenImConfiguration c = e.getConfiguration();
        assertThat(c.getOperation()).isEqualTo(OpenImOperation.recall);
        assertThat(c.getPlatformId()).isEqualTo(5);
        assertThat(c.getPullBatchSize()).isEqualTo(20);
        assertThat(c.getHeartbeatInterval()).isEqualTo(10_000);
        assertThat(c.getDelay()).isEqualTo(250);
        assertThat(c.isGzip()).isFalse();
        assertThat(context.getCamelContextExtension().getEndpointUriFactory("openim").secretPropertyNames())
                .contains("userId", "token", "adminUserId", "secret");
    }

    @Test
    void defaultsAreTheSeedsAndTheServersDefaults() {
        OpenImConfiguration c = context.getEndpoint("openim:datafeed?userId=u1&token=t1", OpenImEndpoint.class)
                .getConfiguration();
        assertThat(c.getApiUrl()).isEqualTo("http://localhost:10002");
        assertThat(c.getWsUrl()).isEqualTo("ws://localhost:10001");
        assertThat(c.getPlatformId()).isEqualTo(1);
        assertThat(c.getPullBatchSize()).isEqualTo(100);
        assertThat(c.getHeartbeatInterval()).isEqualTo(24_000);
        assertThat(c.isGzip()).isTrue();
        assertThat(c.sdkType()).isEqualTo("go");
    }

    /** Each option is labelled with the kind of endpoint that reads it, so Camel's tooling shows it where it applies. */
    @Test
    void optionsAreLabelledWithTheKindThatReadsThem() throws Exception {
        JsonNode root = Json.read(((CatalogCamelContext) context).getComponentParameterJsonSchema("openim"));
        JsonNode p = root.path("properties");
        assertThat(p.path("wsUrl").path("label").asText()).isEqualTo("consumer,stream");
        assertThat(p.path("heartbeatInterval").path("label").asText()).isEqualTo("consumer,stream");
        assertThat(p.path("encoding").path("label").asText()).isEqualTo("consumer,stream,advanced");
        assertThat(p.path("delay").path("label").asText()).isEqualTo("consumer,datafeed");
        assertThat(p.path("offsetRepository").path("label").asText()).isEqualTo("consumer");
        assertThat(p.path("pullBatchSize").path("label").asText()).isEqualTo("consumer");
        assertThat(p.path("apiUrl").path("label").asText()).isEqualTo("common");
        assertThat(p.path("secret").path("label").asText()).isEqualTo("security");
        assertThat(p.path("format").path("label").asText()).isEqualTo("producer");
        assertThat(p.path("tokenStore").path("label").asText()).isEqualTo("advanced");
        assertThat(p.path("tokenStore").path("javaType").asText()).isEqualTo("io.camelchat.common.token.TokenStore");
        for (String name : List.of("webhookPath", "maxBodySize", "title", "podUrl")) {
            assertThat(p.has(name)).as(name).isFalse();
        }
    }

    /** The shared option to lists this platform's target kinds only, on the endpoint and on the component. */
    @Test
    void toListsOnlyThisPlatformsKinds() throws Exception {
        JsonNode root = Json.read(((CatalogCamelContext) context).getComponentParameterJsonSchema("openim"));
        for (JsonNode to : List.of(root.path("properties").path("to"), root.path("componentProperties").path("to"))) {
            assertThat(to.path("label").asText()).isEqualTo("producer");
            assertThat(to.path("description").asText()).contains("user:", "group:")
                    .doesNotContain("chat_id", "stream:", "email:", "DingTalk", "Lark");
        }
    }

    private String generatedJson() throws Exception {
        return new String(getClass().getResourceAsStream("/META-INF/io/camelchat/openim/openim.json").readAllBytes(),
                StandardCharsets.UTF_8);
    }

    /** Every description written in an annotation reaches the catalog JSON, and so the page, as written. */
    @Test
    void descriptionsSurviveCamelsGenerator() throws Exception {
        ComponentPageCheck.assertDescriptionsSurviveTheGenerator(generatedJson(), OpenImConfiguration.class,
                OpenImComponent.class, OpenImConstants.class);
    }

    /** The page renders without Asciidoctor warnings and its tables show the descriptions as they are. */
    @Test
    void pageRendersTheDescriptionsUnchanged() throws Exception {
        ComponentPageCheck.Rendered page = ComponentPageCheck.assertPageRenders(
                Path.of("src/main/docs/openim-component.adoc"), generatedJson());
        for (String to : List.of(page.endpointOptions().get("to"), page.componentOptions().get("to"))) {
            assertThat(to).contains("user:", "group:").doesNotContain("chat_id", "email:");
        }
    }

    @Test
    void docsAreUpToDate() throws Exception {
        Path page = Path.of("src/main/docs/openim-component.adoc");
        String json = generatedJson();
        String current = Files.readString(page);
        String expected = ComponentDocs.update(current, json);
        if (!expected.equals(current) && Boolean.getBoolean("camelchat.docs.update")) {
            Files.writeString(page, expected);
            current = expected;
        }
        assertThat(current).as("%s is out of date: run mvn -pl camel-openim -am test -Dtest=OpenImComponentMetadataTest"
                               + " -Dsurefire.failIfNoSpecifiedTests=false -Dcamelchat.docs.update=true",
                page).isEqualTo(expected);
    }
}
