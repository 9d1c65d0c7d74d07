package io.camelchat.dingtalk;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/** The {@code dingtalk} component: options set here are the defaults of every dingtalk endpoint. */
@Component("dingtalk")
public class DingTalkComponent extends HealthCheckComponent {

    @Metadata(description = "Shared configuration: every option of an endpoint can be set here as a default.")
    private DingTalkConfiguration configuration = new DingTalkConfiguration();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DingTalkKind kind = DingTalkKind.parse(remaining);
        DingTalkEndpoint endpoint = new DingTalkEndpoint(uri, this, kind, configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public DingTalkConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(DingTalkConfiguration configuration) {
        this.configuration = configuration;
    }
}
