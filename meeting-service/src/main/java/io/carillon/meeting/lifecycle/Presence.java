package io.carillon.meeting.lifecycle;

import io.carillon.events.lifecycle.LifecycleEvent;
import io.carillon.events.lifecycle.LifecycleCloudEvents;
import io.carillon.platform.kafka.TopicProjection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is connected to which meeting, from the joined/left/dropped events that signaling publishes
 * on {@code carillon.meeting-events} (attendee and content sessions alike), and since when a
 * meeting has had nobody connected. Feeds {@link MeetingReaper}.
 */
@ApplicationScoped
public class Presence implements TopicProjection.Applier {

    private final Map<String, Set<String>> connected = new ConcurrentHashMap<>();
    private final Map<String, Instant> emptySince = new ConcurrentHashMap<>();

    @Override
    public void apply(int partition, long offset, String key, byte[] value) {
        LifecycleEvent event = LifecycleCloudEvents.fromRecordValue(value).orElse(null);
        if (event == null) {
            return; // a tombstone, or not a lifecycle event
        }
        Instant at = Instant.ofEpochMilli(event.timestamp());
        switch (event.eventType()) {
            case ATTENDEE_JOINED, ATTENDEE_CONTENT_JOINED -> join(event.meetingId(), event.attendeeId());
            case ATTENDEE_LEFT, ATTENDEE_DROPPED, ATTENDEE_CONTENT_LEFT, ATTENDEE_CONTENT_DROPPED ->
                    leave(event.meetingId(), event.attendeeId(), at);
            case MEETING_ENDED -> {
                connected.remove(event.meetingId());
                emptySince.remove(event.meetingId());
            }
            default -> {
                // other events say nothing about who is connected
            }
        }
    }

    /** Whether anybody is connected to the meeting now. */
    public boolean anyoneConnected(String meetingId) {
        Set<String> sessions = connected.get(meetingId);
        return sessions != null && !sessions.isEmpty();
    }

    /** When the last connected session left, if somebody ever joined. */
    public Optional<Instant> emptySince(String meetingId) {
        return Optional.ofNullable(emptySince.get(meetingId));
    }

    private void join(String meetingId, String session) {
        connected.computeIfAbsent(meetingId, id -> ConcurrentHashMap.newKeySet()).add(session);
        emptySince.remove(meetingId);
    }

    private void leave(String meetingId, String session, Instant at) {
        Set<String> sessions = connected.getOrDefault(meetingId, new HashSet<>());
        sessions.remove(session);
        if (sessions.isEmpty()) {
            connected.remove(meetingId);
            emptySince.put(meetingId, at);
        }
    }
}
