package io.carillon.meeting.attendee;

import io.carillon.events.state.AttendeeRecord;
import io.carillon.events.state.Capabilities;
import io.carillon.events.state.MeetingRecord;
import io.carillon.events.state.StateKeys;
import io.carillon.meeting.api.ChimeError;
import io.carillon.meeting.api.ChimeException;
import io.carillon.meeting.meeting.MeetingStateLog;
import io.carillon.meeting.meeting.MeetingStore;
import io.carillon.meeting.meeting.Meetings;
import io.carillon.meeting.token.TokenServiceClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Adding, reading, changing and removing attendees of a meeting. */
@ApplicationScoped
public class Attendees {

    /** An attendee and the join token minted for this response (shown once). */
    public record WithToken(AttendeeRecord attendee, String joinToken) {
    }

    @Inject
    Meetings meetings;
    @Inject
    MeetingStateLog stateLog;
    @Inject
    MeetingStore store;
    @Inject
    TokenServiceClient tokens;

    Clock clock = Clock.systemUTC();

    /**
     * CreateAttendee. The same ExternalUserId gives the same attendee (with a fresh token: a token
     * cannot be shown twice); the meeting's MaxCount holds across instances because the log decides
     * which attendee came first.
     */
    public WithToken create(MeetingRecord meeting, String externalUserId, Capabilities capabilities) {
        return MeetingStateLog.join(createAsync(meeting, externalUserId, capabilities));
    }

    /**
     * {@link #create} without blocking a thread: the token call, the write and its read-back are
     * chained, and the request's thread is free meanwhile. What follows the read-back runs on the
     * state projection's thread, so nothing in this chain may block.
     */
    public CompletableFuture<WithToken> createAsync(MeetingRecord meeting, String externalUserId, Capabilities capabilities) {
        CapabilityRules.check(capabilities, meeting.features());
        String meetingId = meeting.meetingId();
        var existing = store.attendeeByExternalUserId(meetingId, externalUserId);
        if (existing.isPresent()) {
            return withNewToken(existing.get());
        }
        if (store.attendeeCount(meetingId) >= meeting.features().maxAttendees()) {
            throw atCapacity(meeting);
        }
        // The token first, then one write: its hash is durable in the attendee's record, and a join
        // validates as soon as that record is in Kafka (token-service catches up with the meeting's
        // state when it does not know a token). No token, no write: 503 and nothing to take back.
        return tokens.mintForNewAttendeeAsync().thenCompose(minted -> {
            AttendeeRecord attendee = new AttendeeRecord(meetingId, UUID.randomUUID().toString(), externalUserId,
                    capabilities, clock.millis(), minted.joinTokenHash());
            String key = StateKeys.attendee(meetingId, attendee.attendeeId());
            return stateLog.writeAsync(key, attendee).thenCompose(applied ->
                    store.attendee(meetingId, attendee.attendeeId()).isPresent()
                            ? CompletableFuture.completedFuture(new WithToken(attendee, minted.joinToken()))
                            : notAdmitted(meeting, key, externalUserId));
        });
    }

    /** Another instance added this ExternalUserId first, the meeting filled up, or it ended: the record is taken back. */
    private CompletableFuture<WithToken> notAdmitted(MeetingRecord meeting, String key, String externalUserId) {
        String meetingId = meeting.meetingId();
        return stateLog.writeAsync(key, null).thenCompose(takenBack -> {
            var winner = store.attendeeByExternalUserId(meetingId, externalUserId);
            if (winner.isPresent()) {
                return withNewToken(winner.get());
            }
            if (store.meeting(meetingId).isEmpty()) {
                throw ChimeException.notFound("The meeting " + meetingId + " does not exist.");
            }
            throw atCapacity(meeting);
        });
    }

    /** The attendee as it is, with another token (stored by token-service before it answers). */
    private CompletableFuture<WithToken> withNewToken(AttendeeRecord attendee) {
        return tokens.mintAsync(attendee.meetingId(), attendee.attendeeId()).thenApply(token -> new WithToken(attendee, token));
    }

    public AttendeeRecord get(String meetingId, String attendeeId) {
        meetings.get(meetingId);
        return store.attendee(meetingId, attendeeId).orElseThrow(() -> ChimeException.notFound(
                "The attendee " + attendeeId + " does not exist in meeting " + meetingId + "."));
    }

    public List<AttendeeRecord> list(String meetingId) {
        meetings.get(meetingId);
        return store.attendees(meetingId);
    }

    /** DeleteAttendee: the record goes, so its join tokens stop validating (and AttendeeDeleted follows). */
    public void delete(String meetingId, String attendeeId) {
        get(meetingId, attendeeId);
        stateLog.write(StateKeys.attendee(meetingId, attendeeId), null);
    }

    public AttendeeRecord updateCapabilities(String meetingId, String attendeeId, Capabilities capabilities) {
        MeetingRecord meeting = meetings.get(meetingId);
        CapabilityRules.check(capabilities, meeting.features());
        AttendeeRecord updated = get(meetingId, attendeeId).withCapabilities(capabilities);
        stateLog.write(StateKeys.attendee(meetingId, attendeeId), updated);
        return updated;
    }

    /** BatchUpdateAttendeeCapabilitiesExcept: everyone but the excluded attendees. */
    public void updateCapabilitiesExcept(String meetingId, List<String> excluded, Capabilities capabilities) {
        MeetingRecord meeting = meetings.get(meetingId);
        CapabilityRules.check(capabilities, meeting.features());
        for (AttendeeRecord attendee : store.attendees(meetingId)) {
            if (!excluded.contains(attendee.attendeeId())) {
                stateLog.write(StateKeys.attendee(meetingId, attendee.attendeeId()), attendee.withCapabilities(capabilities));
            }
        }
    }

    private static ChimeException atCapacity(MeetingRecord meeting) {
        return new ChimeException(ChimeError.LimitExceededException, "The meeting " + meeting.meetingId()
                + " already has its maximum of " + meeting.features().maxAttendees() + " attendees.");
    }
}
