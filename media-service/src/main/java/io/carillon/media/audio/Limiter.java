package io.carillon.media.audio;

/**
 * Brings an int sum of several voices back into 16-bit range by smooth gain reduction rather than wrap-around.
 *
 * <p>Per 20 ms block: the gain needed to keep the block's peak under {@link #CEILING} is reached within the first
 * {@link #ATTACK_SAMPLES} (2 ms) of the block, and recovers towards unity with a ~400 ms release. A final saturation
 * guards the short attack ramp, so the output never changes sign relative to the input. One instance per output
 * stream (it carries the gain across blocks). Not thread-safe: it lives on the meeting's event loop.
 */
final class Limiter {
    /** About -1 dBFS: leaves the codec headroom. */
    static final int CEILING = 29200;
    static final int ATTACK_SAMPLES = 96;
    /** Fraction of the remaining distance to unity recovered per 20 ms block (time constant ~400 ms). */
    static final float RELEASE = 0.05f;

    private float gain = 1f;

    void reset() {
        gain = 1f;
    }

    float gain() {
        return gain;
    }

    void process(int[] in, short[] out, int n) {
        int peak = 0;
        for (int i = 0; i < n; i++) {
            int a = Math.abs(in[i]);
            if (a > peak) {
                peak = a;
            }
        }
        if (gain >= 1f && peak <= CEILING) {
            for (int i = 0; i < n; i++) {
                out[i] = (short) in[i];
            }
            return;
        }
        float needed = peak > CEILING ? (float) CEILING / peak : 1f;
        float released = gain + (1f - gain) * RELEASE;
        float end = Math.min(needed, released);
        int ramp = end < gain ? Math.min(ATTACK_SAMPLES, n) : n;
        float step = (end - gain) / ramp;
        float g = gain;
        for (int i = 0; i < n; i++) {
            if (i < ramp) {
                g += step;
            } else {
                g = end;
            }
            int v = (int) (in[i] * g);
            if (v > Short.MAX_VALUE) {
                v = Short.MAX_VALUE;
            } else if (v < Short.MIN_VALUE) {
                v = Short.MIN_VALUE;
            }
            out[i] = (short) v;
        }
        gain = end;
    }
}
