package io.camelchat.dingtalk;

import java.util.Map;

import io.camelchat.common.token.InMemoryTokenStore;
import io.camelchat.common.token.TokenStore;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/** The {@code dingtalk} component: options set here are the defaults of every dingtalk endpoint. */
@Component("dingtalk")
public class DingTalkComponent extends HealthCheckComponent {

    @Metadata(description = "Shared configuration: every option of an endpoint can be set here as a default.")
    private DingTalkConfiguration configuration = new DingTalkConfiguration();

    /** Tokens shared by this component's endpoints when no tokenStore is configured. */
    private final TokenStore sharedTokens = new InMemoryTokenStore();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DingTalkKind kind = DingTalkKind.parse(remaining);
        DingTalkEndpoint endpoint = new DingTalkEndpoint(uri, this, kind, configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    TokenStore getSharedTokens() {
        return sharedTokens;
    }

    public DingTalkConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(DingTalkConfiguration configuration) {
        this.configuration = configuration;
    }
}
