package io.carillon.media.rtp;

/**
 * Reusable iterator over the packets of a compound RTCP packet (RFC 3550 §6.1), bounded
 * against malformed input: iteration stops at the first packet that is not version 2 or whose
 * length field runs past the end, and {@link #malformed()} then reports it.
 *
 * <pre>
 * it.reset(buf, off, len);
 * while (it.next()) { switch (it.type()) { ... } }
 * </pre>
 *
 * Not thread-safe; reuse one instance per event loop to avoid allocation.
 */
public final class RtcpCompound {
    private byte[] buf;
    private int pos;
    private int end;
    private int packetOffset;
    private int packetLength;
    private boolean malformed;

    public RtcpCompound reset(byte[] b, int off, int len) {
        this.buf = b;
        boolean ok = b != null && off >= 0 && len >= 0 && len <= b.length - off;
        this.pos = ok ? off : 0;
        this.end = ok ? off + len : 0;
        this.malformed = !ok;
        this.packetOffset = -1;
        this.packetLength = 0;
        return this;
    }

    /** Advances to the next packet; false at the end or on malformed input. */
    public boolean next() {
        if (malformed || pos >= end) {
            return false;
        }
        if (end - pos < 4 || (buf[pos] & 0xC0) != 0x80) {
            malformed = true;
            return false;
        }
        int bytes = (RtpHeader.u16(buf, pos + 2) + 1) * 4; // length in 32-bit words minus one
        if (bytes > end - pos) {
            malformed = true;
            return false;
        }
        packetOffset = pos;
        packetLength = bytes;
        pos += bytes;
        return true;
    }

    /** True if iteration stopped on a malformed packet. */
    public boolean malformed() {
        return malformed;
    }

    /** Absolute offset of the current packet in the buffer. */
    public int offset() {
        return packetOffset;
    }

    /** Length in bytes of the current packet, header included. */
    public int length() {
        return packetLength;
    }

    /** Packet type (200 SR, 201 RR, ...). */
    public int type() {
        return buf[packetOffset + 1] & 0xFF;
    }

    /** The 5-bit count field (report count, source count or feedback format). */
    public int count() {
        return buf[packetOffset] & 0x1F;
    }

    /** SSRC of the packet sender (the word after the header), or 0 if the packet is too short. */
    public int senderSsrc() {
        return packetLength >= 8 ? (int) RtpHeader.u32(buf, packetOffset + 4) : 0;
    }

    /** True if the current packet is an SR long enough for its sender info and report blocks. */
    public boolean isCompleteSenderReport() {
        return type() == RtcpPackets.SR
            && packetLength >= RtcpPackets.SR_FIXED_LENGTH + count() * RtcpPackets.REPORT_BLOCK_LENGTH;
    }
}
