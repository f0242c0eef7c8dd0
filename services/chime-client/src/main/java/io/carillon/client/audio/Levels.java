package io.carillon.client.audio;

/** RFC 6464 levels: -dBov of a frame's RMS, 0..127. */
public final class Levels {

    private Levels() {
    }

    public static int of(short[] pcm, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        double rms = Math.sqrt(sum / Math.max(1, count)) / 32768.0;
        if (rms <= 0) {
            return 127;
        }
        int level = (int) Math.round(-20 * Math.log10(rms));
        return Math.max(0, Math.min(127, level));
    }
}
