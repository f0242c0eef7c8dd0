package io.carillon.media.transport;

/** RFC 7983 §7: what a datagram on the one media port is, from its first byte. */
public enum PacketKind {
    STUN, DTLS, RTP_OR_RTCP, OTHER;

    public static PacketKind of(int firstByte) {
        if (firstByte <= 3) {
            return STUN;
        }
        if (firstByte >= 20 && firstByte <= 63) {
            return DTLS;
        }
        if (firstByte >= 128 && firstByte <= 191) {
            return RTP_OR_RTCP;
        }
        return OTHER; // ZRTP 16-19, TURN channels 64-79: not ours
    }

    /** RFC 5761 §4: with rtcp-mux, packet types 192-223 (payload types 64-95 with the marker bit) are RTCP. */
    public static boolean isRtcp(byte[] b, int off, int len) {
        return len >= 2 && (b[off + 1] & 0xff) >= 192 && (b[off + 1] & 0xff) <= 223;
    }
}
