package io.camelchat.common.docs;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.Json;

/**
 * Renders a component's option and header tables from the JSON metadata Camel's build generates, into the marker
 * sections of its AsciiDoc page ({@code // component options: START} ... {@code END}, likewise {@code endpoint
 * options} and {@code component headers}). Each component has a test that fails when its page is out of date, so
 * option lists are never maintained by hand.
 */
public final class ComponentDocs {

    private ComponentDocs() {
    }

    /** {@code adoc} with every marker section replaced by the tables of {@code json}. */
    public static String update(String adoc, String json) {
        JsonNode root = Json.read(json);
        String out = replace(adoc, "component options", optionTable(root.path("componentProperties"), "component"));
        out = replace(out, "endpoint options", pathTable(root.path("properties")) + optionTable(root.path("properties"),
                "endpoint"));
        return replace(out, "component headers", headerTable(root.path("headers")));
    }

    private static String replace(String adoc, String section, String content) {
        String start = "// " + section + ": START\n";
        String end = "// " + section + ": END";
        int s = adoc.indexOf(start);
        int e = adoc.indexOf(end);
        if (s < 0 || e < s) {
            throw new IllegalArgumentException("the page has no '" + start.trim() + "' ... '" + end + "' section");
        }
        return adoc.substring(0, s + start.length()) + content + adoc.substring(e);
    }

    private static String pathTable(JsonNode properties) {
        StringBuilder sb = new StringBuilder();
        sb.append("Path parameters:\n\n[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n")
                .append("| Name | Description | Default | Type\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if ("path".equals(e.getValue().path("kind").asText())) {
                row(sb, e.getKey(), e.getValue());
            }
        }
        return sb.append("|===\n\n").toString();
    }

    private static String optionTable(JsonNode properties, String what) {
        StringBuilder sb = new StringBuilder();
        int count = 0;
        StringBuilder rows = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!"path".equals(e.getValue().path("kind").asText())) {
                row(rows, e.getKey(), e.getValue());
                count++;
            }
        }
        sb.append("The ").append(what).append(" supports ").append(count).append(" options").append(
                "endpoint".equals(what) ? " (query parameters)" : "").append(":\n\n")
                .append("[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n")
                .append("| Name | Description | Default | Type\n")
                .append(rows).append("|===\n");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, JsonNode p) {
        String label = p.path("label").asText("");
        String description = p.path("description").asText("");
        if (p.path("secret").asBoolean(false)) {
            description += " (secret)";
        }
        if (p.has("enum")) {
            StringBuilder values = new StringBuilder();
            p.path("enum").forEach(v -> values.append(values.length() == 0 ? "" : ", ").append(v.asText()));
            description += " Values: " + values + ".";
        }
        sb.append("| *").append(name).append("*")
                .append(label.isEmpty() ? "" : " (" + label + ")")
                .append(" | ").append(literal(description))
                .append(" | ").append(literal(p.path("defaultValue").asText("")))
                .append(" | ").append(literal(simpleType(p.path("javaType").asText(""))))
                .append('\n');
    }

    private static String headerTable(JsonNode headers) {
        StringBuilder sb = new StringBuilder();
        sb.append("The component supports ").append(headers.size()).append(" message headers:\n\n")
                .append("[width=\"100%\",cols=\"2,5,1,2\",options=\"header\"]\n|===\n")
                .append("| Name | Description | Used by | Type\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode h = e.getValue();
            String label = h.path("label").asText("");
            sb.append("| `").append(e.getKey()).append("` | ").append(literal(h.path("description").asText("")))
                    .append(" | ").append(label.isEmpty() ? "both" : label)
                    .append(" | ").append(literal(simpleType(h.path("javaType").asText("")))).append('\n');
        }
        return sb.append("|===\n").toString();
    }

    private static String simpleType(String javaType) {
        return javaType.replace("java.lang.", "").replace("java.util.", "").replace("java.time.", "");
    }

    /**
     * {@code s} as an AsciiDoc table cell shows it, character for character. Inside an inline passthrough AsciiDoc
     * applies no formatting ({@code _x_}, {@code #x#}, {@code *x*}), attribute reference ({@code {x}}), typographic
     * replacement ({@code '}, {@code ...}, {@code --}, {@code ->}, {@code (C)}) or macro (autolinks); it only escapes
     * {@code < > &} for HTML. {@code ++s++}, or {@code pass:c[s]} when {@code s} holds a {@code +} that would end the
     * {@code ++}. A {@code |} would still end the cell (tables are split before inline text is read), so it is escaped.
     */
    static String literal(String s) {
        if (s.matches("[A-Za-z0-9.]*")) {
            return s; // a name, number or empty: nothing AsciiDoc would change
        }
        String pass = s.indexOf('+') < 0 ? "++" + s + "++" : "pass:c[" + s.replace("]", "\\]") + "]";
        return pass.replace("|", "\\|");
    }
}
