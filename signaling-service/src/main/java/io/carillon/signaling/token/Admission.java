package io.carillon.signaling.token;

/**
 * Whom a join token admits, as token-service answered: the attendee, and whether this is the
 * attendee's content-share session ({@code <token>#content}).
 */
public record Admission(String meetingId, String mediaRegion, String attendeeId, String externalUserId, Capabilities capabilities,
        String modality) {

    public record Capabilities(String audio, String video, String content) {
    }

    public boolean content() {
        return "content".equals(modality);
    }

    /** The attendee id this session appears under: {@code <attendeeId>#content} for content. */
    public String sessionAttendeeId() {
        return content() ? attendeeId + "#content" : attendeeId;
    }
}
