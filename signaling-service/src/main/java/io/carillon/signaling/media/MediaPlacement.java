package io.carillon.signaling.media;

import io.carillon.events.Topics;
import io.carillon.events.media.MediaPlacementRecord;
import io.carillon.events.state.MeetingPartitioner;
import io.carillon.events.state.StateCodec;
import io.carillon.platform.kafka.Projections;
import io.carillon.platform.kafka.TopicProjection;
import io.carillon.signaling.session.LocalSessions;
import io.carillon.signaling.session.SignalingSession;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Media failover, signaling's half: when a media instance takes over partitions of
 * {@code carillon.media-requests}, every local session whose meeting is in one of them and whose
 * media lived on another instance is told to reconnect; the client then joins the new owner.
 */
@ApplicationScoped
public class MediaPlacement implements TopicProjection.Applier {

    private static final Logger LOG = Logger.getLogger(MediaPlacement.class);

    @Inject
    Projections projections;
    @Inject
    LocalSessions sessions;

    void onStart(@Observes StartupEvent event) {
        projections.followNewRecords(Topics.MEDIA_PLACEMENT, this);
    }

    @Override
    public void apply(int partition, long offset, String key, byte[] value) {
        if (value == null) {
            return;
        }
        MediaPlacementRecord placement;
        try {
            placement = StateCodec.decode(value, MediaPlacementRecord.class);
        } catch (RuntimeException e) {
            LOG.warn("skipping an unreadable media placement record");
            return;
        }
        Set<Integer> moved = new HashSet<>(placement.partitions());
        int moves = 0;
        for (SignalingSession session : sessions.all()) {
            String holder = session.mediaInstance();
            if (holder != null && !holder.equals(placement.instanceId())
                    && moved.contains(MeetingPartitioner.partitionOf(session.meetingId(), Topics.MEDIA_REQUESTS.partitions()))) {
                session.mediaMoved();
                moves++;
            }
        }
        if (moves > 0) {
            LOG.infof("media of partitions %s moved to %s: %d sessions told to reconnect", moved, placement.instanceId(), moves);
        }
    }
}
