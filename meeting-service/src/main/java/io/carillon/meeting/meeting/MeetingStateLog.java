package io.carillon.meeting.meeting;

import io.carillon.events.Topics;
import io.carillon.events.state.MeetingPartitioner;
import io.carillon.events.state.StateCodec;
import io.carillon.platform.kafka.DurableLog;
import io.carillon.platform.kafka.KafkaUnavailableException;
import io.carillon.platform.kafka.Projections;
import io.carillon.platform.kafka.TopicProjection;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes meeting state to {@code carillon.meeting-state} and reads it back through the
 * {@link MeetingStore}: a write returns once the store holds it (so the writer sees the log's
 * verdict), and {@link #catchUp} makes the store hold everything any instance wrote before.
 */
@ApplicationScoped
public class MeetingStateLog {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Inject
    DurableLog log;
    @Inject
    Projections projections;
    @Inject
    MeetingStore store;

    private TopicProjection projection;

    void onStart(@Observes StartupEvent event) {
        projection = projections.follow(Topics.MEETING_STATE, store);
    }

    /** Appends a record (null = delete) and returns once the store has applied it. */
    public void write(String key, Object record) {
        RecordMetadata written = log.append(Topics.MEETING_STATE.name(), key, record == null ? null : StateCodec.encode(record));
        try {
            projection.awaitApplied(written.partition(), written.offset(), TIMEOUT);
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("written but not read back: " + e.getMessage());
        }
    }

    /** Returns once the store holds every change of this meeting that any instance has written. */
    public void catchUp(String meetingId) {
        int partitions = projection.partitionCount();
        if (partitions == 0) {
            throw new KafkaUnavailableException("meeting state not loaded yet");
        }
        try {
            projection.awaitCaughtUp(MeetingPartitioner.partitionOf(meetingId, partitions), TIMEOUT);
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("meeting state not caught up: " + e.getMessage());
        }
    }
}
