package io.carillon.platform.kafka;

import io.carillon.events.state.MeetingPartitioner;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes state changes to Kafka so that a write acknowledged to a client is never lost: acks=all,
 * idempotent producer, meeting-keyed partitioning ({@link MeetingPartitioner}). A write that
 * Kafka does not confirm within a few seconds fails with {@link KafkaUnavailableException}, which
 * the APIs turn into 503 — never into a false success.
 */
@ApplicationScoped
public class DurableLog {

    /** How long a request waits for Kafka to confirm a write. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaProducer<String, byte[]> producer;

    /**
     * @param lingerMs how long the producer waits to batch writes before sending them
     *                 ({@code carillon.state-log.linger-ms}); every millisecond of it is added to a write's latency
     */
    @Inject
    public DurableLog(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "carillon.state-log.linger-ms", defaultValue = "0") int lingerMs) {
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis());
        config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, MeetingPartitioner.class.getName());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "carillon-durable-log");
        this.producer = new KafkaProducer<>(config);
    }

    /** Appends a record (null value = tombstone) and waits until Kafka has it on every in-sync replica. */
    public RecordMetadata append(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value))
                    .get(WRITE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while writing to " + topic, e);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new KafkaUnavailableException("Kafka did not confirm the write to " + topic, e);
        }
    }


    /**
     * Appends without waiting: the future completes when every in-sync replica has the record, or
     * fails with {@link KafkaUnavailableException}. Records of one key keep their order.
     */
    public CompletableFuture<RecordMetadata> appendAsync(String topic, String key, byte[] value) {
        CompletableFuture<RecordMetadata> written = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error == null) {
                    written.complete(metadata);
                } else {
                    written.completeExceptionally(new KafkaUnavailableException("Kafka did not confirm the write to " + topic, error));
                }
            });
        } catch (org.apache.kafka.common.KafkaException e) {
            written.completeExceptionally(new KafkaUnavailableException("Kafka did not take the write to " + topic, e));
        }
        return written;
    }

    @PreDestroy
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
