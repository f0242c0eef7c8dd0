package io.carillon.events.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * The {@code detail} of a meeting lifecycle event, with Chime's field names so that consumers
 * written for Chime's EventBridge events read it unchanged. Fields an event type does not carry
 * are null and left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "eventType", "timestamp", "meetingId", "externalMeetingId", "mediaRegion",
        "attendeeId", "externalUserId", "networkType"})
public record LifecycleEvent(
        String version,
        LifecycleEventType eventType,
        long timestamp,
        String meetingId,
        String externalMeetingId,
        String mediaRegion,
        String attendeeId,
        String externalUserId,
        String networkType) {

    /** Chime's detail schema version. */
    public static final String VERSION = "0";
    /** Chime's only network type for browser and SDK clients. */
    public static final String NETWORK_TYPE_VOIP = "Voip";

    public LifecycleEvent {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(mediaRegion, "mediaRegion");
        boolean attendee = eventType.subject() != LifecycleEventType.Subject.MEETING;
        if (attendee && attendeeId == null) {
            throw new IllegalArgumentException(eventType.chimeName() + " needs an attendeeId");
        }
    }

    public static LifecycleEvent meeting(LifecycleEventType type, Instant at, String meetingId,
            String externalMeetingId, String mediaRegion) {
        requireSubject(type, LifecycleEventType.Subject.MEETING);
        return new LifecycleEvent(VERSION, type, at.toEpochMilli(), meetingId, externalMeetingId, mediaRegion,
                null, null, null);
    }

    public static LifecycleEvent attendee(LifecycleEventType type, Instant at, String meetingId,
            String mediaRegion, String attendeeId, String externalUserId) {
        requireSubject(type, LifecycleEventType.Subject.ATTENDEE);
        return new LifecycleEvent(VERSION, type, at.toEpochMilli(), meetingId, null, mediaRegion,
                attendeeId, externalUserId, null);
    }

    /** Joined, left, dropped (attendee or content share): also carry the network type. */
    public static LifecycleEvent connection(LifecycleEventType type, Instant at, String meetingId,
            String mediaRegion, String attendeeId, String externalUserId) {
        requireSubject(type, LifecycleEventType.Subject.ATTENDEE_CONNECTION);
        return new LifecycleEvent(VERSION, type, at.toEpochMilli(), meetingId, null, mediaRegion,
                attendeeId, externalUserId, NETWORK_TYPE_VOIP);
    }

    private static void requireSubject(LifecycleEventType type, LifecycleEventType.Subject subject) {
        if (type.subject() != subject) {
            throw new IllegalArgumentException(type.chimeName() + " is not a " + subject + " event");
        }
    }
}
