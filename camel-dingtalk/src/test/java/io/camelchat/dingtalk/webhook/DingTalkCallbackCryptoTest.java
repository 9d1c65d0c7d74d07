package io.camelchat.dingtalk.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DingTalkCallbackCryptoTest {

    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private final DingTalkCallbackCrypto crypto = new DingTalkCallbackCrypto("tok", AES_KEY, "owner01");

    /** random(16) || length || message || owner key, padded to 32 bytes, encrypted as DingTalk does. */
    private static String encrypt(int lengthField, String message) throws Exception {
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        byte[] owner = "owner01".getBytes(StandardCharsets.UTF_8);
        int unpadded = 20 + msg.length + owner.length;
        int pad = 32 - unpadded % 32;
        ByteBuffer b = ByteBuffer.allocate(unpadded + pad);
        b.put("0123456789abcdef".getBytes(StandardCharsets.US_ASCII)).putInt(lengthField).put(msg).put(owner);
        for (int i = 0; i < pad; i++) {
            b.put((byte) pad);
        }
        byte[] key = Base64.getDecoder().decode(AES_KEY + "=");
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        return Base64.getEncoder().encodeToString(c.doFinal(b.array()));
    }

    @Test
    void roundTrip() throws Exception {
        assertThat(crypto.decrypt(crypto.encrypt("{\"EventType\":\"check_url\"}")))
                .isEqualTo("{\"EventType\":\"check_url\"}");
        assertThat(crypto.decrypt(encrypt(5, "hello"))).isEqualTo("hello");
    }

    @Test
    void lengthFieldsBeyondThePlaintextAreRefusedWithoutOverflow() throws Exception {
        for (int length : new int[]{ 6 + "owner01".length() + 32, Integer.MAX_VALUE, Integer.MAX_VALUE - 19,
                Integer.MAX_VALUE - 7, -1, Integer.MIN_VALUE }) {
            String encrypted = encrypt(length, "hello");
            assertThatThrownBy(() -> crypto.decrypt(encrypted)).as("length field " + length)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot decrypt the callback");
        }
    }
}
