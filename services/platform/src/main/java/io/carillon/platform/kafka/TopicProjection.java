package io.carillon.platform.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Follows a whole topic from its beginning (every partition, no consumer group) and hands each
 * record, in log order, to an {@link Applier} that keeps the service's in-memory state. It is how
 * a service rebuilds its state on start and how every instance sees every other's writes.
 *
 * <p>Reading your own write: after producing at (partition, offset), {@link #awaitApplied} returns
 * once that record is in the state. Reading everyone's writes: {@link #awaitCaughtUp} asks the broker
 * for the partition's end and waits until the state has reached it.
 */
public final class TopicProjection implements AutoCloseable {

    /**
     * Applies one record to the state; a null value is a tombstone. Runs on the projection thread.
     * The offset is there for state that needs a record's position: offsets are stable ids that
     * compaction keeps.
     */
    @FunctionalInterface
    public interface Applier {
        void apply(int partition, long offset, String key, byte[] value);
    }

    private static final Logger LOG = Logger.getLogger(TopicProjection.class);
    /** How long a batched projection rests after a poll that found nothing, unless a reader waits. */
    static final Duration IDLE_BACKOFF = Duration.ofMillis(250);

    private final String topic;
    private final Map<String, Object> consumerConfig;
    private final Admin admin;
    private final Applier applier;
    private final boolean fromEnd;
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile long[] applied = new long[0];
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private volatile boolean ready;
    /** After a poll that found nothing, wait this long before the next unless a reader waits (0: poll on). */
    private long idleBackoffNanos;
    private volatile boolean closed;

    /** A projection of the whole topic, from its beginning. */
    public TopicProjection(String topic, Map<String, Object> kafkaConfig, Admin admin, Applier applier) {
        this(topic, kafkaConfig, admin, applier, false);
    }

    /**
     * A projection of the whole topic that may trail it by up to {@code maxLag} while records keep
     * coming: the broker answers its fetches once 16 KB are there or {@code maxLag} has passed,
     * instead of once per record. For a service that reads another's state and waits for it only
     * now and then ({@link #awaitCaughtUp} then takes up to that much longer).
     *
     * <p>Such a fetch comes back empty after {@code maxLag} when nothing is written, so an idle
     * projection would ask the broker 1/maxLag times a second for nothing (token-service's two at
     * 20 ms: 100 fetches a second, a tenth of a core of the broker's at rest). After an empty poll it
     * therefore pauses {@link #IDLE_BACKOFF}; a reader that waits ({@link #appliedAsync},
     * {@link #caughtUpAsync}) ends the pause at once, so only unwatched state trails by that much more.
     */
    public static TopicProjection batched(String topic, Map<String, Object> kafkaConfig, Admin admin, Applier applier,
            Duration maxLag) {
        TopicProjection projection = new TopicProjection(topic, kafkaConfig, admin, applier, false);
        projection.consumerConfig.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 16 * 1024);
        projection.consumerConfig.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) maxLag.toMillis());
        projection.idleBackoffNanos = IDLE_BACKOFF.toNanos();
        return projection;
    }

    /** {@link #batched}, resting this long after an empty poll (for tests that need the rest to be long). */
    static TopicProjection batched(String topic, Map<String, Object> kafkaConfig, Admin admin, Applier applier, Duration maxLag,
            Duration idleBackoff) {
        TopicProjection projection = batched(topic, kafkaConfig, admin, applier, maxLag);
        projection.idleBackoffNanos = idleBackoff.toNanos();
        return projection;
    }

    /** A projection of what is appended from now on: for notifications, not for state. */
    public static TopicProjection fromNowOn(String topic, Map<String, Object> kafkaConfig, Admin admin, Applier applier) {
        return new TopicProjection(topic, kafkaConfig, admin, applier, true);
    }

    private TopicProjection(String topic, Map<String, Object> kafkaConfig, Admin admin, Applier applier, boolean fromEnd) {
        this.topic = topic;
        this.fromEnd = fromEnd;
        this.admin = admin;
        this.applier = applier;
        this.consumerConfig = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key)) {
                consumerConfig.put(key, value);
            }
        });
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "projection-" + topic);
        this.thread = new Thread(this::run, "projection-" + topic);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** True once the state holds everything the topic held when the service started. */
    public boolean ready() {
        return ready;
    }

    public String topic() {
        return topic;
    }

    /** The topic's partition count, once the projection has found the topic (0 before). */
    public int partitionCount() {
        return applied.length;
    }

    /**
     * Waits until the record at (partition, offset) has been applied. Each waiter is woken alone, by
     * the poll that applies its record, instead of every waiting request thread on every poll (a
     * monitor's notifyAll: with 32 requests in flight, 32 wake-ups per poll for one or two records).
     */
    public void awaitApplied(int partition, long offset, Duration timeout) throws TimeoutException {
        await(appliedAsync(partition, offset, timeout));
    }

    /**
     * Completes once the record at (partition, offset) has been applied, on the projection's thread
     * (so what follows must not block), or fails with a {@link TimeoutException} after the timeout.
     */
    public CompletableFuture<Void> appliedAsync(int partition, long offset, Duration timeout) {
        if (appliedUpTo(partition) > offset) {
            return CompletableFuture.completedFuture(null);
        }
        Waiter waiter = new Waiter(partition, offset);
        waiters.add(waiter);
        LockSupport.unpark(thread); // a projection resting after an empty poll polls now
        // the poll may have published between the check and the add: look again
        if (appliedUpTo(partition) > offset) {
            waiters.remove(waiter);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> applied = new CompletableFuture<>();
        waiter.applied().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((done, failure) -> {
            waiters.remove(waiter);
            if (failure == null) {
                applied.complete(null);
            } else if (failure instanceof TimeoutException) {
                applied.completeExceptionally(new TimeoutException(topic + "[" + partition + "] not applied up to " + offset));
            } else {
                applied.completeExceptionally(new TimeoutException(topic + " projection stopped: " + failure));
            }
        });
        return applied;
    }

    /** A request waiting for (partition, offset) to be applied. */
    private record Waiter(int partition, long offset, CompletableFuture<Void> applied) {
        Waiter(int partition, long offset) {
            this(partition, offset, new CompletableFuture<>());
        }
    }

    /** Waits until the state holds every record the partition holds now. */
    public void awaitCaughtUp(int partition, Duration timeout) throws TimeoutException {
        await(caughtUpAsync(partition, timeout));
    }

    /**
     * Completes once the state holds every record the partition holds now (one ListOffsets round
     * trip, then {@link #appliedAsync}), or fails with a {@link TimeoutException}.
     */
    public CompletableFuture<Void> caughtUpAsync(int partition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        TopicPartition tp = new TopicPartition(topic, partition);
        CompletableFuture<Long> end = new CompletableFuture<>();
        admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).whenComplete((info, failure) -> {
            if (failure == null) {
                end.complete(info.offset());
            } else {
                end.completeExceptionally(new TimeoutException("end offset of " + tp + " unknown: " + failure));
            }
        });
        return end.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .thenCompose(offset -> offset > 0
                        ? appliedAsync(partition, offset - 1, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))
                        : CompletableFuture.completedFuture(null));
    }

    private static void await(CompletableFuture<Void> done) throws TimeoutException {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException timeout) {
                throw timeout;
            }
            throw new TimeoutException(String.valueOf(e.getCause()));
        }
    }

    private long appliedUpTo(int partition) {
        long[] now = applied;
        return partition < now.length ? now[partition] : -1;
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig)) {
            consumer = kafka;
            List<TopicPartition> partitions = awaitPartitions(kafka);
            if (partitions == null) {
                return;
            }
            kafka.assign(partitions);
            if (fromEnd) {
                kafka.seekToEnd(partitions);
            } else {
                kafka.seekToBeginning(partitions);
            }
            Map<TopicPartition, Long> startEnd = kafka.endOffsets(partitions, Duration.ofSeconds(30));
            long[] positions = new long[partitions.size()];
            publish(positions.clone());
            while (!closed) {
                ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> record : records) {
                    applier.apply(record.partition(), record.offset(), record.key(), record.value());
                }
                for (TopicPartition tp : partitions) {
                    positions[tp.partition()] = kafka.position(tp);
                }
                publish(positions.clone());
                if (!ready && startEnd.entrySet().stream().allMatch(e -> positions[e.getKey().partition()] >= e.getValue())) {
                    ready = true;
                    LOG.infof("State from %s loaded (%d partitions)", topic, partitions.size());
                }
                if (idleBackoffNanos > 0 && ready && records.isEmpty() && waiters.isEmpty() && !closed) {
                    // a waiter added from here on unparks us: the permit makes this park return at once
                    LockSupport.parkNanos(this, idleBackoffNanos);
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                LOG.error("projection of " + topic + " stopped", e);
            }
        } catch (RuntimeException e) {
            LOG.error("projection of " + topic + " stopped", e);
        }
    }

    private void publish(long[] positions) {
        applied = positions;
        for (Waiter waiter : waiters) {
            if (waiter.partition() < positions.length && positions[waiter.partition()] > waiter.offset()) {
                waiter.applied().complete(null);
            }
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> kafka) {
        while (!closed) {
            try {
                List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                            .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                            .collect(Collectors.toList());
                }
            } catch (org.apache.kafka.common.errors.TimeoutException notYet) {
                // broker unreachable or topic not created yet: keep trying
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return null;
            }
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        waiters.forEach(w -> w.applied().completeExceptionally(new IllegalStateException("projection closed")));
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
}
