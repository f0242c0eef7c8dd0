package io.carillon.media.audio;

import java.util.List;

/**
 * Chooses which senders are decoded each tick: at most N of the loudest recently active, unmuted senders, with
 * hysteresis so the choice does not flap.
 *
 * <ul>
 *   <li>A sender is voice-active in a tick whose frame has an RFC 6464 level of at most {@link #VOICE_LEVEL} dBov.
 *   <li>A free slot goes at once to the loudest (by smoothed level) sender active in the last
 *       {@link #RECENT_TICKS} ticks, so a new talker loses no speech when there is room.
 *   <li>A selected sender stays selected while active within the last {@link #HOLD_TICKS} (500 ms): pauses
 *       between words and phrases do not drop it.
 *   <li>When all slots are taken a challenger replaces the quietest incumbent only if its smoothed level is
 *       {@link #MARGIN_DB} louder and the incumbent has been selected for {@link #MIN_TENURE_TICKS} (300 ms).
 *   <li>Muted senders are never selected.
 * </ul>
 *
 * Allocation-free; not thread-safe (one meeting, one event loop).
 */
final class SpeakerSelector {
    static final int VOICE_LEVEL = 60;
    static final int RECENT_TICKS = 2;
    static final int HOLD_TICKS = 25;
    static final int MIN_TENURE_TICKS = 15;
    static final float MARGIN_DB = 6f;

    private final Participant[] selected;
    private int count;

    SpeakerSelector(int maxSpeakers) {
        this.selected = new Participant[maxSpeakers];
    }

    Participant[] speakers() {
        return selected;
    }

    int count() {
        return count;
    }

    void remove(Participant p) {
        for (int i = 0; i < count; i++) {
            if (selected[i] == p) {
                removeAt(i);
                return;
            }
        }
    }

    /** Updates the selection for this tick; returns the number of selected speakers (in {@link #speakers()}). */
    int select(List<Participant> participants, long tick) {
        for (int i = count - 1; i >= 0; i--) {
            Participant s = selected[i];
            if (s.muted || s.left || tick - s.lastVoiceTick > HOLD_TICKS) {
                removeAt(i);
            }
        }
        while (count < selected.length) {
            Participant best = bestChallenger(participants, tick);
            if (best == null) {
                break;
            }
            add(best, tick);
        }
        if (count == selected.length) {
            Participant challenger = bestChallenger(participants, tick);
            if (challenger != null) {
                int weakest = -1;
                float weakestLevel = -1f;
                for (int i = 0; i < count; i++) {
                    Participant s = selected[i];
                    if (tick - s.selectedSinceTick >= MIN_TENURE_TICKS && s.meter.smoothed() > weakestLevel) {
                        weakest = i;
                        weakestLevel = s.meter.smoothed();
                    }
                }
                if (weakest >= 0 && challenger.meter.smoothed() + MARGIN_DB < weakestLevel) {
                    removeAt(weakest);
                    add(challenger, tick);
                }
            }
        }
        return count;
    }

    private Participant bestChallenger(List<Participant> participants, long tick) {
        Participant best = null;
        for (int i = 0, n = participants.size(); i < n; i++) {
            Participant p = participants.get(i);
            if (p.selected || p.muted || tick - p.lastVoiceTick >= RECENT_TICKS) {
                continue;
            }
            if (best == null || p.meter.smoothed() < best.meter.smoothed()) {
                best = p;
            }
        }
        return best;
    }

    private void add(Participant p, long tick) {
        selected[count++] = p;
        p.selected = true;
        p.selectedSinceTick = tick;
    }

    private void removeAt(int i) {
        selected[i].selected = false;
        System.arraycopy(selected, i + 1, selected, i, count - i - 1);
        selected[--count] = null;
    }
}
