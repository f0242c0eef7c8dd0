package io.carillon.events.state;

/**
 * An attendee as meeting-service stores it on {@code carillon.meeting-state}
 * (key: {@code <meetingId>/<attendeeId>}).
 *
 * <p>{@code joinTokenHash} is the hash of the join token token-service minted for the attendee
 * when it was created (never the token): it becomes durable with the attendee, in the same write,
 * and stops admitting anyone when the attendee's record is deleted. Null in records written before
 * it existed; their tokens are on {@code carillon.join-tokens}.
 */
public record AttendeeRecord(String meetingId, String attendeeId, String externalUserId, Capabilities capabilities,
        long createdAtMillis, String joinTokenHash) {

    /** An attendee whose join tokens are all kept on {@code carillon.join-tokens}. */
    public AttendeeRecord(String meetingId, String attendeeId, String externalUserId, Capabilities capabilities,
            long createdAtMillis) {
        this(meetingId, attendeeId, externalUserId, capabilities, createdAtMillis, null);
    }

    public AttendeeRecord withCapabilities(Capabilities newCapabilities) {
        return new AttendeeRecord(meetingId, attendeeId, externalUserId, newCapabilities, createdAtMillis, joinTokenHash);
    }
}
