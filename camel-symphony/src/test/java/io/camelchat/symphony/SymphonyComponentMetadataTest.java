package io.camelchat.symphony;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.camelchat.common.docs.ComponentDocs;
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
                                                 + "&maxAuthAttempts=3", SymphonyEndpoint.class);
        assertThat(bi.getInvokedCounter()).isZero();
        assertThat(e.getConfiguration().getOperation()).isEqualTo(SymphonyOperation.update);
        assertThat(e.getConfiguration().getMaxAuthAttempts()).isEqualTo(3);
        assertThat(context.getCamelContextExtension().getEndpointUriFactory("symphony").secretPropertyNames())
                .contains("botUsername", "privateKey");
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
                               + " -Dcamelchat.docs.update=true", page).isEqualTo(expected);
    }
}
