package io.carillon.token;

import io.carillon.events.state.AttendeeRecord;
import io.carillon.events.state.JoinTokenRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Mints join tokens, and decides whom a presented token admits to a meeting. */
@ApplicationScoped
public class Admissions {

    private final TokenStore store;

    @Inject
    public Admissions(TokenStore store) {
        this.store = store;
    }

    /**
     * A new token for an attendee that is being created: its hash goes into the attendee's record,
     * which the caller writes to {@code carillon.meeting-state}; until then the token admits no one.
     * Nothing is kept here, and nothing waits for Kafka.
     */
    public MintedToken mintForNewAttendee() {
        String token = JoinTokens.generate();
        return new MintedToken(token, JoinTokens.hash(token));
    }

    /**
     * Another token for an attendee that exists, returned once Kafka has its hash on
     * {@code carillon.join-tokens}. The token itself is not kept: it exists only in this answer.
     */
    public String mint(String meetingId, String attendeeId) {
        String token = JoinTokens.generate();
        store.save(JoinTokens.hash(token), new JoinTokenRecord(meetingId, attendeeId, System.currentTimeMillis()));
        return token;
    }

    /** The attendee the token admits to the meeting; a {@link TokenRefusedException} if none. */
    public Admission admit(String meetingId, String presentedToken) {
        PresentedToken presented = PresentedToken.parse(presentedToken);
        JoinTokenRecord token = store.find(JoinTokens.hash(presented.secret()), meetingId)
                .orElseThrow(() -> new TokenRefusedException("unknown or revoked join token"));
        if (!token.meetingId().equals(meetingId)) {
            throw new TokenRefusedException("join token of another meeting");
        }
        // A deletion that meeting-service has acknowledged must already refuse the token.
        store.catchUpWithMeeting(meetingId);
        String mediaRegion = store.mediaRegion(meetingId)
                .orElseThrow(() -> new TokenRefusedException("meeting not found or deleted"));
        AttendeeRecord attendee = store.attendee(meetingId, token.attendeeId())
                .orElseThrow(() -> new TokenRefusedException("attendee not found or deleted"));
        return Admission.of(attendee, mediaRegion, presented.modality());
    }
}
