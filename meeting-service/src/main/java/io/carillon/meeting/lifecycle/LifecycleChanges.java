package io.carillon.meeting.lifecycle;

import io.carillon.events.lifecycle.LifecycleEvent;
import io.carillon.events.lifecycle.LifecycleEventType;
import io.carillon.events.state.AttendeeRecord;
import io.carillon.events.state.MeetingRecord;
import io.carillon.events.state.StateKeys;
import io.carillon.meeting.meeting.MeetingStore;
import java.time.Instant;
import java.util.Optional;

/**
 * What a change on {@code carillon.meeting-state} means for the meeting lifecycle. It applies each
 * record to a {@link MeetingStore} of its own, so it admits attendees by the same rules as every
 * instance's store (a record past the cap, or with an ExternalUserId already taken, starts nothing),
 * and compares before and after:
 * <ul>
 * <li>a meeting that appears: MeetingStarted; a meeting that goes: MeetingEnded (its attendees go
 * with it, without an AttendeeDeleted each);</li>
 * <li>an attendee that appears: AttendeeAdded; one that goes while its meeting stays:
 * AttendeeDeleted;</li>
 * <li>anything else (tags, capabilities, a refused record taken back): no event.</li>
 * </ul>
 */
final class LifecycleChanges {

    private final MeetingStore state = new MeetingStore();

    /** The event this record starts, timed when it was written. */
    Optional<LifecycleEvent> apply(int partition, long offset, String key, byte[] value, long writtenAtMillis) {
        if (key == null) {
            return Optional.empty();
        }
        String meetingId = StateKeys.meetingIdOf(key);
        String attendeeId = StateKeys.attendeeIdOf(key);
        Instant at = Instant.ofEpochMilli(writtenAtMillis);
        if (attendeeId == null) {
            Optional<MeetingRecord> before = state.meeting(meetingId);
            state.apply(partition, offset, key, value);
            Optional<MeetingRecord> after = state.meeting(meetingId);
            if (before.isEmpty() && after.isPresent()) {
                return Optional.of(meetingEvent(LifecycleEventType.MEETING_STARTED, at, after.get()));
            }
            if (before.isPresent() && after.isEmpty()) {
                return Optional.of(meetingEvent(LifecycleEventType.MEETING_ENDED, at, before.get()));
            }
            return Optional.empty();
        }
        Optional<AttendeeRecord> before = state.attendee(meetingId, attendeeId);
        state.apply(partition, offset, key, value);
        Optional<AttendeeRecord> after = state.attendee(meetingId, attendeeId);
        Optional<MeetingRecord> meeting = state.meeting(meetingId);
        if (meeting.isEmpty() || before.isPresent() == after.isPresent()) {
            return Optional.empty();
        }
        AttendeeRecord attendee = after.orElseGet(before::get);
        LifecycleEventType type = after.isPresent() ? LifecycleEventType.ATTENDEE_ADDED : LifecycleEventType.ATTENDEE_DELETED;
        return Optional.of(LifecycleEvent.attendee(type, at, meetingId, meeting.get().mediaRegion(), attendeeId,
                attendee.externalUserId()));
    }

    private static LifecycleEvent meetingEvent(LifecycleEventType type, Instant at, MeetingRecord meeting) {
        return LifecycleEvent.meeting(type, at, meeting.meetingId(), meeting.externalMeetingId(), meeting.mediaRegion());
    }
}
