package io.carillon.media.meeting;

import io.carillon.events.media.AudioMetadataRecord;
import io.carillon.media.MediaMetrics;
import io.carillon.media.audio.MeetingMixer;
import io.carillon.media.audio.Participant;
import io.carillon.media.session.MediaSession;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The media of one meeting on this instance: its sessions and its mixer, confined to one event
 * loop, which runs the 20 ms mixer tick, the volume reports and the session housekeeping.
 */
public final class MediaMeeting {

    private static final Logger LOG = Logger.getLogger(MediaMeeting.class);
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final int TICKS_PER_SECOND = 50;
    /** A meeting with no session for this long is forgotten. */
    static final int EMPTY_TICKS_BEFORE_CLOSE = 60 * TICKS_PER_SECOND;
    /** A meeting whose partition left this instance closes after this long, unless it comes back. */
    static final long ORPHAN_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Ticks late by more than this many are skipped, not caught up. */
    static final int MAX_CATCH_UP_TICKS = 2;

    private final String id;
    private final int partition;
    private final EventLoop loop;
    private final MeetingMixer mixer;
    private final MediaMetrics metrics;
    private final int metadataEveryTicks;
    private final Consumer<AudioMetadataRecord> metadataOut;
    private final Consumer<MediaMeeting> onClosed;
    private final Map<String, MediaSession> sessions = new HashMap<>();

    private ScheduledFuture<?> ticker;
    private long ticks;
    private long firstTickNanos;
    private int emptyTicks;
    private boolean closed;
    private long tickFailures;
    private long skippedTicks;
    private long orphanedSince;
    private int sessionsSeen;
    private long packetsIn;
    private long packetsOut;
    private long packetsRejected;
    /** The slot of the instance-wide metadata grid in which this meeting last published its levels. */
    private long metadataSlot = -1;
    /** The mixer's concealed and FEC-recovered frames as last reported to the metrics. */
    private long concealedReported;
    private long fecReported;

    public MediaMeeting(String id, int partition, EventLoop loop, MeetingMixer mixer, MediaMetrics metrics, int metadataEveryTicks,
            Consumer<AudioMetadataRecord> metadataOut, Consumer<MediaMeeting> onClosed) {
        this.id = id;
        this.partition = partition;
        this.loop = loop;
        this.mixer = mixer;
        this.metrics = metrics;
        this.metadataEveryTicks = Math.max(1, metadataEveryTicks);
        this.metadataOut = metadataOut;
        this.onClosed = onClosed;
    }

    public void start() {
        loop.execute(() -> {
            firstTickNanos = System.nanoTime() + TICK_NANOS;
            scheduleNextTick();
        });
    }

    /**
     * The next tick at its place on the 20 ms grid. A loop that stalled (a long GC, an overloaded
     * host) skips the ticks it missed instead of firing them back to back: listeners would get a
     * burst of stale packets, which a jitter buffer handles worse than a gap.
     */
    private void scheduleNextTick() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        long due = firstTickNanos + ticks * TICK_NANOS;
        if (now - due > MAX_CATCH_UP_TICKS * TICK_NANOS) {
            long missed = (now - due) / TICK_NANOS;
            ticks += missed;
            skippedTicks += missed;
            due = firstTickNanos + ticks * TICK_NANOS;
        }
        ticker = loop.schedule(this::tick, Math.max(0, due - now), TimeUnit.NANOSECONDS);
    }

    /** A failing tick is logged and the next one runs: an exception must never stop a meeting's audio. */
    private void tick() {
        try {
            runTick();
        } catch (RuntimeException e) {
            tickFailures++;
            if (tickFailures <= 3 || tickFailures % 1000 == 0) {
                LOG.errorf(e, "meeting %s: mixer tick failed (%d so far)", id, tickFailures);
            }
        }
        scheduleNextTick();
    }

    private void runTick() {
        long start = System.nanoTime();
        long lateness = start - (firstTickNanos + ticks * TICK_NANOS);
        ticks++;
        if (!sessions.isEmpty()) {
            mixer.tick();
            metrics.tick(System.nanoTime() - start, lateness, mixer.lastTickDecodes(), mixer.lastTickEncodes());
            reportRepairedFrames();
            if (metadataDue(start)) {
                publishLevels();
            }
            emptyTicks = 0;
        } else if (++emptyTicks > EMPTY_TICKS_BEFORE_CLOSE) {
            close();
            return;
        }
        if (ticks % TICKS_PER_SECOND == 0) {
            dropExpiredSessions(start);
            if (orphanedSince != 0 && start - orphanedSince > ORPHAN_GRACE_NANOS) {
                LOG.infof("meeting %s: its partition %d is another instance's now; media closed here", id, partition);
                close();
            }
        }
    }

    private void reportRepairedFrames() {
        long concealed = mixer.totalFramesConcealed();
        long fec = mixer.totalFramesFecRecovered();
        if (concealed != concealedReported || fec != fecReported) {
            metrics.repairedFrames(concealed - concealedReported, fec - fecReported);
            concealedReported = concealed;
            fecReported = fec;
        }
    }

    /**
     * Once per metadata interval on a grid shared by every meeting of the instance (System.nanoTime is one clock per
     * JVM), not counted from each meeting's own first tick: the meetings' level records then leave within one tick
     * of each other, and the outbox's short linger sends them to Kafka together instead of one request each.
     */
    private boolean metadataDue(long tickStartNanos) {
        long slot = Math.floorDiv(tickStartNanos, metadataEveryTicks * TICK_NANOS);
        if (slot == metadataSlot) {
            return false;
        }
        metadataSlot = slot;
        return true;
    }

    private void publishLevels() {
        List<AudioMetadataRecord.StreamLevel> levels = new ArrayList<>(sessions.size());
        for (MediaSession session : sessions.values()) {
            Participant participant = session.participant();
            if (participant != null && session.audioStreamId() > 0) {
                levels.add(new AudioMetadataRecord.StreamLevel(session.audioStreamId(), participant.volumeDbov(),
                        participant.signalStrength()));
            }
        }
        if (!levels.isEmpty()) {
            metadataOut.accept(new AudioMetadataRecord(id, levels));
        }
    }

    private void dropExpiredSessions(long now) {
        for (MediaSession session : List.copyOf(sessions.values())) {
            if (session.expired(now)) {
                LOG.infof("session %s of meeting %s: no ICE consent or no connection in time; dropped", session.id(), id);
                remove(session);
            }
        }
    }

    // ---- sessions (on the loop) ----

    public MediaSession session(String sessionId) {
        return sessions.get(sessionId);
    }

    public Collection<MediaSession> sessions() {
        return sessions.values();
    }

    public void add(MediaSession session) {
        // a newer session of the same attendee (reconnect, another device) replaces the older one
        for (MediaSession other : List.copyOf(sessions.values())) {
            if (other.attendeeId().equals(session.attendeeId())) {
                remove(other);
            }
        }
        sessions.put(session.id(), session);
        sessionsSeen++;
    }

    public void remove(MediaSession session) {
        if (sessions.remove(session.id(), session)) {
            session.close();
            packetsIn += session.counters().packets;
            packetsOut += session.counters().sent;
            packetsRejected += session.counters().rejected;
        }
    }

    /**
     * A content share ({@code <attendeeId>#content}) is not mixed into its own attendee's audio, and its
     * own session hears nothing worth encoding (client-behaviour.md §7).
     */
    public void applyExclusions(MediaSession joined) {
        for (MediaSession other : sessions.values()) {
            if (other == joined || other.participant() == null || joined.participant() == null) {
                continue;
            }
            if (isContentOf(joined, other) || isContentOf(other, joined)) {
                mixer.excludeFrom(other.participant(), joined.participant());
                mixer.excludeFrom(joined.participant(), other.participant());
            }
        }
    }

    private static boolean isContentOf(MediaSession content, MediaSession owner) {
        return content.attendeeId().equals(owner.attendeeId() + "#content");
    }

    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
        for (MediaSession session : List.copyOf(sessions.values())) {
            remove(session);
        }
        onClosed.accept(this);
        LOG.infof("meeting %s: media closed after %d s; %d sessions, packets in %d, out %d, rejected %d; frames concealed %d,"
                + " recovered by FEC %d, late %d; spare frames dropped %d, late after such a drop %d; ticks skipped %d", id,
                ticks / TICKS_PER_SECOND, sessionsSeen, packetsIn, packetsOut, packetsRejected, mixer.totalFramesConcealed(),
                mixer.totalFramesFecRecovered(), mixer.totalFramesLateDropped(), mixer.totalSpareFramesDropped(),
                mixer.totalLateAfterSpareDrop(), skippedTicks);
    }

    public String id() {
        return id;
    }

    /**
     * What an operator asks of one meeting (GET /media/meetings), read on the loop: its sessions, packets (closed
     * sessions included), how its clients' audio arrives and what the mixer made of it.
     */
    public Stats stats() {
        long in = packetsIn;
        long out = packetsOut;
        long rejected = packetsRejected;
        long expected = 0;
        long lost = 0;
        double jitterMax = 0;
        int connected = 0;
        for (MediaSession session : sessions.values()) {
            in += session.counters().packets;
            out += session.counters().sent;
            rejected += session.counters().rejected;
            MediaSession.Reception reception = session.reception();
            expected += reception.expected();
            lost += reception.lost();
            jitterMax = Math.max(jitterMax, reception.jitterMillis());
            if (session.connected()) {
                connected++;
            }
        }
        return new Stats(id, partition, sessions.size(), connected, ticks / TICKS_PER_SECOND, in, out, rejected, expected, lost,
                jitterMax, mixer.lastTickDecodes(), mixer.lastTickEncodes(), mixer.totalFramesConcealed(),
                mixer.totalFramesFecRecovered(), skippedTicks);
    }

    /**
     * One meeting's figures. Packets count every session since the meeting opened here; expected, lost and jitter
     * are those of the sessions connected now (RTCP receive statistics of their audio).
     */
    public record Stats(String meetingId, int partition, int sessions, int connectedSessions, long seconds, long packetsIn,
            long packetsOut, long packetsRejected, long audioExpected, long audioLost, double jitterMillisMax,
            int decodesLastTick, int encodesLastTick, long framesConcealed, long framesFecRecovered, long ticksSkipped) {
    }

    /** The meeting's partition left this instance (on the loop). */
    public void orphan(long nowNanos) {
        if (orphanedSince == 0) {
            orphanedSince = nowNanos;
        }
    }

    /** The partition is this instance's again (on the loop). */
    public void adopt() {
        orphanedSince = 0;
    }

    /** The partition of carillon.media-requests that makes this instance the meeting's owner. */
    public int partition() {
        return partition;
    }

    public EventLoop loop() {
        return loop;
    }

    public MeetingMixer mixer() {
        return mixer;
    }

    public boolean closed() {
        return closed;
    }
}
