package io.camelchat.springboot.generator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a component's Spring Boot starter from the component's metadata JSON (the one Camel's
 * {@code camel-package-maven-plugin} generated into the component's jar), in the shape of Camel Spring Boot's own
 * generated starters:
 * <ul>
 * <li>{@code <Name>ComponentConfiguration}: {@code @ConfigurationProperties(prefix = "camel.component.<scheme>")}, one
 * property per component option, extending {@code ComponentConfigurationPropertiesCommon} ({@code enabled},
 * {@code customizer.enabled});</li>
 * <li>{@code <Name>ComponentAutoConfiguration}: a {@code ComponentCustomizer} that copies the bound properties onto the
 * component through the component's generated configurer;</li>
 * <li>{@code META-INF/spring-configuration-metadata.json}: every option with its description, type, default (never for
 * a secret option) and, for enumerations, the allowed values as hints;</li>
 * <li>{@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}.</li>
 * </ul>
 * It runs in the starter's build (exec-maven-plugin, the starter's compile class path, which holds the component), with
 * arguments {@code <scheme> <sources dir> <resources dir>}; the scheme {@code none} (the starters' parent pom) does
 * nothing.
 *
 * <p>Types: durations become {@code java.time.Duration} (Spring Boot binds {@code 10s}, {@code 500ms}, {@code PT1M} or
 * plain milliseconds; Camel's configurer takes the Duration), primitives their boxed type (unset means the component's
 * own default), Java enums stay enums, options of an object type are strings holding a bean reference
 * ({@code #bean:name}), resolved by Camel when the component is configured.
 */
public final class StarterGenerator {

    private static final String HEADER = "Generated from the metadata of the %s component by camel-chat-starter-generator:"
                                         + " do not edit.";

    private final String scheme;
    private final String componentClass;
    private final String description;
    private final List<Option> options;

    /** One component option, as the component's metadata JSON describes it. */
    record Option(String name, String type, String javaType, String description, JsonNode defaultValue,
            boolean secret, List<String> enums, boolean deprecated) {

        String fieldType() {
            return switch (type) {
                case "duration" -> "java.time.Duration";
                case "boolean" -> "java.lang.Boolean";
                case "integer" -> boxed(javaType, "java.lang.Integer");
                case "number" -> boxed(javaType, "java.lang.Double");
                case "enum" -> javaType.indexOf('.') < 0 ? "java.lang.String" : javaType;
                default -> "java.lang.String";
            };
        }

        private static String boxed(String javaType, String fallback) {
            return switch (javaType) {
                case "int", "java.lang.Integer" -> "java.lang.Integer";
                case "long", "java.lang.Long" -> "java.lang.Long";
                case "double", "java.lang.Double" -> "java.lang.Double";
                case "float", "java.lang.Float" -> "java.lang.Float";
                case "short", "java.lang.Short" -> "java.lang.Short";
                default -> fallback;
            };
        }

        boolean beanReference() {
            return "object".equals(type) || "array".equals(type);
        }

        String fullDescription() {
            String d = description == null ? "" : description.strip();
            if (beanReference()) {
                d += (d.isEmpty() || d.endsWith(".") ? " " : ". ") + "The option is a " + javaType
                     + " type: give a reference to a bean, e.g. #bean:name.";
            }
            return d.strip();
        }

        String propertyName() {
            return dashed(name);
        }
    }

    StarterGenerator(String scheme, JsonNode json) {
        this.scheme = scheme;
        JsonNode component = json.path("component");
        this.componentClass = component.path("javaType").asText();
        this.description = component.path("description").asText("");
        this.options = new ArrayList<>();
        json.path("componentProperties").properties().forEach(e -> {
            JsonNode o = e.getValue();
            List<String> enums = new ArrayList<>();
            o.path("enum").forEach(v -> enums.add(v.asText()));
            if ("enabled".equals(e.getKey()) || "customizer".equals(e.getKey())) {
                throw new IllegalStateException("option name reserved by Camel Spring Boot: " + e.getKey());
            }
            options.add(new Option(e.getKey(), o.path("type").asText(), o.path("javaType").asText(),
                    o.path("description").asText(null), o.get("defaultValue"), o.path("secret").asBoolean(false),
                    enums, o.path("deprecated").asBoolean(false)));
        });
        if (componentClass.isEmpty() || options.isEmpty()) {
            throw new IllegalStateException("no component or no options in the metadata of " + scheme);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("arguments: <scheme> <sources dir> <resources dir>");
        }
        String scheme = args[0].strip();
        if (scheme.isEmpty() || "none".equals(scheme)) {
            return;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        StarterGenerator generator = new StarterGenerator(scheme, load(loader, scheme));
        generator.write(Path.of(args[1]), Path.of(args[2]));
    }

    /** The component's metadata JSON, found through the component's service file on the class path. */
    static JsonNode load(ClassLoader loader, String scheme) throws IOException {
        Properties service = new Properties();
        try (InputStream in = open(loader, "META-INF/services/org/apache/camel/component/" + scheme)) {
            service.load(in);
        }
        String type = service.getProperty("class");
        String path = "META-INF/" + type.substring(0, type.lastIndexOf('.')).replace('.', '/') + "/" + scheme + ".json";
        try (InputStream in = open(loader, path)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static InputStream open(ClassLoader loader, String resource) throws IOException {
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(
                    resource + " is not on the class path: is the component a dependency of the starter?");
        }
        return in;
    }

    String packageName() {
        return componentClass.substring(0, componentClass.lastIndexOf('.')) + ".springboot";
    }

    String componentSimpleName() {
        return componentClass.substring(componentClass.lastIndexOf('.') + 1);
    }

    String configurationClass() {
        return componentSimpleName() + "Configuration";
    }

    String autoConfigurationClass() {
        return componentSimpleName() + "AutoConfiguration";
    }

    String prefix() {
        return "camel.component." + scheme;
    }

    void write(Path sources, Path resources) throws IOException {
        Path dir = sources.resolve(packageName().replace('.', '/'));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(configurationClass() + ".java"), configurationSource(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(autoConfigurationClass() + ".java"), autoConfigurationSource(),
                StandardCharsets.UTF_8);
        Path metaInf = resources.resolve("META-INF");
        Files.createDirectories(metaInf.resolve("spring"));
        Files.writeString(metaInf.resolve("spring-configuration-metadata.json"), metadata(), StandardCharsets.UTF_8);
        Files.writeString(metaInf.resolve("spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"),
                packageName() + "." + autoConfigurationClass() + "\n", StandardCharsets.UTF_8);
    }

    String configurationSource() {
        StringBuilder s = new StringBuilder();
        s.append("package ").append(packageName()).append(";\n\n");
        s.append("import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;\n");
        s.append("import org.springframework.boot.context.properties.ConfigurationProperties;\n\n");
        s.append("/**\n");
        s.append(javadocLines(description, ""));
        s.append(" * <p>\n * ").append(HEADER.formatted(scheme)).append("\n */\n");
        s.append("@ConfigurationProperties(prefix = \"").append(prefix()).append("\")\n");
        s.append("public class ").append(configurationClass())
                .append(" extends ComponentConfigurationPropertiesCommon {\n");
        for (Option o : options) {
            s.append("\n    /**\n").append(javadocLines(o.fullDescription(), "    ")).append("     */\n");
            if (o.deprecated()) {
                s.append("    @Deprecated\n");
            }
            s.append("    private ").append(o.fieldType()).append(' ').append(o.name()).append(";\n");
        }
        for (Option o : options) {
            String cap = Character.toUpperCase(o.name().charAt(0)) + o.name().substring(1);
            s.append("\n    public ").append(o.fieldType()).append(" get").append(cap).append("() {\n");
            s.append("        return ").append(o.name()).append(";\n    }\n");
            s.append("\n    public void set").append(cap).append('(').append(o.fieldType()).append(' ')
                    .append(o.name()).append(") {\n");
            s.append("        this.").append(o.name()).append(" = ").append(o.name()).append(";\n    }\n");
        }
        s.append("}\n");
        return s.toString();
    }

    String autoConfigurationSource() {
        String config = configurationClass();
        String component = componentSimpleName();
        return """
                package %1$s;

                import java.util.Map;

                import %2$s;
                import org.apache.camel.CamelContext;
                import org.apache.camel.Component;
                import org.apache.camel.spi.ComponentCustomizer;
                import org.apache.camel.spring.boot.CamelAutoConfiguration;
                import org.apache.camel.spring.boot.ComponentConfigurationProperties;
                import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
                import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
                import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
                import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
                import org.springframework.boot.autoconfigure.AutoConfiguration;
                import org.springframework.boot.context.properties.EnableConfigurationProperties;
                import org.springframework.context.ApplicationContext;
                import org.springframework.context.annotation.Bean;
                import org.springframework.context.annotation.Conditional;
                import org.springframework.context.annotation.Lazy;

                /**
                 * Configures the %3$s component from the {@code %4$s.*} properties.
                 * <p>
                 * %5$s
                 */
                @AutoConfiguration(after = CamelAutoConfiguration.class)
                @Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
                @EnableConfigurationProperties({ ComponentConfigurationProperties.class, %6$s.class })
                @ConditionalOnHierarchicalProperties({ "camel.component", "%4$s" })
                public class %7$s {

                    private final ApplicationContext applicationContext;
                    private final CamelContext camelContext;
                    private final %6$s configuration;

                    public %7$s(ApplicationContext applicationContext, CamelContext camelContext,
                            %6$s configuration) {
                        this.applicationContext = applicationContext;
                        this.camelContext = camelContext;
                        this.configuration = configuration;
                    }

                    @Lazy
                    @Bean
                    public ComponentCustomizer configure%8$s() {
                        return new ComponentCustomizer() {
                            @Override
                            public void configure(String name, Component target) {
                                // the properties that are set, less those of the Spring Boot layer itself
                                Map<String, Object> properties = CamelPropertiesHelper.getNonNullProperties(camelContext,
                                        configuration);
                                properties.remove("enabled");
                                properties.remove("customizer");
                                CamelPropertiesHelper.setCamelProperties(camelContext, target, properties, true);
                            }

                            @Override
                            public boolean isEnabled(String name, Component target) {
                                return HierarchicalPropertiesEvaluator.evaluate(applicationContext,
                                        "camel.component.customizer", "%4$s.customizer")
                                        && target instanceof %8$s;
                            }
                        };
                    }
                }
                """
                .formatted(packageName(), componentClass, scheme, prefix(), HEADER.formatted(scheme), config,
                        autoConfigurationClass(), component);
    }

    String metadata() throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String configType = packageName() + "." + configurationClass();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode groups = root.putArray("groups");
        groups.addObject().put("name", prefix()).put("type", configType).put("sourceType", configType);
        groups.addObject().put("name", prefix() + ".customizer")
                .put("type", "org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon$CustomizerProperties")
                .put("sourceType", configType).put("sourceMethod", "getCustomizer()");
        ArrayNode properties = root.putArray("properties");
        properties.addObject().put("name", prefix() + ".enabled").put("type", "java.lang.Boolean")
                .put("description", "Whether to enable auto configuration of the " + scheme
                                    + " component. This is enabled by default.")
                .put("sourceType", configType);
        properties.addObject().put("name", prefix() + ".customizer.enabled").put("type", "java.lang.Boolean")
                .put("description", "Whether the properties camel.component." + scheme
                                    + ".* are applied to the component. This is enabled by default.")
                .put("sourceType", configType);
        ArrayNode hints = root.putArray("hints");
        for (Option o : options) {
            ObjectNode p = properties.addObject();
            p.put("name", prefix() + "." + o.propertyName());
            p.put("type", o.fieldType());
            p.put("description", o.fullDescription());
            p.put("sourceType", configType);
            JsonNode def = o.defaultValue();
            if (def != null && !def.isNull() && !o.secret() && !def.asText().isEmpty()) {
                p.set("defaultValue", defaultValue(o, def));
            }
            if (o.deprecated()) {
                p.put("deprecated", true);
                p.putObject("deprecation").put("level", "warning");
            }
            if (!o.enums().isEmpty()) {
                ObjectNode h = hints.addObject().put("name", prefix() + "." + o.propertyName());
                ArrayNode values = h.putArray("values");
                o.enums().forEach(v -> values.addObject().put("value", v));
            }
        }
        return mapper.writeValueAsString(root) + "\n";
    }

    private static JsonNode defaultValue(Option o, JsonNode def) {
        ObjectMapper m = new ObjectMapper();
        return switch (o.type()) {
            case "boolean" -> m.getNodeFactory().booleanNode(def.asBoolean());
            case "integer" -> m.getNodeFactory().numberNode(def.asLong());
            case "number" -> m.getNodeFactory().numberNode(def.asDouble());
            default -> m.getNodeFactory().textNode(def.asText());
        };
    }

    /** {@code clientSecret} to {@code client-secret}, as Spring Boot writes property names. */
    static String dashed(String name) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && !Character.isUpperCase(name.charAt(i - 1))) {
                    s.append('-');
                }
                s.append(Character.toLowerCase(c));
            } else {
                s.append(c);
            }
        }
        return s.toString().toLowerCase(Locale.ROOT);
    }

    private static String javadocLines(String text, String indent) {
        StringBuilder s = new StringBuilder();
        String safe = text.replace("*/", "*&#47;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;");
        for (String line : wrap(safe, 100)) {
            s.append(indent).append(" * ").append(line).append('\n');
        }
        return s.toString();
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
