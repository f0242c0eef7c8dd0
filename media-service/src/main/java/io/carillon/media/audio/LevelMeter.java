package io.carillon.media.audio;

/**
 * Smoothed RFC 6464 audio level of one sender, in dB below overload (0 loudest .. 127 silence). Fast attack
 * (a new talker shows up within a couple of frames), slow release (time constant ~12 frames = 240 ms) so brief
 * pauses between words do not register as silence.
 */
final class LevelMeter {
    static final float ATTACK = 0.4f;
    static final float RELEASE = 0.08f;

    private float smoothed = 127f;

    /** @param level 0..127 for this 20 ms tick; 127 when nothing was received */
    void update(int level) {
        float a = level < smoothed ? ATTACK : RELEASE;
        smoothed += (level - smoothed) * a;
    }

    float smoothed() {
        return smoothed;
    }

    int dbov() {
        int v = Math.round(smoothed);
        return v >= 126 ? 127 : Math.max(0, v);
    }

    /** Normalises the RFC 6464 value: -1 (unknown) counts as loud, out-of-range values are clamped. */
    static int normalise(int audioLevel) {
        if (audioLevel < 0) {
            return 0;
        }
        return Math.min(127, audioLevel);
    }
}
