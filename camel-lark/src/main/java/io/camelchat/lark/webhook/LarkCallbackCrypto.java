package io.camelchat.lark.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.camelchat.common.webhook.WebhookSecurity;

/**
 * Encryption and signatures of Lark's HTTP callbacks: AES-256-CBC with the key {@code SHA-256(encryptKey)}, a random
 * IV in front of the ciphertext, PKCS#7 padding, Base64; signature {@code hex(SHA-256(timestamp + nonce + encryptKey +
 * body))}; the older card callback's {@code hex(SHA-1(timestamp + nonce + verificationToken + body))}.
 */
public final class LarkCallbackCrypto {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final String encryptKey;

    public LarkCallbackCrypto(String encryptKey) {
        this.encryptKey = encryptKey;
        this.key = digest("SHA-256", encryptKey.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] digest(String algorithm, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    /** The signature of an event request over its raw body. */
    public String signature(String timestamp, String nonce, byte[] body) {
        return HexFormat.of().formatHex(digest("SHA-256", timestamp.getBytes(StandardCharsets.UTF_8),
                nonce.getBytes(StandardCharsets.UTF_8), encryptKey.getBytes(StandardCharsets.UTF_8), body));
    }

    public boolean verify(String signature, String timestamp, String nonce, byte[] body) {
        return WebhookSecurity.constantTimeEquals(signature(timestamp, nonce, body), signature);
    }

    /** The signature of an older card callback, keyed with the verification token. */
    public static String cardSignature(String timestamp, String nonce, String verificationToken, byte[] body) {
        return HexFormat.of().formatHex(digest("SHA-1", timestamp.getBytes(StandardCharsets.UTF_8),
                nonce.getBytes(StandardCharsets.UTF_8), verificationToken.getBytes(StandardCharsets.UTF_8), body));
    }

    public String encrypt(String plaintext) {
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            byte[] ct = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(iv, iv.length + ct.length);
            System.arraycopy(ct, 0, out, iv.length, ct.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC is not available", e);
        }
    }

    /**
     * Decrypts a callback body's {@code encrypt} field.
     *
     * @throws IllegalArgumentException when it cannot be decrypted with this key
     */
    public String decrypt(String encrypt) {
        try {
            byte[] all = Base64.getDecoder().decode(encrypt);
            if (all.length < 32 || (all.length - 16) % 16 != 0) {
                throw new IllegalArgumentException("ciphertext has a bad length");
            }
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(all, 0, 16));
            return new String(cipher.doFinal(all, 16, all.length - 16), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot decrypt the callback with the configured encryptKey");
        }
    }
}
