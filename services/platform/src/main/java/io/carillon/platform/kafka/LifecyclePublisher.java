package io.carillon.platform.kafka;

import io.carillon.events.lifecycle.LifecycleCloudEvents;
import io.carillon.events.lifecycle.LifecycleEvent;
import io.cloudevents.CloudEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes meeting lifecycle events as CloudEvents (source {@code /carillon/<service>}), acknowledged
 * once Kafka has them on every in-sync replica.
 */
@ApplicationScoped
public class LifecyclePublisher {

    private final URI source;
    private final KafkaProducer<String, CloudEvent> producer;

    @Inject
    public LifecyclePublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.source = URI.create("/carillon/" + service);
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.putAll(LifecycleCloudEvents.serializerConfig());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Kafka 4's own linger (5 ms) is kept on purpose, unlike the state log's: measured on the
        // control-plane benchmark, 0 cut an idle CreateAttendee by ~6 ms but lost 10-20 % of the
        // throughput under load (a produce request per event). kafka.linger.ms overrides it.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-lifecycle");
        this.producer = new KafkaProducer<>(config);
    }

    /**
     * Sends the event with the given CloudEvent id without waiting: the future completes once every
     * in-sync replica has it. For a relay that acknowledges its input only after its output.
     */
    public CompletableFuture<RecordMetadata> publishAsync(LifecycleEvent event, String id) {
        CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
        try {
            producer.send(LifecycleCloudEvents.record(event, source, id), (metadata, error) -> {
                if (error == null) {
                    sent.complete(metadata);
                } else {
                    sent.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            sent.completeExceptionally(e);
        }
        return sent;
    }

    /** Sends the event and returns once every in-sync replica has it. */
    public void publish(LifecycleEvent event) {
        try {
            producer.send(LifecycleCloudEvents.record(event, source)).get(6, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while publishing " + event.eventType().chimeName(), e);
        } catch (Exception e) {
            throw new KafkaUnavailableException("could not publish " + event.eventType().chimeName(), e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
