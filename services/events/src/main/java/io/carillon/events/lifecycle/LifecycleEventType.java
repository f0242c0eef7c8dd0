package io.carillon.events.lifecycle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * The meeting lifecycle events Chime publishes as "Chime Meeting State Change", with the
 * {@code detail.eventType} names Chime uses ({@code chime:MeetingStarted}, ...).
 * Transcription events are left out until Carillon has a transcription engine.
 */
public enum LifecycleEventType {
    MEETING_STARTED("MeetingStarted", Subject.MEETING),
    MEETING_ENDED("MeetingEnded", Subject.MEETING),
    ATTENDEE_ADDED("AttendeeAdded", Subject.ATTENDEE),
    ATTENDEE_DELETED("AttendeeDeleted", Subject.ATTENDEE),
    ATTENDEE_AUTHORIZED("AttendeeAuthorized", Subject.ATTENDEE),
    ATTENDEE_JOINED("AttendeeJoined", Subject.ATTENDEE_CONNECTION),
    ATTENDEE_LEFT("AttendeeLeft", Subject.ATTENDEE_CONNECTION),
    ATTENDEE_DROPPED("AttendeeDropped", Subject.ATTENDEE_CONNECTION),
    ATTENDEE_VIDEO_STARTED("AttendeeVideoStarted", Subject.ATTENDEE),
    ATTENDEE_VIDEO_STOPPED("AttendeeVideoStopped", Subject.ATTENDEE),
    ATTENDEE_CONTENT_JOINED("AttendeeContentJoined", Subject.ATTENDEE_CONNECTION),
    ATTENDEE_CONTENT_LEFT("AttendeeContentLeft", Subject.ATTENDEE_CONNECTION),
    ATTENDEE_CONTENT_DROPPED("AttendeeContentDropped", Subject.ATTENDEE_CONNECTION),
    ATTENDEE_CONTENT_VIDEO_STARTED("AttendeeContentVideoStarted", Subject.ATTENDEE),
    ATTENDEE_CONTENT_VIDEO_STOPPED("AttendeeContentVideoStopped", Subject.ATTENDEE);

    /** Which {@code detail} fields an event carries besides the common ones. */
    public enum Subject {
        /** + externalMeetingId */
        MEETING,
        /** + attendeeId, externalUserId */
        ATTENDEE,
        /** + attendeeId, externalUserId, networkType */
        ATTENDEE_CONNECTION
    }

    private final String chimeName;
    private final Subject subject;

    LifecycleEventType(String name, Subject subject) {
        this.chimeName = "chime:" + name;
        this.subject = subject;
    }

    /** The {@code detail.eventType} value, also the CloudEvent {@code type}. */
    @JsonValue
    public String chimeName() {
        return chimeName;
    }

    public Subject subject() {
        return subject;
    }

    @JsonCreator
    public static LifecycleEventType fromChimeName(String chimeName) {
        return Arrays.stream(values())
                .filter(t -> t.chimeName.equals(chimeName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown lifecycle event type: " + chimeName));
    }
}
