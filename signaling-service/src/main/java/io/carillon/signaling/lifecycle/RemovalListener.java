package io.carillon.signaling.lifecycle;

import io.carillon.events.Topics;
import io.carillon.events.lifecycle.LifecycleEvent;
import io.carillon.events.lifecycle.LifecycleCloudEvents;
import io.carillon.platform.kafka.Projections;
import io.carillon.platform.kafka.TopicProjection;
import io.carillon.signaling.data.DataMessageRelay;
import io.carillon.signaling.session.LocalSessions;
import io.carillon.signaling.session.SignalingSession;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Ends sessions when meeting-service says so on the lifecycle topic: AttendeeDeleted removes that
 * attendee's sessions (AUDIO_STATUS 411), MeetingEnded (DeleteMeeting, auto-end) all of the
 * meeting's (AUDIO_STATUS 410, close 4410). The status goes first: mid-meeting the client ignores
 * close codes other than 1006 and 45xx, but stops for good on these statuses.
 */
@ApplicationScoped
public class RemovalListener implements TopicProjection.Applier {

    @Inject
    LocalSessions sessions;
    @Inject
    DataMessageRelay data;
    @Inject
    Projections projections;

    void onStart(@Observes StartupEvent event) {
        projections.followNewRecords(Topics.MEETING_EVENTS, this);
    }

    @Override
    public void apply(int partition, long offset, String key, byte[] value) {
        LifecycleEvent event = LifecycleCloudEvents.fromRecordValue(value).orElse(null);
        if (event == null) {
            return; // a tombstone, or not a lifecycle event
        }
        switch (event.eventType()) {
            case ATTENDEE_DELETED -> {
                for (SignalingSession session : sessions.ofMeeting(event.meetingId())) {
                    if (session.admission().attendeeId().equals(event.attendeeId())) {
                        session.removed(SignalingSession.STATUS_ATTENDEE_REMOVED);
                    }
                }
            }
            case MEETING_ENDED -> {
                sessions.ofMeeting(event.meetingId()).forEach(s -> s.removed(SignalingSession.STATUS_MEETING_ENDED));
                data.forget(event.meetingId());
            }
            default -> {
                // the other events are for others
            }
        }
    }
}
