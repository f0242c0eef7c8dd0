package io.carillon.media.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.util.Arrays;

/** Test helpers: a tone sender that really encodes Opus, a listener that decodes what it receives, Goertzel. */
final class TestAudio {
    static final int FRAME = 960;

    private TestAudio() {
    }

    /** Encodes a sine tone frame by frame, like a client would. */
    static final class ToneSender {
        final OpusEncoder encoder;
        final double hz;
        final int amplitude;
        long sample;
        final short[] pcm = new short[FRAME];
        final byte[] out = new byte[1275];

        ToneSender(double hz, int amplitude, OpusApplication app) {
            try {
                encoder = new OpusEncoder(48000, 1, app);
            } catch (OpusException e) {
                throw new IllegalStateException(e);
            }
            encoder.setBitrate(32000);
            encoder.setUseInbandFEC(true);
            encoder.setPacketLossPercent(10);
            encoder.setComplexity(5);
            this.hz = hz;
            this.amplitude = amplitude;
        }

        ToneSender(double hz) {
            this(hz, 8000, OpusApplication.OPUS_APPLICATION_VOIP);
        }

        /** Next encoded 20 ms frame (a fresh copy). */
        byte[] next() {
            for (int i = 0; i < FRAME; i++) {
                pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * (sample + i) / 48000.0));
            }
            sample += FRAME;
            try {
                int len = encoder.encode(pcm, 0, FRAME, out, 0, out.length);
                return Arrays.copyOf(out, len);
            } catch (OpusException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Speech-like test signal, encoded like a browser would (Opus VOIP 32 kbps, complexity 9, in-band FEC): a
     * harmonic series on a gliding pitch (declining intonation per phrase, rise and fall within each syllable),
     * shaped by three formants that change per syllable, syllable envelopes of 120-300 ms, a breath of noise at some
     * onsets, and pauses of 250-800 ms between phrases of 3-9 syllables. Deterministic per seed.
     */
    static final class SpeechSender {
        private static final int MAX_HARMONICS = 60;
        private static final double RATE = 48000.0;
        final OpusEncoder encoder;
        private final java.util.Random random;
        private final double basePitch;
        private final double amplitude;
        private final short[] pcm = new short[FRAME];
        private final byte[] out = new byte[1275];
        private final double[] weights = new double[MAX_HARMONICS + 1];
        private double phase;
        private long sample;
        // current segment: a syllable or a pause
        private boolean pause = true;
        private int segmentLeft = 4800;
        private int segmentLength = 4800;
        private int syllablesLeft;
        private double phraseStart;
        private double pitchFrom;
        private double pitchTo;
        private double f1;
        private double f2;
        private double f3;
        private boolean fricative;
        /** RFC 6464 level (dBov, 0..127) of the last frame returned by {@link #next()}. */
        int level = 127;

        SpeechSender(double basePitch, double amplitude, long seed) {
            try {
                encoder = new OpusEncoder(48000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
            } catch (OpusException e) {
                throw new IllegalStateException(e);
            }
            encoder.setBitrate(32000);
            encoder.setUseInbandFEC(true);
            encoder.setPacketLossPercent(10);
            encoder.setComplexity(9);
            this.basePitch = basePitch;
            this.amplitude = amplitude;
            this.random = new java.util.Random(seed);
        }

        private void nextSegment() {
            if (!pause && syllablesLeft == 0) {
                pause = true;
                segmentLength = (int) (RATE * (0.25 + 0.55 * random.nextDouble()));
            } else {
                if (pause) {
                    syllablesLeft = 3 + random.nextInt(7);
                    phraseStart = 1.0 + 0.2 * random.nextDouble();
                }
                pause = false;
                syllablesLeft--;
                segmentLength = (int) (RATE * (0.12 + 0.18 * random.nextDouble()));
                double declination = 1.0 - 0.04 * (8 - syllablesLeft);
                pitchFrom = basePitch * phraseStart * declination * (0.92 + 0.16 * random.nextDouble());
                pitchTo = pitchFrom * (0.85 + 0.3 * random.nextDouble());
                f1 = 300 + 500 * random.nextDouble();
                f2 = 900 + 1400 * random.nextDouble();
                f3 = 2400 + 700 * random.nextDouble();
                fricative = random.nextInt(3) == 0;
            }
            segmentLeft = segmentLength;
        }

        private static double resonance(double hz, double formant, double bandwidth) {
            double d = (hz - formant) / bandwidth;
            return 1.0 / (1.0 + d * d);
        }

        /** Next encoded 20 ms frame (a fresh copy); its level is in {@link #level}. */
        byte[] next() {
            double energy = 0;
            int harmonics = 0;
            double pitch = basePitch;
            for (int i = 0; i < FRAME; i++) {
                if (segmentLeft == 0) {
                    nextSegment();
                }
                double v = 0;
                if (!pause) {
                    double pos = 1.0 - (double) segmentLeft / segmentLength;
                    if (i == 0 || i % 48 == 0 || harmonics == 0) { // spectral shape per millisecond
                        pitch = pitchFrom + (pitchTo - pitchFrom) * pos;
                        harmonics = Math.min(MAX_HARMONICS, (int) (7000 / pitch));
                        for (int k = 1; k <= harmonics; k++) {
                            double hz = k * pitch;
                            weights[k] = (resonance(hz, f1, 90) + 0.6 * resonance(hz, f2, 120)
                                    + 0.3 * resonance(hz, f3, 180) + 0.02) / Math.sqrt(k);
                        }
                    }
                    phase += 2 * Math.PI * pitch / RATE;
                    if (phase > 2 * Math.PI) {
                        phase -= 2 * Math.PI;
                    }
                    // sin(k phase) by the Chebyshev recurrence
                    double c2 = 2 * Math.cos(phase);
                    double prev = 0;
                    double cur = Math.sin(phase);
                    for (int k = 1; k <= harmonics; k++) {
                        v += weights[k] * cur;
                        double nxt = c2 * cur - prev;
                        prev = cur;
                        cur = nxt;
                    }
                    double envelope = Math.sin(Math.PI * pos);
                    v *= envelope * envelope;
                    if (fricative && pos < 0.25) {
                        v += 0.25 * (random.nextDouble() - 0.5) * (1 - pos * 4);
                    }
                }
                v = v * amplitude + (random.nextDouble() - 0.5) * 20; // room noise
                int s = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
                pcm[i] = (short) s;
                energy += (double) s * s;
                segmentLeft--;
            }
            sample += FRAME;
            double rms = Math.sqrt(energy / FRAME);
            level = rms < 1 ? 127 : (int) Math.max(0, Math.min(127, Math.round(-20 * Math.log10(rms / 32768))));
            try {
                int len = encoder.encode(pcm, 0, FRAME, out, 0, out.length);
                return Arrays.copyOf(out, len);
            } catch (OpusException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A sink that decodes everything it receives, like the listener's browser. */
    static final class Listener implements AudioSink {
        final OpusDecoder decoder;
        short[] pcm = new short[FRAME * 64];
        int samples;
        int frames;
        int silenceFrames;
        int framesAtLastMark;

        Listener() {
            try {
                decoder = new OpusDecoder(48000, 1);
            } catch (OpusException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void sendFrame(byte[] opus, int off, int len) {
            frames++;
            if (len == 3 && opus[off] == (byte) 0xF8 && opus[off + 1] == (byte) 0xFF && opus[off + 2] == (byte) 0xFE) {
                silenceFrames++;
            }
            if (samples + FRAME > pcm.length) {
                pcm = Arrays.copyOf(pcm, pcm.length * 2);
            }
            try {
                samples += decoder.decode(opus, off, len, pcm, samples, FRAME, false);
            } catch (OpusException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Tone amplitude at hz over the last n samples. */
        double amplitude(double hz, int n) {
            return TestAudio.amplitude(pcm, samples - n, n, hz);
        }

        void clear() {
            samples = 0;
            frames = 0;
            silenceFrames = 0;
        }
    }

    /** Goertzel: estimated amplitude of the hz component of pcm[off, off+n). */
    static double amplitude(short[] pcm, int off, int n, double hz) {
        double w = 2 * Math.PI * hz / 48000.0;
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < n; i++) {
            double s0 = pcm[off + i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return 2 * Math.sqrt(Math.max(0, power)) / n;
    }
}
