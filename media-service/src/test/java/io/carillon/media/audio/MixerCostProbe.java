package io.carillon.media.audio;

import io.carillon.media.audio.TestAudio.SpeechSender;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Not a test: measures the mixer's thread CPU for a 25-person meeting with 3 people talking (speech-like signals
 * from {@link SpeechSender}, pre-encoded so only the mixer is measured; the other 22 send 3-byte silence frames),
 * ticked as fast as possible after a warm-up. Then, on the same audio, the cost of one decode and one encode alone,
 * so the tick can be split into codec and mixer overhead. Run one complexity per JVM:
 * {@code java -cp media-service/target/test-classes:media-service/target/classes:<concentus.jar>
 * io.carillon.media.audio.MixerCostProbe [seconds] [complexity] [warm-up seconds]}.
 */
public final class MixerCostProbe {
    private static final int ATTENDEES = 25;
    private static final int SPEAKERS = 3;
    private static final int FRAME = JitterBuffer.SAMPLES_PER_FRAME;

    public static void main(String[] args) throws OpusException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int complexity = args.length > 1 ? Integer.parseInt(args[1]) : MixerConfig.DEFAULT_COMPLEXITY;
        int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int ticks = seconds * 50;
        int warmup = warmupSeconds * 50;
        int total = warmup + ticks;

        // Three different voices: low, high and middle pitch, different rhythms.
        SpeechSender[] voices = {
            new SpeechSender(110, 2600, 1), new SpeechSender(210, 2200, 2), new SpeechSender(150, 2400, 3)};
        byte[][][] frames = new byte[SPEAKERS][total][];
        int[][] levels = new int[SPEAKERS][total];
        int voiced = 0;
        for (int s = 0; s < SPEAKERS; s++) {
            for (int t = 0; t < total; t++) {
                frames[s][t] = voices[s].next();
                levels[s][t] = voices[s].level;
                if (levels[s][t] <= SpeakerSelector.VOICE_LEVEL) {
                    voiced++;
                }
            }
        }

        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) mx;
        long self = Thread.currentThread().getId();
        MeetingMixer mixer = new MeetingMixer(new MixerConfig(MixerConfig.DEFAULT_MAX_DECODED_SPEAKERS, complexity));
        long[] bytes = new long[1];
        Participant[] ps = new Participant[ATTENDEES];
        for (int i = 0; i < ATTENDEES; i++) {
            ps[i] = mixer.join("a" + i, AudioProfile.DEFAULT, (b, o, l) -> bytes[0] += l);
        }
        long[] delaySum = new long[2];
        mixer.setDelayRecorder(nanos -> {
            delaySum[0] += nanos;
            delaySum[1]++;
        });
        long ts = 0;
        long cpuStart = 0;
        long wallStart = 0;
        long allocStart = 0;
        long decodes = 0;
        long encodes = 0;
        for (int t = 0; t < total; t++) {
            if (t == warmup) {
                cpuStart = mx.getCurrentThreadCpuTime();
                wallStart = System.nanoTime();
                allocStart = alloc.getThreadAllocatedBytes(self);
            }
            for (int i = 0; i < ATTENDEES; i++) {
                if (i < SPEAKERS) {
                    byte[] f = frames[i][t];
                    mixer.onFrame(ps[i], ts, levels[i][t], f, 0, f.length);
                } else {
                    mixer.onFrame(ps[i], ts, 127, SilenceFrame.BYTES, 0, 3);
                }
            }
            ts += 960;
            mixer.tick();
            if (t >= warmup) {
                decodes += mixer.lastTickDecodes();
                encodes += mixer.lastTickEncodes();
            }
        }
        double cpuMs = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        double wallMs = (System.nanoTime() - wallStart) / 1e6;
        double allocKb = (alloc.getThreadAllocatedBytes(self) - allocStart) / 1024.0;
        double perTick = cpuMs / ticks;

        // The codec alone on the same audio: every measured frame of every voice decoded, and the full mix of the
        // three voices encoded once per tick, with the mixer's encoder settings.
        OpusDecoder[] decoders = new OpusDecoder[SPEAKERS];
        short[][] pcm = new short[SPEAKERS][FRAME];
        for (int s = 0; s < SPEAKERS; s++) {
            decoders[s] = new OpusDecoder(48000, 1);
        }
        int[] mix = new int[FRAME];
        short[] mixPcm = new short[FRAME];
        Limiter limiter = new Limiter();
        MixEncoder encoder = new MixEncoder(AudioProfile.DEFAULT, complexity);
        long decodeNanos = 0;
        long encodeNanos = 0;
        for (int t = 0; t < total; t++) {
            long c0 = mx.getCurrentThreadCpuTime();
            for (int s = 0; s < SPEAKERS; s++) {
                byte[] f = frames[s][t];
                decoders[s].decode(f, 0, f.length, pcm[s], 0, FRAME, false);
            }
            long c1 = mx.getCurrentThreadCpuTime();
            for (int j = 0; j < FRAME; j++) {
                mix[j] = pcm[0][j] + pcm[1][j] + pcm[2][j];
            }
            limiter.process(mix, mixPcm, FRAME);
            long c2 = mx.getCurrentThreadCpuTime();
            encoder.encode(mixPcm);
            long c3 = mx.getCurrentThreadCpuTime();
            if (t >= warmup) {
                decodeNanos += c1 - c0;
                encodeNanos += c3 - c2;
            }
        }
        double decodeUs = decodeNanos / 1e3 / (SPEAKERS * (double) ticks);
        double encodeUs = encodeNanos / 1e3 / ticks;
        double decodesPerTick = (double) decodes / ticks;
        double encodesPerTick = (double) encodes / ticks;
        double codecMs = (decodesPerTick * decodeUs + encodesPerTick * encodeUs) / 1e3;

        System.out.printf("%d attendees, %d talking (speech-like, %.0f %% of their frames voiced), %d ticks (%d s),"
                + " complexity %d, warm-up %d s%n",
                ATTENDEES, SPEAKERS, 100.0 * voiced / (SPEAKERS * total), ticks, seconds, complexity, warmupSeconds);
        System.out.printf("decodes/tick %.2f, encodes/tick %.2f; alone: %.1f us per decode, %.1f us per encode%n",
                decodesPerTick, encodesPerTick, decodeUs, encodeUs);
        System.out.printf("thread CPU %.3f ms per tick (wall %.3f ms): codec %.3f ms, rest %.3f ms;"
                + " %.3f ms CPU per attendee-second; %.1f %% of one core per meeting%n",
                perTick, wallMs / ticks, codecMs, perTick - codecMs, perTick * 50 / ATTENDEES, perTick / 20 * 100);
        System.out.printf("allocated %.1f KB per tick; mean in-server delay %.2f ms (ticks back to back, so mostly"
                + " the one-frame playout delay in ticks, not in ms)%n",
                allocKb / ticks, delaySum[1] == 0 ? 0 : delaySum[0] / 1e6 / delaySum[1]);
    }
}
