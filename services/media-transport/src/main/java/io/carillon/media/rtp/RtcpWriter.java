package io.carillon.media.rtp;

/**
 * Writers for Sender and Receiver Reports (RFC 3550 §6.4.1, §6.4.2) into a caller's byte[].
 * Each returns the number of bytes written, or -1 if the buffer is too small or more than 31
 * report blocks are asked for. Allocation-free; closes each block's loss interval (A.3).
 */
public final class RtcpWriter {
    /** The 5-bit report count (RFC 3550 §6.4.1). */
    public static final int MAX_REPORT_BLOCKS = 31;

    private RtcpWriter() {
    }

    /**
     * Sender Report for {@code sender}, with report blocks for {@code blocks[0..blockCount)}.
     *
     * @param ntpTimestamp 64-bit NTP time of this report (see {@link RtcpPackets#ntpFromUnixMillis})
     * @param rtpTimestamp the same instant in the sender's RTP clock
     */
    public static int writeSenderReport(byte[] b, int off, SendStatistics sender, long ntpTimestamp,
                                        long rtpTimestamp, ReceiveStatistics[] blocks, int blockCount,
                                        long nowNanos) {
        int length = RtcpPackets.SR_FIXED_LENGTH + blockCount * RtcpPackets.REPORT_BLOCK_LENGTH;
        if (!fits(b, off, length, blocks, blockCount)) {
            return -1;
        }
        header(b, off, RtcpPackets.SR, blockCount, length);
        putInt(b, off + 4, sender.ssrc());
        putInt(b, off + 8, (int) (ntpTimestamp >>> 32));
        putInt(b, off + 12, (int) ntpTimestamp);
        putInt(b, off + 16, (int) rtpTimestamp);
        putInt(b, off + 20, (int) sender.packetCount());
        putInt(b, off + 24, (int) sender.octetCount());
        int pos = off + RtcpPackets.SR_FIXED_LENGTH;
        for (int i = 0; i < blockCount; i++) {
            pos += blocks[i].writeReportBlock(b, pos, nowNanos);
        }
        return length;
    }

    /** Receiver Report from {@code reporterSsrc} with report blocks for {@code blocks[0..blockCount)}. */
    public static int writeReceiverReport(byte[] b, int off, int reporterSsrc, ReceiveStatistics[] blocks,
                                          int blockCount, long nowNanos) {
        int length = RtcpPackets.RR_FIXED_LENGTH + blockCount * RtcpPackets.REPORT_BLOCK_LENGTH;
        if (!fits(b, off, length, blocks, blockCount)) {
            return -1;
        }
        header(b, off, RtcpPackets.RR, blockCount, length);
        putInt(b, off + 4, reporterSsrc);
        int pos = off + RtcpPackets.RR_FIXED_LENGTH;
        for (int i = 0; i < blockCount; i++) {
            pos += blocks[i].writeReportBlock(b, pos, nowNanos);
        }
        return length;
    }

    private static boolean fits(byte[] b, int off, int length, ReceiveStatistics[] blocks, int blockCount) {
        return b != null && off >= 0 && blockCount >= 0 && blockCount <= MAX_REPORT_BLOCKS
            && (blockCount == 0 || (blocks != null && blocks.length >= blockCount))
            && length <= b.length - off;
    }

    /** V=2, P=0, count, type, length in 32-bit words minus one (RFC 3550 §6.4.1). */
    private static void header(byte[] b, int off, int type, int count, int lengthBytes) {
        b[off] = (byte) (0x80 | count);
        b[off + 1] = (byte) type;
        int words = lengthBytes / 4 - 1;
        b[off + 2] = (byte) (words >>> 8);
        b[off + 3] = (byte) words;
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
