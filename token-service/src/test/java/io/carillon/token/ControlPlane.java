package io.carillon.token;

import io.carillon.events.Topics;
import io.carillon.events.state.AttendeeRecord;
import io.carillon.events.state.Capabilities;
import io.carillon.events.state.JoinTokenRecord;
import io.carillon.events.state.MeetingPartitioner;
import io.carillon.events.state.MeetingRecord;
import io.carillon.events.state.StateCodec;
import io.carillon.events.state.StateKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the rest of the platform writes to Kafka, written by a test: meetings and attendees as
 * meeting-service stores them, join tokens as another token-service instance stores them. Every
 * write returns once the broker has acknowledged it, as meeting-service's writes do before it answers.
 */
final class ControlPlane implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;

    ControlPlane(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.PARTITIONER_CLASS_CONFIG, MeetingPartitioner.class.getName(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    /** A new meeting; returns its id. */
    String createMeeting() {
        String meetingId = UUID.randomUUID().toString();
        MeetingRecord meeting = new MeetingRecord(meetingId, UUID.randomUUID().toString(), "test-" + meetingId,
                null, "us-east-1", null, null, null, Map.of(), System.currentTimeMillis());
        write(Topics.MEETING_STATE.name(), StateKeys.meeting(meetingId), StateCodec.encode(meeting));
        return meetingId;
    }

    /** A new attendee of the meeting; returns its id. */
    String createAttendee(String meetingId, String externalUserId, Capabilities capabilities) {
        String attendeeId = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        putAttendee(new AttendeeRecord(meetingId, attendeeId, externalUserId, capabilities, now));
        return attendeeId;
    }

    /** A new attendee carrying the hash of a token minted for it, as meeting-service writes one; returns its id. */
    String createAttendeeWithToken(String meetingId, String externalUserId, String joinTokenHash) {
        String attendeeId = UUID.randomUUID().toString();
        putAttendee(new AttendeeRecord(meetingId, attendeeId, externalUserId, Capabilities.ALL,
                System.currentTimeMillis(), joinTokenHash));
        return attendeeId;
    }

    /** Creates or replaces the attendee (UpdateAttendeeCapabilities writes the whole record again). */
    void putAttendee(AttendeeRecord attendee) {
        write(Topics.MEETING_STATE.name(), StateKeys.attendee(attendee.meetingId(), attendee.attendeeId()),
                StateCodec.encode(attendee));
    }

    void deleteAttendee(String meetingId, String attendeeId) {
        write(Topics.MEETING_STATE.name(), StateKeys.attendee(meetingId, attendeeId), null);
    }

    void deleteMeeting(String meetingId) {
        write(Topics.MEETING_STATE.name(), StateKeys.meeting(meetingId), null);
    }

    /** A join token stored the way another token-service instance stores one. */
    void storeJoinToken(String hash, JoinTokenRecord token) {
        write(Topics.JOIN_TOKENS.name(), hash, StateCodec.encode(token));
    }

    /** Every record {@code carillon.join-tokens} holds now, all partitions. */
    List<ConsumerRecord<String, byte[]>> joinTokenRecords() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < Topics.JOIN_TOKENS.partitions(); p++) {
                partitions.add(new TopicPartition(Topics.JOIN_TOKENS.name(), p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + Topics.JOIN_TOKENS.name() + " up to " + ends);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private void write(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("Kafka did not take the write of " + key + " to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
