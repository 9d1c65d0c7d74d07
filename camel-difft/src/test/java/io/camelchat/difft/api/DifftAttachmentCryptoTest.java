package io.camelchat.difft.api;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The attachment example of reference section 12.3, and refused tampering. */
class DifftAttachmentCryptoTest {

    static final byte[] PLAIN = "hello difft".getBytes(StandardCharsets.US_ASCII);
    static final String KEY = "XNelogabOca/Y7AdXN7+I5FHzMYEMx/Kd+T0pHv5cJLFc6fl3oOjdMgtU5J8A8SnjutiK5x5KOFiOHpgP8bFxQ==";
    static final String BLOB = "00000000000000000000000000000000" + "3b8307055bfcd958190bc29f16d772d6"
                               + "b62a00d80e3de3fd16d859874bde1448efc5e90f923ecf22dfe813317326b576";

    @Test
    void workedExample123() {
        DifftAttachmentCrypto.Encrypted e = DifftAttachmentCrypto.encrypt(PLAIN, new byte[16]);
        assertThat(e.keyBase64()).isEqualTo(KEY);
        assertThat(e.fileHash()).isEqualTo("mD29v61QVGDyZL570+Zc9lcxnQPMspYIXNaOOBPoyWI=");
        assertThat(HexFormat.of().formatHex(e.blob())).isEqualTo(BLOB);
        assertThat(e.blob()).hasSize(64);
        assertThat(e.cipherHash()).isEqualTo("fd82550b265ed5e959079e5348e4e199");
        assertThat(e.fileSize()).isEqualTo(11);

        assertThat(DifftAttachmentCrypto.decrypt(HexFormat.of().parseHex(BLOB), DifftAttachmentCrypto.decodeKey(KEY),
                "fd82550b265ed5e959079e5348e4e199")).isEqualTo(PLAIN);
    }

    @Test
    void randomIvRoundTrips() {
        byte[] plain = new byte[100_000];
        new Random(7).nextBytes(plain);
        DifftAttachmentCrypto.Encrypted a = DifftAttachmentCrypto.encrypt(plain);
        DifftAttachmentCrypto.Encrypted b = DifftAttachmentCrypto.encrypt(plain);
        assertThat(a.keyBase64()).isEqualTo(b.keyBase64()); // convergent key
        assertThat(a.blob()).isNotEqualTo(b.blob()); // fresh IV
        assertThat(DifftAttachmentCrypto.decrypt(a.blob(), a.key(), a.cipherHash())).isEqualTo(plain);
        byte[] empty = DifftAttachmentCrypto.encrypt(new byte[0]).blob();
        assertThat(empty).hasSize(64);
    }

    @Test
    void tamperedBlobIsRefusedWithoutBytes() {
        byte[] key = DifftAttachmentCrypto.decodeKey(KEY);
        byte[] flipped = HexFormat.of().parseHex(BLOB);
        flipped[20] ^= 1;
        assertThatThrownBy(() -> DifftAttachmentCrypto.decrypt(flipped, key, "fd82550b265ed5e959079e5348e4e199"))
                .isInstanceOf(DifftAttachmentException.class).hasMessageContaining("MAC");

        // a consistent re-encryption of other content under the same key passes the MAC but not the digest
        byte[] good = HexFormat.of().parseHex(BLOB);
        assertThatThrownBy(() -> DifftAttachmentCrypto.decrypt(good, key, "00000000000000000000000000000000"))
                .isInstanceOf(DifftAttachmentException.class).hasMessageContaining("digest");
        assertThatThrownBy(() -> DifftAttachmentCrypto.decrypt(good, key, "abcd"))
                .isInstanceOf(DifftAttachmentException.class).hasMessageContaining("MD5");
        assertThatThrownBy(() -> DifftAttachmentCrypto.decrypt(new byte[10], key, "fd82550b265ed5e959079e5348e4e199"))
                .isInstanceOf(DifftAttachmentException.class);
        assertThatThrownBy(() -> DifftAttachmentCrypto.decodeKey("AAAA"))
                .isInstanceOf(DifftAttachmentException.class).hasMessageContaining("64 bytes");
    }
}
