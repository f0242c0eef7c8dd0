package io.carillon.token;

import io.carillon.events.state.AttendeeRecord;
import io.carillon.events.state.Capabilities;

/**
 * Whom a valid join token admits: the answer to a validation. {@code modality} is {@code "content"}
 * for the attendee's content-share session, null otherwise.
 */
public record Admission(String meetingId, String mediaRegion, String attendeeId, String externalUserId,
        Capabilities capabilities, String modality) {

    static Admission of(AttendeeRecord attendee, String mediaRegion, String modality) {
        // An attendee stored without capabilities has Chime's defaults.
        Capabilities capabilities = attendee.capabilities() == null ? Capabilities.ALL : attendee.capabilities();
        return new Admission(attendee.meetingId(), mediaRegion, attendee.attendeeId(), attendee.externalUserId(),
                capabilities, modality);
    }
}
