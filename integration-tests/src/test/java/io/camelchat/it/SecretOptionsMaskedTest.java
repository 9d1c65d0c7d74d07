package io.camelchat.it;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CatalogCamelContext;
import org.apache.camel.Component;
import org.apache.camel.Endpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.SensitiveUtils;
import org.apache.camel.util.URISupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint option a component's metadata marks {@code secret} is masked wherever Camel prints the endpoint
 * ({@link URISupport#sanitizeUri} of its URI, its {@code toString}), including the options whose names hold none of
 * Camel's sensitive words (Lark's {@code encryptKey}, DingTalk's {@code aesKey}, the app ids), and the option still
 * binds under its name.
 */
class SecretOptionsMaskedTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = { "dingtalk", "lark", "symphony", "openim", "difft" })
    void everySecretOptionIsMaskedInTheEndpointUri(String scheme) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            // built, not started: endpoints are made and bound, their clients never start
            JsonNode metadata = MAPPER
                    .readTree(((CatalogCamelContext) context).getComponentParameterJsonSchema(scheme));
            List<String> secrets = new ArrayList<>();
            metadata.path("properties").properties().forEach(e -> {
                if (e.getValue().path("secret").asBoolean()) {
                    secrets.add(e.getKey());
                }
            });
            assertThat(secrets).as("secret options of %s", scheme).isNotEmpty();
            // credentials on the component, so that an endpoint naming only one option can be made
            Component component = context.getComponent(scheme);
            PropertyConfigurer componentConfigurer = component.getComponentPropertyConfigurer();
            metadata.path("componentProperties").properties().forEach(e -> {
                if (e.getValue().path("secret").asBoolean() && "string".equals(e.getValue().path("type").asText())) {
                    componentConfigurer.configure(context, component, e.getKey(), "C0mp0nent" + e.getKey(), true);
                }
            });
            PropertyConfigurer configurer = PluginHelper.getConfigurerResolver(context)
                    .resolvePropertyConfigurer(scheme + "-endpoint", context);
            assertThat(configurer).isInstanceOf(PropertyConfigurerGetter.class);
            List<String> maskedOnlyByTheComponent = new ArrayList<>();
            for (String name : secrets) {
                String value = "S3cr3t" + name + "Value";
                Endpoint endpoint = context.getEndpoint(scheme + ":message?" + name + "=" + value);
                Object bound = ((PropertyConfigurerGetter) configurer).getOptionValue(endpoint, name, false);
                assertThat(String.valueOf(bound)).as("%s binds under its name", name).isEqualTo(value);
                String sanitized = URISupport.sanitizeUri(endpoint.getEndpointUri());
                assertThat(sanitized).as("%s:%s", scheme, name).doesNotContain(value).contains(name + "=");
                assertThat(endpoint.toString()).doesNotContain(value);
                assertThat(endpoint.getEndpointKey()).doesNotContain(value);
                if (!SensitiveUtils.containsSensitive(name)
                        && !URISupport.sanitizeUri(scheme + ":message?" + name + "=" + value).contains("xxxxxx")) {
                    maskedOnlyByTheComponent.add(name);
                }
            }
            // endpoints written with the same options but other secrets stay apart
            String first = secrets.get(0);
            Endpoint a = context.getEndpoint(scheme + ":message?" + first + "=AAAAAAAA1");
            Endpoint b = context.getEndpoint(scheme + ":message?" + first + "=BBBBBBBB2");
            assertThat(a).isNotSameAs(b).isNotEqualTo(b);
            if ("lark".equals(scheme)) {
                assertThat(maskedOnlyByTheComponent).contains("encryptKey");
            } else if ("dingtalk".equals(scheme)) {
                assertThat(maskedOnlyByTheComponent).contains("aesKey");
            }
        }
    }
}
