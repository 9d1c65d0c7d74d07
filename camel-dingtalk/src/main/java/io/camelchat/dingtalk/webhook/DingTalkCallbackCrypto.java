package io.camelchat.dingtalk.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.camelchat.common.webhook.WebhookSecurity;

/**
 * Encryption and signatures of DingTalk's HTTP event subscription: AES-256-CBC with the key
 * {@code Base64(aesKey + "=")} and the key's first 16 bytes as IV; plaintext {@code random(16) || length(4, big
 * endian) || message || ownerKey}, PKCS#7-padded to 32-byte blocks; signature SHA-1 (hex) of the sorted
 * concatenation of token, timestamp, nonce and ciphertext.
 */
public final class DingTalkCallbackCrypto {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final String token;
    private final byte[] key;
    private final String ownerKey;

    /**
     * @throws IllegalArgumentException when the aesKey is not 43 characters of Base64
     */
    public DingTalkCallbackCrypto(String token, String aesKey, String ownerKey) {
        if (aesKey == null || aesKey.length() != 43) {
            throw new IllegalArgumentException("the DingTalk aesKey must be 43 characters long");
        }
        try {
            this.key = Base64.getDecoder().decode(aesKey + "=");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the DingTalk aesKey is not Base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("the DingTalk aesKey must decode to 32 bytes");
        }
        this.token = token;
        this.ownerKey = ownerKey;
    }

    public String signature(String timestamp, String nonce, String encrypt) {
        String[] parts = { token, timestamp, nonce, encrypt };
        Arrays.sort(parts);
        return WebhookSecurity.sha1Hex(String.join("", parts));
    }

    public boolean verify(String signature, String timestamp, String nonce, String encrypt) {
        return WebhookSecurity.constantTimeEquals(signature(timestamp, nonce, encrypt), signature);
    }

    public String encrypt(String message) {
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        byte[] owner = ownerKey.getBytes(StandardCharsets.UTF_8);
        byte[] random = new byte[16];
        for (int i = 0; i < random.length; i++) {
            random[i] = (byte) ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length()));
        }
        int unpadded = 16 + 4 + msg.length + owner.length;
        int pad = 32 - (unpadded % 32);
        ByteBuffer buf = ByteBuffer.allocate(unpadded + pad);
        buf.put(random).putInt(msg.length).put(msg).put(owner);
        for (int i = 0; i < pad; i++) {
            buf.put((byte) pad);
        }
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE);
            return Base64.getEncoder().encodeToString(cipher.doFinal(buf.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC is not available", e);
        }
    }

    /**
     * Decrypts and checks the layout and the owner key.
     *
     * @throws IllegalArgumentException when the text cannot be decrypted or does not belong to this app
     */
    public String decrypt(String encrypt) {
        byte[] plain;
        try {
            byte[] cipherText = Base64.getDecoder().decode(encrypt);
            if (cipherText.length == 0 || cipherText.length % 16 != 0) {
                throw new IllegalArgumentException("ciphertext has a bad length");
            }
            plain = cipher(Cipher.DECRYPT_MODE).doFinal(cipherText);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot decrypt the callback");
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > 32 || pad > plain.length) {
            throw new IllegalArgumentException("cannot decrypt the callback: bad padding");
        }
        int end = plain.length - pad;
        if (end < 20) {
            throw new IllegalArgumentException("cannot decrypt the callback: too short");
        }
        int length = ByteBuffer.wrap(plain, 16, 4).getInt();
        // compared without adding to the length: 20 + a length near Integer.MAX_VALUE would overflow
        if (length < 0 || length > end - 20) {
            throw new IllegalArgumentException("cannot decrypt the callback: bad length");
        }
        String message = new String(plain, 20, length, StandardCharsets.UTF_8);
        String owner = new String(plain, 20 + length, end - 20 - length, StandardCharsets.UTF_8);
        if (!WebhookSecurity.constantTimeEquals(ownerKey, owner)) {
            throw new IllegalArgumentException("the callback belongs to another app (owner key mismatch)");
        }
        return message;
    }

    private Cipher cipher(int mode) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOfRange(key, 0, 16)));
        return cipher;
    }

    public static String nonce() {
        StringBuilder sb = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            sb.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return sb.toString();
    }
}
