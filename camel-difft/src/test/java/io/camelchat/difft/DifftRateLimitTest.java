package io.camelchat.difft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator accepts one message a second per app (reference section 10): the component queues sends instead of
 * failing, and a refusal that still happens is retried after the wait.
 */
class DifftRateLimitTest extends DifftTestSupport {

    static Duration interval() {
        return Duration.ofSeconds(1);
    }

    @BeforeAll
    static void startSimulator() {
        sim = simulator(interval()).start();
    }

    @Test
    void concurrentSendsWaitTheirTurnAndAllArrive() throws Exception {
        String uri = "difft:message?to=user:" + ALICE + "&sendInterval=1s";
        List<CompletableFuture<Exchange>> sends = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String text = "queued " + i;
            sends.add(CompletableFuture.supplyAsync(() -> send(uri, text, Map.of())));
        }
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<Exchange> f : sends) {
            Exchange e = f.get();
            assertThat(e.getException()).isNull();
            ids.add(e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class));
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(sim.sent()).extracting(m -> m.body()).contains("queued 0", "queued 1", "queued 2");
        DifftEndpoint endpoint = context.getEndpoint(uri, DifftEndpoint.class);
        assertThat(endpoint.getClient().http().getRetryCount()).as("no send was refused").isZero();
    }

    @Test
    void withoutTheIntervalARefusedSendIsRetriedAfterTheWait() {
        String uri = "difft:message?to=user:" + BOB + "&sendInterval=0";
        assertThat(send(uri, "first", Map.of()).getException()).isNull();
        Exchange second = send(uri, "second", Map.of());
        assertThat(second.getException()).isNull();
        assertThat(sim.sent()).extracting(m -> m.body()).contains("first", "second");
        DifftEndpoint endpoint = context.getEndpoint(uri, DifftEndpoint.class);
        assertThat(endpoint.getClient().http().getRetryCount()).as("the second send was refused once")
                .isGreaterThanOrEqualTo(1);
    }
}
