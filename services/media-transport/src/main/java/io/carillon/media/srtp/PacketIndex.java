package io.carillon.media.srtp;

/**
 * SRTP packet index estimation and the replay window (RFC 3711 §3.3.1, §3.3.2, Appendix A).
 * Indices are 48-bit: ROC (32 bits) || SEQ (16 bits). Pure functions, no state.
 */
final class PacketIndex {
    /** Replay window size in packets (RFC 3711 §3.3.2 minimum is 64). */
    static final int WINDOW = 64;

    private PacketIndex() {
    }

    /**
     * The index of a packet with sequence number {@code seq} given the highest index so far
     * ({@code -1}: none, then ROC = 0). Returns -1 when the guess would need ROC = -1 or
     * overflow the 32-bit ROC. Follows RFC 3711 Appendix A.
     */
    static long estimate(long highest, int seq) {
        if (highest < 0) {
            return seq;
        }
        long roc = highest >>> 16;
        int sl = (int) (highest & 0xFFFF);
        long v;
        if (sl < 32768) {
            v = (seq - sl > 32768) ? roc - 1 : roc;
        } else {
            v = (sl - 32768 > seq) ? roc + 1 : roc;
        }
        if (v < 0 || v > 0xFFFF_FFFFL) {
            return -1;
        }
        return (v << 16) | seq;
    }

    /** True if {@code index} was already seen or is older than the window. */
    static boolean isReplay(long highest, long window, long index) {
        if (highest < 0 || index > highest) {
            return false;
        }
        long age = highest - index;
        return age >= WINDOW || (window & (1L << age)) != 0;
    }

    /** The window after accepting {@code index}; bit k marks index (highest - k). */
    static long updateWindow(long highest, long window, long index) {
        if (highest < 0) {
            return 1L;
        }
        if (index > highest) {
            long shift = index - highest;
            return shift >= WINDOW ? 1L : (window << shift) | 1L;
        }
        return window | (1L << (highest - index));
    }
}
