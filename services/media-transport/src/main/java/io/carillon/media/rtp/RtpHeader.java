package io.carillon.media.rtp;

/**
 * Static readers/writers over byte[] for the RTP fixed header (RFC 3550 §5.1) and RFC 8285
 * header extensions. Offsets returned are relative to {@code off}. Readers other than
 * {@link #isValid}, {@link #payloadOffset}, {@link #payloadLength}, {@link #findExtension} and
 * {@link #audioLevel} assume a packet that passed {@link #isValid} (or at least 12 bytes).
 * Stateless; no allocation; never throws for malformed input in the checking methods.
 */
public final class RtpHeader {
    /** Fixed header length (RFC 3550 §5.1). */
    public static final int FIXED_LENGTH = 12;
    /** RFC 8285 §4.2 one-byte header profile. */
    static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** RFC 8285 §4.3 two-byte header profile 0x100 with 4 "appbits". */
    static final int TWO_BYTE_PROFILE = 0x1000;

    private RtpHeader() {
    }

    /** Version 2 and the length covers the fixed header, CSRCs, extension and padding. */
    public static boolean isValid(byte[] b, int off, int len) {
        return payloadLength(b, off, len) >= 0;
    }

    /**
     * Offset of the payload relative to {@code off}: after the CSRC list and the header extension;
     * -1 when not version 2 or the length does not cover them. Padding is not checked (it is
     * encrypted in SRTP), so this is also the SRTP header length.
     */
    public static int payloadOffset(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < FIXED_LENGTH || len > b.length - off) {
            return -1;
        }
        int first = b[off] & 0xFF;
        if ((first >>> 6) != 2) {
            return -1;
        }
        int pos = FIXED_LENGTH + 4 * (first & 0x0F); // CSRC count
        if ((first & 0x10) != 0) { // X bit: 16-bit profile, 16-bit length in words (§5.3.1)
            if (pos + 4 > len) {
                return -1;
            }
            pos += 4 + 4 * u16(b, off + pos + 2);
        }
        return pos <= len ? pos : -1;
    }

    /** Payload length without padding (RFC 3550 §5.1 P bit: last octet counts padding), or -1. */
    public static int payloadLength(byte[] b, int off, int len) {
        int start = payloadOffset(b, off, len);
        if (start < 0) {
            return -1;
        }
        int payload = len - start;
        if ((b[off] & 0x20) != 0) {
            int pad = b[off + len - 1] & 0xFF;
            if (payload == 0 || pad == 0 || pad > payload) {
                return -1;
            }
            payload -= pad;
        }
        return payload;
    }

    public static int payloadType(byte[] b, int off) {
        return b[off + 1] & 0x7F;
    }

    public static boolean marker(byte[] b, int off) {
        return (b[off + 1] & 0x80) != 0;
    }

    public static int sequenceNumber(byte[] b, int off) {
        return u16(b, off + 2);
    }

    public static long timestamp(byte[] b, int off) {
        return u32(b, off + 4);
    }

    public static int ssrc(byte[] b, int off) {
        return (int) u32(b, off + 8);
    }

    /**
     * Offset (relative to {@code off}) of the data of extension element {@code id}, or -1.
     * Handles the one-byte (0xBEDE, RFC 8285 §4.2) and two-byte (0x100X, §4.3) forms.
     */
    public static int findExtension(byte[] b, int off, int len, int id) {
        long found = locateExtension(b, off, len, id);
        return found < 0 ? -1 : (int) (found >>> 32);
    }

    /** Length in bytes of the data of extension element {@code id}, or -1 if absent. */
    public static int extensionLength(byte[] b, int off, int len, int id) {
        long found = locateExtension(b, off, len, id);
        return found < 0 ? -1 : (int) found;
    }

    /**
     * RFC 6464 client-to-mixer audio level: -1 if absent, else the level 0..127 (-dBov) with 0x80
     * set when the V (voice activity) bit is set.
     */
    public static int audioLevel(byte[] b, int off, int len, int extId) {
        int at = findExtension(b, off, len, extId);
        if (at < 0 || extensionLength(b, off, len, extId) < 1) {
            return -1;
        }
        return b[off + at] & 0xFF;
    }

    /** Writes a 12-byte header (V=2, no padding/extension/CSRC); returns 12. */
    public static int write(byte[] b, int off, int pt, boolean marker, int seq, long ts, int ssrc) {
        b[off] = (byte) 0x80;
        b[off + 1] = (byte) ((marker ? 0x80 : 0) | (pt & 0x7F));
        b[off + 2] = (byte) (seq >>> 8);
        b[off + 3] = (byte) seq;
        b[off + 4] = (byte) (ts >>> 24);
        b[off + 5] = (byte) (ts >>> 16);
        b[off + 6] = (byte) (ts >>> 8);
        b[off + 7] = (byte) ts;
        b[off + 8] = (byte) (ssrc >>> 24);
        b[off + 9] = (byte) (ssrc >>> 16);
        b[off + 10] = (byte) (ssrc >>> 8);
        b[off + 11] = (byte) ssrc;
        return FIXED_LENGTH;
    }

    /** (dataOffset << 32) | dataLength of element {@code id}, or -1. */
    private static long locateExtension(byte[] b, int off, int len, int id) {
        int end = payloadOffset(b, off, len);
        if (end < 0 || (b[off] & 0x10) == 0 || id <= 0) {
            return -1;
        }
        int ext = FIXED_LENGTH + 4 * (b[off] & 0x0F);
        int profile = u16(b, off + ext);
        int pos = ext + 4;
        if (profile == ONE_BYTE_PROFILE) {
            if (id > 14) {
                return -1;
            }
            while (pos < end) {
                int h = b[off + pos] & 0xFF;
                if (h == 0) { // padding (§4.2)
                    pos++;
                    continue;
                }
                int elementId = h >>> 4;
                if (elementId == 15) { // reserved: stop parsing (§4.2)
                    return -1;
                }
                int dataLen = (h & 0x0F) + 1;
                if (pos + 1 + dataLen > end) {
                    return -1;
                }
                if (elementId == id) {
                    return ((long) (pos + 1) << 32) | dataLen;
                }
                pos += 1 + dataLen;
            }
        } else if ((profile & 0xFFF0) == TWO_BYTE_PROFILE) {
            if (id > 255) {
                return -1;
            }
            while (pos < end) {
                int elementId = b[off + pos] & 0xFF;
                if (elementId == 0) { // padding (§4.3)
                    pos++;
                    continue;
                }
                if (pos + 2 > end) {
                    return -1;
                }
                int dataLen = b[off + pos + 1] & 0xFF;
                if (pos + 2 + dataLen > end) {
                    return -1;
                }
                if (elementId == id) {
                    return ((long) (pos + 2) << 32) | dataLen;
                }
                pos += 2 + dataLen;
            }
        }
        return -1;
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
