package io.camelchat.symphony;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import io.camelchat.common.ChatMention;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.Json;
import io.camelchat.symphony.api.SymphonyIds;
import io.camelchat.symphony.api.SymphonyMessageMl;
import io.camelchat.symphony.auth.SymphonyJwt;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Symphony's own formats: the auth JWT, PEM keys, id spellings, MessageML and PresentationML. */
class SymphonyFormatsTest {

    @Test
    void jwtIsRs512SignedWithSubAndExpWithinFiveMinutes() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        String jwt = SymphonyJwt.sign("camel-bot", pair.getPrivate(), clock);
        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8))
                .isEqualTo("{\"alg\":\"RS512\"}");
        var claims = Json.read(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        assertThat(claims.path("sub").asText()).isEqualTo("camel-bot");
        long exp = claims.path("exp").asLong();
        assertThat(exp - clock.instant().getEpochSecond()).isBetween(1L, 300L);
        Signature verify = Signature.getInstance("SHA512withRSA");
        verify.initVerify(pair.getPublic());
        verify.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verify.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        assertThat(jwt).doesNotContain("=");
    }

    @Test
    void pkcs8AndPkcs1PemKeysAreRead() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        String pem8 = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs8)
                      + "\n-----END PRIVATE KEY-----\n";
        assertThat(SymphonyJwt.readPrivateKey(pem8).getEncoded()).isEqualTo(pkcs8);
        // PKCS#1 is the PKCS#8 structure's inner OCTET STRING: cut it out and read it back through the wrapper
        byte[] pkcs1 = innerPkcs1(pkcs8);
        String pem1 = "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1)
                      + "\n-----END RSA PRIVATE KEY-----\n";
        assertThat(SymphonyJwt.readPrivateKey(pem1).getEncoded()).isEqualTo(pkcs8);
        assertThatThrownBy(() -> SymphonyJwt.readPrivateKey("not a key"))
                .hasMessageContaining("not PEM").hasMessageNotContaining("not a key");
    }

    /** The RSAPrivateKey inside a PKCS#8 PrivateKeyInfo (after version and algorithm, an OCTET STRING). */
    private static byte[] innerPkcs1(byte[] pkcs8) {
        int i = 0;
        i += 1; // SEQUENCE
        i += lengthBytes(pkcs8, i);
        i += 3; // INTEGER 0
        i += 15; // AlgorithmIdentifier
        i += 1; // OCTET STRING tag
        int lenStart = i;
        int len;
        if ((pkcs8[i] & 0x80) == 0) {
            len = pkcs8[i];
            i += 1;
        } else {
            int n = pkcs8[i] & 0x7f;
            len = 0;
            for (int k = 1; k <= n; k++) {
                len = (len << 8) | (pkcs8[lenStart + k] & 0xff);
            }
            i += 1 + n;
        }
        byte[] out = new byte[len];
        System.arraycopy(pkcs8, i, out, 0, len);
        return out;
    }

    private static int lengthBytes(byte[] der, int at) {
        return (der[at] & 0x80) == 0 ? 1 : 1 + (der[at] & 0x7f);
    }

    @Test
    void idsAreNormalisedToUrlSafe() {
        assertThat(SymphonyIds.toUrlSafe("XlU3OH9eVMzq+yss7M/xyn///oxwgbtGbQ=="))
                .isEqualTo("XlU3OH9eVMzq-yss7M_xyn___oxwgbtGbQ");
        assertThat(SymphonyIds.toUrlSafe("XlU3OH9eVMzq-yss7M_xyn___oxwgbtGbQ"))
                .isEqualTo("XlU3OH9eVMzq-yss7M_xyn___oxwgbtGbQ");
        assertThat(SymphonyIds.toStandard("XlU3OH9eVMzq-yss7M_xyn___oxwgbtGbQ"))
                .isEqualTo("XlU3OH9eVMzq+yss7M/xyn///oxwgbtGbQ==");
        assertThatThrownBy(() -> SymphonyIds.toUrlSafe("bad id!")).hasMessageContaining("not a Symphony id");
    }

    @Test
    void textBecomesValidEscapedMessageMl() {
        assertThat(SymphonyMessageMl.fromText("a < b & \"c\" costs $5 #tag\nnext"))
                .isEqualTo("<messageML>a &lt; b &amp; &quot;c&quot; costs &#36;5 &#35;tag<br/>next</messageML>");
        ChatMessage m = ChatMessage.text("deploy <now>").addMention(new ChatMention("349026222344902", "Alice"))
                .addMention(new ChatMention("ou_not_symphony", "x"));
        assertThat(SymphonyMessageMl.fromChatMessage(m, true))
                .isEqualTo("<messageML><mention uid=\"349026222344902\"/> deploy &lt;now&gt;</messageML>");
        assertThat(SymphonyMessageMl.isMessageMl("  <messageML>x</messageML>")).isTrue();
    }

    @Test
    void presentationMlGivesTextMentionsAndHashtags() {
        String pml = "<div data-format=\"PresentationML\" data-version=\"2.0\" class=\"wysiwyg\"><p><span class=\"entity\" "
                     + "data-entity-id=\"0\">@Camel Bot</span> deploy &amp; #release</p></div>";
        assertThat(SymphonyMessageMl.text(pml)).isEqualTo("@Camel Bot deploy & #release");
        String data = "{\"0\":{\"id\":[{\"type\":\"com.symphony.user.userId\",\"value\":\"349026222340001\"}],"
                      + "\"type\":\"com.symphony.user.mention\"},\"1\":{\"id\":[{\"type\":\"org.symphonyoss.taxonomy.hashtag\","
                      + "\"value\":\"release\"}],\"type\":\"org.symphonyoss.taxonomy\",\"version\":\"1.0\"}}";
        assertThat(SymphonyMessageMl.mentions(data)).containsExactly(349026222340001L);
        assertThat(SymphonyMessageMl.hashtags(data)).containsExactly("release");
        assertThat(SymphonyMessageMl.text("<div>broken <b>xml</div>")).isEqualTo("broken xml");
        assertThat(SymphonyMessageMl.text("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><div>&e;</div>"))
                .doesNotContain("root:");
    }
}
