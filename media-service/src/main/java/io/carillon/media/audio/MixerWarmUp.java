package io.carillon.media.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.util.Arrays;

/**
 * A synthetic meeting run through the mixer once at start-up, so that the JIT has compiled the tick path (jitter
 * buffers, decoders, mix, limiter, encoders) before the first real meeting: interpreted, a tick of a talking meeting
 * takes tens of milliseconds and the first listeners' audio arrives late. Three speakers send harmonic tones encoded
 * as browsers send them (Opus VOIP 32 kbps, SILK/hybrid), two listeners hear the shared mix; on a simulated clock, so
 * it runs as fast as the CPU allows and never sleeps.
 */
public final class MixerWarmUp {
    static final int SPEAKERS = 3;
    static final int LISTENERS = 2;
    /** Distinct packets per speaker, sent round and round: encoding them costs more than mixing them. */
    static final int PACKETS = 25;
    static final int SPEECH_LEVEL = 20;

    private MixerWarmUp() {
    }

    /** Runs {@code ticks} mixer ticks; returns the encodes the mixer made (0 means the warm-up did not mix). */
    public static long run(MixerConfig config, int ticks) {
        long[] now = {0};
        MeetingMixer mixer = new MeetingMixer(config, () -> now[0]);
        long[] sent = {0};
        AudioSink sink = (opus, off, len) -> sent[0] += len;
        Participant[] speakers = new Participant[SPEAKERS];
        byte[][][] packets = new byte[SPEAKERS][][];
        for (int s = 0; s < SPEAKERS; s++) {
            speakers[s] = mixer.join("warm-up-speaker-" + s, AudioProfile.DEFAULT, sink);
            packets[s] = tone(180 + 70 * s);
        }
        for (int l = 0; l < LISTENERS; l++) {
            mixer.join("warm-up-listener-" + l, AudioProfile.DEFAULT, sink);
        }
        long encodes = 0;
        for (int t = 0; t < ticks; t++) {
            now[0] += 20_000_000L;
            for (int s = 0; s < SPEAKERS; s++) {
                byte[] packet = packets[s][t % PACKETS];
                mixer.onFrame(speakers[s], (long) t * JitterBuffer.SAMPLES_PER_FRAME, SPEECH_LEVEL, packet, 0,
                        packet.length);
            }
            mixer.tick();
            encodes += mixer.lastTickEncodes();
        }
        return encodes;
    }

    /** {@link #PACKETS} frames of a harmonic tone at {@code hz}, encoded like a browser's microphone. */
    private static byte[][] tone(double hz) {
        OpusEncoder encoder;
        try {
            encoder = new OpusEncoder(48000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus encoder init failed", e);
        }
        encoder.setBitrate(AudioProfile.DEFAULT_BITRATE);
        encoder.setComplexity(0); // the source only has to be valid SILK/hybrid; concentus defaults to 10
        encoder.setUseInbandFEC(true);
        encoder.setPacketLossPercent(MixEncoder.EXPECTED_LOSS_PERCENT);
        short[] pcm = new short[JitterBuffer.SAMPLES_PER_FRAME];
        byte[] out = new byte[JitterBuffer.MAX_PACKET];
        byte[][] packets = new byte[PACKETS][];
        long sample = 0;
        for (int p = 0; p < PACKETS; p++) {
            for (int i = 0; i < pcm.length; i++, sample++) {
                double x = 0;
                for (int harmonic = 1; harmonic <= 8; harmonic++) {
                    x += Math.sin(2 * Math.PI * hz * harmonic * sample / 48000.0) / harmonic;
                }
                pcm[i] = (short) (4000 * x);
            }
            try {
                int length = encoder.encode(pcm, 0, pcm.length, out, 0, out.length);
                packets[p] = Arrays.copyOf(out, length);
            } catch (OpusException e) {
                throw new IllegalStateException("Opus encode failed", e);
            }
        }
        return packets;
    }
}
