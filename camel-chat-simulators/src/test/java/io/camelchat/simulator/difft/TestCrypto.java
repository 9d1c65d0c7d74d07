package io.camelchat.simulator.difft;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The client side of the attachment crypto (reference 7.1), with the JDK's providers only. */
final class TestCrypto {

    /** What an upload needs: the key (base64), fileHash, the blob and its cipherHash. */
    record Encrypted(String key, String fileHash, byte[] blob, String cipherHash, int fileSize) {
    }

    private TestCrypto() {
    }

    static Encrypted encrypt(byte[] plain, byte[] iv) {
        try {
            byte[] k = MessageDigest.getInstance("SHA-512").digest(plain);
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, 0, 32, "AES"), new IvParameterSpec(iv));
            byte[] c = aes.doFinal(plain);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(k, 32, 32, "HmacSHA256"));
            mac.update(iv);
            byte[] tag = mac.doFinal(c);
            byte[] blob = new byte[16 + c.length + 32];
            System.arraycopy(iv, 0, blob, 0, 16);
            System.arraycopy(c, 0, blob, 16, c.length);
            System.arraycopy(tag, 0, blob, 16 + c.length, 32);
            String fileHash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(k));
            String cipherHash = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(blob));
            return new Encrypted(Base64.getEncoder().encodeToString(k), fileHash, blob, cipherHash, plain.length);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The fileHash of a base64 attachment key: base64(SHA-256(key)). */
    static String fileHashOfKey(String key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(Base64.getDecoder().decode(key)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Verifies the MAC and the digest, then decrypts (7.1 decryption order). */
    static byte[] decrypt(byte[] blob, String key, String cipherHash) throws Exception {
        byte[] k = Base64.getDecoder().decode(key);
        byte[] iv = Arrays.copyOfRange(blob, 0, 16);
        byte[] c = Arrays.copyOfRange(blob, 16, blob.length - 32);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(k, 32, 32, "HmacSHA256"));
        mac.update(iv);
        if (!MessageDigest.isEqual(mac.doFinal(c), Arrays.copyOfRange(blob, blob.length - 32, blob.length))) {
            throw new SecurityException("bad mac");
        }
        if (!MessageDigest.isEqual(MessageDigest.getInstance("MD5").digest(blob),
                HexFormat.of().parseHex(cipherHash))) {
            throw new SecurityException("digest not match");
        }
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, 0, 32, "AES"), new IvParameterSpec(iv));
        return aes.doFinal(c);
    }
}
