package io.camelchat.difft.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.camelchat.common.webhook.WebhookRejectedException;
import io.camelchat.common.webhook.WebhookRequest;
import io.camelchat.difft.api.DifftSignatures;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replays of a signed callback, on one node and across nodes sharing a replay repository. */
class DifftCallbackVerifierTest {

    private static final String APP = "verifierapp";
    private static final String SECRET = "verifier-secret-0123456789";
    private static final String PATH = "/difft/callback";

    private static WebhookRequest signedCall(String text) {
        byte[] body = ("{\"msg\":{\"body\":\"" + text + "\"}}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("Content-Length", Integer.toString(body.length));
        signed.put("Content-Type", "application/json");
        Map<String, String> headers = new LinkedHashMap<>(signed);
        headers.putAll(DifftSignatures.sign(APP, SECRET, "POST", "http://node" + PATH, signed, body));
        return new WebhookRequest(PATH, headers, null, body);
    }

    private static DifftCallbackVerifier node(MemoryIdempotentRepository shared) {
        return new DifftCallbackVerifier(APP, SECRET, Duration.ofMinutes(5), Clock.systemUTC(), shared);
    }

    @Test
    void aCallReplayedToTheSameNodeIsRefused() {
        DifftCallbackVerifier verifier = node(null);
        WebhookRequest call = signedCall("once");
        assertThatCode(() -> verifier.verify(PATH, call)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verify(PATH, call)).isInstanceOf(WebhookRejectedException.class)
                .hasMessageContaining("replay").hasMessageNotContaining(SECRET);
    }

    @Test
    void nodesWithTheirOwnMemoryEachAcceptTheCallOnce() throws Exception {
        WebhookRequest call = signedCall("behind a load balancer");
        node(null).verify(PATH, call);
        assertThatCode(() -> node(null).verify(PATH, call)).as("another node, its own memory")
                .doesNotThrowAnyException();
    }

    @Test
    void aCallReplayedToAnotherNodeSharingTheRepositoryIsRefused() throws Exception {
        MemoryIdempotentRepository shared = new MemoryIdempotentRepository();
        DifftCallbackVerifier first = node(shared);
        DifftCallbackVerifier second = node(shared);
        WebhookRequest call = signedCall("replayed elsewhere");
        first.verify(PATH, call);
        assertThatThrownBy(() -> second.verify(PATH, call)).isInstanceOf(WebhookRejectedException.class)
                .hasMessageContaining("replay");
        // a new genuine call still passes on either node
        assertThatCode(() -> second.verify(PATH, signedCall("a new one"))).doesNotThrowAnyException();
        assertThat(shared.getCacheSize()).isEqualTo(2);
    }
}
