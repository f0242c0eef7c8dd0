package io.carillon.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpHeaderTest {

    @Test
    void writesAndReadsTheFixedHeader() {
        byte[] b = new byte[40];
        assertThat(RtpHeader.write(b, 3, 111, true, 0xFFFE, 0xFFFF_FFF0L, 0xCAFEBABE)).isEqualTo(12);
        assertThat(RtpHeader.isValid(b, 3, 30)).isTrue();
        assertThat(RtpHeader.payloadType(b, 3)).isEqualTo(111);
        assertThat(RtpHeader.marker(b, 3)).isTrue();
        assertThat(RtpHeader.sequenceNumber(b, 3)).isEqualTo(0xFFFE);
        assertThat(RtpHeader.timestamp(b, 3)).isEqualTo(0xFFFF_FFF0L);
        assertThat(RtpHeader.ssrc(b, 3)).isEqualTo(0xCAFEBABE);
        assertThat(RtpHeader.payloadOffset(b, 3, 30)).isEqualTo(12);
        assertThat(RtpHeader.payloadLength(b, 3, 30)).isEqualTo(18);
        assertThat(RtpHeader.findExtension(b, 3, 30, 1)).isEqualTo(-1);
        assertThat(RtpHeader.audioLevel(b, 3, 30, 1)).isEqualTo(-1);
    }

    @Test
    void csrcsAndPadding() {
        byte[] b = new byte[64];
        RtpHeader.write(b, 0, 0, false, 1, 2, 3);
        b[0] = (byte) (0x80 | 0x20 | 2); // P, CC = 2
        b[39] = 4; // 4 padding octets at the end of a 40-byte packet
        assertThat(RtpHeader.payloadOffset(b, 0, 40)).isEqualTo(20);
        assertThat(RtpHeader.payloadLength(b, 0, 40)).isEqualTo(16);
        b[39] = 21; // more padding than payload
        assertThat(RtpHeader.isValid(b, 0, 40)).isFalse();
        b[39] = 0;
        assertThat(RtpHeader.isValid(b, 0, 40)).isFalse();
        assertThat(RtpHeader.isValid(b, 0, 19)).isFalse(); // CSRCs cut off
        b[0] = (byte) 0x40; // version 1
        assertThat(RtpHeader.isValid(b, 0, 40)).isFalse();
    }

    @Test
    void oneByteExtensionAndAudioLevel() {
        byte[] b = new byte[64];
        RtpHeader.write(b, 0, 111, false, 1, 2, 3);
        b[0] = (byte) 0x90; // X
        int x = 12;
        b[x] = (byte) 0xBE; b[x + 1] = (byte) 0xDE; b[x + 3] = 2; // 2 words of elements
        b[x + 4] = 0x10; b[x + 5] = (byte) 0x85;          // id 1, 1 byte: V=1, level 5 (RFC 6464)
        b[x + 6] = 0;                                     // padding between elements
        b[x + 7] = 0x32; b[x + 8] = 1; b[x + 9] = 2; b[x + 10] = 3; // id 3, 3 bytes
        b[x + 11] = 0;
        int len = x + 12 + 10;
        assertThat(RtpHeader.payloadOffset(b, 0, len)).isEqualTo(24);
        assertThat(RtpHeader.findExtension(b, 0, len, 1)).isEqualTo(17);
        assertThat(RtpHeader.findExtension(b, 0, len, 3)).isEqualTo(20);
        assertThat(RtpHeader.extensionLength(b, 0, len, 3)).isEqualTo(3);
        assertThat(RtpHeader.findExtension(b, 0, len, 4)).isEqualTo(-1);
        assertThat(RtpHeader.audioLevel(b, 0, len, 1)).isEqualTo(0x85);
        assertThat(RtpHeader.audioLevel(b, 0, len, 1) & 0x7F).isEqualTo(5);
        assertThat(RtpHeader.audioLevel(b, 0, len, 2)).isEqualTo(-1);
        b[x + 7] = 0x3F; // id 3 claims 16 bytes: runs past the extension
        assertThat(RtpHeader.findExtension(b, 0, len, 3)).isEqualTo(-1);
        assertThat(RtpHeader.isValid(b, 0, 20)).isFalse(); // extension cut off
    }

    @Test
    void twoByteExtension() {
        byte[] b = new byte[64];
        RtpHeader.write(b, 0, 111, false, 1, 2, 3);
        b[0] = (byte) 0x90;
        int x = 12;
        b[x] = 0x10; b[x + 1] = 0x00; b[x + 3] = 2;
        b[x + 4] = 5; b[x + 5] = 2; b[x + 6] = (byte) 0xAA; b[x + 7] = (byte) 0xBB; // id 5, 2 bytes
        b[x + 8] = 1; b[x + 9] = 1; b[x + 10] = 0x7F;                              // id 1, level 127
        b[x + 11] = 0;                                                             // padding
        int len = 24 + 4;
        assertThat(RtpHeader.findExtension(b, 0, len, 5)).isEqualTo(18);
        assertThat(RtpHeader.extensionLength(b, 0, len, 5)).isEqualTo(2);
        assertThat(RtpHeader.audioLevel(b, 0, len, 1)).isEqualTo(0x7F);
        assertThat(RtpHeader.findExtension(b, 0, len, 200)).isEqualTo(-1);
    }

    @Test
    void randomBuffersNeverThrow() {
        Random r = new Random(7);
        byte[] b = new byte[128];
        for (int i = 0; i < 20_000; i++) {
            r.nextBytes(b);
            if (r.nextBoolean()) {
                b[0] = (byte) (0x80 | (b[0] & 0x3F));
            }
            int off = r.nextInt(20) - 2;
            int len = r.nextInt(140) - 5;
            if (RtpHeader.isValid(b, off, len)) {
                assertThat(RtpHeader.payloadOffset(b, off, len)).isBetween(12, len);
            }
            RtpHeader.findExtension(b, off, len, 1 + r.nextInt(20));
            RtpHeader.audioLevel(b, off, len, 1);
        }
        assertThat(RtpHeader.isValid(null, 0, 12)).isFalse();
    }
}
