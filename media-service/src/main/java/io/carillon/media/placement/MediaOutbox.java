package io.carillon.media.placement;

import io.carillon.events.Topics;
import io.carillon.events.media.AudioMetadataRecord;
import io.carillon.events.media.MediaPlacementRecord;
import io.carillon.events.media.MediaReply;
import io.carillon.events.state.StateCodec;
import io.carillon.platform.kafka.DurableLog;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * What media-service writes to Kafka, from one thread: a producer may block (metadata, full
 * buffer), and the meeting loops must never. Records keep their order (one thread, one producer).
 */
@ApplicationScoped
public class MediaOutbox {

    private static final Logger LOG = Logger.getLogger(MediaOutbox.class);

    @Inject
    DurableLog log;

    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "media-outbox");
        thread.setDaemon(true);
        return thread;
    });

    public void reply(String replyTo, MediaReply reply) {
        submit(Topics.MEDIA_REPLIES.name(), replyTo, StateCodec.encode(reply));
    }

    public void placement(MediaPlacementRecord record) {
        submit(Topics.MEDIA_PLACEMENT.name(), record.instanceId(), StateCodec.encode(record));
    }

    public void levels(AudioMetadataRecord record) {
        submit(Topics.AUDIO_METADATA.name(), record.meetingId(), StateCodec.encode(record));
    }

    private void submit(String topic, String key, byte[] value) {
        try {
            writer.execute(() -> log.appendAsync(topic, key, value).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.warnf("not written to %s: %s", topic, error.getMessage());
                }
            }));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    @PreDestroy
    void close() {
        writer.shutdown();
    }
}
