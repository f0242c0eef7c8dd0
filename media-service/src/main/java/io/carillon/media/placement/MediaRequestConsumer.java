package io.carillon.media.placement;

import io.carillon.events.Topics;
import io.carillon.events.media.MediaPlacementRecord;
import io.carillon.events.media.MediaRequest;
import io.carillon.events.state.StateCodec;
import io.carillon.media.MediaConfig;
import io.carillon.media.meeting.MediaMeetings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Placement: the media instances of a region form one consumer group on
 * {@code carillon.media-requests}; the partition of a meeting decides which instance owns its media
 * (an SFU and a mixer need all of a meeting's streams in one place). Requests are handed to the
 * meeting's loop in partition order, so every SUBSCRIBE gets its answer in order.
 */
@ApplicationScoped
public class MediaRequestConsumer {

    private static final Logger LOG = Logger.getLogger(MediaRequestConsumer.class);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @Inject
    MediaConfig config;
    @Inject
    MediaMeetings meetings;
    @Inject
    MediaOutbox outbox;
    @Inject
    MediaInstanceId instance;

    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    void onStart(@Observes StartupEvent event) {
        Map<String, Object> settings = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key)) {
                settings.put(key, value);
            }
        });
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "carillon-media-" + config.region());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        // a dead instance's meetings move after this long (the clients are then told to reconnect)
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        // an instance joining or leaving moves only the partitions it must: meetings elsewhere stay put
        settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(settings);
        thread = new Thread(this::run, "media-requests");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.MEDIA_REQUESTS.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    Set<Integer> revoked = numbers(partitions);
                    owned.removeAll(revoked);
                    meetings.release(revoked);
                    LOG.infof("media requests: partitions %s left this instance; their meetings close unless they return",
                            revoked);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    onPartitionsRevoked(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (partitions.isEmpty()) {
                        return;
                    }
                    Set<Integer> assigned = numbers(partitions);
                    owned.addAll(assigned);
                    meetings.adopt(assigned);
                    outbox.placement(new MediaPlacementRecord(instance.value(), config.region(), List.copyOf(assigned),
                            System.currentTimeMillis()));
                    LOG.infof("media requests: this instance (%s) now owns partitions %s", instance.value(), assigned);
                }
            });
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.error("media request consumer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(3));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            meetings.onRequest(StateCodec.decode(record.value(), MediaRequest.class), record.partition());
        } catch (RuntimeException e) {
            LOG.warnf("skipping an unreadable media request at offset %d: %s", record.offset(), e.getMessage());
        }
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = new java.util.TreeSet<>();
        partitions.forEach(p -> numbers.add(p.partition()));
        return numbers;
    }

    /** The partitions of carillon.media-requests this instance owns now. */
    public Set<Integer> ownedPartitions() {
        return Set.copyOf(owned);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
    }
}
