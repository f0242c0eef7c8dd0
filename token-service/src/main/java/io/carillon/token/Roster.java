package io.carillon.token;

import io.carillon.events.state.AttendeeRecord;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meetings and attendees that exist, as meeting-service's state topic says. A join token is
 * valid only while both its meeting and its attendee are here. Written by the projection thread
 * only; read by requests.
 */
final class Roster {

    /** meeting id -> its media region */
    private final Map<String, String> meetings = new ConcurrentHashMap<>();
    private final Map<String, Map<String, AttendeeRecord>> attendees = new ConcurrentHashMap<>();

    void putMeeting(String meetingId, String mediaRegion) {
        meetings.put(meetingId, mediaRegion == null ? "" : mediaRegion);
    }

    Optional<String> mediaRegion(String meetingId) {
        return Optional.ofNullable(meetings.get(meetingId));
    }

    void removeMeeting(String meetingId) {
        meetings.remove(meetingId);
        attendees.remove(meetingId);
    }

    void putAttendee(String meetingId, String attendeeId, AttendeeRecord attendee) {
        attendees.computeIfAbsent(meetingId, id -> new ConcurrentHashMap<>()).put(attendeeId, attendee);
    }

    void removeAttendee(String meetingId, String attendeeId) {
        attendees.computeIfPresent(meetingId, (id, ofMeeting) -> {
            ofMeeting.remove(attendeeId);
            return ofMeeting.isEmpty() ? null : ofMeeting;
        });
    }

    Optional<AttendeeRecord> attendee(String meetingId, String attendeeId) {
        Map<String, AttendeeRecord> ofMeeting = attendees.get(meetingId);
        return Optional.ofNullable(ofMeeting == null ? null : ofMeeting.get(attendeeId));
    }
}
