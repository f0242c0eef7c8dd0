package io.carillon.media.placement;

import io.carillon.events.Topics;
import io.carillon.events.signaling.PresenceRecord;
import io.carillon.events.state.StateCodec;
import io.carillon.media.meeting.MediaMeetings;
import io.carillon.platform.kafka.Projections;
import io.carillon.platform.kafka.TopicProjection;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Presence as signaling writes it: mute is enforced here (a muted attendee is not mixed, whatever it
 * sends), and a session that left or dropped loses its media at once.
 */
@ApplicationScoped
public class PresenceFollower implements TopicProjection.Applier {

    @Inject
    Projections projections;
    @Inject
    MediaMeetings meetings;

    void onStart(@Observes StartupEvent event) {
        projections.followNewRecords(Topics.MEETING_PRESENCE, this);
    }

    @Override
    public void apply(int partition, long offset, String key, byte[] value) {
        if (value == null) {
            return;
        }
        try {
            meetings.onPresence(StateCodec.decode(value, PresenceRecord.class));
        } catch (RuntimeException e) {
            // not a presence record we understand: nothing to enforce
        }
    }
}
