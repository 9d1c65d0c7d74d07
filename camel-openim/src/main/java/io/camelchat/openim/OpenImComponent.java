package io.camelchat.openim;

import java.util.Map;

import io.camelchat.common.token.InMemoryTokenStore;
import io.camelchat.common.token.TokenStore;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/** The {@code openim} component: options set here are the defaults of every openim endpoint. */
@Component("openim")
public class OpenImComponent extends HealthCheckComponent {

    @Metadata(description = "Shared configuration: every option of an endpoint can be set here as a default.")
    private OpenImConfiguration configuration = new OpenImConfiguration();

    /** Tokens shared by this component's endpoints when no tokenStore is configured. */
    private final TokenStore sharedTokens = new InMemoryTokenStore();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        OpenImEndpoint endpoint = new OpenImEndpoint(uri, this, OpenImKind.parse(remaining), configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    TokenStore getSharedTokens() {
        return sharedTokens;
    }

    public OpenImConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(OpenImConfiguration configuration) {
        this.configuration = configuration;
    }
}
