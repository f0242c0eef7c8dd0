package io.carillon.events.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.events.Topics;
import io.carillon.testkit.KafkaBroker;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LifecycleEventsThroughKafkaTest {

    private static final URI SOURCE = URI.create("/carillon/test");
    private static final KafkaBroker BROKER = KafkaBroker.shared();

    @BeforeAll
    static void createTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BROKER.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.MEETING_EVENTS.name(), Optional.of(1), Optional.empty())
                    .configs(Topics.MEETING_EVENTS.config()))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void every_kind_of_lifecycle_event_comes_back_from_the_broker_as_it_was_sent() {
        Instant now = Instant.ofEpochMilli(1_795_000_000_123L);
        String meetingId = "4f7c1b0e-2d3a-4c5b-9e8f-0a1b2c3d4e5f";
        List<LifecycleEvent> sent = List.of(
                LifecycleEvent.meeting(LifecycleEventType.MEETING_STARTED, now, meetingId, "standup", "eu-central-1"),
                LifecycleEvent.attendee(LifecycleEventType.ATTENDEE_ADDED, now, meetingId, "eu-central-1",
                        "0a1b2c3d-0000-4000-8000-000000000001", "alice"),
                LifecycleEvent.connection(LifecycleEventType.ATTENDEE_DROPPED, now, meetingId, "eu-central-1",
                        "0a1b2c3d-0000-4000-8000-000000000001", "alice"),
                LifecycleEvent.meeting(LifecycleEventType.MEETING_ENDED, now, meetingId, "standup", "eu-central-1"));

        Map<String, Object> producerConfig = new HashMap<>(LifecycleCloudEvents.serializerConfig());
        producerConfig.putAll(Map.of("bootstrap.servers", BROKER.bootstrapServers(),
                "key.serializer", StringSerializer.class.getName(), "acks", "all", "enable.idempotence", true));
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(producerConfig)) {
            for (LifecycleEvent event : sent) {
                producer.send(LifecycleCloudEvents.record(event, SOURCE));
            }
            producer.flush();
        }

        List<ConsumerRecord<String, CloudEvent>> received = consume(sent.size());

        assertThat(received).extracting(ConsumerRecord::key).containsOnly(meetingId);
        assertThat(received).extracting(r -> LifecycleCloudEvents.fromCloudEvent(r.value()))
                .containsExactlyElementsOf(sent);
        CloudEvent first = received.get(0).value();
        assertThat(first.getType()).isEqualTo("chime:MeetingStarted");
        assertThat(first.getSubject()).isEqualTo(meetingId);
        assertThat(first.getSource()).isEqualTo(SOURCE);
        assertThat(first.getTime().toInstant()).isEqualTo(now);
        Set<String> headers = new java.util.HashSet<>();
        for (Header h : received.get(0).headers()) {
            headers.add(h.key());
        }
        assertThat(headers).as("binary mode: attributes as ce_ headers")
                .contains("ce_id", "ce_type", "ce_source", "ce_specversion", "ce_subject", "ce_time", "content-type");
        assertThat(new String(first.getData().toBytes(), StandardCharsets.UTF_8))
                .as("the record value is Chime's detail JSON")
                .isEqualTo("{\"version\":\"0\",\"eventType\":\"chime:MeetingStarted\",\"timestamp\":1795000000123,"
                        + "\"meetingId\":\"" + meetingId + "\",\"externalMeetingId\":\"standup\","
                        + "\"mediaRegion\":\"eu-central-1\"}");
    }

    private List<ConsumerRecord<String, CloudEvent>> consume(int count) {
        Map<String, Object> config = new HashMap<>(LifecycleCloudEvents.deserializerConfig());
        config.putAll(Map.of("bootstrap.servers", BROKER.bootstrapServers(), "group.id", "round-trip-test",
                "auto.offset.reset", "earliest", "key.deserializer", StringDeserializer.class.getName()));
        List<ConsumerRecord<String, CloudEvent>> received = new ArrayList<>();
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(Topics.MEETING_EVENTS.name()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        assertThat(received).as("records read back within 30 s").hasSize(count);
        return received;
    }
}
