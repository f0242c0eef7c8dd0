package io.carillon.media.audio;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.util.ArrayList;

/**
 * One attendee (or content share) in a {@link MeetingMixer}: both a sender (jitter buffer, decoder, level) and a
 * listener (sink, profile, personal mix-minus state). Created by {@link MeetingMixer#join}; all state belongs to the
 * meeting's event loop, so none of it is thread-safe. The indicator getters are meant to be read from that loop too.
 */
public final class Participant {
    static final String CONTENT_SUFFIX = "#content";

    private final String id;
    final AudioProfile profile;
    final AudioSink sink;
    final boolean content;
    final JitterBuffer jitter = new JitterBuffer();
    final LevelMeter meter = new LevelMeter();
    final ReceptionMonitor reception = new ReceptionMonitor();
    final Limiter limiter = new Limiter();
    final short[] pcm = new short[JitterBuffer.SAMPLES_PER_FRAME];
    /** Sources this listener must not hear (besides itself). Usually empty; iterated by index. */
    final ArrayList<Participant> exclusions = new ArrayList<>(2);
    SharedMix sharedMix;
    boolean muted;
    boolean left;

    // per tick, set by the mixer
    int pollOutcome;
    boolean selected;
    long selectedSinceTick;
    long lastVoiceTick = Long.MIN_VALUE / 2;
    long lastDecodedTick = -2;
    boolean hasAudio;
    /** Consecutive decoded frames under {@link MeetingMixer#QUIET_PEAK}, capped at the hangover. */
    int quietFrames;
    /** Arrival (mixer clock) of the datagram decoded this tick, or {@link MeetingMixer#NOT_RECEIVED}. */
    long mixedArrivalNanos = MeetingMixer.NOT_RECEIVED;
    /** The listener's packet this tick: a shared or personal encoder, or null for the silence frame. */
    MixEncoder outgoing;

    private OpusDecoder decoder;
    private MixEncoder personalEncoder;
    private final int complexity;
    private final boolean celtOnly;

    Participant(String id, AudioProfile profile, AudioSink sink, int complexity, boolean celtOnly) {
        this.id = id;
        this.profile = profile;
        this.sink = sink;
        this.complexity = complexity;
        this.celtOnly = celtOnly;
        this.content = id.endsWith(CONTENT_SUFFIX);
    }

    public String id() {
        return id;
    }

    public AudioProfile profile() {
        return profile;
    }

    public boolean muted() {
        return muted;
    }

    /** Whether this is a content-share participant ({@code <attendeeId>#content}). */
    public boolean isContent() {
        return content;
    }

    /** Whether this sender was decoded and mixed in the last tick's selection. */
    public boolean selected() {
        return selected;
    }

    /**
     * Smoothed volume in dB below full scale, 0 (loudest) .. 127 (silence), from the RFC 6464 levels of the frames
     * played; 127 when muted or when nothing was received over the last second.
     */
    public int volumeDbov() {
        if (muted || reception.received() == 0) {
            return 127;
        }
        return meter.dbov();
    }

    /** 2 = good (under 10 % loss over ~1 s), 1 = some loss, 0 = nothing received. */
    public int signalStrength() {
        return reception.signalStrength();
    }

    /** The attendee id this content share belongs to, or null if this is not a content participant. */
    String mainId() {
        return content ? id.substring(0, id.length() - CONTENT_SUFFIX.length()) : null;
    }

    boolean excludes(Participant source) {
        for (int i = 0, n = exclusions.size(); i < n; i++) {
            if (exclusions.get(i) == source) {
                return true;
            }
        }
        return false;
    }

    OpusDecoder decoder() {
        if (decoder == null) {
            try {
                decoder = new OpusDecoder(48000, 1); // mono: stereo senders are down-mixed by the decoder
            } catch (OpusException e) {
                throw new IllegalStateException("Opus decoder init failed", e);
            }
        }
        return decoder;
    }

    MixEncoder personalEncoder() {
        if (personalEncoder == null) {
            personalEncoder = new MixEncoder(profile, complexity, celtOnly);
        }
        return personalEncoder;
    }

    @Override
    public String toString() {
        return "Participant[" + id + "]";
    }
}
