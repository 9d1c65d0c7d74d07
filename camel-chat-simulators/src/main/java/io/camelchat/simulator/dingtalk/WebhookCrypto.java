package io.camelchat.simulator.dingtalk;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * DingTalk's callback cryptography, as the server side uses it: AES-256-CBC with key
 * {@code Base64(aesKey + "=")}, IV = first 16 key bytes, plaintext {@code random16 || len(BE4) || msg || ownerKey},
 * PKCS#7 padding to 32-byte blocks; signature = SHA-1 hex of the sorted concatenation of
 * {@code [token, timestamp, nonce, encrypt]}; robot callback sign = Base64(HmacSHA256(secret, timestamp+"\n"+secret)).
 */
final class WebhookCrypto {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private WebhookCrypto() {
    }

    static byte[] key(String aesKey) {
        byte[] k = Base64.getDecoder().decode(aesKey + "=");
        if (k.length != 32) {
            throw new IllegalArgumentException("aesKey must be 43 Base64 characters (32 bytes)");
        }
        return k;
    }

    static String randomAlnum(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }

    static String encrypt(String aesKey, String ownerKey, String message) {
        byte[] k = key(aesKey);
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        byte[] owner = ownerKey.getBytes(StandardCharsets.UTF_8);
        int len = 16 + 4 + msg.length + owner.length;
        int pad = 32 - (len % 32);
        ByteBuffer buf = ByteBuffer.allocate(len + pad);
        buf.put(randomAlnum(16).getBytes(StandardCharsets.US_ASCII));
        buf.putInt(msg.length);
        buf.put(msg);
        buf.put(owner);
        for (int i = 0; i < pad; i++) {
            buf.put((byte) pad);
        }
        try {
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new IvParameterSpec(Arrays.copyOf(k, 16)));
            return Base64.getEncoder().encodeToString(c.doFinal(buf.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decrypts and checks padding and owner key; throws {@link IllegalArgumentException} on any mismatch. */
    static String decrypt(String aesKey, String ownerKey, String encrypt) {
        byte[] k = key(aesKey);
        byte[] plain;
        try {
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, "AES"), new IvParameterSpec(Arrays.copyOf(k, 16)));
            plain = c.doFinal(Base64.getDecoder().decode(encrypt));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot decrypt: " + e.getMessage(), e);
        }
        if (plain.length < 32) {
            throw new IllegalArgumentException("ciphertext too short");
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > 32) {
            throw new IllegalArgumentException("bad padding");
        }
        int end = plain.length - pad;
        if (end < 20) {
            throw new IllegalArgumentException("bad length");
        }
        int len = ByteBuffer.wrap(plain, 16, 4).getInt();
        if (len < 0 || 20 + len > end) {
            throw new IllegalArgumentException("bad message length");
        }
        String msg = new String(plain, 20, len, StandardCharsets.UTF_8);
        String owner = new String(plain, 20 + len, end - 20 - len, StandardCharsets.UTF_8);
        if (!owner.equals(ownerKey)) {
            throw new IllegalArgumentException("owner key mismatch");
        }
        return msg;
    }

    static String signature(String token, String timestamp, String nonce, String encrypt) {
        String[] a = { token, timestamp, nonce, encrypt };
        Arrays.sort(a);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(String.join("", a).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String robotSign(String timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(
                    mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
