package io.carillon.events.state;

/**
 * An attendee as meeting-service stores it on {@code carillon.meeting-state}
 * (key: {@code <meetingId>/<attendeeId>}).
 */
public record AttendeeRecord(String meetingId, String attendeeId, String externalUserId, Capabilities capabilities,
        long createdAtMillis) {

    public AttendeeRecord withCapabilities(Capabilities newCapabilities) {
        return new AttendeeRecord(meetingId, attendeeId, externalUserId, newCapabilities, createdAtMillis);
    }
}
