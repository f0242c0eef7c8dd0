package io.carillon.signaling.presence;

import io.carillon.events.Topics;
import io.carillon.events.signaling.PresenceRecord;
import io.carillon.events.state.StateCodec;
import io.carillon.events.state.StateKeys;
import io.carillon.platform.kafka.DurableLog;
import io.carillon.platform.kafka.KafkaUnavailableException;
import io.carillon.platform.kafka.Projections;
import io.carillon.platform.kafka.TopicProjection;
import io.carillon.signaling.protocol.ChimeSignaling.SdkAudioStreamIdInfo;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * The meeting rosters, from {@code carillon.meeting-presence}, which every signaling instance
 * follows: a session's join, mute and leave are written there, and every instance turns the same
 * records, in the same order, into the same AUDIO_STREAM_ID_INFO entries for its own sessions.
 *
 * <p>Audio stream ids come from the log: a session's id is its first record's offset + 1, so ids
 * are unique in a meeting (one partition per meeting), grow with every rejoin as the client needs,
 * and are the same on every instance without any coordination.
 */
@ApplicationScoped
public class PresenceLog implements TopicProjection.Applier {

    private static final Logger LOG = Logger.getLogger(PresenceLog.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Inject
    DurableLog log;
    @Inject
    Projections projections;

    private final Map<String, Map<String, RosterEntry>> rosters = new ConcurrentHashMap<>();
    private volatile PresenceListener listener;
    private TopicProjection projection;

    void onStart(@Observes StartupEvent event) {
        projection = projections.follow(Topics.MEETING_PRESENCE, this);
    }

    public void listen(PresenceListener presenceListener) {
        this.listener = presenceListener;
    }

    /** Writes a presence change and returns once this instance's roster holds it. */
    public void write(PresenceRecord presence) {
        String key = StateKeys.attendee(presence.meetingId(), presence.attendeeId());
        RecordMetadata written = log.append(Topics.MEETING_PRESENCE.name(), key, StateCodec.encode(presence));
        try {
            projection.awaitApplied(written.partition(), written.offset(), TIMEOUT);
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("presence written but not read back: " + e.getMessage());
        }
    }

    /** The session's roster entry, if it is present. */
    public RosterEntry entry(String meetingId, String attendeeId, String sessionId) {
        Map<String, RosterEntry> roster = rosters.get(meetingId);
        RosterEntry entry = roster == null ? null : roster.get(attendeeId);
        return entry != null && entry.presence().sessionId().equals(sessionId) ? entry : null;
    }

    /**
     * The whole roster of a meeting as join entries (with mute state), taken together with
     * {@code subscribe}, which starts the session's deltas: no change is missed or sent twice.
     */
    public synchronized List<SdkAudioStreamIdInfo> fullRosterAndSubscribe(String meetingId, Runnable subscribe) {
        Map<String, RosterEntry> roster = rosters.getOrDefault(meetingId, Map.of());
        List<SdkAudioStreamIdInfo> entries = new ArrayList<>();
        for (RosterEntry entry : roster.values()) {
            entries.add(joined(entry));
        }
        subscribe.run();
        return entries;
    }

    public int present(String meetingId) {
        return rosters.getOrDefault(meetingId, Map.of()).size();
    }

    @Override
    public synchronized void apply(int partition, long offset, String key, byte[] value) {
        if (value == null) {
            return; // a compaction tombstone of an old session: nothing to tell anyone
        }
        PresenceRecord presence;
        try {
            presence = StateCodec.decode(value, PresenceRecord.class);
        } catch (RuntimeException e) {
            LOG.warnf("skipping an unreadable presence record at %s-%d", Topics.MEETING_PRESENCE.name(), offset);
            return;
        }
        Map<String, RosterEntry> roster = rosters.computeIfAbsent(presence.meetingId(), id -> new LinkedHashMap<>());
        RosterEntry current = roster.get(presence.attendeeId());
        boolean sameSession = current != null && current.presence().sessionId().equals(presence.sessionId());
        List<SdkAudioStreamIdInfo> changes = new ArrayList<>();
        if (presence.state() == PresenceRecord.State.PRESENT) {
            if (sameSession) {
                roster.put(presence.attendeeId(), new RosterEntry(presence, current.audioStreamId()));
                if (current.presence().muted() != presence.muted()) {
                    changes.add(SdkAudioStreamIdInfo.newBuilder().setAudioStreamId(current.audioStreamId())
                            .setMuted(presence.muted()).build());
                }
            } else {
                RosterEntry joined = new RosterEntry(presence, streamId(offset));
                roster.put(presence.attendeeId(), joined);
                changes.add(joined(joined));
                if (current != null) {
                    // announced after the new id, so the client keeps the attendee present
                    changes.add(left(current, false));
                    notifyReplaced(current, presence);
                }
            }
        } else if (sameSession) {
            roster.remove(presence.attendeeId());
            if (roster.isEmpty()) {
                rosters.remove(presence.meetingId());
            }
            changes.add(left(current, presence.state() == PresenceRecord.State.DROPPED));
        }
        PresenceListener target = listener;
        if (!changes.isEmpty() && target != null) {
            target.rosterChanged(presence.meetingId(), changes);
        }
    }

    private void notifyReplaced(RosterEntry replaced, PresenceRecord by) {
        PresenceListener target = listener;
        if (target != null) {
            target.sessionReplaced(replaced.presence().sessionId(),
                    replaced.presence().audioSessionId() == by.audioSessionId());
        }
    }

    /** Stream ids are uint32 and never 0. */
    private static int streamId(long offset) {
        return (int) ((offset % 0xFFFF_FFFEL) + 1);
    }

    private static SdkAudioStreamIdInfo joined(RosterEntry entry) {
        PresenceRecord p = entry.presence();
        return SdkAudioStreamIdInfo.newBuilder().setAudioStreamId(entry.audioStreamId()).setAttendeeId(p.attendeeId())
                .setExternalUserId(p.externalUserId()).setMuted(p.muted()).build();
    }

    private static SdkAudioStreamIdInfo left(RosterEntry entry, boolean dropped) {
        return SdkAudioStreamIdInfo.newBuilder().setAudioStreamId(entry.audioStreamId()).setDropped(dropped).build();
    }
}
