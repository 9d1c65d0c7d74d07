package io.camelchat.simulator.symphony;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.symphony.SymTestSupport.KEYS;
import static io.camelchat.simulator.symphony.SymTestSupport.get;
import static io.camelchat.simulator.symphony.SymTestSupport.jwt;
import static io.camelchat.simulator.symphony.SymTestSupport.login;
import static io.camelchat.simulator.symphony.SymTestSupport.parse;
import static io.camelchat.simulator.symphony.SymTestSupport.post;
import static io.camelchat.simulator.symphony.SymTestSupport.validJwt;
import static org.assertj.core.api.Assertions.assertThat;

class SymphonyAuthTest {
    private SymphonySimulator sim;

    @BeforeEach
    void start() {
        sim = SymphonySimulator.builder().botUsername("camel-bot").botPublicKey(KEYS.getPublic())
                .sessionTokenTtl(Duration.ofMinutes(5)).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> auth(String url, String token) {
        return post(url, "{\"token\":\"" + token + "\"}", Map.of());
    }

    @Test
    void rsaAuthenticationIssuesSessionAndKeyManagerTokens() {
        HttpResponse<String> s = auth(sim.podUrl() + "/login/pubkey/authenticate", validJwt("camel-bot"));
        assertThat(s.statusCode()).isEqualTo(200);
        assertThat(parse(s.body())).containsEntry("name", "sessionToken").containsKey("token");
        HttpResponse<String> k = auth(sim.keyManagerUrl() + "/relay/pubkey/authenticate", validJwt("camel-bot"));
        assertThat(k.statusCode()).isEqualTo(200);
        assertThat(parse(k.body())).containsEntry("name", "keyManagerToken");
        // seed-style header with typ
        String withTyp = jwt("{\"alg\":\"RS512\",\"typ\":\"JWT\"}",
                "{\"sub\":\"camel-bot\",\"exp\":" + (System.currentTimeMillis() / 1000 + 290) + "}", KEYS.getPrivate());
        assertThat(auth(sim.podUrl() + "/login/pubkey/authenticate", withTyp).statusCode()).isEqualTo(200);
        assertThat(sim.authentications()).hasSize(3).allMatch(AuthRecord::success);
    }

    @Test
    void badTokensAreRejectedWith401() {
        String url = sim.podUrl() + "/login/pubkey/authenticate";
        long now = System.currentTimeMillis() / 1000;
        HttpResponse<String> expired = auth(url, jwt("camel-bot", now - 1, KEYS.getPrivate()));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(parse(expired.body())).containsEntry("code", 401).containsKey("message");
        assertThat(auth(url, jwt("camel-bot", now, KEYS.getPrivate())).statusCode()).isEqualTo(401);
        assertThat(auth(url, jwt("camel-bot", now + 310, KEYS.getPrivate())).statusCode()).isEqualTo(401);
        assertThat(auth(url, jwt("camel-bot", now + 300, KEYS.getPrivate())).statusCode()).isEqualTo(200);
        assertThat(auth(url, jwt("someone", now + 60, KEYS.getPrivate())).statusCode()).isEqualTo(401);
        assertThat(auth(url, jwt("camel-bot", now + 60, SymTestSupport.generate().getPrivate())).statusCode())
                .isEqualTo(401);
        String good = validJwt("camel-bot");
        String[] p = good.split("\\.");
        String tampered = p[0] + "." + SymTestSupport.b64(("{\"sub\":\"camel-bot\",\"exp\":" + (now + 200) + "}")
                .getBytes()) + "." + p[2];
        assertThat(auth(url, tampered).statusCode()).isEqualTo(401);
        assertThat(auth(url, jwt("{\"alg\":\"RS256\"}", "{\"sub\":\"camel-bot\",\"exp\":" + (now + 60) + "}",
                KEYS.getPrivate())).statusCode()).isEqualTo(401);
        assertThat(auth(url, "not-a-jwt").statusCode()).isEqualTo(401);
        assertThat(post(url, "{}", Map.of()).statusCode()).isEqualTo(401);
        assertThat(sim.authentications()).filteredOn(a -> !a.success()).hasSize(9);
    }

    @Test
    void podAndAgentCallsNeedValidTokens() {
        SymTestSupport.Session s = login(sim);
        String info = sim.podUrl() + "/pod/v2/sessioninfo";
        assertThat(get(info, Map.of()).statusCode()).isEqualTo(401);
        assertThat(get(info, Map.of("sessionToken", "nope")).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = get(info, s.pod());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(parse(ok.body())).containsEntry("username", "camel-bot").containsEntry("accountType", "SYSTEM");

        String feeds = sim.agentUrl() + "/agent/v5/datafeeds";
        assertThat(get(feeds, s.pod()).statusCode()).isEqualTo(401);
        assertThat(get(feeds, Map.of("sessionToken", s.sessionToken(), "keyManagerToken", "x")).statusCode())
                .isEqualTo(401);
        assertThat(get(feeds, s.agent()).statusCode()).isEqualTo(200);

        sim.expireSessions();
        assertThat(get(info, s.pod()).statusCode()).isEqualTo(401);
        assertThat(get(feeds, s.agent()).statusCode()).isEqualTo(401);
        SymTestSupport.Session again = login(sim);
        assertThat(get(feeds, again.agent()).statusCode()).isEqualTo(200);
    }

    @Test
    void tokensExpireAfterTheirTtl() throws Exception {
        try (SymphonySimulator shortLived = SymphonySimulator.builder().botUsername("camel-bot")
                .botPublicKey(KEYS.getPublic()).sessionTokenTtl(Duration.ofMillis(300))
                .keyManagerTokenTtl(Duration.ofMillis(300)).separatePorts(false).start()) {
            SymTestSupport.Session s = login(shortLived);
            assertThat(get(shortLived.podUrl() + "/pod/v2/sessioninfo", s.pod()).statusCode()).isEqualTo(200);
            Thread.sleep(400);
            HttpResponse<String> r = get(shortLived.podUrl() + "/pod/v2/sessioninfo", s.pod());
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(parse(r.body())).containsEntry("code", 401);
            assertThat(shortLived.podUrl()).isEqualTo(shortLived.agentUrl());
        }
    }

    @Test
    void eachServerAnswersOnlyItsOwnPaths() {
        assertThat(sim.podUrl()).isNotEqualTo(sim.agentUrl()).isNotEqualTo(sim.keyManagerUrl());
        HttpResponse<String> wrong = post(sim.podUrl() + "/relay/pubkey/authenticate",
                "{\"token\":\"" + validJwt("camel-bot") + "\"}", Map.of());
        assertThat(wrong.statusCode()).isEqualTo(404);
        assertThat(sim.protocolErrors()).hasSize(1);
        assertThat(get(sim.agentUrl() + "/agent/v1/info", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void publicKeyMayBeGivenAsPem() {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                     + Base64.getMimeEncoder().encodeToString(KEYS.getPublic().getEncoded())
                     + "\n-----END PUBLIC KEY-----\n";
        try (SymphonySimulator s2 = SymphonySimulator.builder().botUsername("camel-bot").botPublicKey(pem).start()) {
            assertThat(auth(s2.podUrl() + "/login/pubkey/authenticate", validJwt("camel-bot")).statusCode())
                    .isEqualTo(200);
        }
    }
}
