package io.camelchat.lark;

import java.util.Map;

import io.camelchat.common.token.InMemoryTokenStore;
import io.camelchat.common.token.TokenStore;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/** The {@code lark} component: options set here are the defaults of every lark endpoint. */
@Component("lark")
public class LarkComponent extends HealthCheckComponent {

    @Metadata(description = "Shared configuration: every option of an endpoint can be set here as a default.")
    private LarkConfiguration configuration = new LarkConfiguration();

    /** Tokens shared by this component's endpoints when no tokenStore is configured. */
    private final TokenStore sharedTokens = new InMemoryTokenStore();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        LarkKind kind = LarkKind.parse(remaining);
        LarkEndpoint endpoint = new LarkEndpoint(uri, this, kind, configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    TokenStore getSharedTokens() {
        return sharedTokens;
    }

    public LarkConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(LarkConfiguration configuration) {
        this.configuration = configuration;
    }
}
