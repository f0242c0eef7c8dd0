package io.carillon.media.rtp;

/**
 * Counts for the sender info of our Sender Reports (RFC 3550 §6.4.1): packets and payload octets
 * sent on one SSRC, both wrapping at 32 bits on the wire. Not thread-safe.
 */
public final class SendStatistics {
    private final int ssrc;
    private long packetCount;
    private long octetCount;
    private long lastRtpTimestamp = -1;

    public SendStatistics(int ssrc) {
        this.ssrc = ssrc;
    }

    /** Records one sent RTP packet with {@code payloadLength} payload octets (no header, no padding). */
    public void onPacketSent(int payloadLength, long rtpTimestamp) {
        packetCount++;
        octetCount += payloadLength;
        lastRtpTimestamp = rtpTimestamp;
    }

    public int ssrc() {
        return ssrc;
    }

    public long packetCount() {
        return packetCount & 0xFFFF_FFFFL;
    }

    public long octetCount() {
        return octetCount & 0xFFFF_FFFFL;
    }

    /** RTP timestamp of the last packet sent, or -1 if none. */
    public long lastRtpTimestamp() {
        return lastRtpTimestamp;
    }

    /** True once at least one packet went out (an SR is only sent by active senders, §6.4). */
    public boolean hasSent() {
        return packetCount > 0;
    }
}
