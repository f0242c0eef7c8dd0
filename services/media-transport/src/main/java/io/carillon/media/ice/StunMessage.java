package io.carillon.media.ice;

import static io.carillon.media.ice.StunConstants.*;

/**
 * A reusable, allocation-free view of one STUN message (RFC 8489 §5, §14): {@link #parse} walks the
 * attributes once, checks every attribute length against the message, and records where the
 * attributes ICE cares about start (offset of the attribute header, or -1 when absent).
 *
 * <p>Not thread-safe: one instance per event loop / agent, refilled per packet.
 */
final class StunMessage {
    byte[] buf;
    int off;
    /** Whole message length including the 20-byte header. */
    int length;
    int type;

    int username = -1;
    int messageIntegrity = -1;
    int fingerprint = -1;
    int priority = -1;
    int useCandidate = -1;
    int iceControlling = -1;
    int iceControlled = -1;
    int xorMappedAddress = -1;
    int errorCode = -1;
    /** Comprehension-required attribute types we do not understand (RFC 8489 §15: 0x0000-0x7FFF). */
    final int[] unknown = new int[4];
    int unknownCount;

    /** Cheap RFC 7983 / RFC 8489 §5 test: first two bits zero, magic cookie, length consistent. */
    static boolean looksLikeStun(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < HEADER || off > b.length - len) {
            return false;
        }
        if ((b[off] & 0xFF) > 3) { // RFC 7983 §7: first byte 0..3 is STUN
            return false;
        }
        int msgLen = u16(b, off + 2);
        return (msgLen & 3) == 0 && msgLen + HEADER == len && i32(b, off + 4) == MAGIC_COOKIE;
    }

    /**
     * Parses {@code len} bytes as one STUN message. Returns false for anything malformed: not STUN,
     * an attribute running past the end, or attributes after FINGERPRINT (RFC 8489 §14.7: it is last).
     * Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored (RFC 8489 §14.5).
     */
    boolean parse(byte[] b, int off, int len) {
        reset();
        if (!looksLikeStun(b, off, len)) {
            return false;
        }
        this.buf = b;
        this.off = off;
        this.length = len;
        this.type = u16(b, off);
        int end = off + len;
        int p = off + HEADER;
        while (p < end) {
            if (fingerprint >= 0) {
                return false; // RFC 8489 §14.7: FINGERPRINT must be the last attribute
            }
            if (end - p < 4) {
                return false;
            }
            int at = u16(b, p);
            int alen = u16(b, p + 2);
            int padded = (alen + 3) & ~3; // RFC 8489 §14: values padded to 4 bytes
            if (padded > end - p - 4) {
                return false;
            }
            if (messageIntegrity >= 0 && at != ATTR_FINGERPRINT) {
                p += 4 + padded; // RFC 8489 §14.5: ignored after MESSAGE-INTEGRITY
                continue;
            }
            if (!record(at, alen, p)) {
                return false;
            }
            p += 4 + padded;
        }
        return true;
    }

    private boolean record(int at, int alen, int p) {
        switch (at) {
            case ATTR_USERNAME -> {
                if (alen == 0 || alen > MAX_USERNAME) return false;
                if (username < 0) username = p;
            }
            case ATTR_MESSAGE_INTEGRITY -> {
                if (alen != MI_LENGTH) return false;
                messageIntegrity = p;
            }
            case ATTR_FINGERPRINT -> {
                if (alen != 4) return false;
                fingerprint = p;
            }
            case ATTR_PRIORITY -> {
                if (alen != 4) return false;
                if (priority < 0) priority = p;
            }
            case ATTR_USE_CANDIDATE -> {
                if (alen != 0) return false;
                useCandidate = p;
            }
            case ATTR_ICE_CONTROLLING -> {
                if (alen != 8) return false;
                if (iceControlling < 0) iceControlling = p;
            }
            case ATTR_ICE_CONTROLLED -> {
                if (alen != 8) return false;
                if (iceControlled < 0) iceControlled = p;
            }
            case ATTR_XOR_MAPPED_ADDRESS -> {
                if (alen != 8 && alen != 20) return false;
                if (xorMappedAddress < 0) xorMappedAddress = p;
            }
            case ATTR_ERROR_CODE -> {
                if (alen < 4) return false;
                if (errorCode < 0) errorCode = p;
            }
            case ATTR_MAPPED_ADDRESS, ATTR_UNKNOWN_ATTRIBUTES, ATTR_REALM, ATTR_NONCE,
                    ATTR_MESSAGE_INTEGRITY_SHA256, ATTR_PASSWORD_ALGORITHM, ATTR_USERHASH -> {
                // understood well enough to be ignored by an ICE-lite agent
            }
            default -> {
                if (at < 0x8000 && unknownCount < unknown.length) {
                    unknown[unknownCount++] = at;
                }
            }
        }
        return true;
    }

    /** Offset of an attribute's value given the offset of its header. */
    static int value(int attr) {
        return attr + 4;
    }

    int attrLength(int attr) {
        return u16(buf, attr + 2);
    }

    int transactionIdOffset() {
        return off + 8;
    }

    private void reset() {
        buf = null;
        off = 0;
        length = 0;
        type = -1;
        username = messageIntegrity = fingerprint = priority = useCandidate = -1;
        iceControlling = iceControlled = xorMappedAddress = errorCode = -1;
        unknownCount = 0;
    }
}
