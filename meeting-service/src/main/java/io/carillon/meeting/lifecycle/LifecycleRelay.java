package io.carillon.meeting.lifecycle;

import io.carillon.events.Topics;
import io.carillon.events.lifecycle.LifecycleEvent;
import io.carillon.platform.kafka.LifecyclePublisher;
import io.carillon.platform.kafka.TopicProvisioner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Publishes MeetingStarted, MeetingEnded, AttendeeAdded and AttendeeDeleted from the state log, not
 * from the request that changed the state. A request returns once its record is on
 * {@code carillon.meeting-state}; this relay turns the record into its event (see
 * {@link LifecycleChanges}) and commits its position on the state log only after Kafka has the
 * events (every 200 ms, and when it hands partitions over). So an acknowledged change never loses
 * its event: after a crash the relay starts again from its last commit, and an event sent twice has
 * the same CloudEvent id (made from the record's partition and offset).
 *
 * <p>The instances of meeting-service share the work as one consumer group: each partition of the
 * state log is relayed by one instance. On every assignment the relay reads its partitions from the
 * beginning to know the state before its committed position, and publishes from that position on.
 */
@ApplicationScoped
public class LifecycleRelay {

    /** The consumer group of every meeting-service instance's relay. */
    public static final String GROUP = "carillon.meeting-lifecycle-relay";
    private static final Logger LOG = Logger.getLogger(LifecycleRelay.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long SEND_TIMEOUT_SECONDS = 30;
    private static final long PAUSE_MILLIS = 1000;
    /**
     * After a poll that found nothing to relay: a fetch that waits 100 ms for 32 KB comes back empty ten times a
     * second on an idle system, each a request the broker serves for nothing. Resting this long between such polls
     * adds at most this much to the first event after a quiet spell.
     */
    private static final long IDLE_REST_MILLIS = 250;
    /**
     * How often the relay commits what Kafka has acknowledged: a crash replays at most this much
     * (with the same event ids); committing every batch cost the broker a write per poll under load.
     */
    private static final long COMMIT_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Map<String, Object> consumerConfig = new HashMap<>();
    private final LifecyclePublisher publisher;
    private final TopicProvisioner topics;
    private final Counter published;
    private final Counter restarts;
    private final Thread thread = new Thread(this::run, "lifecycle-relay");
    private volatile boolean closed;
    private volatile KafkaConsumer<String, byte[]> consumer;

    @Inject
    public LifecycleRelay(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, LifecyclePublisher publisher,
            TopicProvisioner topics, MeterRegistry registry) {
        this.publisher = publisher;
        this.topics = topics;
        this.published = Counter.builder("carillon.lifecycle.relay.events")
                .description("lifecycle events the relay published (a replay after a restart counts again)")
                .register(registry);
        this.restarts = Counter.builder("carillon.lifecycle.relay.restarts")
                .description("times the relay started over from its last commit after a failure")
                .register(registry);
        kafkaConfig.forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key)) {
                consumerConfig.put(key, value);
            }
        });
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a group that has never committed relays the whole log: an event twice rather than none
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // a crashed instance's partitions are relayed by the others (or by its restart) after this
        // long; with Kafka's 45 s default a crash held back the events of its last changes that long
        consumerConfig.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        consumerConfig.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        // events may trail their change by a tenth of a second: under load the relay then fetches
        // ~10 batches a second instead of one per write, which the broker and this process feel
        consumerConfig.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 32 * 1024);
        consumerConfig.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "lifecycle-relay");
        thread.setDaemon(true);
    }

    void onStart(@Observes StartupEvent event) {
        thread.start();
    }

    @PreDestroy
    void close() {
        closed = true;
        KafkaConsumer<String, byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Relays until closed; after a failure (Kafka away, a send refused) it starts over from its last commit. */
    private void run() {
        while (!closed && !topics.provisioned()) {
            pause(100); // the state log does not exist yet on a fresh broker
        }
        while (!closed) {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig)) {
                consumer = kafka;
                relay(kafka);
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                restarts.increment();
                LOG.warnf("lifecycle relay starts over from its last commit in %d ms: %s", PAUSE_MILLIS, e.toString());
                pause(PAUSE_MILLIS);
            }
        }
    }

    private void relay(KafkaConsumer<String, byte[]> kafka) {
        Map<TopicPartition, OffsetAndMetadata> relayed = new HashMap<>();
        Assignment assignment = new Assignment(kafka, relayed);
        kafka.subscribe(List.of(Topics.MEETING_STATE.name()), assignment);
        long lastCommit = System.nanoTime();
        while (!closed) {
            ConsumerRecords<String, byte[]> records;
            try {
                records = kafka.poll(POLL);
            } catch (WakeupException closing) {
                break;
            }
            if (records.isEmpty() && relayed.isEmpty()) {
                pause(IDLE_REST_MILLIS);
                continue;
            }
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                Optional<LifecycleEvent> event = assignment.changes.apply(record.partition(), record.offset(),
                        record.key(), record.value(), record.timestamp());
                if (event.isPresent() && record.offset() >= assignment.publishFrom(record.partition())) {
                    sends.add(publisher.publishAsync(event.get(), eventId(record)));
                }
            }
            awaitSent(sends);
            published.increment(sends.size());
            for (TopicPartition partition : records.partitions()) {
                long position = kafka.position(partition);
                if (position > assignment.publishFrom(partition.partition())) {
                    relayed.put(partition, new OffsetAndMetadata(position));
                }
            }
            long now = System.nanoTime();
            if (!relayed.isEmpty() && now - lastCommit >= COMMIT_EVERY_NANOS) {
                kafka.commitAsync(Map.copyOf(relayed), null);
                relayed.clear();
                lastCommit = now;
            }
        }
        if (!relayed.isEmpty()) {
            kafka.commitSync(Map.copyOf(relayed)); // shutting down: what was relayed is not relayed again
        }
    }

    private static void awaitSent(List<CompletableFuture<?>> sends) {
        if (sends.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing lifecycle events", e);
        } catch (Exception e) {
            throw new IllegalStateException("lifecycle events not published: " + e.getMessage(), e);
        }
    }

    /** The same for the same state change, however often it is relayed. */
    static String eventId(ConsumerRecord<String, byte[]> record) {
        String change = record.topic() + "/" + record.partition() + "/" + record.offset();
        return UUID.nameUUIDFromBytes(change.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The partitions this instance relays. On every change of them it reads them all again from the
     * beginning, with a fresh {@link LifecycleChanges}, and publishes from each one's committed offset.
     */
    private static final class Assignment implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> kafka;
        private final Map<TopicPartition, OffsetAndMetadata> relayed;
        private final Map<Integer, Long> publishFrom = new HashMap<>();
        private LifecycleChanges changes = new LifecycleChanges();

        Assignment(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, OffsetAndMetadata> relayed) {
            this.kafka = kafka;
            this.relayed = relayed;
        }

        long publishFrom(int partition) {
            return publishFrom.getOrDefault(partition, 0L);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // hands over what was relayed: the next owner publishes from there
            if (!relayed.isEmpty()) {
                kafka.commitSync(Map.copyOf(relayed));
                relayed.clear();
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> added) {
            var all = kafka.assignment();
            changes = new LifecycleChanges();
            publishFrom.clear();
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.committed(all);
            for (TopicPartition partition : all) {
                OffsetAndMetadata offset = committed.get(partition);
                publishFrom.put(partition.partition(), offset == null ? 0L : offset.offset());
            }
            kafka.seekToBeginning(all);
            LOG.infof("lifecycle relay: partitions %s of %s, events from offsets %s", all.stream()
                    .map(TopicPartition::partition).sorted().toList(), Topics.MEETING_STATE.name(), publishFrom);
        }
    }
}
