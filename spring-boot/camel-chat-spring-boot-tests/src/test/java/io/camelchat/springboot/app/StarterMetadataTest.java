package io.camelchat.springboot.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each starter's {@code META-INF/spring-configuration-metadata.json} (what IDEs complete
 * {@code application.properties} from) holds every option of its component's Camel metadata, under Spring Boot's
 * dashed name, with the component's description, its default (none for a secret) and its allowed values; and the
 * generated configuration properties class binds every one of them.
 */
class StarterMetadataTest {

    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = { "dingtalk", "lark", "symphony", "openim", "difft" })
    void everyComponentOptionIsDescribedForIdes(String scheme) throws Exception {
        JsonNode component = componentMetadata(scheme);
        JsonNode starter = starterMetadata("camel.component." + scheme);

        Map<String, JsonNode> properties = new HashMap<>();
        starter.path("properties").forEach(p -> properties.put(p.path("name").asText(), p));
        Map<String, List<String>> hints = new HashMap<>();
        starter.path("hints").forEach(h -> {
            List<String> values = new ArrayList<>();
            h.path("values").forEach(v -> values.add(v.path("value").asText()));
            hints.put(h.path("name").asText(), values);
        });
        Class<?> configuration = Class.forName(starter.path("groups").get(0).path("type").asText());
        assertThat(properties).containsKeys("camel.component." + scheme + ".enabled",
                "camel.component." + scheme + ".customizer.enabled");

        int options = 0;
        for (Map.Entry<String, JsonNode> e : component.path("componentProperties").properties()) {
            options++;
            String option = e.getKey();
            JsonNode o = e.getValue();
            String name = "camel.component." + scheme + "." + DataObjectPropertyName.toDashedForm(option);
            assertThat(properties).as(name).containsKey(name);
            JsonNode p = properties.get(name);
            assertThat(p.path("description").asText()).as(name).startsWith(o.path("description").asText().strip())
                    .isNotBlank();
            boolean secret = o.path("secret").asBoolean();
            JsonNode def = o.get("defaultValue");
            if (secret || def == null || def.asText().isEmpty()) {
                assertThat(p.has("defaultValue")).as(name + " shows no default").isFalse();
            } else {
                assertThat(p.path("defaultValue").asText()).as(name).isEqualTo(def.asText());
            }
            List<String> enums = new ArrayList<>();
            o.path("enum").forEach(v -> enums.add(v.asText()));
            assertThat(hints.getOrDefault(name, Collections.emptyList())).as(name).isEqualTo(enums);
            String setter = "set" + Character.toUpperCase(option.charAt(0)) + option.substring(1);
            assertThat(configuration.getMethods()).as(name).anyMatch(m -> m.getName().equals(setter));
        }
        assertThat(options).isGreaterThan(30);
    }

    private JsonNode componentMetadata(String scheme) throws IOException {
        Properties service = new Properties();
        try (InputStream in = resource("META-INF/services/org/apache/camel/component/" + scheme)) {
            service.load(in);
        }
        String type = service.getProperty("class");
        try (InputStream in = resource("META-INF/" + type.substring(0, type.lastIndexOf('.')).replace('.', '/') + "/"
                                       + scheme + ".json")) {
            return json.readTree(in);
        }
    }

    private JsonNode starterMetadata(String prefix) throws IOException {
        for (URL url : Collections.list(getClass().getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonNode metadata = json.readTree(in);
                if (prefix.equals(metadata.path("groups").path(0).path("name").asText())) {
                    return metadata;
                }
            }
        }
        throw new AssertionError("no configuration metadata with the group " + prefix);
    }

    private InputStream resource(String name) {
        InputStream in = getClass().getClassLoader().getResourceAsStream(name);
        assertThat(in).as(name).isNotNull();
        return in;
    }
}
