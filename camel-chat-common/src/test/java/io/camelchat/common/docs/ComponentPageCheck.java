package io.camelchat.common.docs;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelchat.common.Json;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import org.asciidoctor.ast.Cell;
import org.asciidoctor.ast.Document;
import org.asciidoctor.ast.Row;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.ast.Table;
import org.asciidoctor.log.LogHandler;
import org.asciidoctor.log.LogRecord;
import org.asciidoctor.log.Severity;

/**
 * Checks a component's page the way a reader gets it: the descriptions written in the annotations reach the generated
 * JSON unchanged (Camel's generator drops characters such as backticks, angle brackets, {@code @}, {@code *} and
 * {@code +}), and the page renders with Asciidoctor without a warning, each row of the option and header tables showing
 * the JSON's description as it is (no markup eaten, no typographic replacement).
 */
public final class ComponentPageCheck {

    private static Asciidoctor asciidoctor;
    private static final List<LogRecord> LOG = new ArrayList<>();

    private ComponentPageCheck() {
    }

    /** The description cells of one page's tables, as rendered HTML, by option or header name. */
    public record Rendered(Map<String, String> componentOptions, Map<String, String> pathParameters,
            Map<String, String> endpointOptions, Map<String, String> headers) {
    }

    /**
     * Fails listing every option or header whose annotation description differs from the one in the generated JSON.
     *
     * @param configuration the {@code @UriParams} configuration class (its superclasses are followed)
     * @param component     the component class ({@code @Metadata} fields are component options)
     * @param constants     the headers class ({@code @Metadata} on {@code String} constants)
     */
    public static void assertDescriptionsSurviveTheGenerator(String json, Class<?> configuration, Class<?> component,
                                                             Class<?> constants) {
        JsonNode root = Json.read(json);
        List<String> problems = new ArrayList<>();
        for (Class<?> c = configuration; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                UriParam p = f.getAnnotation(UriParam.class);
                if (p != null) {
                    String name = p.name().isEmpty() ? f.getName() : p.name();
                    compare(problems, "endpoint option " + name, p.description(),
                            root.path("properties").path(name).path("description").asText(null));
                    compare(problems, "component option " + name, p.description(),
                            root.path("componentProperties").path(name).path("description").asText(null));
                }
            }
        }
        for (Field f : component.getDeclaredFields()) {
            Metadata m = f.getAnnotation(Metadata.class);
            if (m != null && !m.description().isEmpty()) {
                compare(problems, "component option " + f.getName(), m.description(),
                        root.path("componentProperties").path(f.getName()).path("description").asText(null));
            }
        }
        for (Field f : constants.getDeclaredFields()) {
            Metadata m = f.getAnnotation(Metadata.class);
            if (m != null && Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String header;
                try {
                    header = (String) f.get(null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                compare(problems, "header " + header, m.description(),
                        root.path("headers").path(header).path("description").asText(null));
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("Camel's generator changed " + problems.size() + " description(s); write them "
                                     + "with letters, digits, spaces and .,-='/\\!&%():;#${}_ only:\n"
                                     + String.join("\n", problems));
        }
    }

    private static void compare(List<String> problems, String what, String written, String generated) {
        if (generated == null) {
            problems.add(what + ": not in the generated JSON");
        } else if (!written.equals(generated)) {
            problems.add(what + ":\n  written:   " + written + "\n  generated: " + generated);
        }
    }

    /**
     * Renders {@code page}; fails on any Asciidoctor warning or error, when a table misses an option or header of
     * {@code json} or has one more, and when a row does not show the JSON's description unchanged.
     */
    public static Rendered assertPageRenders(Path page, String json) throws IOException {
        JsonNode root = Json.read(json);
        String adoc = Files.readString(page);
        List<String> problems = new ArrayList<>();
        Asciidoctor a = asciidoctor();
        List<Table> optionTables = new ArrayList<>();
        List<Table> headerTables = new ArrayList<>();
        synchronized (LOG) {
            LOG.clear();
            Options options = Options.builder().safe(SafeMode.SECURE).standalone(true).build();
            a.convert(adoc, options);
            Document doc = a.load(adoc, options);
            for (StructuralNode n : doc.findBy(Map.of("context", ":table"))) {
                Table t = (Table) n;
                String head = t.getHeader().isEmpty() ? "" : text(t.getHeader().get(0).getCells());
                if (head.equals("Name|Description|Default|Type")) {
                    optionTables.add(t);
                } else if (head.equals("Name|Description|Used by|Type")) {
                    headerTables.add(t);
                }
            }
            Rendered rendered;
            if (optionTables.size() != 3 || headerTables.size() != 1) {
                throw new AssertionError(page + ": expected 3 option tables (component, path, endpoint) and 1 header "
                                         + "table, found " + optionTables.size() + " and " + headerTables.size());
            }
            rendered = new Rendered(
                    check(problems, "component option", optionTables.get(0), root.path("componentProperties"), false),
                    check(problems, "path parameter", optionTables.get(1), pathOnly(root.path("properties"), true),
                            false),
                    check(problems, "endpoint option", optionTables.get(2), pathOnly(root.path("properties"), false),
                            false),
                    check(problems, "header", headerTables.get(0), root.path("headers"), true));
            for (LogRecord r : LOG) {
                if (r.getSeverity() != Severity.DEBUG && r.getSeverity() != Severity.INFO) {
                    problems.add("Asciidoctor " + r.getSeverity() + ": " + r.getMessage()
                                 + (r.getCursor() == null ? "" : " (line " + r.getCursor().getLineNumber() + ")"));
                }
            }
            if (!problems.isEmpty()) {
                throw new AssertionError(page + " does not render as written:\n" + String.join("\n", problems));
            }
            return rendered;
        }
    }

    private static JsonNode pathOnly(JsonNode properties, boolean path) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        properties.fields().forEachRemaining(e -> {
            if ("path".equals(e.getValue().path("kind").asText()) == path) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private static Map<String, String> check(List<String> problems, String what, Table table, JsonNode expected,
                                             boolean headers) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (Row row : table.getBody()) {
            List<Cell> c = row.getCells();
            String name = plain(c.get(0).getText()).trim();
            if (!headers && name.indexOf(' ') > 0) {
                name = name.substring(0, name.indexOf(' ')); // "to (producer)"
            }
            cells.put(name, c.get(1).getText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String html = cells.get(e.getKey());
            String description = e.getValue().path("description").asText("");
            if (html == null) {
                problems.add(what + " " + e.getKey() + ": no row");
            } else if (!plain(html).contains(description)) {
                problems.add(
                        what + " " + e.getKey() + ":\n  JSON:     " + description + "\n  rendered: " + plain(html));
            }
        }
        for (String name : cells.keySet()) {
            if (!expected.has(name)) {
                problems.add(what + " " + name + ": a row the JSON does not have");
            }
        }
        return cells;
    }

    private static String text(List<Cell> cells) {
        StringBuilder sb = new StringBuilder();
        for (Cell c : cells) {
            sb.append(sb.length() == 0 ? "" : "|").append(plain(c.getText()).trim());
        }
        return sb.toString();
    }

    /**
     * The text of rendered HTML: tags removed, the entities Asciidoctor uses for {@code < > & "} decoded. Typographic
     * replacements (curly quotes, dashes, ellipses as numeric references) are kept, so that they count as changes.
     */
    public static String plain(String html) {
        return html.replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&amp;", "&");
    }

    private static synchronized Asciidoctor asciidoctor() {
        if (asciidoctor == null) {
            asciidoctor = Asciidoctor.Factory.create();
            LogHandler handler = r -> {
                synchronized (LOG) {
                    LOG.add(r);
                }
            };
            asciidoctor.registerLogHandler(handler);
        }
        return asciidoctor;
    }
}
