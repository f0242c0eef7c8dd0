package io.carillon.media.srtp;

import java.util.Arrays;

/**
 * Per-SSRC SRTP/SRTCP state of one direction, in a small bounded open-addressing table keyed by
 * int SSRC (no boxing). State lives in parallel arrays indexed by slot:
 * the highest packet index seen or sent (48-bit SRTP index, RFC 3711 §3.3.1; 31-bit SRTCP index,
 * §3.4) and the 64-packet replay bitmask (§3.3.2). A highest index of -1 means none yet.
 *
 * <p>At most {@link #MAX_STREAMS} SSRCs; further SSRCs are refused. No removal: a session is
 * short-lived. Not thread-safe: one event loop owns a session.
 */
final class SrtpStreams {
    static final int MAX_STREAMS = 64;
    private static final int CAPACITY = 128; // power of two, load factor <= 0.5

    private final int[] ssrcs = new int[CAPACITY];
    private final boolean[] used = new boolean[CAPACITY];
    private int size;

    final long[] rtpHighest = new long[CAPACITY];
    final long[] rtpWindow = new long[CAPACITY];
    final long[] rtcpHighest = new long[CAPACITY];
    final long[] rtcpWindow = new long[CAPACITY];

    SrtpStreams() {
        Arrays.fill(rtpHighest, -1);
        Arrays.fill(rtcpHighest, -1);
    }

    /** Slot of {@code ssrc}, or -1 if unknown. */
    int find(int ssrc) {
        int i = hash(ssrc);
        while (used[i]) {
            if (ssrcs[i] == ssrc) {
                return i;
            }
            i = (i + 1) & (CAPACITY - 1);
        }
        return -1;
    }

    /** Slot of {@code ssrc}, adding it if new; -1 if the table is full. */
    int findOrAdd(int ssrc) {
        int i = hash(ssrc);
        while (used[i]) {
            if (ssrcs[i] == ssrc) {
                return i;
            }
            i = (i + 1) & (CAPACITY - 1);
        }
        if (size >= MAX_STREAMS) {
            return -1;
        }
        used[i] = true;
        ssrcs[i] = ssrc;
        size++;
        return i;
    }

    int size() {
        return size;
    }

    private static int hash(int ssrc) {
        int h = ssrc * 0x9E3779B9; // Fibonacci hashing; SSRCs are random but cheap to mix anyway
        return (h ^ (h >>> 16)) & (CAPACITY - 1);
    }
}
