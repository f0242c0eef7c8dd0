package io.carillon.media.ice;

import static io.carillon.media.ice.StunConstants.*;

/** Writes STUN headers and plain attributes (RFC 8489 §5, §14) into a caller's buffer. */
final class StunWriter {
    private StunWriter() {}

    /** Header with length 0; returns the offset just after it. */
    static int header(byte[] out, int off, int type, byte[] tid, int tidOff) {
        put16(out, off, type);
        put16(out, off + 2, 0);
        put32(out, off + 4, MAGIC_COOKIE);
        System.arraycopy(tid, tidOff, out, off + 8, TRANSACTION_ID_LENGTH);
        return off + HEADER;
    }

    /** Attribute with value and zero padding to 4 bytes (RFC 8489 §14); returns the new end. */
    static int attribute(byte[] out, int p, int type, byte[] v, int vOff, int vLen) {
        put16(out, p, type);
        put16(out, p + 2, vLen);
        System.arraycopy(v, vOff, out, p + 4, vLen);
        int end = p + 4 + vLen;
        int padded = p + 4 + ((vLen + 3) & ~3);
        while (end < padded) {
            out[end++] = 0;
        }
        return padded;
    }

    static int attribute32(byte[] out, int p, int type, int v) {
        put16(out, p, type);
        put16(out, p + 2, 4);
        put32(out, p + 4, v);
        return p + 8;
    }

    static int attribute64(byte[] out, int p, int type, long v) {
        put16(out, p, type);
        put16(out, p + 2, 8);
        put32(out, p + 4, (int) (v >>> 32));
        put32(out, p + 8, (int) v);
        return p + 12;
    }

    static int emptyAttribute(byte[] out, int p, int type) {
        put16(out, p, type);
        put16(out, p + 2, 0);
        return p + 4;
    }

    /** ERROR-CODE (RFC 8489 §14.8): class = code / 100, number = code % 100, then an ASCII reason. */
    static int errorCode(byte[] out, int p, int code, String reason) {
        int n = reason.length();
        put16(out, p, ATTR_ERROR_CODE);
        put16(out, p + 2, 4 + n);
        out[p + 4] = 0;
        out[p + 5] = 0;
        out[p + 6] = (byte) (code / 100);
        out[p + 7] = (byte) (code % 100);
        for (int i = 0; i < n; i++) {
            out[p + 8 + i] = (byte) reason.charAt(i);
        }
        int end = p + 8 + n;
        int padded = p + 4 + ((4 + n + 3) & ~3);
        while (end < padded) {
            out[end++] = 0;
        }
        return padded;
    }

    static void setBodyLength(byte[] out, int msgOff, int end) {
        put16(out, msgOff + 2, end - msgOff - HEADER);
    }
}
