package io.camelchat.symphony;

import java.util.Map;

import io.camelchat.common.token.InMemoryTokenStore;
import io.camelchat.common.token.TokenStore;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/** The {@code symphony} component: options set here are the defaults of every symphony endpoint. */
@Component("symphony")
public class SymphonyComponent extends HealthCheckComponent {

    @Metadata(description = "Shared configuration: every option of an endpoint can be set here as a default.")
    private SymphonyConfiguration configuration = new SymphonyConfiguration();

    /** Sessions shared by this component's endpoints when no tokenStore is configured. */
    private final TokenStore sharedTokens = new InMemoryTokenStore();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SymphonyEndpoint endpoint = new SymphonyEndpoint(uri, this, SymphonyKind.parse(remaining),
                configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    TokenStore getSharedTokens() {
        return sharedTokens;
    }

    public SymphonyConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(SymphonyConfiguration configuration) {
        this.configuration = configuration;
    }
}
