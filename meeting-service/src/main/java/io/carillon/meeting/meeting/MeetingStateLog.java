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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
        join(writeAsync(key, record));
    }

    /**
     * Appends a record (null = delete); completes once the store has applied it (on the
     * projection's thread: what follows must not block), or fails with {@link KafkaUnavailableException}.
     */
    public CompletableFuture<Void> writeAsync(String key, Object record) {
        return log.appendAsync(Topics.MEETING_STATE.name(), key, record == null ? null : StateCodec.encode(record))
                .thenCompose(written -> projection.appliedAsync(written.partition(), written.offset(), TIMEOUT)
                        .exceptionally(failure -> {
                            throw new KafkaUnavailableException("written but not read back: " + rootOf(failure).getMessage());
                        }));
    }

    /** Returns once the store holds every change of this meeting that any instance has written. */
    public void catchUp(String meetingId) {
        join(catchUpAsync(meetingId));
    }

    /** Completes once the store holds every change of this meeting that any instance has written. */
    public CompletableFuture<Void> catchUpAsync(String meetingId) {
        int partitions = projection.partitionCount();
        if (partitions == 0) {
            return CompletableFuture.failedFuture(new KafkaUnavailableException("meeting state not loaded yet"));
        }
        return projection.caughtUpAsync(MeetingPartitioner.partitionOf(meetingId, partitions), TIMEOUT)
                .exceptionally(failure -> {
                    throw new KafkaUnavailableException("meeting state not caught up: " + rootOf(failure).getMessage());
                });
    }

    /** The failure inside a stage's CompletionException. */
    public static Throwable rootOf(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Waits for a stage of a write and gives its result, or throws its failure as it was thrown. */
    public static <T> T join(CompletableFuture<T> done) {
        try {
            return done.join();
        } catch (CompletionException e) {
            if (rootOf(e) instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }
}
