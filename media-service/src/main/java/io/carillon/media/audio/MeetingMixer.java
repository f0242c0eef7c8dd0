package io.carillon.media.audio;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The audio mixer of one meeting: every participant hears everyone else but never themselves, Opus 48 kHz, 20 ms.
 *
 * <p>Cost model: only the selected speakers (at most {@link MixerConfig#maxDecodedSpeakers()}, see
 * {@link SpeakerSelector}) are decoded; every other sender's frames are dequeued from its {@link JitterBuffer} and
 * dropped undecoded. The decoded voices are summed in int into one full mix, brought into range by a
 * {@link Limiter}, and encoded once per {@link AudioProfile} for all listeners who hear every selected speaker. A
 * listener whose own voice (or an excluded source) is in the mix gets a personal mix-minus encode. A meeting of 25
 * with 3 speakers costs 3 decodes and 4 encodes a tick instead of 25 + 25; with nobody mixed every listener gets
 * the constant {@link SilenceFrame} and nothing is encoded. A selected speaker pausing between phrases (its decoded
 * frames inaudible for 100 ms, see {@link #QUIET_PEAK}) is decoded but left out of the mix, so it needs no personal
 * encode until it speaks again.
 *
 * <p>Mixing is mono: the decoders are mono (Opus down-mixes stereo senders) and so is every encoder; stereo listeners
 * get mono packets at their bitrate with the AUDIO application.
 *
 * <p>Content shares: {@code <attendeeId>#content} is mixed for everyone except {@code <attendeeId>} (who would hear
 * their own shared media back) and receives only silence itself. {@link #excludeFrom} is the general form.
 *
 * <p>Listeners switch between the shared and a personal encoder as speakers change; the client decoder sees a new
 * encoder state at the switch, an accepted, brief artefact of sharing encodes.
 *
 * <p><b>Threading:</b> single-threaded by design. Each meeting lives on one event loop; every method, including
 * {@link #tick()} and the participants' getters, must be called from it. The tick path allocates nothing of its own
 * (buffers are per participant, per shared mix or per meeting, allocated once; concentus itself allocates while
 * encoding) and never logs.
 *
 * <p><b>In-server delay:</b> each frame's arrival ({@link #onFrame}) is stamped with the mixer's clock and kept with
 * it in the jitter buffer; when a tick hands the listeners' packets to their sinks, the delay of every received frame
 * decoded into that mix goes to the {@link #setDelayRecorder delay recorder} (datagram in to mixed packet out:
 * jitter-buffer wait plus the tick's decode, mix and encode).
 */
public final class MeetingMixer {
    static final int FRAME = JitterBuffer.SAMPLES_PER_FRAME;
    static final long NOT_RECEIVED = Long.MIN_VALUE;
    /**
     * Peak under which a decoded frame is inaudible in a mix: 32 is -60 dBFS (noise of that peak is about -70 dBFS
     * RMS, the residual of a browser's noise suppression between words), 35 dB or more under speech.
     */
    static final int QUIET_PEAK = 32;
    /**
     * Quiet frames in a row (100 ms) before a speaker leaves the mix: gaps between words are shorter, so listeners do
     * not flap between the shared and personal encoders within a phrase.
     */
    static final int QUIET_HANGOVER_FRAMES = 5;

    private static final LongConsumer NO_RECORDER = nanos -> { };

    private final MixerConfig config;
    private final LongSupplier clock;
    private final ArrayList<Participant> participants = new ArrayList<>();
    private final HashMap<String, Participant> byId = new HashMap<>();
    private final ArrayList<SharedMix> sharedMixes = new ArrayList<>();
    private final SpeakerSelector selector;
    private final Limiter sharedLimiter = new Limiter();
    private final int[] mix = new int[FRAME];
    private final int[] personal = new int[FRAME];
    private final short[] sharedPcm = new short[FRAME];
    private final short[] personalPcm = new short[FRAME];

    private long tick;
    private int lastTickDecodes;
    private int lastTickEncodes;
    private long framesConcealed;
    private long framesFecRecovered;
    private long framesLateDropped;
    /** Spare-frame drops and late frames after one, of the participants who left (the others' are in their buffers). */
    private long spareDropsOfLeft;
    private long lateAfterSpareDropOfLeft;
    private long decodeErrors;
    private long encodeErrors;
    private LongConsumer delayRecorder = NO_RECORDER;

    public MeetingMixer(MixerConfig config) {
        this(config, System::nanoTime);
    }

    /** @param clock monotonic nanoseconds, read once per received frame and twice per tick */
    MeetingMixer(MixerConfig config, LongSupplier clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.selector = new SpeakerSelector(config.maxDecodedSpeakers());
    }

    /**
     * Receives, on the meeting's loop during {@link #tick()}, the in-server delay in nanoseconds of every received
     * frame mixed in that tick: from its {@link #onFrame} call to the moment the tick hands the mixed packets to the
     * sinks. Concealed frames have no datagram and are not recorded; an FEC-recovered frame counts from the arrival of
     * the packet that carried it. Null restores the default (record nothing). Must not allocate per call if the
     * caller cares about a garbage-free tick (e.g. feed a fixed-bucket histogram).
     */
    public void setDelayRecorder(LongConsumer nanos) {
        this.delayRecorder = nanos == null ? NO_RECORDER : nanos;
    }

    public Participant join(String participantId, AudioProfile profile, AudioSink sink) {
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(sink, "sink");
        AudioProfile prof = profile == null ? AudioProfile.DEFAULT : profile;
        if (byId.containsKey(participantId)) {
            throw new IllegalArgumentException("already joined: " + participantId);
        }
        Participant p = new Participant(participantId, prof, sink, config.complexity(), config.celtOnly());
        p.sharedMix = sharedMixFor(prof);
        participants.add(p);
        byId.put(participantId, p);
        if (p.content) {
            Participant main = byId.get(p.mainId());
            if (main != null) {
                excludeFrom(main, p);
            }
        } else {
            Participant share = byId.get(participantId + Participant.CONTENT_SUFFIX);
            if (share != null) {
                excludeFrom(p, share);
            }
        }
        return p;
    }

    public void leave(Participant p) {
        if (p == null || p.left || byId.get(p.id()) != p) {
            return;
        }
        p.left = true;
        spareDropsOfLeft += p.jitter.spareDropped();
        lateAfterSpareDropOfLeft += p.jitter.lateAfterSpareDrop();
        participants.remove(p);
        byId.remove(p.id());
        selector.remove(p);
        for (int i = 0, n = participants.size(); i < n; i++) {
            participants.get(i).exclusions.remove(p);
        }
    }

    /** {@code listener} will not hear {@code source} (it never hears itself anyway). */
    public void excludeFrom(Participant listener, Participant source) {
        if (listener == source || listener.excludes(source)) {
            return;
        }
        listener.exclusions.add(source);
    }

    /** Server-enforced mute: a muted participant is never mixed, whatever it sends. */
    public void setMuted(Participant p, boolean muted) {
        p.muted = muted;
    }

    /**
     * One Opus frame (already unpacked from RED if needed) received at its RTP timestamp; payload is copied.
     *
     * @param audioLevel RFC 6464 level, 0 loudest .. 127 silence, -1 unknown (treated as loud)
     */
    public void onFrame(Participant p, long rtpTimestamp, int audioLevel, byte[] payload, int off, int len) {
        if (p.left || payload == null || off < 0 || len <= 0 || off > payload.length - len) {
            return;
        }
        int result = p.jitter.offer((int) rtpTimestamp, LevelMeter.normalise(audioLevel), clock.getAsLong(),
                payload, off, len);
        if (result == JitterBuffer.LATE) {
            framesLateDropped++;
        }
    }

    /** Every 20 ms: one frame out to every participant's sink. */
    public void tick() {
        long now = ++tick;
        long tickNanos = clock.getAsLong();
        for (int i = 0, n = participants.size(); i < n; i++) {
            Participant p = participants.get(i);
            int outcome = p.jitter.poll(tickNanos);
            p.pollOutcome = outcome;
            int level = p.jitter.level();
            p.meter.update(level);
            p.reception.record(outcome);
            if (outcome == JitterBuffer.FRAME && level <= SpeakerSelector.VOICE_LEVEL && !p.muted) {
                p.lastVoiceTick = now;
            }
        }

        int count = selector.select(participants, now);
        Participant[] speakers = selector.speakers();
        int decodes = 0;
        int audible = 0;
        Arrays.fill(mix, 0);
        for (int i = 0; i < count; i++) {
            Participant s = speakers[i];
            s.hasAudio = false;
            if (decode(s, now)) {
                decodes++;
                if (s.hasAudio) {
                    audible++;
                    short[] pcm = s.pcm;
                    for (int j = 0; j < FRAME; j++) {
                        mix[j] += pcm[j];
                    }
                }
            }
        }
        lastTickDecodes = decodes;

        int encodes = 0;
        boolean sharedReady = false;
        for (int i = 0, n = participants.size(); i < n; i++) {
            Participant p = participants.get(i);
            p.outgoing = null;
            if (audible == 0 || p.content) {
                continue;
            }
            int excluded = 0;
            for (int k = 0; k < count; k++) {
                Participant s = speakers[k];
                if (s.hasAudio && (s == p || p.excludes(s))) {
                    excluded++;
                }
            }
            if (excluded == audible) {
                continue;
            }
            if (excluded == 0) {
                if (!sharedReady) {
                    sharedLimiter.process(mix, sharedPcm, FRAME);
                    sharedReady = true;
                }
                SharedMix shared = p.sharedMix;
                if (shared.encodedTick != now) {
                    shared.encodedTick = now;
                    encodes++;
                    if (shared.encoder.encode(sharedPcm) < 0) {
                        encodeErrors++;
                    }
                }
                p.outgoing = shared.encoder;
            } else {
                System.arraycopy(mix, 0, personal, 0, FRAME);
                for (int k = 0; k < count; k++) {
                    Participant s = speakers[k];
                    if (s.hasAudio && (s == p || p.excludes(s))) {
                        short[] pcm = s.pcm;
                        for (int j = 0; j < FRAME; j++) {
                            personal[j] -= pcm[j];
                        }
                    }
                }
                p.limiter.process(personal, personalPcm, FRAME);
                MixEncoder encoder = p.personalEncoder();
                encodes++;
                if (encoder.encode(personalPcm) < 0) {
                    encodeErrors++;
                }
                p.outgoing = encoder;
            }
        }
        lastTickEncodes = encodes;

        long sentAt = clock.getAsLong();
        for (int i = 0, n = participants.size(); i < n; i++) {
            Participant p = participants.get(i);
            send(p, p.outgoing);
        }
        for (int i = 0; i < count; i++) {
            Participant s = speakers[i];
            if (s.hasAudio && s.mixedArrivalNanos != NOT_RECEIVED) {
                delayRecorder.accept(sentAt - s.mixedArrivalNanos);
            }
        }
    }

    /** Decodes the speaker's frame for this tick into its pcm; returns whether the decoder ran. */
    private boolean decode(Participant s, long now) {
        int outcome = s.pollOutcome;
        if (outcome == JitterBuffer.IDLE) {
            return false;
        }
        OpusDecoder decoder = s.decoder();
        if (s.lastDecodedTick != now - 1) {
            decoder.resetState(); // its state is stale: frames in between were dropped undecoded
            s.quietFrames = 0;
        }
        s.lastDecodedTick = now;
        JitterBuffer jb = s.jitter;
        s.mixedArrivalNanos = NOT_RECEIVED;
        try {
            int samples;
            if (outcome == JitterBuffer.FRAME) {
                samples = decoder.decode(jb.data(), 0, jb.length(), s.pcm, 0, FRAME, false);
                s.mixedArrivalNanos = jb.arrivalNanos();
            } else if (outcome == JitterBuffer.FEC && carriesFec(jb.data()[0])) {
                samples = decoder.decode(jb.data(), 0, jb.length(), s.pcm, 0, FRAME, true);
                s.mixedArrivalNanos = jb.arrivalNanos();
                framesFecRecovered++;
            } else {
                samples = decoder.decode(null, 0, 0, s.pcm, 0, FRAME, false);
                s.mixedArrivalNanos = NOT_RECEIVED;
                framesConcealed++;
            }
            if (samples < FRAME) {
                Arrays.fill(s.pcm, Math.max(0, samples), FRAME, (short) 0);
            }
            s.hasAudio = !s.muted && samples > 0 && !quiet(s);
        } catch (OpusException | RuntimeException e) {
            decodeErrors++;
            Arrays.fill(s.pcm, (short) 0);
            s.hasAudio = false;
        }
        return true;
    }

    /**
     * Whether the speaker's decoded frame should stay out of the mix: it and the {@link #QUIET_HANGOVER_FRAMES} - 1
     * before it all peaked under {@link #QUIET_PEAK}. A selected speaker pausing between phrases then costs no
     * personal encode (it hears the shared mix, which no longer contains it) and, once everyone pauses, no encode at
     * all. Decoding goes on, so the decoder state stays continuous for the next word.
     */
    private static boolean quiet(Participant s) {
        short[] pcm = s.pcm;
        int peak = 0;
        for (int j = 0; j < FRAME; j++) {
            int a = Math.abs(pcm[j]);
            if (a > peak) {
                peak = a;
            }
        }
        if (peak >= QUIET_PEAK) {
            s.quietFrames = 0;
            return false;
        }
        if (s.quietFrames < QUIET_HANGOVER_FRAMES) {
            s.quietFrames++;
        }
        return s.quietFrames >= QUIET_HANGOVER_FRAMES;
    }

    /**
     * Whether a packet can carry in-band FEC (LBRR) for the frame before it: only SILK and hybrid packets do (TOC
     * configurations 0..15); CELT-only packets never do, so their loss is concealed instead.
     */
    static boolean carriesFec(byte toc) {
        return ((toc & 0xFF) >>> 3) < 16;
    }

    private static void sendSilence(Participant p) {
        p.sink.sendFrame(SilenceFrame.BYTES, 0, SilenceFrame.BYTES.length);
    }

    /** Sends the encoder's packet, or the silence frame when there is no encoder or its encode failed. */
    private static void send(Participant p, MixEncoder encoder) {
        if (encoder != null && encoder.length() > 0) {
            p.sink.sendFrame(encoder.buffer(), 0, encoder.length());
        } else {
            sendSilence(p);
        }
    }

    private SharedMix sharedMixFor(AudioProfile profile) {
        for (int i = 0, n = sharedMixes.size(); i < n; i++) {
            if (sharedMixes.get(i).profile.equals(profile)) {
                return sharedMixes.get(i);
            }
        }
        SharedMix created = new SharedMix(profile, config.complexity(), config.celtOnly());
        sharedMixes.add(created);
        return created;
    }

    public int participantCount() {
        return participants.size();
    }

    public int lastTickDecodes() {
        return lastTickDecodes;
    }

    public int lastTickEncodes() {
        return lastTickEncodes;
    }

    public long totalFramesConcealed() {
        return framesConcealed;
    }

    public long totalFramesFecRecovered() {
        return framesFecRecovered;
    }

    public long totalFramesLateDropped() {
        return framesLateDropped;
    }

    /** Spare frames the jitter buffers dropped to play sooner, since the start (diagnostics). */
    public long totalSpareFramesDropped() {
        long total = spareDropsOfLeft;
        for (int i = 0, n = participants.size(); i < n; i++) {
            total += participants.get(i).jitter.spareDropped();
        }
        return total;
    }

    /** Frames that came too late after such a drop, since the start (diagnostics). */
    public long totalLateAfterSpareDrop() {
        long total = lateAfterSpareDropOfLeft;
        for (int i = 0, n = participants.size(); i < n; i++) {
            total += participants.get(i).jitter.lateAfterSpareDrop();
        }
        return total;
    }

    public long totalDecodeErrors() {
        return decodeErrors;
    }

    public long totalEncodeErrors() {
        return encodeErrors;
    }

    /** Number of the last tick (starts at 0, +1 per {@link #tick()}). */
    public long ticks() {
        return tick;
    }

    public MixerConfig config() {
        return config;
    }
}
