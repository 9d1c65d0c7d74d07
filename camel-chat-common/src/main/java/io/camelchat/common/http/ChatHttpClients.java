package io.camelchat.common.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.camelchat.common.ChatAsync;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * What the classic and the asynchronous HttpClient of a {@link ChatHttpClient} share: proxies per origin with their
 * credentials; and the asynchronous client itself, configured as the classic one (pool size, timeouts, TLS, proxies,
 * user agent, no redirects, no automatic retries, no cookies), on HTTP/1.1.
 */
final class ChatHttpClients {

    private ChatHttpClients() {
    }

    static boolean hasProxies(ChatHttpClientConfig config) {
        return config.defaultProxy() != null || !config.getProxies().isEmpty();
    }

    /** Routes each origin through its proxy, or the default proxy, or directly. */
    static HttpRoutePlanner routePlanner(ChatHttpClientConfig config) {
        ChatProxy fallback = config.defaultProxy();
        Map<String, ChatProxy> byOrigin = Map.copyOf(config.getProxies());
        return new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE) {
            @Override
            protected HttpHost determineProxy(HttpHost target, HttpContext context) {
                ChatProxy p = byOrigin.getOrDefault(
                        ChatProxy.origin(target.getSchemeName(), target.getHostName(), target.getPort()), fallback);
                return p == null || p.isDirect() ? null : new HttpHost(p.host(), p.port());
            }
        };
    }

    /** The credentials of every proxy that has a user name. */
    static BasicCredentialsProvider proxyCredentials(ChatHttpClientConfig config) {
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        List<ChatProxy> all = new ArrayList<>(config.getProxies().values());
        if (config.defaultProxy() != null) {
            all.add(config.defaultProxy());
        }
        for (ChatProxy p : all) {
            if (!p.isDirect() && p.username() != null) {
                String password = p.password() == null ? "" : p.password();
                credentials.setCredentials(new AuthScope(p.host(), p.port()),
                        new UsernamePasswordCredentials(p.username(), password.toCharArray()));
            }
        }
        return credentials;
    }

    /** A new, not yet started, asynchronous client; its I/O threads are named after the platform. */
    static CloseableHttpAsyncClient async(String platform, ChatHttpClientConfig config) {
        PoolingAsyncClientConnectionManagerBuilder cm = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(config.getMaxConnections())
                .setMaxConnPerRoute(config.getMaxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(config.getConnectTimeout()))
                        .setSocketTimeout(Timeout.of(config.getResponseTimeout()))
                        .build())
                .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build());
        if (config.getSslContext() != null) {
            cm.setTlsStrategy(new DefaultClientTlsStrategy(config.getSslContext()));
        }
        HttpAsyncClientBuilder builder = HttpAsyncClients.custom()
                .setConnectionManager(cm.build())
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(Math.min(2, Runtime.getRuntime().availableProcessors()))
                        .build())
                .setThreadFactory(ChatAsync.ioThreadFactory("camel-chat-" + platform + "-io"))
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(config.getResponseTimeout()))
                        .build())
                .setUserAgent(config.getUserAgent())
                .disableAutomaticRetries()
                .disableCookieManagement()
                // a redirect could carry the token elsewhere, and its errors quote the URL with its query
                .disableRedirectHandling()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofMinutes(1));
        if (hasProxies(config)) {
            builder.setRoutePlanner(routePlanner(config));
            builder.setDefaultCredentialsProvider(proxyCredentials(config));
        }
        return builder.build();
    }
}
