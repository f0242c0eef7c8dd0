package io.carillon.events.signaling;

/**
 * One attendee session's presence in a meeting, as signaling writes it to
 * {@code carillon.meeting-presence} (key {@code <meetingId>/<attendeeId>}).
 *
 * @param attendeeId     the attendee, or {@code <attendeeId>#content} for a content share
 * @param sessionId      this WebSocket session (a new one replaces the old)
 * @param audioSessionId the client's JOIN audio_session_id: equal on a reconnect, different on a second device
 * @param instanceId     the signaling instance holding the session
 */
public record PresenceRecord(String meetingId, String attendeeId, String externalUserId, String sessionId,
        long audioSessionId, String instanceId, State state, boolean muted, long atMillis) {

    public enum State {
        PRESENT, LEFT, DROPPED
    }

    public PresenceRecord with(State newState, boolean newMuted, long at) {
        return new PresenceRecord(meetingId, attendeeId, externalUserId, sessionId, audioSessionId, instanceId, newState,
                newMuted, at);
    }
}
