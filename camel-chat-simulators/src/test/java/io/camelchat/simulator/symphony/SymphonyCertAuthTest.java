package io.camelchat.simulator.symphony;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.camelchat.simulator.common.SimulatorTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Certificate (mutual TLS) authentication; client key material generated with the JDK's keytool. */
class SymphonyCertAuthTest {

    @TempDir
    Path dir;

    private KeyStore keytool(String cn) {
        return SimulatorTls.load(SimulatorTls.clientKeyStore(dir, cn));
    }

    private static HttpClient client(KeyStore clientKeys) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(SimulatorTls.trustStore());
        SSLContext ctx = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = null;
        if (clientKeys != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(clientKeys, "changeit".toCharArray());
        }
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> post(HttpClient c, String url) throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void certificateAuthenticationOverMutualTls() throws Exception {
        KeyStore botKeys = keytool("camel-bot");
        KeyStore strangerKeys = keytool("stranger");
        X509Certificate botCert = (X509Certificate) botKeys.getCertificate("bot");
        try (SymphonySimulator sim = SymphonySimulator.builder().botUsername("camel-bot").botCertificate(botCert)
                .tls(true).start()) {
            assertThat(sim.sessionAuthUrl()).startsWith("https://localhost:");
            HttpResponse<String> s = post(client(botKeys), sim.sessionAuthUrl() + "/sessionauth/v1/authenticate");
            assertThat(s.statusCode()).as(s.body()).isEqualTo(200);
            assertThat(SymTestSupport.parse(s.body())).containsEntry("name", "sessionToken");
            HttpResponse<String> k = post(client(botKeys), sim.keyManagerUrl() + "/keyauth/v1/authenticate");
            assertThat(k.statusCode()).isEqualTo(200);
            assertThat(SymTestSupport.parse(k.body())).containsEntry("name", "keyManagerToken");
            String token = (String) SymTestSupport.parse(s.body()).get("token");
            HttpResponse<String> info = client(null).send(HttpRequest.newBuilder(
                    URI.create(sim.podUrl() + "/pod/v2/sessioninfo")).header("sessionToken", token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(info.statusCode()).isEqualTo(200);

            assertThat(post(client(strangerKeys), sim.sessionAuthUrl() + "/sessionauth/v1/authenticate").statusCode())
                    .isEqualTo(401);
            assertThat(post(client(null), sim.sessionAuthUrl() + "/sessionauth/v1/authenticate").statusCode())
                    .isEqualTo(401);
            assertThat(sim.authentications()).extracting(AuthRecord::success).containsExactly(true, true, false, false);
            assertThat(sim.authentications().get(0).username()).isEqualTo("camel-bot");
        }
    }
}
