package io.camelchat.common.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import io.camelchat.common.testutil.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSecurityTest {

    /** RFC 4231, test case 2. */
    private static final String RFC4231_CASE2_HEX = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    @Test
    void hmacSha256MatchesRfc4231() {
        byte[] expected = HexFormat.of().parseHex(RFC4231_CASE2_HEX);
        byte[] mac = WebhookSecurity.hmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
        assertThat(mac).isEqualTo(expected);
        assertThat(WebhookSecurity.hmacSha256Base64("Jefe", "what do ya want for nothing?"))
                .isEqualTo(Base64.getEncoder().encodeToString(expected))
                .isEqualTo("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
    }

    @Test
    void digestsMatchPublishedVectors() {
        // FIPS 180 examples
        assertThat(WebhookSecurity.sha1Hex("abc")).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
        assertThat(WebhookSecurity.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void constantTimeEquals() {
        assertThat(WebhookSecurity.constantTimeEquals("sig", "sig")).isTrue();
        assertThat(WebhookSecurity.constantTimeEquals("sig", "sIg")).isFalse();
        assertThat(WebhookSecurity.constantTimeEquals("sig", "sig2")).isFalse();
        assertThat(WebhookSecurity.constantTimeEquals("", "")).isTrue();
        assertThat(WebhookSecurity.constantTimeEquals(null, "sig")).isFalse();
        assertThat(WebhookSecurity.constantTimeEquals("sig", null)).isFalse();
        assertThat(WebhookSecurity.constantTimeEquals(null, null)).as("null never matches").isFalse();
        assertThat(WebhookSecurity.constantTimeEquals("ü", "ü")).isTrue();
    }

    @Test
    void freshnessIsSymmetricAndInclusive() {
        MutableClock clock = MutableClock.at("2025-03-01T12:00:00Z");
        long now = clock.millis();
        Duration tolerance = Duration.ofMinutes(5);
        assertThat(WebhookSecurity.isFresh(now, tolerance, clock)).isTrue();
        assertThat(WebhookSecurity.isFresh(now - tolerance.toMillis(), tolerance, clock)).isTrue();
        assertThat(WebhookSecurity.isFresh(now - tolerance.toMillis() - 1, tolerance, clock)).isFalse();
        assertThat(WebhookSecurity.isFresh(now + tolerance.toMillis(), tolerance, clock)).isTrue();
        assertThat(WebhookSecurity.isFresh(now + tolerance.toMillis() + 1, tolerance, clock)).isFalse();
        assertThat(WebhookSecurity.isFresh(-1, tolerance, clock)).isFalse();
    }

    @Test
    void parsesSecondsAndMillis() {
        assertThat(WebhookSecurity.parseEpochMillis("1700000000")).isEqualTo(1_700_000_000_000L);
        assertThat(WebhookSecurity.parseEpochMillis("1700000000123")).isEqualTo(1_700_000_000_123L);
        assertThat(WebhookSecurity.parseEpochMillis(" 1700000000 ")).isEqualTo(1_700_000_000_000L);
        assertThat(WebhookSecurity.parseEpochMillis("17e8")).isEqualTo(-1);
        assertThat(WebhookSecurity.parseEpochMillis("")).isEqualTo(-1);
        assertThat(WebhookSecurity.parseEpochMillis(null)).isEqualTo(-1);
    }

    @Test
    void webhookRequestNormalizesHeadersAndDecodesQuery() {
        WebhookRequest r = new WebhookRequest(Map.of("X-Token", "good"), "timestamp=17&sign=a%2Bb%3D&sign=second&flag",
                null);
        assertThat(r.header("x-token")).isEqualTo("good");
        assertThat(r.header("X-TOKEN")).isEqualTo("good");
        assertThat(r.query("timestamp")).isEqualTo("17");
        assertThat(r.query("sign")).as("first value wins; percent-decoded").isEqualTo("a+b=");
        assertThat(r.query("flag")).isEmpty();
        assertThat(r.body()).isEmpty();
    }
}
