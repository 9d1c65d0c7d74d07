package io.camelchat.common.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelchat.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tables ComponentDocs writes show every description as it is once Asciidoctor renders the page. */
class ComponentDocsTest {

    /** Text AsciiDoc would otherwise format, replace, link or cut, by what it would do to it. */
    private static final Map<String, String> TRICKY = new LinkedHashMap<>();

    static {
        TRICKY.put("apostrophe", "The app's id; 'quoted' words.");
        TRICKY.put("ellipsis", "Topics like /v1.0/... and cli_... ids.");
        TRICKY.put("dashes", "A -- B, x->y, a=>b, (C) (R) (TM).");
        TRICKY.put("attribute", "A placeholder ${body} and {since} and {counter:x}.");
        TRICKY.put("italic", "Kinds chat_id, open_id and _emphasis_ or __strong__ here.");
        TRICKY.put("mark", "A #hash# and ##double## and PKCS#8.");
        TRICKY.put("bold", "A *star* and **two**.");
        TRICKY.put("link", "See https://open.feishu.cn/x and mailto:a at b.");
        TRICKY.put("html", "A <b>tag</b> & an &amp; entity.");
        TRICKY.put("plus", "a+b, c++ and a + at the end+");
        TRICKY.put("bracket", "pass:[x] and a ] alone.");
        TRICKY.put("pipe", "left | right");
        TRICKY.put("index", "An ((index)) term and (((hidden))).");
        TRICKY.put("backslash", "C:\\dir\\ and \\*x*.");
    }

    @Test
    void trickyDescriptionsRenderUnchanged(@TempDir Path dir) throws Exception {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode component = root.putObject("componentProperties");
        ObjectNode properties = root.putObject("properties");
        ObjectNode headers = root.putObject("headers");
        properties.putObject("kind").put("kind", "path").put("description", "The kind's path, e.g. a--b.")
                .put("javaType", "java.lang.String");
        TRICKY.forEach((name, description) -> {
            component.putObject(name).put("kind", "property").put("label", "common,advanced")
                    .put("description", description).put("defaultValue", description)
                    .put("javaType", "java.lang.String");
            properties.putObject(name).put("kind", "parameter").put("label", "consumer,stream")
                    .put("description", description).put("javaType", "java.util.List<java.lang.String>");
            headers.putObject("CamelTest" + name).put("description", description).put("javaType", "String");
        });
        String json = Json.write(root);
        Path page = dir.resolve("test-component.adoc");
        Files.writeString(page, "= Test Component\n:since: 0.1\n\n== Options\n\n"
                                + "// component options: START\n// component options: END\n\n"
                                + "// endpoint options: START\n// endpoint options: END\n\n"
                                + "== Message headers\n\n// component headers: START\n// component headers: END\n");
        Files.writeString(page, ComponentDocs.update(Files.readString(page), json));

        ComponentPageCheck.Rendered rendered = ComponentPageCheck.assertPageRenders(page, json);

        TRICKY.forEach((name, description) -> {
            assertThat(ComponentPageCheck.plain(rendered.componentOptions().get(name))).as(name).isEqualTo(description);
            assertThat(ComponentPageCheck.plain(rendered.endpointOptions().get(name))).as(name).isEqualTo(description);
            assertThat(ComponentPageCheck.plain(rendered.headers().get("CamelTest" + name))).as(name)
                    .isEqualTo(description);
        });
        assertThat(ComponentPageCheck.plain(rendered.pathParameters().get("kind")))
                .isEqualTo("The kind's path, e.g. a--b.");
    }

    /** The check itself notices what plain AsciiDoc does to such text (so the test above proves the escaping). */
    @Test
    void theCheckFailsOnAPageWrittenWithoutEscaping(@TempDir Path dir) throws Exception {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putObject("componentProperties").putObject("to").put("description", "The app's target, user:a.");
        root.putObject("properties").putObject("to").put("kind", "parameter").put("description",
                "The app's target, user:a.");
        root.putObject("headers");
        Path page = dir.resolve("raw-component.adoc");
        String table = "[cols=\"2,5,^1,2\",options=\"header\"]\n|===\n| Name | Description | Default | Type\n%s|===\n\n";
        Files.writeString(page, "= Raw\n\n" + table.formatted("| *to* | The app's target, user:a. |  | String\n")
                                + table.formatted("")
                                + table.formatted("| *to* | The app's target, user:a. |  | String\n")
                                + "[cols=\"2,5,1,2\",options=\"header\"]\n|===\n| Name | Description | Used by | Type\n|===\n");
        assertThatThrownBy(() -> ComponentPageCheck.assertPageRenders(page, Json.write(root)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("component option to")
                .hasMessageContaining("&#8217;");
    }
}
