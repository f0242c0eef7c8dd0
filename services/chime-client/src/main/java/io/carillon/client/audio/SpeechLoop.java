package io.carillon.client.audio;

import java.util.Random;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;

/**
 * Speech-like audio for load: a few seconds of voiced syllables (a harmonic series on a gliding
 * pitch, 150-300 ms syllables, short pauses) encoded once; each speaker plays the loop from its own
 * offset, so the load generator spends no CPU on encoding.
 */
public final class SpeechLoop {

    static final int RATE = 48000;
    static final int FRAME = 960;

    private final byte[][] frames;
    private final int[] levels;

    private SpeechLoop(byte[][] frames, int[] levels) {
        this.frames = frames;
        this.levels = levels;
    }

    public static SpeechLoop generate(int seconds, long seed) {
        Random random = new Random(seed);
        int count = seconds * 50;
        byte[][] frames = new byte[count][];
        int[] levels = new int[count];
        short[] pcm = new short[FRAME];
        byte[] packet = new byte[1275];
        try {
            OpusEncoder encoder = new OpusEncoder(RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
            encoder.setBitrate(32000);
            encoder.setComplexity(5);
            double phase = 0;
            int syllableLeft = 0;
            int syllableLength = 1;
            boolean voiced = false;
            double pitch = 150;
            long n = 0;
            for (int f = 0; f < count; f++) {
                for (int i = 0; i < FRAME; i++, n++) {
                    if (syllableLeft-- <= 0) {
                        voiced = !voiced || random.nextInt(4) == 0;
                        syllableLength = (voiced ? 150 + random.nextInt(150) : 40 + random.nextInt(120)) * RATE / 1000;
                        syllableLeft = syllableLength;
                        pitch = 110 + random.nextInt(120);
                    }
                    double value = 0;
                    if (voiced) {
                        double progress = 1.0 - (double) syllableLeft / syllableLength;
                        double envelope = Math.sin(Math.PI * progress);
                        phase += 2 * Math.PI * pitch * (1 + 0.1 * progress) / RATE;
                        for (int h = 1; h <= 8; h++) {
                            value += Math.sin(h * phase) / h;
                        }
                        value = 0.25 * envelope * value + 0.01 * random.nextGaussian() * envelope;
                    }
                    pcm[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, value * Short.MAX_VALUE));
                }
                levels[f] = Levels.of(pcm, FRAME);
                int length = encoder.encode(pcm, 0, FRAME, packet, 0, packet.length);
                frames[f] = java.util.Arrays.copyOf(packet, length);
            }
        } catch (OpusException e) {
            throw new IllegalStateException(e);
        }
        return new SpeechLoop(frames, levels);
    }

    /** A speaker playing this loop from {@code offset} frames in. */
    public AudioSource speaker(int offset) {
        return new AudioSource() {
            private int next = Math.floorMod(offset, frames.length);
            private int level = 127;

            @Override
            public int nextFrame(byte[] out, int off) {
                byte[] frame = frames[next];
                level = levels[next];
                next = (next + 1) % frames.length;
                System.arraycopy(frame, 0, out, off, frame.length);
                return frame.length;
            }

            @Override
            public int level() {
                return level;
            }
        };
    }
}
