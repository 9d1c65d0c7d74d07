package io.camelchat.difft.api;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Difft's attachment encryption (reference section 7.1), on the JDK's own providers: the key is SHA-512 of the
 * plaintext (64 bytes: AES-256 key, then HMAC-SHA256 key); the uploaded blob is {@code IV || AES-256-CBC(PKCS#7) ||
 * HMAC-SHA256(IV || ciphertext)}; {@code fileHash} is base64 SHA-256 of the key and {@code cipherHash} the hex MD5 of
 * the blob. Decryption checks the MAC and the digest in constant time before it decrypts, and refuses bad padding.
 */
public final class DifftAttachmentCrypto {

    /** The algorithm names uploadInfo reports. */
    public static final String HASH_ALG = "SHA256";
    public static final String KEY_ALG = "SHA512";
    public static final String ENC_ALG = "AES-CBC-SHA256";
    public static final String CIPHER_HASH_TYPE = "MD5";

    private static final int IV_LENGTH = 16;
    private static final int MAC_LENGTH = 32;
    private static final int KEY_LENGTH = 64;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private DifftAttachmentCrypto() {
    }

    /**
     * An encrypted attachment.
     *
     * @param key        the 64-byte attachment key
     * @param fileHash   base64 SHA-256 of the key (how the server names the file)
     * @param blob       what is uploaded: IV, ciphertext, MAC
     * @param cipherHash lowercase hex MD5 of the blob (the message's {@code digest})
     * @param fileSize   the plaintext's length
     */
    public record Encrypted(byte[] key, String fileHash, byte[] blob, String cipherHash, long fileSize) {
        /** The key as messages carry it: standard base64. */
        public String keyBase64() {
            return Base64.getEncoder().encodeToString(key);
        }
    }

    /** Encrypts with a random IV. */
    public static Encrypted encrypt(byte[] plaintext) {
        byte[] iv = new byte[IV_LENGTH];
        RANDOM.nextBytes(iv);
        return encrypt(plaintext, iv);
    }

    /** Encrypts with the given 16-byte IV (tests; real uploads take a random one). */
    public static Encrypted encrypt(byte[] plaintext, byte[] iv) {
        if (iv.length != IV_LENGTH) {
            throw new IllegalArgumentException("the IV must be 16 bytes");
        }
        try {
            byte[] key = MessageDigest.getInstance("SHA-512").digest(plaintext);
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, 0, 32, "AES"), new IvParameterSpec(iv));
            byte[] ciphertext = aes.doFinal(plaintext);
            byte[] mac = mac(key, iv, ciphertext);
            byte[] blob = new byte[IV_LENGTH + ciphertext.length + MAC_LENGTH];
            System.arraycopy(iv, 0, blob, 0, IV_LENGTH);
            System.arraycopy(ciphertext, 0, blob, IV_LENGTH, ciphertext.length);
            System.arraycopy(mac, 0, blob, IV_LENGTH + ciphertext.length, MAC_LENGTH);
            return new Encrypted(key, fileHash(key), blob, cipherHash(blob), plaintext.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK lacks AES/CBC, HmacSHA256 or SHA-512", e);
        }
    }

    /** Base64 SHA-256 of the key: the {@code fileHash} of the file API. */
    public static String fileHash(byte[] key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(key));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK lacks SHA-256", e);
        }
    }

    /** Lowercase hex MD5 of the blob. */
    public static String cipherHash(byte[] blob) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("MD5").digest(blob));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK lacks MD5", e);
        }
    }

    /** Decodes a base64 key as messages carry it; fails clearly unless it is 64 bytes. */
    public static byte[] decodeKey(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64 == null ? "" : base64.trim());
        } catch (IllegalArgumentException e) {
            throw new DifftAttachmentException("The attachment key is not base64");
        }
        if (key.length != KEY_LENGTH) {
            throw new DifftAttachmentException("The attachment key must be 64 bytes, not " + key.length);
        }
        return key;
    }

    /**
     * Checks and decrypts a downloaded blob: the MAC over IV and ciphertext, then the MD5 of the whole blob against
     * {@code cipherHash}, both compared in constant time, then AES-256-CBC with padding checked.
     *
     * @throws DifftAttachmentException when anything does not match; no plaintext is returned then
     */
    public static byte[] decrypt(byte[] blob, byte[] key, String cipherHash) {
        if (key == null || key.length != KEY_LENGTH) {
            throw new DifftAttachmentException("The attachment key must be 64 bytes");
        }
        if (blob == null || blob.length < IV_LENGTH + 16 + MAC_LENGTH
                || (blob.length - IV_LENGTH - MAC_LENGTH) % 16 != 0) {
            throw new DifftAttachmentException("The downloaded attachment is not an encrypted Difft file (length "
                                               + (blob == null ? 0 : blob.length) + ")");
        }
        byte[] iv = Arrays.copyOfRange(blob, 0, IV_LENGTH);
        byte[] ciphertext = Arrays.copyOfRange(blob, IV_LENGTH, blob.length - MAC_LENGTH);
        byte[] mac = Arrays.copyOfRange(blob, blob.length - MAC_LENGTH, blob.length);
        try {
            if (!MessageDigest.isEqual(mac(key, iv, ciphertext), mac)) {
                throw new DifftAttachmentException("The attachment's MAC does not match: the file was changed or the "
                                                   + "key is wrong");
            }
            byte[] digest;
            try {
                digest = HEX.parseHex(cipherHash == null ? "" : cipherHash.trim().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new DifftAttachmentException("The attachment digest is not hex");
            }
            if (digest.length != 16) {
                throw new DifftAttachmentException("The attachment digest must be an MD5 (16 bytes), not "
                                                   + digest.length + " bytes");
            }
            if (!MessageDigest.isEqual(MessageDigest.getInstance("MD5").digest(blob), digest)) {
                throw new DifftAttachmentException("The attachment's digest does not match: the file was changed");
            }
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, 0, 32, "AES"), new IvParameterSpec(iv));
            return aes.doFinal(ciphertext);
        } catch (BadPaddingException e) {
            throw new DifftAttachmentException("The attachment's padding is wrong", e);
        } catch (GeneralSecurityException e) {
            throw new DifftAttachmentException("The attachment cannot be decrypted: " + e.getClass().getSimpleName(),
                    e);
        }
    }

    private static byte[] mac(byte[] key, byte[] iv, byte[] ciphertext) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, 32, 32, "HmacSHA256"));
        mac.update(iv);
        return mac.doFinal(ciphertext);
    }
}
