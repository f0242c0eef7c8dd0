package io.carillon.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Published test vectors: RFC 3711 Appendix B, RFC 2202, RFC 7714 §16 and §17. */
class SrtpVectorsTest {

    @Test
    void rfc3711B2AesCmKeystream() {
        byte[] key = Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] iv = Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        byte[] ks = new byte[0xFF02 * 16];
        assertThat(new AesCtr(key).apply(iv, ks, 0, ks.length)).isTrue();
        assertThat(block(ks, 0x0000)).isEqualTo("e03ead0935c95e80e166b16dd92b4eb4");
        assertThat(block(ks, 0x0001)).isEqualTo("d23513162b02d0f72a43a2fe4a5f97ab");
        assertThat(block(ks, 0x0002)).isEqualTo("41e95b3bb0a2e8dd477901e4fca894c0");
        assertThat(block(ks, 0xFEFF)).isEqualTo("ec8cdf7398607cb0f2d21675ea9ea1e4");
        assertThat(block(ks, 0xFF00)).isEqualTo("362b7c3c6773516318a077d7fc5073ae");
        assertThat(block(ks, 0xFF01)).isEqualTo("6a2cc3787889374fbeb4c81b17ba6c44");
    }

    @Test
    void rfc3711B2ThroughTheSrtpIv() {
        // Session key/salt of B.2 with SSRC 0, ROC 0, SEQ 0: the payload is XORed with block 0, 1.
        byte[] key = Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] salt = Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
        AesCmTransform t = new AesCmTransform(key, new byte[20], salt, key, new byte[20], salt);
        byte[] buf = new byte[12 + 32 + SrtpSession.MAX_OVERHEAD];
        buf[0] = (byte) 0x80;
        assertThat(t.protectRtp(buf, 0, 44)).isEqualTo(54);
        assertThat(Hex.string(buf, 12, 32))
            .isEqualTo("e03ead0935c95e80e166b16dd92b4eb4d23513162b02d0f72a43a2fe4a5f97ab");
    }

    @Test
    void rfc3711B3KeyDerivation() {
        byte[] masterKey = Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = Hex.bytes("0EC675AD498AFEEBB6960B3AABE6");
        assertThat(Hex.string(SrtpKdf.derive(masterKey, masterSalt, 0, 16), 0, 16))
            .isEqualTo("c61e7a93744f39ee10734afe3ff7a087");
        assertThat(Hex.string(SrtpKdf.derive(masterKey, masterSalt, 2, 14), 0, 14))
            .isEqualTo("30cbbc08863d8c85d49db34a9ae1");
        assertThat(Hex.string(SrtpKdf.derive(masterKey, masterSalt, 1, 20), 0, 20))
            .isEqualTo("cebe321f6ff7716b6fd4ab49af256a156d38baa4");
    }

    @Test
    void rfc2202HmacSha1() {
        byte[] key = new byte[20];
        Arrays.fill(key, (byte) 0x0b);
        HmacSha1 mac = new HmacSha1(key);
        byte[] out = new byte[20];
        SrtpScratch scratch = SrtpScratch.current();
        for (int i = 0; i < 2; i++) { // reusable
            byte[] data = "Hi There".getBytes(StandardCharsets.US_ASCII);
            assertThat(mac.mac(scratch, data, 0, 4, data, 4, data.length - 4, out)).isTrue(); // in two parts
            assertThat(Hex.string(out, 0, 20)).isEqualTo("b617318655057264e28bc0b6fb378c8ef146be00");
            assertThat(mac.mac(scratch, data, 0, data.length, data, 0, 0, out)).isTrue();
            assertThat(Hex.string(out, 0, 20)).isEqualTo("b617318655057264e28bc0b6fb378c8ef146be00");
        }
    }

    // RFC 7714 §16 / §17, AEAD_AES_128_GCM with the session key and salt given directly.
    private static final byte[] GCM_KEY = Hex.bytes("000102030405060708090a0b0c0d0e0f");
    private static final byte[] GCM_SALT = Hex.bytes("517569642070726f2071756f");
    private static final String RTP_PLAIN = "8040f17b8041f8d35501a0b2"
        + "47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";
    private static final String RTP_PROTECTED = "8040f17b8041f8d35501a0b2"
        + "f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833"
        + "899d7f27beb16a9152cf765ee4390cce";
    private static final String RTCP_PLAIN = "81c8000d4d6172734e5450314e545032525450200000042a"
        + "0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";
    private static final String RTCP_PROTECTED = "81c8000d4d617273"
        + "63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b46"
        + "86303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade" + "800005d4";

    private static AesGcmTransform gcm() {
        return new AesGcmTransform(GCM_KEY, GCM_SALT, GCM_KEY, GCM_SALT);
    }

    @Test
    void rfc7714Section16RtpEncrypt() {
        byte[] plain = Hex.bytes(RTP_PLAIN);
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpSession.MAX_OVERHEAD);
        int n = gcm().protectRtp(buf, 0, plain.length);
        assertThat(Hex.string(buf, 0, n)).isEqualTo(RTP_PROTECTED);
    }

    @Test
    void rfc7714Section16RtpDecrypt() {
        byte[] buf = Hex.bytes(RTP_PROTECTED);
        int n = gcm().unprotectRtp(buf, 0, buf.length);
        assertThat(Hex.string(buf, 0, n)).isEqualTo(RTP_PLAIN);
    }

    @Test
    void rfc7714Section17RtcpEncrypt() {
        byte[] plain = Hex.bytes(RTCP_PLAIN);
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpSession.MAX_OVERHEAD);
        AesGcmTransform t = gcm();
        t.streams.rtcpHighest[t.streams.findOrAdd(0x4d617273)] = 0x5d4 - 1; // next index 0x5d4
        int n = t.protectRtcp(buf, 0, plain.length);
        assertThat(n).isEqualTo(plain.length + 20);
        assertThat(Hex.string(buf, 0, n)).isEqualTo(RTCP_PROTECTED);
    }

    @Test
    void rfc7714Section17RtcpDecryptAndReplay() {
        byte[] wire = Hex.bytes(RTCP_PROTECTED);
        AesGcmTransform t = gcm();
        byte[] buf = wire.clone();
        int n = t.unprotectRtcp(buf, 0, buf.length);
        assertThat(Hex.string(buf, 0, n)).isEqualTo(RTCP_PLAIN);
        buf = wire.clone();
        assertThat(t.unprotectRtcp(buf, 0, buf.length)).isEqualTo(-1);
    }

    private static String block(byte[] ks, int j) {
        return Hex.string(ks, j * 16, 16);
    }
}
