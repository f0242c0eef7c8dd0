package io.carillon.client.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;

/** A steady sine tone, encoded live with concentus (for tests that look for it in the mix). */
public final class ToneSource implements AudioSource {

    static final int RATE = 48000;
    static final int FRAME = 960;

    private final double hertz;
    private final double amplitude;
    private final OpusEncoder encoder;
    private final short[] pcm = new short[FRAME];
    private long sample;
    private int level = 127;

    public ToneSource(double hertz, double amplitude) {
        this.hertz = hertz;
        this.amplitude = amplitude;
        try {
            encoder = new OpusEncoder(RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
            encoder.setBitrate(32000);
            encoder.setComplexity(2);
        } catch (OpusException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int nextFrame(byte[] out, int off) {
        for (int i = 0; i < FRAME; i++, sample++) {
            pcm[i] = (short) (amplitude * Short.MAX_VALUE * Math.sin(2 * Math.PI * hertz * sample / RATE));
        }
        level = Levels.of(pcm, FRAME);
        try {
            return encoder.encode(pcm, 0, FRAME, out, off, 1275);
        } catch (OpusException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int level() {
        return level;
    }
}
