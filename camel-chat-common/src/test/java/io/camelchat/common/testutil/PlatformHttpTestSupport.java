package io.camelchat.common.testutil;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;

/**
 * A Camel context with the test component {@code testhook}, Camel's platform-http served by Vert.x on 127.0.0.1
 * and a free port, and consumer health checks enabled.
 */
public abstract class PlatformHttpTestSupport extends CamelTestSupport {

    protected final int port = AvailablePortFinder.getNextAvailable();
    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        VertxPlatformHttpServerConfiguration config = new VertxPlatformHttpServerConfiguration();
        config.setBindHost("127.0.0.1");
        config.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(config));
        context.addComponent("testhook", new TestHookComponent());

        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        registry.register(registry.resolveById("consumers"));
        registry.setExposureLevel("full"); // the default level hides UP checks while any is DOWN
        return context;
    }

    protected HttpResponse<String> post(String pathAndQuery, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("x-token", token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> get(String pathAndQuery, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            b.header("x-token", token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
