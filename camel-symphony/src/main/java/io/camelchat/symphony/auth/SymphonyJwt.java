package io.camelchat.symphony.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import io.camelchat.common.Json;

/**
 * The RS512 JWT a bot signs with its private key to authenticate ({@code sub} = bot username, {@code exp} a few
 * minutes ahead; Symphony accepts at most five).
 */
public final class SymphonyJwt {

    /** How long a token is valid: under Symphony's five-minute maximum, with a margin for clock skew. */
    public static final Duration LIFETIME = Duration.ofSeconds(240);

    private SymphonyJwt() {
    }

    /** A signed token for {@code username}. */
    public static String sign(String username, PrivateKey key, Clock clock) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS512\"}".getBytes(StandardCharsets.UTF_8));
        long exp = clock.instant().plus(LIFETIME).getEpochSecond();
        String claims = b64.encodeToString(("{\"sub\":" + Json.write(username) + ",\"exp\":" + exp + "}")
                .getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + claims;
        try {
            Signature signature = Signature.getInstance("SHA512withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the authentication token with the bot's private key", e);
        }
    }

    /**
     * Reads an RSA private key from PEM text: PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 ({@code BEGIN RSA PRIVATE
     * KEY}).
     *
     * @throws IllegalArgumentException when the text is not such a key (the message never contains key material)
     */
    public static PrivateKey readPrivateKey(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("no private key given");
        }
        boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
        if (!pkcs1 && !pem.contains("BEGIN PRIVATE KEY")) {
            throw new IllegalArgumentException(
                    "the private key is not PEM (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)");
        }
        String body = pem.replaceAll("-----(BEGIN|END)[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            byte[] pkcs8 = pkcs1 ? wrapPkcs1(der) : der;
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the private key cannot be read as an RSA key");
        }
    }

    public static PrivateKey readPrivateKey(Path file) {
        try {
            return readPrivateKey(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the private key file " + file + ": " + e.getMessage());
        }
    }

    /** Wraps a PKCS#1 RSAPrivateKey in the PKCS#8 PrivateKeyInfo structure the JDK reads. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        // SEQUENCE { INTEGER 0, SEQUENCE { OID rsaEncryption, NULL }, OCTET STRING { pkcs1 } }
        byte[] algorithm = { 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
                0x01,
                0x01, 0x05, 0x00 };
        byte[] version = { 0x02, 0x01, 0x00 };
        byte[] octets = tlv(0x04, pkcs1);
        byte[] content = concat(version, algorithm, octets);
        return tlv(0x30, content);
    }

    private static byte[] tlv(int tag, byte[] value) {
        byte[] length;
        int n = value.length;
        if (n < 0x80) {
            length = new byte[]{ (byte) n };
        } else if (n < 0x100) {
            length = new byte[]{ (byte) 0x81, (byte) n };
        } else if (n < 0x10000) {
            length = new byte[]{ (byte) 0x82, (byte) (n >> 8), (byte) n };
        } else {
            length = new byte[]{ (byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n };
        }
        return concat(new byte[]{ (byte) tag }, length, value);
    }

    private static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] p : parts) {
            total += p.length;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
