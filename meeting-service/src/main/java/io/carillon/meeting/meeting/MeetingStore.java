package io.carillon.meeting.meeting;

import io.carillon.events.state.AttendeeRecord;
import io.carillon.events.state.MeetingRecord;
import io.carillon.events.state.StateCodec;
import io.carillon.events.state.StateKeys;
import io.carillon.platform.kafka.TopicProjection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Meetings and attendees as the {@code carillon.meeting-state} log says, applied in log order by
 * one thread. The log is the arbiter between meeting-service instances: when two instances write
 * competing records (same ClientRequestToken, same ExternalUserId, one attendee past the cap), the
 * record that comes first in the log wins and the others are not admitted. Every instance applies
 * the same rules to the same order, so all of them agree; a writer learns its outcome by reading
 * its own record back.
 */
@ApplicationScoped
public class MeetingStore implements TopicProjection.Applier {

    private final Map<String, MeetingRecord> meetings = new ConcurrentHashMap<>();
    private final Map<String, String> meetingByRequestToken = new ConcurrentHashMap<>();
    private final Map<String, Roster> rosters = new ConcurrentHashMap<>();

    @Override
    public void apply(int partition, long offset, String key, byte[] value) {
        String meetingId = StateKeys.meetingIdOf(key);
        String attendeeId = StateKeys.attendeeIdOf(key);
        if (attendeeId == null) {
            if (value == null) {
                removeMeeting(meetingId);
            } else {
                putMeeting(StateCodec.decode(value, MeetingRecord.class));
            }
        } else {
            Roster roster = rosters.get(meetingId);
            if (roster == null) {
                return; // an attendee of a meeting that is gone (or never was admitted)
            }
            if (value == null) {
                roster.remove(attendeeId);
            } else {
                roster.admit(StateCodec.decode(value, AttendeeRecord.class));
            }
        }
    }

    public Optional<MeetingRecord> meeting(String meetingId) {
        return Optional.ofNullable(meetings.get(meetingId));
    }

    public Optional<MeetingRecord> meetingByRequestToken(String clientRequestToken) {
        String id = meetingByRequestToken.get(clientRequestToken);
        return id == null ? Optional.empty() : meeting(id);
    }

    public Optional<AttendeeRecord> attendee(String meetingId, String attendeeId) {
        Roster roster = rosters.get(meetingId);
        return roster == null ? Optional.empty() : roster.get(attendeeId);
    }

    public Optional<AttendeeRecord> attendeeByExternalUserId(String meetingId, String externalUserId) {
        Roster roster = rosters.get(meetingId);
        return roster == null ? Optional.empty() : roster.byExternalUserId(externalUserId);
    }

    /** A meeting's attendees in the order they were added. */
    public List<AttendeeRecord> attendees(String meetingId) {
        Roster roster = rosters.get(meetingId);
        return roster == null ? List.of() : roster.all();
    }

    public int attendeeCount(String meetingId) {
        Roster roster = rosters.get(meetingId);
        return roster == null ? 0 : roster.size();
    }

    public List<MeetingRecord> meetings() {
        return List.copyOf(meetings.values());
    }

    private void putMeeting(MeetingRecord meeting) {
        if (!meetings.containsKey(meeting.meetingId())) {
            String winner = meetingByRequestToken.get(meeting.clientRequestToken());
            if (winner != null && meetings.containsKey(winner)) {
                return; // same ClientRequestToken as a meeting already admitted: that one wins
            }
            meetingByRequestToken.put(meeting.clientRequestToken(), meeting.meetingId());
            rosters.put(meeting.meetingId(), new Roster(meeting.features().maxAttendees()));
        }
        meetings.put(meeting.meetingId(), meeting);
    }

    private void removeMeeting(String meetingId) {
        MeetingRecord removed = meetings.remove(meetingId);
        rosters.remove(meetingId);
        if (removed != null) {
            meetingByRequestToken.remove(removed.clientRequestToken(), meetingId);
        }
    }

    /** One meeting's admitted attendees; written by the projection thread, read by requests. */
    private static final class Roster {
        private final int cap;
        private final Map<String, AttendeeRecord> byId = new LinkedHashMap<>();
        private final Map<String, String> idByExternalUserId = new ConcurrentHashMap<>();

        Roster(int cap) {
            this.cap = cap;
        }

        synchronized void admit(AttendeeRecord attendee) {
            if (byId.containsKey(attendee.attendeeId())) {
                byId.put(attendee.attendeeId(), attendee); // an update (capabilities)
                return;
            }
            if (idByExternalUserId.containsKey(attendee.externalUserId()) || byId.size() >= cap) {
                return; // a duplicate ExternalUserId, or past the cap: not admitted
            }
            byId.put(attendee.attendeeId(), attendee);
            idByExternalUserId.put(attendee.externalUserId(), attendee.attendeeId());
        }

        synchronized void remove(String attendeeId) {
            AttendeeRecord removed = byId.remove(attendeeId);
            if (removed != null) {
                idByExternalUserId.remove(removed.externalUserId(), attendeeId);
            }
        }

        synchronized Optional<AttendeeRecord> get(String attendeeId) {
            return Optional.ofNullable(byId.get(attendeeId));
        }

        synchronized Optional<AttendeeRecord> byExternalUserId(String externalUserId) {
            String id = idByExternalUserId.get(externalUserId);
            return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
        }

        synchronized List<AttendeeRecord> all() {
            List<AttendeeRecord> list = new ArrayList<>(byId.values());
            list.sort(Comparator.comparingLong(AttendeeRecord::createdAtMillis).thenComparing(AttendeeRecord::attendeeId));
            return list;
        }

        synchronized int size() {
            return byId.size();
        }
    }
}
