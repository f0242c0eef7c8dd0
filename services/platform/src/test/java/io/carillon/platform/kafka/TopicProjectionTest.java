package io.carillon.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.carillon.testkit.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Reading one's own write through a projection of a topic on the real broker. */
class TopicProjectionTest {

    private static final KafkaBroker BROKER = KafkaBroker.shared();

    @Test
    void every_writer_returns_once_its_own_record_is_in_the_state_and_a_missing_record_times_out() throws Exception {
        String topic = "projection-test-" + UUID.randomUUID();
        Map<String, Object> config = Map.of("bootstrap.servers", BROKER.bootstrapServers());
        Set<String> state = ConcurrentHashMap.newKeySet();
        ExecutorService writers = Executors.newFixedThreadPool(32);
        try (Admin admin = Admin.create(config);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", BROKER.bootstrapServers(),
                        "acks", "all", "key.serializer", StringSerializer.class.getName(),
                        "value.serializer", ByteArraySerializer.class.getName()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try (TopicProjection projection = new TopicProjection(topic, config, admin, (partition, offset, key, value) -> state.add(key))) {
                projection.start();
                await().atMost(Duration.ofSeconds(30)).until(projection::ready);

                List<Future<?>> written = new ArrayList<>();
                for (int i = 0; i < 320; i++) {
                    String key = "key-" + i;
                    written.add(writers.submit(() -> {
                        RecordMetadata at = producer.send(new ProducerRecord<>(topic, key, new byte[] {1})).get(10, TimeUnit.SECONDS);
                        projection.awaitApplied(at.partition(), at.offset(), Duration.ofSeconds(10));
                        assertThat(state).as("the state holds the writer's record when it returns").contains(key);
                        return null;
                    }));
                }
                for (Future<?> writer : written) {
                    writer.get(60, TimeUnit.SECONDS);
                }
                assertThat(state).hasSize(320);

                assertThatThrownBy(() -> projection.awaitApplied(0, 1_000_000L, Duration.ofMillis(300)))
                        .isInstanceOf(TimeoutException.class);
                projection.awaitCaughtUp(1, Duration.ofSeconds(10));
            }
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void an_idle_batched_projection_rests_between_polls_but_a_waiting_reader_gets_its_record_at_once() throws Exception {
        String topic = "projection-idle-test-" + UUID.randomUUID();
        Map<String, Object> config = Map.of("bootstrap.servers", BROKER.bootstrapServers());
        Set<String> state = ConcurrentHashMap.newKeySet();
        try (Admin admin = Admin.create(config);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", BROKER.bootstrapServers(),
                        "acks", "all", "key.serializer", StringSerializer.class.getName(),
                        "value.serializer", ByteArraySerializer.class.getName()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            // a rest far longer than any wait below: only the reader's nudge can end it in time
            try (TopicProjection projection = TopicProjection.batched(topic, config, admin, (partition, offset, key, value) -> state.add(key),
                    Duration.ofMillis(20), Duration.ofMinutes(5))) {
                projection.start();
                await().atMost(Duration.ofSeconds(30)).until(projection::ready);
                Thread.sleep(500); // idle: the projection is resting now

                for (int i = 0; i < 3; i++) {
                    String key = "idle-" + i;
                    RecordMetadata at = producer.send(new ProducerRecord<>(topic, key, new byte[] {1})).get(10, TimeUnit.SECONDS);
                    projection.awaitApplied(at.partition(), at.offset(), Duration.ofSeconds(20));
                    assertThat(state).contains(key);
                    Thread.sleep(300); // idle again between the writes
                }
                String last = "idle-caught-up";
                RecordMetadata at = producer.send(new ProducerRecord<>(topic, last, new byte[] {1})).get(10, TimeUnit.SECONDS);
                projection.awaitCaughtUp(at.partition(), Duration.ofSeconds(20));
                assertThat(state).contains(last);
            }
        }
    }
}
