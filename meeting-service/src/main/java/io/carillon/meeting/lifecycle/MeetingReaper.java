package io.carillon.meeting.lifecycle;

import io.carillon.events.Topics;
import io.carillon.events.state.MeetingRecord;
import io.carillon.meeting.MeetingServiceConfig;
import io.carillon.meeting.api.ChimeException;
import io.carillon.meeting.meeting.MeetingStore;
import io.carillon.meeting.meeting.Meetings;
import io.carillon.platform.kafka.KafkaUnavailableException;
import io.carillon.platform.kafka.Projections;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Ends meetings as Chime does: after {@code idle-meeting-timeout} with nobody connected (counted
 * from creation if nobody ever joined, else from the last leave or drop), and after
 * {@code max-meeting-duration} in any case. Every instance checks every meeting; ending one twice
 * is harmless (the second finds it gone), so a meeting may at worst get two MeetingEnded events —
 * the topic is at-least-once, as EventBridge is.
 */
@ApplicationScoped
public class MeetingReaper {

    private static final Logger LOG = Logger.getLogger(MeetingReaper.class);

    @Inject
    MeetingServiceConfig config;
    @Inject
    MeetingStore store;
    @Inject
    Meetings meetings;
    @Inject
    Presence presence;
    @Inject
    Projections projections;

    /**
     * How far presence may trail the events topic under load: the topic also carries every AttendeeAdded,
     * and fetching each at once woke this service and the broker once per CreateAttendee, for a timer of minutes.
     */
    static final Duration PRESENCE_LAG = Duration.ofMillis(100);

    Clock clock = Clock.systemUTC();
    private ScheduledExecutorService timer;

    void onStart(@Observes StartupEvent event) {
        projections.start(projections.batched(Topics.MEETING_EVENTS, presence, PRESENCE_LAG));
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "meeting-reaper"));
        long every = config.reaperInterval().toMillis();
        timer.scheduleWithFixedDelay(this::endExpiredMeetings, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void endExpiredMeetings() {
        if (!projections.loading().isEmpty()) {
            return; // presence not known yet: ending now could end a meeting people are in
        }
        Instant now = clock.instant();
        for (MeetingRecord meeting : store.meetings()) {
            String why = expiry(meeting, now);
            if (why != null) {
                end(meeting.meetingId(), why);
            }
        }
    }

    private String expiry(MeetingRecord meeting, Instant now) {
        Instant created = Instant.ofEpochMilli(meeting.createdAtMillis());
        if (Duration.between(created, now).compareTo(config.maxMeetingDuration()) >= 0) {
            return "reached the maximum duration of " + config.maxMeetingDuration();
        }
        if (presence.anyoneConnected(meeting.meetingId())) {
            return null;
        }
        Instant idleSince = presence.emptySince(meeting.meetingId()).orElse(created);
        if (Duration.between(idleSince, now).compareTo(config.idleMeetingTimeout()) >= 0) {
            return "nobody connected for " + config.idleMeetingTimeout();
        }
        return null;
    }

    private void end(String meetingId, String why) {
        try {
            meetings.end(meetingId, why);
        } catch (ChimeException alreadyGone) {
            LOG.debugf("meeting %s already ended", meetingId);
        } catch (KafkaUnavailableException e) {
            LOG.warnf("could not end meeting %s yet: %s", meetingId, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not end meeting %s", meetingId);
        }
    }
}
