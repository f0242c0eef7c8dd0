package io.carillon.signaling.media;

import io.carillon.events.Topics;
import io.carillon.events.media.AudioMetadataRecord;
import io.carillon.events.state.StateCodec;
import io.carillon.platform.kafka.Projections;
import io.carillon.platform.kafka.TopicProjection;
import io.carillon.signaling.protocol.ChimeSignaling.SdkAudioAttendeeState;
import io.carillon.signaling.protocol.ChimeSignaling.SdkAudioMetadataFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSignalFrame;
import io.carillon.signaling.protocol.Frames;
import io.carillon.signaling.session.LocalSessions;
import io.carillon.signaling.session.SignalingSession;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Collection;
import org.jboss.logging.Logger;

/**
 * Volume indicators: the owning media instance's {@link AudioMetadataRecord}s become one
 * AUDIO_METADATA frame, encoded once, for this instance's sessions of the meeting. Volume and signal
 * strength are always set (proto2 presence: the client reads absent fields as "not reported").
 */
@ApplicationScoped
public class VolumeIndicators implements TopicProjection.Applier {

    private static final Logger LOG = Logger.getLogger(VolumeIndicators.class);

    @Inject
    Projections projections;
    @Inject
    LocalSessions sessions;

    void onStart(@Observes StartupEvent event) {
        projections.followNewRecords(Topics.AUDIO_METADATA, this);
    }

    @Override
    public void apply(int partition, long offset, String key, byte[] value) {
        if (value == null) {
            return;
        }
        Collection<SignalingSession> local = sessions.ofMeeting(key);
        if (local.isEmpty()) {
            return;
        }
        AudioMetadataRecord record;
        try {
            record = StateCodec.decode(value, AudioMetadataRecord.class);
        } catch (RuntimeException e) {
            LOG.warn("skipping an unreadable audio metadata record");
            return;
        }
        byte[] encoded = Frames.encode(frame(record));
        for (SignalingSession session : local) {
            session.sendEncoded(encoded);
        }
    }

    static SdkSignalFrame frame(AudioMetadataRecord record) {
        SdkAudioMetadataFrame.Builder metadata = SdkAudioMetadataFrame.newBuilder();
        for (AudioMetadataRecord.StreamLevel level : record.levels()) {
            metadata.addAttendeeStates(SdkAudioAttendeeState.newBuilder()
                    .setAudioStreamId((int) level.audioStreamId())
                    .setVolume(level.volume())
                    .setSignalStrength(level.signalStrength()));
        }
        return Frames.frame(SdkSignalFrame.Type.AUDIO_METADATA).setAudioMetadata(metadata).build();
    }
}
