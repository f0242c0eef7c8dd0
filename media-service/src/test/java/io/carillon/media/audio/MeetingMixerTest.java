package io.carillon.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.media.audio.TestAudio.Listener;
import io.carillon.media.audio.TestAudio.ToneSender;
import io.github.jaredmdobson.concentus.OpusApplication;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeetingMixerTest {
    private static final int WINDOW = 960 * 20; // analyse the last 400 ms

    private final MeetingMixer mixer = new MeetingMixer(MixerConfig.defaults());
    private final List<Runnable> senders = new ArrayList<>();
    private long ts = 123_456L;

    private Listener join(String id) {
        Listener l = new Listener();
        mixer.join(id, AudioProfile.DEFAULT, l);
        return l;
    }

    private Participant participant(String id, Listener l, AudioProfile profile) {
        return mixer.join(id, profile, l);
    }

    private void tone(Participant p, double hz) {
        ToneSender s = new ToneSender(hz);
        senders.add(() -> {
            byte[] f = s.next();
            mixer.onFrame(p, ts, 20, f, 0, f.length);
        });
    }

    private void silent(Participant p) {
        senders.add(() -> mixer.onFrame(p, ts, 127, SilenceFrame.BYTES, 0, 3));
    }

    private void run(int ticks) {
        for (int i = 0; i < ticks; i++) {
            for (Runnable r : senders) {
                r.run();
            }
            ts += 960;
            mixer.tick();
        }
    }

    @Test
    void mixMinusAtSampleLevelAndMute() {
        Listener la = new Listener();
        Listener lb = new Listener();
        Listener lc = new Listener();
        Participant a = participant("A", la, AudioProfile.DEFAULT);
        Participant b = participant("B", lb, AudioProfile.DEFAULT);
        Participant c = participant("C", lc, AudioProfile.DEFAULT);
        tone(a, 440);
        tone(b, 1000);
        silent(c);
        run(50);

        assertThat(la.amplitude(1000, WINDOW)).isGreaterThan(3000);
        assertThat(la.amplitude(440, WINDOW)).isLessThan(300);
        assertThat(lb.amplitude(440, WINDOW)).isGreaterThan(3000);
        assertThat(lb.amplitude(1000, WINDOW)).isLessThan(300);
        assertThat(lc.amplitude(440, WINDOW)).isGreaterThan(3000);
        assertThat(lc.amplitude(1000, WINDOW)).isGreaterThan(3000);
        assertThat(mixer.lastTickDecodes()).isEqualTo(2);
        assertThat(mixer.lastTickEncodes()).isEqualTo(3);
        assertThat(a.volumeDbov()).isEqualTo(20);
        assertThat(c.volumeDbov()).isEqualTo(127);
        assertThat(a.signalStrength()).isEqualTo(2);

        mixer.setMuted(a, true);
        run(30);
        assertThat(lb.amplitude(440, WINDOW)).isLessThan(300);
        assertThat(lc.amplitude(440, WINDOW)).isLessThan(300);
        assertThat(lc.amplitude(1000, WINDOW)).isGreaterThan(3000);
        assertThat(a.volumeDbov()).isEqualTo(127);
        assertThat(a.selected()).isFalse();
        // B is the only one mixed: B hears silence, A and C share one encode.
        assertThat(mixer.lastTickEncodes()).isEqualTo(1);
        assertThat(lb.frames).isEqualTo(80);
    }

    @Test
    void twentyFivePeopleThreeSpeakersCostThreeDecodesFourEncodes() {
        List<Listener> listeners = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Listener l = new Listener();
            listeners.add(l);
            Participant p = participant("p" + i, l, AudioProfile.DEFAULT);
            if (i < 3) {
                tone(p, 300 + 200 * i);
            } else {
                silent(p);
            }
        }
        for (int t = 0; t < 20; t++) {
            run(1);
            if (t >= 2) {
                assertThat(mixer.lastTickDecodes()).isEqualTo(3);
                assertThat(mixer.lastTickEncodes()).isEqualTo(4);
            }
        }
        for (Listener l : listeners) {
            assertThat(l.frames).isEqualTo(20);
        }
    }

    @Test
    void nobodySpeakingMeansNoDecodeNoEncodeAndSilenceFrames() {
        List<Listener> listeners = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Listener l = new Listener();
            listeners.add(l);
            silent(participant("p" + i, l, AudioProfile.DEFAULT));
        }
        Listener quiet = new Listener();
        participant("no-packets", quiet, AudioProfile.DEFAULT);
        for (int t = 0; t < 10; t++) {
            run(1);
            assertThat(mixer.lastTickDecodes()).isZero();
            assertThat(mixer.lastTickEncodes()).isZero();
        }
        listeners.add(quiet);
        for (Listener l : listeners) {
            assertThat(l.frames).isEqualTo(10);
            assertThat(l.silenceFrames).isEqualTo(10);
            assertThat(l.amplitude(440, 960 * 10)).isZero();
        }
        assertThat(mixer.participantCount()).isEqualTo(6);
    }

    @Test
    void twoProfilesAmongListenersMeanTwoSharedEncodes() {
        Participant speaker = participant("s", new Listener(), AudioProfile.DEFAULT);
        tone(speaker, 440);
        Listener mono = new Listener();
        Listener stereo = new Listener();
        participant("m1", mono, AudioProfile.DEFAULT);
        participant("m2", new Listener(), AudioProfile.DEFAULT);
        participant("s1", stereo, AudioProfile.fromFmtp("maxaveragebitrate=128000;stereo=1"));
        participant("s2", new Listener(), AudioProfile.fromFmtp("maxaveragebitrate=128000;stereo=1"));
        run(30);
        // the lone speaker hears nobody (silence frame), each profile is encoded once
        assertThat(mixer.lastTickEncodes()).isEqualTo(2);
        assertThat(mono.amplitude(440, WINDOW)).isGreaterThan(3000);
        assertThat(stereo.amplitude(440, WINDOW)).isGreaterThan(3000);
    }

    @Test
    void contentShareIsNotHeardByItsOwnAttendee() {
        Listener lx = new Listener();
        Listener lxc = new Listener();
        Listener ly = new Listener();
        Listener lz = new Listener();
        Participant x = participant("X", lx, AudioProfile.DEFAULT);
        Participant y = participant("Y", ly, AudioProfile.DEFAULT);
        Participant xc = participant("X#content", lxc, AudioProfile.DEFAULT);
        Participant z = participant("Z", lz, AudioProfile.DEFAULT);
        silent(x);
        silent(y);
        tone(xc, 440);
        tone(z, 1000);
        run(40);
        assertThat(lx.amplitude(440, WINDOW)).isLessThan(300);
        assertThat(lx.amplitude(1000, WINDOW)).isGreaterThan(3000);
        assertThat(ly.amplitude(440, WINDOW)).isGreaterThan(3000);
        assertThat(ly.amplitude(1000, WINDOW)).isGreaterThan(3000);
        assertThat(lz.amplitude(440, WINDOW)).isGreaterThan(3000);
        assertThat(lxc.silenceFrames).isEqualTo(40);
        // personal: X (without content), Z (without itself), X#content's mix: none; shared: Y
        assertThat(mixer.lastTickEncodes()).isEqualTo(3);
        assertThat(lx.frames).isEqualTo(40);
    }

    @Test
    void excludeFromIsGeneral() {
        Listener la = new Listener();
        Listener lb = new Listener();
        Participant a = participant("A", la, AudioProfile.DEFAULT);
        Participant b = participant("B", lb, AudioProfile.DEFAULT);
        Participant c = participant("C", new Listener(), AudioProfile.DEFAULT);
        tone(c, 440);
        silent(a);
        silent(b);
        mixer.excludeFrom(a, c);
        run(30);
        assertThat(la.amplitude(440, WINDOW)).isLessThan(300);
        assertThat(la.silenceFrames).isGreaterThan(25);
        assertThat(lb.amplitude(440, WINDOW)).isGreaterThan(3000);
        mixer.leave(c);
        run(5);
        assertThat(mixer.participantCount()).isEqualTo(2);
        assertThat(mixer.lastTickEncodes()).isZero();
    }

    @Test
    void lossUsesInBandFecFromTheNextFrameElseConceals() {
        Participant a = participant("A", new Listener(), AudioProfile.DEFAULT);
        Listener lb = new Listener();
        participant("B", lb, AudioProfile.DEFAULT);
        ToneSender voip = new ToneSender(440);
        feedWithLoss(a, voip, 10);
        assertThat(mixer.totalFramesFecRecovered()).isEqualTo(1);
        assertThat(mixer.totalFramesConcealed()).isZero();

        MeetingMixer celt = new MeetingMixer(MixerConfig.defaults());
        Participant a2 = celt.join("A", AudioProfile.DEFAULT, new Listener());
        celt.join("B", AudioProfile.DEFAULT, new Listener());
        ToneSender lowDelay = new ToneSender(440, 8000, OpusApplication.OPUS_APPLICATION_RESTRICTED_LOWDELAY);
        long t = 0;
        for (int i = 0; i < 30; i++) {
            byte[] f = lowDelay.next();
            if (i != 10) {
                celt.onFrame(a2, t, 20, f, 0, f.length);
            }
            t += 960;
            celt.tick();
        }
        assertThat(celt.totalFramesConcealed()).isEqualTo(1);
        assertThat(celt.totalFramesFecRecovered()).isZero();
        assertThat(lb.frames).isEqualTo(30);
    }

    private void feedWithLoss(Participant a, ToneSender s, int lost) {
        for (int i = 0; i < 30; i++) {
            byte[] f = s.next();
            if (i != lost) {
                mixer.onFrame(a, ts, 20, f, 0, f.length);
            }
            ts += 960;
            mixer.tick();
        }
    }

    @Test
    void lateFrameIsCountedAndDropped() {
        Participant a = participant("A", new Listener(), AudioProfile.DEFAULT);
        participant("B", new Listener(), AudioProfile.DEFAULT);
        ToneSender s = new ToneSender(440);
        byte[] held = null;
        long heldTs = 0;
        for (int i = 0; i < 30; i++) {
            byte[] f = s.next();
            if (i == 10) {
                held = f;
                heldTs = ts;
            } else {
                mixer.onFrame(a, ts, 20, f, 0, f.length);
            }
            if (i == 15) {
                mixer.onFrame(a, heldTs, 20, held, 0, held.length);
                mixer.onFrame(a, heldTs, 20, held, 0, held.length); // second copy: a duplicate, not late
            }
            ts += 960;
            mixer.tick();
        }
        assertThat(mixer.totalFramesLateDropped()).isEqualTo(1);
        assertThat(mixer.totalFramesFecRecovered()).isEqualTo(1);
    }

    @Test
    void inServerDelayRunsFromFrameArrivalToTheTickHandingOutPackets() {
        long[] clock = {0};
        List<Long> delays = new ArrayList<>();
        MeetingMixer timed = new MeetingMixer(MixerConfig.defaults(), () -> clock[0]);
        timed.setDelayRecorder(delays::add);
        Participant a = timed.join("A", AudioProfile.DEFAULT, new Listener());
        Participant b = timed.join("B", AudioProfile.DEFAULT, new Listener());
        ToneSender voice = new ToneSender(440);
        long ms = 1_000_000L;
        for (int i = 0; i < 30; i++) {
            clock[0] = i * 20 * ms;
            byte[] f = voice.next();
            if (i != 10) {
                timed.onFrame(a, i * 960L, 20, f, 0, f.length);
            }
            timed.onFrame(b, i * 960L, 127, SilenceFrame.BYTES, 0, 3);
            clock[0] += 3 * ms; // decode, mix and encode take 3 ms of the fake clock
            timed.tick();
        }
        // Frame k arrives at 20k ms and is played one tick later (initial playout delay), sent at 20(k+1)+3 ms.
        // Frame 10 is lost: tick 11 recovers it from frame 11's in-band FEC, 3 ms after frame 11 arrived.
        // The jitter buffer's spare-frame rule: the first 200 ms window saw the lost frame, the second one saw every
        // next frame waiting 3 ms at its tick, so the spare frame goes and from frame 19 on each frame leaves with
        // the tick 3 ms after it arrived. B's silence frames are never decoded, so never recorded.
        List<Long> expected = new ArrayList<>();
        for (int k = 0; k < 29; k++) {
            expected.add(k == 10 || k >= 19 ? 3 * ms : 23 * ms);
        }
        assertThat(delays).containsExactlyElementsOf(expected);

        timed.setMuted(a, true);
        delays.clear();
        for (int i = 30; i < 35; i++) {
            byte[] f = voice.next();
            timed.onFrame(a, i * 960L, 20, f, 0, f.length);
            timed.tick();
        }
        assertThat(delays).as("a muted sender is not mixed, so not recorded").isEmpty();
    }

    @Test
    void speakerPausingBetweenPhrasesLeavesTheMixAndCostsNoPersonalEncode() {
        Listener la = new Listener();
        Listener lb = new Listener();
        Listener lc = new Listener();
        Participant a = participant("A", la, AudioProfile.DEFAULT);
        Participant b = participant("B", lb, AudioProfile.DEFAULT);
        participant("C", lc, AudioProfile.DEFAULT);
        tone(a, 440);
        ToneSender voice = new ToneSender(1000);
        ToneSender pause = new ToneSender(1000, 0, OpusApplication.OPUS_APPLICATION_VOIP); // encodes digital silence
        boolean[] paused = {false};
        senders.add(() -> {
            byte[] f = paused[0] ? pause.next() : voice.next();
            mixer.onFrame(b, ts, paused[0] ? 127 : 20, f, 0, f.length);
        });
        run(30);
        assertThat(mixer.lastTickEncodes()).as("A and B personal, C shared").isEqualTo(3);

        paused[0] = true;
        run(3);
        assertThat(b.selected()).isTrue();
        assertThat(mixer.lastTickEncodes()).as("within the hangover B is still mixed").isEqualTo(3);
        run(12);
        assertThat(b.selected()).as("B is still selected (hold), so still decoded").isTrue();
        assertThat(mixer.lastTickDecodes()).isEqualTo(2);
        assertThat(mixer.lastTickEncodes()).as("B hears the shared mix, A hears silence").isEqualTo(1);
        assertThat(lb.amplitude(440, WINDOW)).isGreaterThan(3000);
        assertThat(lc.amplitude(440, WINDOW)).isGreaterThan(3000);
        assertThat(la.amplitude(1000, 960 * 5)).isLessThan(100);

        paused[0] = false;
        run(20);
        assertThat(mixer.lastTickEncodes()).as("B speaks again: back to its own mix-minus").isEqualTo(3);
        assertThat(la.amplitude(1000, WINDOW)).isGreaterThan(3000);
        assertThat(lb.amplitude(1000, WINDOW)).isLessThan(300);
    }
}
