package io.carillon.media.placement;

import io.carillon.events.Topics;
import io.carillon.events.media.AudioMetadataRecord;
import io.carillon.events.media.MediaPlacementRecord;
import io.carillon.events.media.MediaReply;
import io.carillon.events.state.StateCodec;
import io.carillon.platform.kafka.DurableLog;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jboss.logging.Logger;

/**
 * What media-service writes to Kafka, from one thread: a producer may block (metadata, full
 * buffer), and the meeting loops must never. Records of a topic keep their order (one thread, one
 * producer per topic).
 */
@ApplicationScoped
public class MediaOutbox {

    private static final Logger LOG = Logger.getLogger(MediaOutbox.class);

    /** How long the volume records wait to share a Kafka request: the meetings publish within a tick of each other. */
    static final int LEVELS_LINGER_MS = 20;

    @Inject
    DurableLog log;

    /**
     * The volume records on a producer of their own that lingers {@value #LEVELS_LINGER_MS} ms: five records a second
     * per meeting are most of what an instance writes, and one request per record cost media-service, the broker and
     * signaling more than the records themselves. Replies (on the join's critical path) keep the state log's producer.
     */
    private final DurableLog levelsLog;

    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "media-outbox");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public MediaOutbox(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "carillon-media-levels");
        levelsLog = new DurableLog(config, LEVELS_LINGER_MS);
    }

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
            writer.execute(() -> (Topics.AUDIO_METADATA.name().equals(topic) ? levelsLog : log).appendAsync(topic, key, value)
                    .whenComplete((ok, error) -> {
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
        levelsLog.close();
    }
}
