package io.carillon.media.audio;

/**
 * Allocation-free RFC 2198 (RED) unpacking, as a reusable cursor.
 *
 * <pre>{@code
 * RedPayload red = new RedPayload();            // one per session, reused for every packet
 * if (red.parse(buf, off, len)) {
 *   while (red.next()) {                         // redundant blocks first, primary last
 *     if (red.payloadType() == opusPt) {
 *       mixer.onFrame(p, red.timestamp(rtpTs), level, buf, red.offset(), red.length());
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Header of a redundant block: F=1 (1 bit), block PT (7), timestamp offset (14), block length (10); the primary
 * header is one byte with F=0. Parsing is bounded: at most {@link #MAX_BLOCKS} blocks, every block must lie inside
 * the packet, and any violation rejects the whole packet ({@link #parse} returns false, no blocks). Empty blocks are
 * reported with length 0 and are the caller's to skip. Not thread-safe.
 */
public final class RedPayload {
    /** Senders use one or two redundant blocks; anything beyond this is treated as malformed. */
    public static final int MAX_BLOCKS = 16;

    private final int[] payloadTypes = new int[MAX_BLOCKS];
    private final int[] timestampOffsets = new int[MAX_BLOCKS];
    private final int[] offsets = new int[MAX_BLOCKS];
    private final int[] lengths = new int[MAX_BLOCKS];
    private int count;
    private int cursor = -1;

    /** Parses one RED payload (the RTP payload, after the RTP header). Returns false if malformed. */
    public boolean parse(byte[] packet, int off, int len) {
        count = 0;
        cursor = -1;
        if (packet == null || off < 0 || len <= 0 || off > packet.length - len) {
            return false;
        }
        int end = off + len;
        int pos = off;
        int n = 0;
        while (true) {
            if (pos >= end || n >= MAX_BLOCKS) {
                return false;
            }
            int b = packet[pos] & 0xFF;
            if ((b & 0x80) == 0) {
                payloadTypes[n] = b & 0x7F;
                timestampOffsets[n] = 0;
                pos++;
                n++;
                break;
            }
            if (pos + 4 > end) {
                return false;
            }
            int b1 = packet[pos + 1] & 0xFF;
            int b2 = packet[pos + 2] & 0xFF;
            int b3 = packet[pos + 3] & 0xFF;
            payloadTypes[n] = b & 0x7F;
            timestampOffsets[n] = (b1 << 6) | (b2 >>> 2);
            lengths[n] = ((b2 & 0x03) << 8) | b3;
            pos += 4;
            n++;
        }
        int data = pos;
        for (int i = 0; i < n - 1; i++) {
            if (lengths[i] > end - data) {
                return false;
            }
            offsets[i] = data;
            data += lengths[i];
        }
        offsets[n - 1] = data;
        lengths[n - 1] = end - data;
        count = n;
        return true;
    }

    /** Blocks found by the last successful parse (0 after a failed one). */
    public int blockCount() {
        return count;
    }

    /** Moves to the next block; false when none is left. */
    public boolean next() {
        if (cursor + 1 >= count) {
            cursor = count;
            return false;
        }
        cursor++;
        return true;
    }

    /** Restarts iteration over the parsed blocks. */
    public void rewind() {
        cursor = -1;
    }

    public int payloadType() {
        return payloadTypes[checked()];
    }

    /** Timestamp offset (0..16383) to subtract from the packet's RTP timestamp; 0 for the primary. */
    public int timestampOffset() {
        return timestampOffsets[checked()];
    }

    /** Offset of the block's data in the array given to {@link #parse}. */
    public int offset() {
        return offsets[checked()];
    }

    public int length() {
        return lengths[checked()];
    }

    public boolean isPrimary() {
        return checked() == count - 1;
    }

    /** The block's RTP timestamp (unsigned 32-bit) given the packet's RTP timestamp. */
    public long timestamp(long packetTimestamp) {
        return (packetTimestamp - timestampOffsets[checked()]) & 0xFFFFFFFFL;
    }

    private int checked() {
        if (cursor < 0 || cursor >= count) {
            throw new IllegalStateException("no current block");
        }
        return cursor;
    }
}
