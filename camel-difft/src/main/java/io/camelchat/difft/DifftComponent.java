package io.camelchat.difft;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/** The {@code difft} component: options set here are the defaults of every difft endpoint. */
@Component("difft")
public class DifftComponent extends HealthCheckComponent {

    @Metadata(description = "Shared configuration: every option of an endpoint can be set here as a default.")
    private DifftConfiguration configuration = new DifftConfiguration();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DifftEndpoint endpoint = new DifftEndpoint(uri, this, DifftKind.parse(remaining), configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public DifftConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(DifftConfiguration configuration) {
        this.configuration = configuration;
    }
}
