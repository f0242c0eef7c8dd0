package io.carillon.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Selection through the mixer, with silence-frame payloads carrying chosen RFC 6464 levels. */
class SpeakerSelectorTest {
    private final MeetingMixer mixer = new MeetingMixer(MixerConfig.defaults());
    private final List<Participant> ps = new ArrayList<>();
    private final int[] levels = new int[6];
    private long ts;

    SpeakerSelectorTest() {
        for (int i = 0; i < levels.length; i++) {
            ps.add(mixer.join("p" + i, AudioProfile.DEFAULT, (b, o, l) -> { }));
            levels[i] = 127;
        }
    }

    private void run(int ticks) {
        for (int t = 0; t < ticks; t++) {
            for (int i = 0; i < ps.size(); i++) {
                mixer.onFrame(ps.get(i), ts, levels[i], SilenceFrame.BYTES, 0, 3);
            }
            ts += 960;
            mixer.tick();
        }
    }

    private List<String> selected() {
        List<String> ids = new ArrayList<>();
        for (Participant p : ps) {
            if (p.selected()) {
                ids.add(p.id());
            }
        }
        return ids;
    }

    @Test
    void nLoudestWithHysteresis() {
        levels[0] = 20;
        levels[1] = 25;
        levels[2] = 30;
        levels[3] = 35;
        run(10);
        assertThat(selected()).containsExactly("p0", "p1", "p2");
        assertThat(mixer.lastTickDecodes()).isEqualTo(3);

        // p3 slightly louder than p2: within the margin, nothing moves
        levels[3] = 27;
        run(50);
        assertThat(selected()).containsExactly("p0", "p1", "p2");

        // two challengers alternating around p2's level do not make the selection flap
        levels[4] = 30;
        int changes = 0;
        List<String> before = selected();
        for (int t = 0; t < 100; t++) {
            levels[3] = t % 2 == 0 ? 26 : 34;
            levels[4] = t % 2 == 0 ? 34 : 26;
            run(1);
            if (!selected().equals(before)) {
                changes++;
                before = selected();
            }
        }
        assertThat(changes).isZero();
        levels[4] = 127;

        // a short pause keeps p0 selected when nobody else is waiting
        levels[0] = 127;
        levels[3] = 127;
        run(15);
        assertThat(selected()).containsExactly("p0", "p1", "p2");
        // a talker waiting for a slot gets it from the pausing one
        levels[3] = 35;
        run(30);
        assertThat(selected()).containsExactlyInAnyOrder("p1", "p2", "p3");

        // a much louder talker displaces the quietest incumbent
        levels[5] = 5;
        run(10);
        assertThat(selected()).containsExactlyInAnyOrder("p1", "p2", "p5");
        assertThat(mixer.lastTickDecodes()).isEqualTo(3);
    }

    @Test
    void mutedAndSilentAreNeverDecoded() {
        levels[0] = 10;
        mixer.setMuted(ps.get(0), true);
        run(20);
        assertThat(selected()).isEmpty();
        assertThat(mixer.lastTickDecodes()).isZero();
        assertThat(ps.get(0).volumeDbov()).isEqualTo(127);
        assertThat(ps.get(1).volumeDbov()).isEqualTo(127);
        assertThat(ps.get(1).signalStrength()).isEqualTo(2);
        mixer.setMuted(ps.get(0), false);
        run(3);
        assertThat(selected()).containsExactly("p0");
        assertThat(ps.get(0).volumeDbov()).isLessThan(60);
    }

    @Test
    void unknownLevelCountsAsLoudAndSignalStrengthFollowsLoss() {
        levels[0] = -1;
        run(5);
        assertThat(selected()).containsExactly("p0");
        // p1 loses every third frame for a second: some loss
        for (int t = 0; t < 60; t++) {
            for (int i = 0; i < ps.size(); i++) {
                if (i != 1 || t % 3 != 0) {
                    mixer.onFrame(ps.get(i), ts, levels[i], SilenceFrame.BYTES, 0, 3);
                }
            }
            ts += 960;
            mixer.tick();
        }
        assertThat(ps.get(1).signalStrength()).isEqualTo(1);
        assertThat(ps.get(0).signalStrength()).isEqualTo(2);
        // p2 stops sending: after a second, nothing received
        for (int t = 0; t < 60; t++) {
            mixer.onFrame(ps.get(0), ts, levels[0], SilenceFrame.BYTES, 0, 3);
            ts += 960;
            mixer.tick();
        }
        assertThat(ps.get(2).signalStrength()).isZero();
        assertThat(ps.get(2).volumeDbov()).isEqualTo(127);
    }
}
