package io.carillon.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RtcpTest {
    private static final long MS = 1_000_000L;

    @Test
    void rtcpMuxDemultiplexing() {
        byte[] b = {(byte) 0x80, 0};
        for (int pt = 0; pt < 256; pt++) {
            b[1] = (byte) pt;
            assertThat(RtcpPackets.isRtcp(b, 0, 2)).as("pt %d", pt).isEqualTo(pt >= 192 && pt <= 223);
        }
        b[1] = (byte) 200;
        assertThat(RtcpPackets.isRtcp(b, 0, 1)).isFalse();
        b[1] = (byte) (0x80 | 111); // Opus with marker
        assertThat(RtcpPackets.isRtcp(b, 0, 2)).isFalse();
    }

    @Test
    void lossFractionAndCumulativeLostOnASyntheticSequence() {
        ReceiveStatistics s = new ReceiveStatistics(0xABCD, 48000);
        long t = 0;
        for (int seq = 0; seq < 100; seq++, t += 20 * MS) {
            if (seq == 10 || seq == 20 || seq == 30) {
                continue;
            }
            s.onPacket(seq, seq * 960L, t);
        }
        // A.1: seq 0 is the probation packet, the base is 1; 1..99 expected, 3 lost.
        assertThat(s.expected()).isEqualTo(99);
        assertThat(s.received()).isEqualTo(96);
        assertThat(s.cumulativeLost()).isEqualTo(3);
        assertThat(s.extendedHighestSequence()).isEqualTo(99);
        assertThat(s.jitter()).isEqualTo(0);

        byte[] b = new byte[64];
        assertThat(s.writeReportBlock(b, 0, t)).isEqualTo(24);
        assertThat(RtpHeader.u32(b, 0)).isEqualTo(0xABCD);
        assertThat(b[4] & 0xFF).isEqualTo((3 << 8) / 99); // A.3 fraction, 7
        assertThat(((b[5] & 0xFF) << 16) | ((b[6] & 0xFF) << 8) | (b[7] & 0xFF)).isEqualTo(3);
        assertThat(RtpHeader.u32(b, 8)).isEqualTo(99);

        for (int seq = 100; seq < 150; seq++, t += 20 * MS) {
            s.onPacket(seq, seq * 960L, t);
        }
        s.writeReportBlock(b, 0, t);
        assertThat(b[4]).isEqualTo((byte) 0); // no loss in the second interval
        assertThat(b[7]).isEqualTo((byte) 3); // cumulative stays
    }

    @Test
    void duplicatesMakeLossNegativeAndFractionZero() {
        ReceiveStatistics s = new ReceiveStatistics(1, 48000);
        for (int seq = 0; seq < 10; seq++) {
            s.onPacket(seq, seq * 960L, seq * 20 * MS);
        }
        s.onPacket(5, 5 * 960L, 200 * MS);
        assertThat(s.cumulativeLost()).isEqualTo(-1);
        byte[] b = new byte[24];
        s.writeReportBlock(b, 0, 0);
        assertThat(b[4]).isEqualTo((byte) 0);
        assertThat(b[5]).isEqualTo((byte) 0xFF); // -1 in 24 bits
        assertThat(b[7]).isEqualTo((byte) 0xFF);
    }

    @Test
    void sequenceWrapExtendsTheHighestSequence() {
        ReceiveStatistics s = new ReceiveStatistics(1, 48000);
        int seq = 65530;
        for (int i = 0; i < 10; i++, seq = (seq + 1) & 0xFFFF) {
            s.onPacket(seq, i * 960L, i * 20 * MS);
        }
        assertThat(s.extendedHighestSequence()).isEqualTo(65536 + 3);
        assertThat(s.cumulativeLost()).isEqualTo(0);
    }

    @Test
    void largeJumpNeedsTwoSequentialPacketsToResync() {
        ReceiveStatistics s = new ReceiveStatistics(1, 48000);
        for (int seq = 0; seq < 5; seq++) {
            s.onPacket(seq, 0, 0);
        }
        assertThat(s.onPacket(30000, 0, 0)).isFalse();
        assertThat(s.onPacket(30001, 0, 0)).isTrue(); // A.1: source restarted
        assertThat(s.extendedHighestSequence()).isEqualTo(30001);
        assertThat(s.expected()).isEqualTo(1);
    }

    @Test
    void interarrivalJitter() {
        ReceiveStatistics s = new ReceiveStatistics(1, 48000);
        s.onPacket(1000, 0, 0);             // probation
        s.onPacket(1001, 960, 20 * MS);     // first transit
        s.onPacket(1002, 1920, 40 * MS);    // D = 0
        assertThat(s.jitter()).isEqualTo(0);
        s.onPacket(1003, 2880, 70 * MS);    // 10 ms late: D = 480, J = 480/16 = 30
        assertThat(s.jitter()).isEqualTo(30);
        s.onPacket(1004, 3840, 80 * MS);    // on time again: D = 480, J = 30 + (480-30)/16 = 58.1
        assertThat(s.jitter()).isEqualTo(58);
    }

    @Test
    void senderReportWriteParseAndLsrDlsr() {
        SendStatistics send = new SendStatistics(0x01020304);
        for (int i = 0; i < 50; i++) {
            send.onPacketSent(80, i * 960L);
        }
        ReceiveStatistics recv = new ReceiveStatistics(0x0A0B0C0D, 48000);
        for (int seq = 0; seq < 10; seq++) {
            recv.onPacket(seq, seq * 960L, seq * 20 * MS);
        }
        long srArrival = 5_000 * MS;
        recv.onSenderReport(0x12345678, srArrival);
        long ntp = RtcpPackets.ntpFromUnixMillis(1_700_000_000_500L);
        byte[] b = new byte[200];
        int n = RtcpWriter.writeSenderReport(b, 4, send, ntp, 123456, new ReceiveStatistics[] {recv}, 1,
            srArrival + 1500 * MS);
        assertThat(n).isEqualTo(52);

        RtcpCompound it = new RtcpCompound().reset(b, 4, n);
        assertThat(it.next()).isTrue();
        assertThat(it.type()).isEqualTo(RtcpPackets.SR);
        assertThat(it.count()).isEqualTo(1);
        assertThat(it.length()).isEqualTo(52);
        assertThat(it.senderSsrc()).isEqualTo(0x01020304);
        assertThat(it.isCompleteSenderReport()).isTrue();
        int at = it.offset();
        assertThat(RtcpPackets.srNtpTimestamp(b, at)).isEqualTo(ntp);
        assertThat(RtcpPackets.srNtpMiddle32(b, at)).isEqualTo((int) (ntp >>> 16));
        assertThat(RtcpPackets.srRtpTimestamp(b, at)).isEqualTo(123456);
        assertThat(RtcpPackets.srPacketCount(b, at)).isEqualTo(50);
        assertThat(RtcpPackets.srOctetCount(b, at)).isEqualTo(4000);
        int block = at + RtcpPackets.SR_FIXED_LENGTH;
        assertThat(RtpHeader.u32(b, block)).isEqualTo(0x0A0B0C0DL);
        assertThat(RtpHeader.u32(b, block + 16)).isEqualTo(0x12345678L);     // LSR
        assertThat(RtpHeader.u32(b, block + 20)).isEqualTo(98304);           // DLSR 1.5 s * 65536
        assertThat(it.next()).isFalse();
        assertThat(it.malformed()).isFalse();
        assertThat(ntp >>> 32).isEqualTo(1_700_000_000L + 2_208_988_800L);
        assertThat((ntp & 0xFFFF_FFFFL)).isEqualTo(1L << 31); // .5 s
    }

    @Test
    void receiverReportAndCompoundIteration() {
        ReceiveStatistics a = new ReceiveStatistics(11, 48000);
        ReceiveStatistics c = new ReceiveStatistics(12, 48000);
        byte[] b = new byte[200];
        int n = RtcpWriter.writeReceiverReport(b, 0, 99, new ReceiveStatistics[] {a, c}, 2, 0);
        assertThat(n).isEqualTo(8 + 48);
        // append a BYE
        b[n] = (byte) 0x81; b[n + 1] = (byte) RtcpPackets.BYE; b[n + 3] = 1; b[n + 7] = 99;
        RtcpCompound it = new RtcpCompound().reset(b, 0, n + 8);
        assertThat(it.next()).isTrue();
        assertThat(it.type()).isEqualTo(RtcpPackets.RR);
        assertThat(it.count()).isEqualTo(2);
        assertThat(it.senderSsrc()).isEqualTo(99);
        assertThat(it.next()).isTrue();
        assertThat(it.type()).isEqualTo(RtcpPackets.BYE);
        assertThat(it.next()).isFalse();
        assertThat(it.malformed()).isFalse();

        // The BYE's length claims more than is there.
        b[n + 3] = 5;
        it.reset(b, 0, n + 8);
        assertThat(it.next()).isTrue();
        assertThat(it.next()).isFalse();
        assertThat(it.malformed()).isTrue();

        assertThat(RtcpWriter.writeReceiverReport(new byte[20], 0, 1, new ReceiveStatistics[] {a}, 1, 0)).isEqualTo(-1);
        assertThat(RtcpWriter.writeReceiverReport(b, 0, 1, new ReceiveStatistics[32], 32, 0)).isEqualTo(-1);
    }

    @Test
    void randomCompoundsAreBounded() {
        Random r = new Random(3);
        byte[] b = new byte[256];
        RtcpCompound it = new RtcpCompound();
        for (int i = 0; i < 20_000; i++) {
            r.nextBytes(b);
            for (int k = 0; k < b.length; k += 8) {
                if (r.nextInt(3) > 0) {
                    b[k] = (byte) (0x80 | (b[k] & 0x3F));
                    b[k + 2] = 0;
                    b[k + 3] = (byte) r.nextInt(8);
                }
            }
            int off = r.nextInt(30) - 3;
            int len = r.nextInt(280) - 10;
            it.reset(b, off, len);
            int packets = 0;
            while (it.next()) {
                packets++;
                assertThat(it.offset() + it.length()).isLessThanOrEqualTo(off + len);
                it.type();
                it.count();
                it.senderSsrc();
                if (it.isCompleteSenderReport()) {
                    RtcpPackets.srNtpMiddle32(b, it.offset());
                }
            }
            assertThat(packets).isLessThanOrEqualTo(Math.max(0, len) / 4);
        }
        assertThat(it.reset(null, 0, 10).next()).isFalse();
    }
}
