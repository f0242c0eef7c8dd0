package io.carillon.media.audio;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Not a test: the mixer's CELT-mode encoder at complexity 0, 1 and 2 on the same speech-like mixes (three voices of
 * {@link TestAudio.SpeechSender}, decoded and summed), the encoders taking turns frame by frame so that all three see
 * the same machine. Prints thread CPU per encode for each of three passes (the first two warm the JIT up) and, in the
 * last, the SNR of each encoder's decoded output against the mix (the decoder lags by the encoder's 2.5 ms look-ahead).
 * Run: {@code java -cp media-service/target/test-classes:media-service/target/classes:<concentus.jar>
 * io.carillon.media.audio.EncoderComplexityProbe [seconds of audio]}.
 */
public final class EncoderComplexityProbe {
    private static final int FRAME = JitterBuffer.SAMPLES_PER_FRAME;
    private static final int LOOK_AHEAD = 120; // samples: RESTRICTED_LOWDELAY's 2.5 ms at 48 kHz
    private static final int[] COMPLEXITIES = {0, 1, 2};
    private static final int PASSES = 3;

    public static void main(String[] args) throws OpusException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        short[][] mixes = speechMixes(seconds * 50);
        int n = COMPLEXITIES.length;
        MixEncoder[] encoders = new MixEncoder[n];
        OpusDecoder[] decoders = new OpusDecoder[n];
        for (int k = 0; k < n; k++) {
            encoders[k] = new MixEncoder(AudioProfile.DEFAULT, COMPLEXITIES[k], true);
            decoders[k] = new OpusDecoder(48000, 1);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        short[] decoded = new short[FRAME];
        for (int pass = 0; pass < PASSES; pass++) {
            long[] cpu = new long[n];
            double[] signal = new double[n];
            double[] noise = new double[n];
            for (int f = 0; f < mixes.length; f++) {
                for (int turn = 0; turn < n; turn++) {
                    int k = (turn + f) % n; // a different encoder goes first each frame
                    long start = mx.getCurrentThreadCpuTime();
                    int length = encoders[k].encode(mixes[f]);
                    cpu[k] += mx.getCurrentThreadCpuTime() - start;
                    decoders[k].decode(encoders[k].buffer(), 0, length, decoded, 0, FRAME, false);
                    if (f > 0) {
                        for (int s = 0; s < FRAME; s++) {
                            int source = s - LOOK_AHEAD;
                            double x = source >= 0 ? mixes[f][source] : mixes[f - 1][FRAME + source];
                            double e = decoded[s] - x;
                            signal[k] += x * x;
                            noise[k] += e * e;
                        }
                    }
                }
            }
            for (int k = 0; k < n; k++) {
                System.out.printf("pass %d, complexity %d: %.1f µs per encode, SNR %.2f dB%n", pass, COMPLEXITIES[k],
                        cpu[k] / 1000.0 / mixes.length, 10 * Math.log10(signal[k] / noise[k]));
            }
        }
    }

    /** Three speech-like voices, each encoded as a client would, decoded and summed with saturation. */
    private static short[][] speechMixes(int frames) throws OpusException {
        TestAudio.SpeechSender[] voices = {
            new TestAudio.SpeechSender(110, 2600, 1), new TestAudio.SpeechSender(210, 2200, 2),
            new TestAudio.SpeechSender(150, 2400, 3)};
        OpusDecoder[] decoders = new OpusDecoder[voices.length];
        for (int i = 0; i < voices.length; i++) {
            decoders[i] = new OpusDecoder(48000, 1);
        }
        short[][] mixes = new short[frames][FRAME];
        short[] voice = new short[FRAME];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < voices.length; i++) {
                byte[] packet = voices[i].next();
                decoders[i].decode(packet, 0, packet.length, voice, 0, FRAME, false);
                for (int s = 0; s < FRAME; s++) {
                    mixes[f][s] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, mixes[f][s] + voice[s]));
                }
            }
        }
        return mixes;
    }
}
