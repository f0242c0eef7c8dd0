package io.carillon.meeting.meeting;

import io.carillon.events.state.AttendeeRecord;
import io.carillon.events.state.MeetingRecord;
import io.carillon.events.state.StateKeys;
import io.carillon.meeting.api.ChimeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Creating, reading, tagging and ending meetings: state to Kafka first, then the answer. The
 * lifecycle events follow from the state log ({@link io.carillon.meeting.lifecycle.LifecycleRelay}).
 */
@ApplicationScoped
public class Meetings {

    private static final Logger LOG = Logger.getLogger(Meetings.class);

    @Inject
    MeetingStateLog stateLog;
    @Inject
    MeetingStore store;

    Clock clock = Clock.systemUTC();

    /** CreateMeeting: the same ClientRequestToken gives the same meeting, across instances too. */
    public MeetingRecord create(NewMeeting request) {
        var existing = store.meetingByRequestToken(request.clientRequestToken());
        if (existing.isPresent()) {
            return existing.get();
        }
        MeetingRecord meeting = new MeetingRecord(UUID.randomUUID().toString(), request.clientRequestToken(),
                request.externalMeetingId(), request.meetingHostId(), request.mediaRegion(), request.features(),
                request.primaryMeetingId(), request.tenantIds(), request.tags(), clock.millis());
        stateLog.write(StateKeys.meeting(meeting.meetingId()), meeting);
        MeetingRecord winner = store.meetingByRequestToken(request.clientRequestToken()).orElse(meeting);
        if (!winner.meetingId().equals(meeting.meetingId())) {
            // another instance created the meeting for this token first: answer with that one
            stateLog.write(StateKeys.meeting(meeting.meetingId()), null);
            return winner;
        }
        LOG.infof("meeting %s created in %s", meeting.meetingId(), meeting.mediaRegion());
        return meeting;
    }

    /** The meeting as every instance's writes so far leave it. */
    public MeetingRecord get(String meetingId) {
        stateLog.catchUp(meetingId);
        return store.meeting(meetingId)
                .orElseThrow(() -> ChimeException.notFound("The meeting " + meetingId + " does not exist."));
    }

    /**
     * The meeting for a write that the log arbitrates (CreateAttendee): when this instance already
     * holds the meeting, no catch-up round trip to the broker is needed, because the projection
     * decides the write in log order anyway (a meeting deleted meanwhile, a full meeting or an
     * ExternalUserId taken on another instance all refuse it there). Without blocking: a catch-up
     * only for a meeting this instance does not hold.
     */
    public CompletableFuture<MeetingRecord> getForArbitratedWriteAsync(String meetingId) {
        var known = store.meeting(meetingId);
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(known.get());
        }
        return stateLog.catchUpAsync(meetingId).thenApply(caughtUp -> store.meeting(meetingId)
                .orElseThrow(() -> ChimeException.notFound("The meeting " + meetingId + " does not exist.")));
    }

    /** DeleteMeeting, auto-end and the 24-hour limit: attendees removed, tokens void, MeetingEnded. */
    public void end(String meetingId, String why) {
        get(meetingId);
        var attendees = store.attendees(meetingId);
        stateLog.write(StateKeys.meeting(meetingId), null);
        for (AttendeeRecord attendee : attendees) {
            // the meeting's tombstone already voids them; these let compaction drop the records
            stateLog.write(StateKeys.attendee(meetingId, attendee.attendeeId()), null);
        }
        LOG.infof("meeting %s ended (%s)", meetingId, why);
    }

    public MeetingRecord replaceTags(String meetingId, Map<String, String> tags) {
        MeetingRecord updated = get(meetingId).withTags(tags);
        stateLog.write(StateKeys.meeting(meetingId), updated);
        return updated;
    }
}
