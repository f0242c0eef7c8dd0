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
