package io.carillon.client.audio;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;

/**
 * Decodes what the client receives and keeps the last second of it, to tell which tones are in the
 * mix (Goertzel). Only tests decode; the load generator just counts packets.
 */
public final class AudioReceiver {

    static final int RATE = 48000;

    private final OpusDecoder decoder;
    private final short[] frame = new short[5760];
    private final short[] lastSecond = new short[RATE];
    private int write;
    private long frames;

    public AudioReceiver() {
        try {
            decoder = new OpusDecoder(RATE, 1);
        } catch (OpusException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized void onOpus(byte[] b, int off, int len) {
        try {
            int samples = decoder.decode(b, off, len, frame, 0, 960, false);
            for (int i = 0; i < samples; i++) {
                lastSecond[write] = frame[i];
                write = (write + 1) % lastSecond.length;
            }
            frames++;
        } catch (OpusException e) {
            // a frame we cannot decode counts as nothing heard
        }
    }

    public synchronized long frames() {
        return frames;
    }

    /** The magnitude of {@code hertz} in the last second, relative to full scale (0..~0.5). */
    public synchronized double toneMagnitude(double hertz) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hertz / RATE);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < lastSecond.length; i++) {
            double sample = lastSecond[(write + i) % lastSecond.length] / 32768.0;
            double s0 = sample + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return Math.sqrt(Math.max(0, power)) / (lastSecond.length / 2.0);
    }
}
