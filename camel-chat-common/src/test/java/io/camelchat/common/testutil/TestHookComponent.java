package io.camelchat.common.testutil;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * A test-only Camel component standing in for a platform component:
 * <ul>
 * <li>{@code testhook:target?to=...}: a producer that parses its {@code to} option with
 * {@link io.camelchat.common.ChatTarget} (shows what Camel hands a component);</li>
 * <li>{@code testhook:webhook?path=/x&maxBodySize=n}: a {@link io.camelchat.common.webhook.ChatWebhookConsumer};</li>
 * <li>{@code testhook:status}: a consumer reporting {@link TestHookEndpoint#STATUS} as its health.</li>
 * </ul>
 */
public class TestHookComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        TestHookEndpoint endpoint = new TestHookEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
