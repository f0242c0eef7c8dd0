package io.carillon.events.state;

/**
 * A meeting's features (Chime's MeetingFeaturesConfiguration), with defaults filled in:
 * echo reduction AVAILABLE|UNAVAILABLE, video None|HD|FHD, content None|FHD|UHD, attendee cap.
 */
public record MeetingFeatures(String echoReduction, String videoMaxResolution, String contentMaxResolution,
        int maxAttendees) {
}
