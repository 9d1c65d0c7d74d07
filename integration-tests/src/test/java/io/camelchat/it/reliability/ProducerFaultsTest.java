package io.camelchat.it.reliability;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import io.camelchat.common.ChatConfiguration;
import io.camelchat.difft.DifftComponent;
import io.camelchat.difft.DifftConfiguration;
import io.camelchat.dingtalk.DingTalkComponent;
import io.camelchat.dingtalk.DingTalkConfiguration;
import io.camelchat.lark.LarkComponent;
import io.camelchat.lark.LarkConfiguration;
import io.camelchat.openim.OpenImComponent;
import io.camelchat.openim.OpenImConfiguration;
import io.camelchat.simulator.difft.DifftMessage;
import io.camelchat.simulator.difft.DifftSimulator;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.SimGroup;
import io.camelchat.simulator.dingtalk.SimUser;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import io.camelchat.simulator.openim.OpenImMessage;
import io.camelchat.simulator.openim.OpenImSimulator;
import io.camelchat.simulator.symphony.SymMessage;
import io.camelchat.simulator.symphony.SymUser;
import io.camelchat.simulator.symphony.SymphonySimulator;
import io.camelchat.symphony.SymphonyComponent;
import io.camelchat.symphony.SymphonyConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The send operation of the five components under producer faults ({@link ProducerFaults}): tokens the simulator
 * invalidates between sends, 429 storms, 5xx bursts, answers later than responseTimeout and answers close to it. No
 * send the platform would accept fails; a send answered 5xx or late fails with the 5xx or a timeout and is not retried
 * (the platform has a late one once, a 5xx one not at all), except Lark's, whose idempotency key ({@code uuid}) makes
 * a retry safe: retried, and still one message at the platform. Short form 3 rounds of each fault, reliability
 * profile 30.
 */
class ProducerFaultsTest {

    private static final int ROUNDS = Reliability.scaled(3, 30);

    private CamelContext context;
    private ProducerTemplate template;

    @BeforeEach
    void startContext() throws Exception {
        context = new DefaultCamelContext();
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    private static void common(ChatConfiguration c) {
        c.setResponseTimeout(ProducerFaults.RESPONSE_TIMEOUT.toMillis());
        c.setRetryDelay(20);
        c.setMaxRetries(6);
    }

    @Test
    void dingtalk() {
        try (DingTalkSimulator sim = DingTalkSimulator.builder().clientId("dingfaults").clientSecret("faults-secret")
                .start()) {
            sim.addUser(new SimUser("carol", "unionCarol", "Carol", "+8613800000009", "carol@example.com"));
            sim.addGroup(new SimGroup("cidFAULTS==", "Faults", List.of("carol")));
            DingTalkConfiguration c = context.getComponent("dingtalk", DingTalkComponent.class).getConfiguration();
            c.setClientId("dingfaults");
            c.setClientSecret("faults-secret");
            c.setApiUrl(sim.apiUrl());
            c.setOapiUrl(sim.oapiUrl());
            common(c);
            String path = "/v1.0/robot/groupMessages/send";
            var faults = sim.faults();
            ProducerFaults plan = new ProducerFaults(new ProducerFaults.Platform("dingtalk",
                    "dingtalk:message?to=group:cidFAULTS==", false,
                    () -> sim.sentMessages().stream().map(m -> m.text()).toList(), faults::expireAllTokens,
                    n -> faults.http429Next(path, n, 0), 5, (n, status) -> faults.failNext(path, n, status),
                    faults::delayResponses), template);
            plan.run(ROUNDS);
            plan.check();
        }
    }

    @Test
    void lark() {
        try (LarkSimulator sim = LarkSimulator.builder().appId("cli_faults0123456").appSecret("lark-faults-secret")
                .start()) {
            sim.addUser(new LarkUser("ou_alice_f", "u_alice", "on_alice", "Alice", "alice@example.com", "+861380001"));
            sim.addChat(new LarkChat("oc_faults", "Faults", List.of("ou_alice_f")));
            LarkConfiguration c = context.getComponent("lark", LarkComponent.class).getConfiguration();
            c.setAppId("cli_faults0123456");
            c.setAppSecret("lark-faults-secret");
            c.setApiUrl(sim.apiUrl());
            common(c);
            String path = "/open-apis/im/v1/messages";
            var faults = sim.faults();
            // Lark's rate limit answer asks for a wait of one second (x-ogw-ratelimit-reset): one per send
            ProducerFaults plan = new ProducerFaults(new ProducerFaults.Platform("lark",
                    "lark:message?to=chat_id:oc_faults", true,
                    () -> sim.sentMessages().stream().map(m -> m.text()).toList(), faults::expireAllTokens,
                    n -> faults.rateLimitNext(path, n), 1, (n, status) -> faults.failNext(path, n, status),
                    faults::delayResponses), template);
            plan.run(ROUNDS);
            plan.check();
        }
    }

    @Test
    void symphony() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        long bot = 349026222340999L;
        long alice = 349026222344999L;
        try (SymphonySimulator sim = SymphonySimulator.builder().botUsername("faults-bot").botId(bot)
                .botPublicKey(pair.getPublic()).start()) {
            sim.addUser(new SymUser(alice, "alice", "alice@acme.example", "Alice", "Smith", "Alice Smith"));
            String im = sim.createIm(alice, bot);
            SymphonyConfiguration c = context.getComponent("symphony", SymphonyComponent.class).getConfiguration();
            c.setBotUsername("faults-bot");
            c.setPrivateKey("-----BEGIN PRIVATE KEY-----\n"
                            + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                            + "\n-----END PRIVATE KEY-----\n");
            c.setPodUrl(sim.podUrl());
            c.setAgentUrl(sim.agentUrl());
            c.setKeyManagerUrl(sim.keyManagerUrl());
            common(c);
            String path = "/agent/v4/stream/";
            var faults = sim.faults().retryAfter(0);
            ProducerFaults plan = new ProducerFaults(new ProducerFaults.Platform("symphony",
                    "symphony:message?to=stream:" + im, false,
                    () -> sim.sentMessages().stream().map(SymMessage::messageML).toList(), faults::expireSessions,
                    n -> faults.rateLimitNext(path, n), 5, (n, status) -> faults.failNext(path, n, status),
                    faults::delayResponses), template);
            plan.run(ROUNDS);
            plan.check();
        }
    }

    @Test
    void openim() {
        try (OpenImSimulator sim = OpenImSimulator.builder().secret("faults-im-secret").adminUserId("imAdmin")
                .user("faultsbot", "Bot").user("ann", "Ann").group("gfaults", "Faults", "ann", "faultsbot").start()) {
            OpenImConfiguration c = context.getComponent("openim", OpenImComponent.class).getConfiguration();
            c.setUserId("faultsbot");
            c.setAdminUserId("imAdmin");
            c.setSecret("faults-im-secret");
            c.setApiUrl(sim.apiUrl());
            c.setWsUrl(sim.wsUrl());
            common(c);
            var faults = sim.faults();
            // the OpenIM protocol has no rate-limit answer; its HTTP faults apply to the next calls on any path,
            // here the sends (the admin token is cached)
            ProducerFaults plan = new ProducerFaults(new ProducerFaults.Platform("openim",
                    "openim:message?to=group:gfaults", false,
                    () -> sim.messages().stream().map(OpenImMessage::text).toList(), faults::expireAllTokens, null, 0,
                    (n, status) -> faults.failNextHttp(n, status),
                    d -> faults.slowHttp(d)), template);
            plan.run(ROUNDS);
            plan.check();
        }
    }

    @Test
    void difft() {
        String gid = "4d1e2a3b4c5d6e7f8091a2b3c4d5e6f7";
        try (DifftSimulator sim = DifftSimulator.builder().app("faultsapp0001", "difft-faults-secret", "+60011")
                .account("+71234567811", "dan@example.org", "Dan").group(gid, "Faults", "+60011", "+71234567811")
                .messageInterval(Duration.ZERO).start()) {
            DifftConfiguration c = context.getComponent("difft", DifftComponent.class).getConfiguration();
            c.setAppId("faultsapp0001");
            c.setAppSecret("difft-faults-secret");
            c.setBotId("+60011");
            c.setApiUrl(sim.baseUrl());
            c.setWsUrl(sim.websocketUrl());
            c.setSendInterval(0);
            common(c);
            String path = "/v1/messages";
            var faults = sim.faults();
            // Difft signs every call (no token to expire); its rate limit answer is status 4, a wait of one second
            ProducerFaults plan = new ProducerFaults(new ProducerFaults.Platform("difft",
                    "difft:message?to=group:" + gid, false,
                    () -> sim.sent().stream().map(DifftMessage::body).toList(), null,
                    n -> faults.failNextWithStatus(path, n, 4, "too many requests"), 1,
                    (n, status) -> faults.failNext(path, n, status), faults::slowResponses), template);
            plan.run(ROUNDS);
            plan.check();
        }
    }
}
