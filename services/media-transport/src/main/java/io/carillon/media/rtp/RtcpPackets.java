package io.carillon.media.rtp;

/**
 * RTCP constants, the rtcp-mux demultiplexing test and Sender Report field readers
 * (RFC 3550 §6.4.1, RFC 5761 §4). Stateless, allocation-free.
 */
public final class RtcpPackets {
    /** RFC 3550 §12.1 packet types. */
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    /** RFC 4585 feedback. */
    public static final int RTPFB = 205;
    public static final int PSFB = 206;

    /** SR: header 4 + SSRC 4 + sender info 20 (RFC 3550 §6.4.1). */
    public static final int SR_FIXED_LENGTH = 28;
    /** RR: header 4 + SSRC 4 (RFC 3550 §6.4.2). */
    public static final int RR_FIXED_LENGTH = 8;
    /** One report block (RFC 3550 §6.4.1). */
    public static final int REPORT_BLOCK_LENGTH = 24;

    private RtcpPackets() {
    }

    /**
     * rtcp-mux demultiplexing (RFC 5761 §4): the second byte of RTCP is its packet type 192..223
     * (RTP payload types 64..95 with the marker bit), so such a packet is RTCP, anything else RTP.
     */
    public static boolean isRtcp(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 2 || len > b.length - off) {
            return false;
        }
        int pt = b[off + 1] & 0xFF;
        return pt >= 192 && pt <= 223;
    }

    /** SR at {@code off}: the 64-bit NTP timestamp (§6.4.1). Caller checked the length >= 28. */
    public static long srNtpTimestamp(byte[] b, int off) {
        return (RtpHeader.u32(b, off + 8) << 32) | RtpHeader.u32(b, off + 12);
    }

    /** SR: the middle 32 bits of the NTP timestamp, echoed as LSR in report blocks (§6.4.1). */
    public static int srNtpMiddle32(byte[] b, int off) {
        return (int) (srNtpTimestamp(b, off) >>> 16);
    }

    public static long srRtpTimestamp(byte[] b, int off) {
        return RtpHeader.u32(b, off + 16);
    }

    public static long srPacketCount(byte[] b, int off) {
        return RtpHeader.u32(b, off + 20);
    }

    public static long srOctetCount(byte[] b, int off) {
        return RtpHeader.u32(b, off + 24);
    }

    /** NTP 64-bit timestamp (seconds since 1900 . fraction) for a Unix time in milliseconds. */
    public static long ntpFromUnixMillis(long unixMillis) {
        long seconds = Math.floorDiv(unixMillis, 1000) + 2_208_988_800L; // 1900 to 1970
        long millis = Math.floorMod(unixMillis, 1000);
        return (seconds << 32) | ((millis << 32) / 1000);
    }
}
