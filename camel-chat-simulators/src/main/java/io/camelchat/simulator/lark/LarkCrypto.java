package io.camelchat.simulator.lark;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Lark's callback cryptography, server side (lark.md 3.2/3.3): AES-256-CBC with key {@code SHA-256(encryptKey)},
 * random IV prepended, PKCS#7 padding, standard Base64; event signature {@code hex(SHA-256(ts+nonce+encryptKey+body))};
 * legacy card signature {@code hex(SHA-1(ts+nonce+verificationToken+body))}.
 */
final class LarkCrypto {
    private static final SecureRandom RANDOM = new SecureRandom();

    private LarkCrypto() {
    }

    static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encrypt(String encryptKey, String plaintext) {
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sha256(encryptKey.getBytes(StandardCharsets.UTF_8)), "AES"),
                    new IvParameterSpec(iv));
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[16 + ct.length];
            System.arraycopy(iv, 0, out, 0, 16);
            System.arraycopy(ct, 0, out, 16, ct.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Strict decryption; {@link IllegalArgumentException} on any problem. */
    static String decrypt(String encryptKey, String encrypt) {
        byte[] all;
        try {
            all = Base64.getDecoder().decode(encrypt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not Base64", e);
        }
        if (all.length < 32 || (all.length - 16) % 16 != 0) {
            throw new IllegalArgumentException("bad ciphertext length " + all.length);
        }
        try {
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sha256(encryptKey.getBytes(StandardCharsets.UTF_8)), "AES"),
                    new IvParameterSpec(all, 0, 16));
            return new String(c.doFinal(all, 16, all.length - 16), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot decrypt: " + e.getMessage(), e);
        }
    }

    static String signature(String timestamp, String nonce, String encryptKey, byte[] body) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((timestamp + nonce + encryptKey).getBytes(StandardCharsets.UTF_8));
            md.update(body);
            return HexFormat.of().formatHex(md.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String legacyCardSignature(String timestamp, String nonce, String verificationToken, byte[] body) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update((timestamp + nonce + verificationToken).getBytes(StandardCharsets.UTF_8));
            md.update(body);
            return HexFormat.of().formatHex(md.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
