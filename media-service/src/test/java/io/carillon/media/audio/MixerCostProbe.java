package io.carillon.media.audio;

import io.carillon.media.audio.TestAudio.ToneSender;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Not a test: measures the mixer's thread CPU for a 25-person meeting with 3 people speaking, ticked as fast as
 * possible (frames pre-encoded so only the mixer is measured). Run:
 * {@code java -cp media-service/target/test-classes:media-service/target/classes:<concentus.jar>
 * io.carillon.media.audio.MixerCostProbe [seconds]}.
 */
public final class MixerCostProbe {
    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int attendees = 25;
        int speakers = 3;
        int ticks = seconds * 50;
        int warmup = 250;
        byte[][][] frames = new byte[speakers][warmup + ticks][];
        for (int s = 0; s < speakers; s++) {
            ToneSender tone = new ToneSender(220 + 170 * s);
            for (int t = 0; t < frames[s].length; t++) {
                frames[s][t] = tone.next();
            }
        }
        MeetingMixer mixer = new MeetingMixer(MixerConfig.defaults());
        long[] bytes = new long[1];
        Participant[] ps = new Participant[attendees];
        for (int i = 0; i < attendees; i++) {
            ps[i] = mixer.join("a" + i, AudioProfile.DEFAULT, (b, o, l) -> bytes[0] += l);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long ts = 0;
        long cpuStart = 0;
        long wallStart = 0;
        long decodes = 0;
        long encodes = 0;
        for (int t = 0; t < warmup + ticks; t++) {
            if (t == warmup) {
                cpuStart = mx.getCurrentThreadCpuTime();
                wallStart = System.nanoTime();
            }
            for (int i = 0; i < attendees; i++) {
                if (i < speakers) {
                    byte[] f = frames[i][t];
                    mixer.onFrame(ps[i], ts, 25, f, 0, f.length);
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
        double perTick = cpuMs / ticks;
        System.out.printf("%d attendees, %d speaking, %d ticks (%d s of audio), complexity %d%n",
                attendees, speakers, ticks, seconds, mixer.config().complexity());
        System.out.printf("decodes/tick %.2f, encodes/tick %.2f%n", (double) decodes / ticks, (double) encodes / ticks);
        System.out.printf("thread CPU %.3f ms per tick (wall %.3f ms); %.3f ms CPU per attendee-second;"
                + " %.1f %% of one core per meeting%n",
                perTick, wallMs / ticks, perTick * 50 / attendees, perTick / 20 * 100);
    }
}
