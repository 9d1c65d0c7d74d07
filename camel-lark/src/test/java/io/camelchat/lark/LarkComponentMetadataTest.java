package io.camelchat.lark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.Json;
import io.camelchat.common.docs.ComponentDocs;
import io.camelchat.common.docs.ComponentPageCheck;
import io.camelchat.lark.api.LarkEvent;
import org.apache.camel.CatalogCamelContext;
import org.apache.camel.spi.BeanIntrospection;
import org.apache.camel.support.PluginHelper;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The build-time generated pieces of the Lark component: reflection-free binding, secrets, metadata, docs. */
class LarkComponentMetadataTest extends LarkTestSupport {

    @Test
    void optionsBindWithoutReflectionIncludingTheSharedOnes() {
        BeanIntrospection bi = PluginHelper.getBeanIntrospection(context);
        bi.setExtendedStatistics(true);
        bi.resetCounters();
        LarkEndpoint e = context.getEndpoint("lark:message?to=chat_id:oc_1&operation=edit&domain=larksuite"
                                             + "&reconnectDelay=2s&replyInThread=true&maxRetries=1",
                LarkEndpoint.class);
        assertThat(bi.getInvokedCounter()).isZero();
        assertThat(e.getConfiguration().getOperation()).isEqualTo(LarkOperation.edit);
        assertThat(e.getConfiguration().getReconnectDelay()).isEqualTo(2000);
        assertThat(e.getConfiguration().isReplyInThread()).isTrue();
        assertThat(e.getConfiguration().getMaxRetries()).isEqualTo(1);
    }

    @Test
    void secretsAndHeadersAreInTheCatalog() throws Exception {
        assertThat(context.getCamelContextExtension().getEndpointUriFactory("lark").secretPropertyNames())
                .contains("appId", "appSecret", "verificationToken", "encryptKey", "proxyPassword");
        JsonNode root = Json.read(((CatalogCamelContext) context).getComponentParameterJsonSchema("lark"));
        assertThat(root.path("headers").has("CamelLarkUuid")).isTrue();
        assertThat(root.path("properties").path("domain").path("enum").toString()).contains("feishu", "larksuite");
    }

    @Test
    void domainSelectsTheBaseUrl() {
        LarkConfiguration c = new LarkConfiguration();
        assertThat(c.effectiveApiUrl()).isEqualTo("https://open.feishu.cn");
        c.setDomain("larksuite");
        assertThat(c.effectiveApiUrl()).isEqualTo("https://open.larksuite.com");
        c.setDomain("larksiute");
        Assertions.assertThatThrownBy(c::effectiveApiUrl).hasMessageContaining("feishu or larksuite");
        c.setApiUrl("http://127.0.0.1:1/");
        assertThat(c.effectiveApiUrl()).isEqualTo("http://127.0.0.1:1");
    }

    @Test
    void mentionKeysDoNotClashByPrefix() {
        StringBuilder mentions = new StringBuilder("[");
        for (int i = 1; i <= 10; i++) {
            mentions.append(i > 1 ? "," : "").append("{\"key\":\"@_user_").append(i)
                    .append("\",\"id\":{\"open_id\":\"ou_")
                    .append(i).append("\"},\"name\":\"U").append(i).append("\"}");
        }
        mentions.append(']');
        String content = Json.write(Map.of("text", "@_user_1 and @_user_10"));
        var root = Json
                .read("{\"schema\":\"2.0\",\"header\":{\"event_id\":\"e1\",\"event_type\":\"im.message.receive_v1\"},"
                      + "\"event\":{\"message\":{\"message_type\":\"text\",\"content\":" + Json.write(content)
                      + ",\"mentions\":" + mentions + "}}}");
        assertThat(LarkEvent.parse(root).plainText()).isEqualTo("@U1 and @U10");
    }

    /** Each option is labelled with the kind of endpoint that reads it, so Camel's tooling shows it where it applies. */
    @Test
    void optionsAreLabelledWithTheKindThatReadsThem() throws Exception {
        JsonNode root = Json.read(((CatalogCamelContext) context).getComponentParameterJsonSchema("lark"));
        JsonNode p = root.path("properties");
        assertThat(p.path("reconnectDelay").path("label").asText()).isEqualTo("consumer,stream");
        assertThat(p.path("heartbeatInterval").path("label").asText()).isEqualTo("consumer,stream");
        assertThat(p.path("maxInFlight").path("label").asText()).isEqualTo("consumer,stream");
        assertThat(p.path("webhookPath").path("label").asText()).isEqualTo("consumer,webhook");
        assertThat(p.path("verificationToken").path("label").asText()).isEqualTo("consumer,webhook,security");
        assertThat(p.path("eventTypes").path("label").asText()).isEqualTo("consumer");
        assertThat(p.path("apiUrl").path("label").asText()).isEqualTo("advanced");
        assertThat(p.path("domain").path("label").asText()).isEqualTo("common");
        // options of other platforms' kinds are not offered here
        for (String name : List.of("datafeedTag", "subscriptions", "podUrl")) {
            assertThat(p.has(name)).as(name).isFalse();
            assertThat(root.path("componentProperties").has(name)).as(name).isFalse();
        }
    }

    /** The shared option to lists this platform's target kinds only, on the endpoint and on the component. */
    @Test
    void toListsOnlyThisPlatformsKinds() throws Exception {
        JsonNode root = Json.read(((CatalogCamelContext) context).getComponentParameterJsonSchema("lark"));
        for (JsonNode to : List.of(root.path("properties").path("to"), root.path("componentProperties").path("to"))) {
            assertThat(to.path("label").asText()).isEqualTo("producer");
            assertThat(to.path("description").asText())
                    .contains("chat_id:", "open_id:", "user_id:", "union_id:", "email:", "mobile:")
                    .doesNotContain("group:", "stream:", "DingTalk", "Symphony");
        }
    }

    private String generatedJson() throws Exception {
        return new String(getClass().getResourceAsStream("/META-INF/io/camelchat/lark/lark.json").readAllBytes(),
                StandardCharsets.UTF_8);
    }

    /** Every description written in an annotation reaches the catalog JSON, and so the page, as written. */
    @Test
    void descriptionsSurviveCamelsGenerator() throws Exception {
        ComponentPageCheck.assertDescriptionsSurviveTheGenerator(generatedJson(), LarkConfiguration.class,
                LarkComponent.class, LarkConstants.class);
    }

    /** The page renders without Asciidoctor warnings and its tables show the descriptions as they are. */
    @Test
    void pageRendersTheDescriptionsUnchanged() throws Exception {
        ComponentPageCheck.Rendered page = ComponentPageCheck.assertPageRenders(
                Path.of("src/main/docs/lark-component.adoc"), generatedJson());
        for (String to : List.of(page.endpointOptions().get("to"), page.componentOptions().get("to"))) {
            assertThat(to).contains("chat_id:", "open_id:", "email:")
                    .doesNotContain("group:", "stream:");
        }
    }

    @Test
    void docsAreUpToDate() throws Exception {
        Path page = Path.of("src/main/docs/lark-component.adoc");
        String json = new String(getClass().getResourceAsStream("/META-INF/io/camelchat/lark/lark.json").readAllBytes(),
                StandardCharsets.UTF_8);
        String current = Files.readString(page);
        String expected = ComponentDocs.update(current, json);
        if (!expected.equals(current) && Boolean.getBoolean("camelchat.docs.update")) {
            Files.writeString(page, expected);
            current = expected;
        }
        assertThat(current).as("%s is out of date: run mvn -pl camel-lark test -Dtest=LarkComponentMetadataTest"
                               + " -Dcamelchat.docs.update=true",
                page).isEqualTo(expected);
    }
}
