package io.carillon.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.media.rtp.RtpHeader;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SrtpSessionTest {
    private static final int SSRC = 0x11223344;

    private static SrtpSession[] pair(SrtpProfile profile, long seed) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        new Random(seed).nextBytes(material);
        return new SrtpSession[] {
            SrtpSession.fromDtlsKeyingMaterial(profile, material, true),
            SrtpSession.fromDtlsKeyingMaterial(profile, material, false)};
    }

    private static byte[] rtp(int seq, int ssrc, int payloadLength) {
        byte[] b = new byte[12 + payloadLength + SrtpSession.MAX_OVERHEAD];
        RtpHeader.write(b, 0, 111, false, seq, seq * 960L, ssrc);
        for (int i = 0; i < payloadLength; i++) {
            b[12 + i] = (byte) (i * 7 + seq);
        }
        return b;
    }

    private static byte[] rtcp(int ssrc) {
        // An RR with no blocks followed by a BYE: a small compound packet.
        byte[] b = new byte[16 + SrtpSession.MAX_OVERHEAD];
        b[0] = (byte) 0x80; b[1] = (byte) 201; b[3] = 1;
        b[4] = (byte) (ssrc >>> 24); b[5] = (byte) (ssrc >>> 16); b[6] = (byte) (ssrc >>> 8); b[7] = (byte) ssrc;
        b[8] = (byte) 0x81; b[9] = (byte) 203; b[11] = 1;
        System.arraycopy(b, 4, b, 12, 4);
        return b;
    }

    @Test
    void profilesAndIds() {
        assertThat(SrtpProfile.fromDtlsId(1)).isEqualTo(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        assertThat(SrtpProfile.fromDtlsId(7)).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(SrtpProfile.fromDtlsId(2)).isNull();
        assertThat(SrtpProfile.AES128_CM_HMAC_SHA1_80.keyingMaterialLength()).isEqualTo(60);
        assertThat(SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()).isEqualTo(56);
        assertThatThrownBy(() -> SrtpSession.fromDtlsKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, new byte[10], true))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpRoundTripBothDirections(SrtpProfile profile) {
        SrtpSession[] p = pair(profile, 1);
        for (int dir = 0; dir < 2; dir++) {
            SrtpSession sender = p[dir];
            SrtpSession receiver = p[1 - dir];
            for (int seq = 100; seq < 110; seq++) {
                byte[] plain = rtp(seq, SSRC + dir, 80);
                byte[] buf = plain.clone();
                int n = sender.protectRtp(buf, 0, 92);
                assertThat(n).isEqualTo(92 + profile.tagLength());
                assertThat(Arrays.equals(buf, 12, 92, plain, 12, 92)).isFalse();
                assertThat(receiver.unprotectRtp(buf, 0, n)).isEqualTo(92);
                assertThat(Arrays.copyOf(buf, 92)).isEqualTo(Arrays.copyOf(plain, 92));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void sameSideCannotDecryptItsOwnPackets(SrtpProfile profile) {
        SrtpSession[] p = pair(profile, 2);
        byte[] buf = rtp(1, SSRC, 40);
        int n = p[0].protectRtp(buf, 0, 52);
        assertThat(p[0].unprotectRtp(buf, 0, n)).isEqualTo(-1);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void worksAtAnOffset(SrtpProfile profile) {
        SrtpSession[] p = pair(profile, 3);
        byte[] buf = new byte[200];
        RtpHeader.write(buf, 17, 111, true, 5, 1234, SSRC);
        buf[40] = 42;
        int n = p[1].protectRtp(buf, 17, 60);
        assertThat(p[0].unprotectRtp(buf, 17, n)).isEqualTo(60);
        assertThat(buf[40]).isEqualTo((byte) 42);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void replayIsRejectedAndReorderingAccepted(SrtpProfile profile) {
        SrtpSession[] p = pair(profile, 4);
        byte[][] wire = new byte[5][];
        int[] lens = new int[5];
        for (int i = 0; i < 5; i++) {
            wire[i] = rtp(1000 + i, SSRC, 20);
            lens[i] = p[0].protectRtp(wire[i], 0, 32);
        }
        assertThat(p[1].unprotectRtp(wire[0].clone(), 0, lens[0])).isEqualTo(32);
        assertThat(p[1].unprotectRtp(wire[3].clone(), 0, lens[3])).isEqualTo(32);
        assertThat(p[1].unprotectRtp(wire[1].clone(), 0, lens[1])).isEqualTo(32); // late, in window
        assertThat(p[1].unprotectRtp(wire[1].clone(), 0, lens[1])).isEqualTo(-1); // replay
        assertThat(p[1].unprotectRtp(wire[3].clone(), 0, lens[3])).isEqualTo(-1); // replay of highest
        assertThat(p[1].unprotectRtp(wire[2].clone(), 0, lens[2])).isEqualTo(32);
    }

    @Test
    void packetsOlderThanTheWindowAreRejected() {
        SrtpSession[] p = pair(SrtpProfile.AES128_CM_HMAC_SHA1_80, 5);
        byte[] old = rtp(10, SSRC, 20);
        int oldLen = p[0].protectRtp(old, 0, 32);
        for (int seq = 11; seq < 11 + 64; seq++) {
            byte[] b = rtp(seq, SSRC, 20);
            assertThat(p[1].unprotectRtp(b, 0, p[0].protectRtp(b, 0, 32))).isEqualTo(32);
        }
        assertThat(p[1].unprotectRtp(old, 0, oldLen)).isEqualTo(-1);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tamperedByteIsRejected(SrtpProfile profile) {
        SrtpSession[] p = pair(profile, 6);
        byte[] buf = rtp(7, SSRC, 50);
        int n = p[0].protectRtp(buf, 0, 62);
        for (int i : new int[] {1, 5, 11, 20, n - 1}) {
            byte[] t = buf.clone();
            t[i] ^= 0x01;
            assertThat(p[1].unprotectRtp(t, 0, n)).as("byte %d", i).isEqualTo(-1);
        }
        assertThat(p[1].unprotectRtp(buf, 0, n)).isEqualTo(62); // the original still passes
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rolloverCounterWraps(SrtpProfile profile) {
        SrtpSession[] p = pair(profile, 7);
        byte[] firstAfterWrap = null;
        int seq = 65530;
        for (int i = 0; i < 12; i++, seq = (seq + 1) & 0xFFFF) {
            byte[] b = rtp(seq, SSRC, 30);
            int n = p[0].protectRtp(b, 0, 42);
            if (seq == 0) {
                firstAfterWrap = b.clone();
            }
            assertThat(p[1].unprotectRtp(b, 0, n)).as("seq %d", seq).isEqualTo(42);
        }
        // A fresh sender uses ROC 0 for seq 0; after the wrap ROC is 1, so the ciphertext differs.
        SrtpSession[] q = pair(profile, 7);
        byte[] b = rtp(0, SSRC, 30);
        q[0].protectRtp(b, 0, 42);
        assertThat(Arrays.equals(b, 12, 42, firstAfterWrap, 12, 42)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtcpRoundTripReplayAndTamper(SrtpProfile profile) {
        SrtpSession[] p = pair(profile, 8);
        for (int dir = 0; dir < 2; dir++) {
            for (int i = 0; i < 3; i++) {
                byte[] plain = rtcp(SSRC + dir);
                byte[] buf = plain.clone();
                int n = p[dir].protectRtcp(buf, 0, 16);
                assertThat(n).isEqualTo(16 + 4 + profile.tagLength());
                assertThat(buf[8]).isNotEqualTo(plain[8]); // encrypted after the first 8 bytes (with high probability)
                byte[] copy = buf.clone();
                byte[] tampered = buf.clone();
                tampered[10] ^= 0x40;
                assertThat(p[1 - dir].unprotectRtcp(tampered, 0, n)).isEqualTo(-1);
                assertThat(p[1 - dir].unprotectRtcp(buf, 0, n)).isEqualTo(16);
                assertThat(Arrays.copyOf(buf, 16)).isEqualTo(Arrays.copyOf(plain, 16));
                assertThat(p[1 - dir].unprotectRtcp(copy, 0, n)).isEqualTo(-1); // replay
            }
        }
    }

    @Test
    void ssrcTableIsBounded() {
        SrtpSession[] p = pair(SrtpProfile.AES128_CM_HMAC_SHA1_80, 9);
        for (int s = 0; s < SrtpStreams.MAX_STREAMS; s++) {
            byte[] b = rtp(1, 1000 + s, 10);
            assertThat(p[1].unprotectRtp(b, 0, p[0].protectRtp(b, 0, 22))).isEqualTo(22);
        }
        byte[] b = rtp(1, 5000, 10);
        assertThat(p[0].protectRtp(b, 0, 22)).isEqualTo(-1);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void randomAndTruncatedInputsReturnMinusOne(SrtpProfile profile) {
        SrtpSession[] p = pair(profile, 10);
        Random r = new Random(42);
        byte[] buf = new byte[300];
        for (int i = 0; i < 5000; i++) {
            r.nextBytes(buf);
            if (r.nextBoolean()) {
                buf[0] = (byte) (0x80 | (buf[0] & 0x3F)); // version 2 more often
            }
            int off = r.nextInt(40) - 5;
            int len = r.nextInt(320) - 10;
            assertThat(p[1].unprotectRtp(buf, off, len)).isEqualTo(-1);
            assertThat(p[1].unprotectRtcp(buf, off, len)).isEqualTo(-1);
            p[0].protectRtp(buf, off, len); // may succeed or not; must not throw
            p[0].protectRtcp(buf, off, len);
        }
        assertThat(p[0].unprotectRtp(null, 0, 10)).isEqualTo(-1);
        // A valid packet truncated at every length is rejected (fresh pair: the fuzzing above
        // filled the sender's bounded SSRC table with random SSRCs).
        p = pair(profile, 12);
        byte[] good = rtp(3, SSRC, 40);
        int n = p[0].protectRtp(good, 0, 52);
        assertThat(n).isEqualTo(52 + profile.tagLength());
        for (int len = 0; len < n; len++) {
            assertThat(p[1].unprotectRtp(good.clone(), 0, len)).isEqualTo(-1);
        }
        assertThat(p[1].unprotectRtp(good, 0, n)).isEqualTo(52);
    }

    @Test
    void aesCmProtectAndUnprotectDoNotAllocate() {
        SrtpSession[] p = pair(SrtpProfile.AES128_CM_HMAC_SHA1_80, 11);
        byte[] buf = new byte[1500];
        byte[] rtcpBuf = rtcp(SSRC);
        com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int[] seq = {0};
        Runnable round = () -> {
            RtpHeader.write(buf, 0, 111, false, seq[0] & 0xFFFF, seq[0] * 960L, SSRC);
            seq[0]++;
            int n = p[0].protectRtp(buf, 0, 12 + 160);
            if (p[1].unprotectRtp(buf, 0, n) != 172) {
                throw new AssertionError("round trip failed");
            }
            int m = p[0].protectRtcp(rtcpBuf, 0, 16);
            if (p[1].unprotectRtcp(rtcpBuf, 0, m) != 16) {
                throw new AssertionError("rtcp round trip failed");
            }
        };
        for (int i = 0; i < 20_000; i++) {
            round.run();
        }
        long calibrateBefore = mx.getCurrentThreadAllocatedBytes();
        long calibration = mx.getCurrentThreadAllocatedBytes() - calibrateBefore;
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) {
            round.run();
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before - calibration;
        assertThat(allocated).isEqualTo(0);
    }
}
