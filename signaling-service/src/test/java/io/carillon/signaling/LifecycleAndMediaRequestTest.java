package io.carillon.signaling;

import static io.carillon.signaling.support.ControlPlane.newAttendee;
import static io.carillon.signaling.support.ControlPlane.newMeeting;
import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.events.Topics;
import io.carillon.events.lifecycle.LifecycleCloudEvents;
import io.carillon.events.lifecycle.LifecycleEvent;
import io.carillon.events.lifecycle.LifecycleEventType;
import io.carillon.events.media.MediaReply;
import io.carillon.events.media.MediaRequest;
import io.carillon.events.state.StateCodec;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSignalFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSubscribeAckFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSubscribeFrame;
import io.carillon.signaling.protocol.Frames;
import io.carillon.signaling.support.ControlPlane;
import io.carillon.signaling.support.SignalingClient;
import io.carillon.testkit.KafkaBroker;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkmeetings.ChimeSdkMeetingsClient;
import software.amazon.awssdk.services.chimesdkmeetings.model.Attendee;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;

/** What signaling tells the rest of the platform over Kafka, and how SUBSCRIBE reaches media. */
@QuarkusTest
@TestProfile(ControlPlane.class)
class LifecycleAndMediaRequestTest {

    @Test
    void authorized_joined_left_and_dropped_events_reach_kafka() {
        try (ChimeSdkMeetingsClient chime = ControlPlane.chime()) {
            Meeting meeting = newMeeting(chime);
            Attendee alice = newAttendee(chime, meeting, "alice");
            Attendee bob = newAttendee(chime, meeting, "bob");
            try (SignalingClient a = SignalingClient.connect(meeting.meetingId(), alice.joinToken())) {
                a.join(1);
                a.await(SdkSignalFrame.Type.INDEX);
                a.send(Frames.frame(SdkSignalFrame.Type.LEAVE).build());
                a.await(SdkSignalFrame.Type.LEAVE_ACK);
            }
            SignalingClient b = SignalingClient.connect(meeting.meetingId(), bob.joinToken() + "#content");
            b.join(2);
            b.await(SdkSignalFrame.Type.INDEX);
            b.abort();

            List<LifecycleEvent> events = events(meeting.meetingId(), 7);
            assertThat(events).extracting(LifecycleEvent::eventType).contains(
                    LifecycleEventType.ATTENDEE_AUTHORIZED, LifecycleEventType.ATTENDEE_JOINED,
                    LifecycleEventType.ATTENDEE_LEFT, LifecycleEventType.ATTENDEE_CONTENT_JOINED,
                    LifecycleEventType.ATTENDEE_CONTENT_DROPPED);
            LifecycleEvent contentDropped = events.stream()
                    .filter(e -> e.eventType() == LifecycleEventType.ATTENDEE_CONTENT_DROPPED).findFirst().orElseThrow();
            assertThat(contentDropped.attendeeId()).isEqualTo(bob.attendeeId() + "#content");
            assertThat(contentDropped.networkType()).isEqualTo("Voip");
            assertThat(contentDropped.mediaRegion()).isEqualTo("us-east-1");
        }
    }

    @Test
    void subscribe_goes_to_the_media_service_over_kafka_and_its_answer_comes_back_as_subscribe_ack() throws Exception {
        try (ChimeSdkMeetingsClient chime = ControlPlane.chime();
                KafkaConsumer<String, byte[]> requests = consumer(Topics.MEDIA_REQUESTS.name());
                KafkaProducer<String, byte[]> replies = producer()) {
            Meeting meeting = newMeeting(chime);
            Attendee alice = newAttendee(chime, meeting, "alice");
            try (SignalingClient a = SignalingClient.connect(meeting.meetingId(), alice.joinToken())) {
                a.join(1);
                a.await(SdkSignalFrame.Type.INDEX);
                a.send(Frames.frame(SdkSignalFrame.Type.SUBSCRIBE).setSub(SdkSubscribeFrame.newBuilder()
                        .setSdpOffer("v=0 offer").setAudioHost("127.0.0.1:3478")).build());

                // a stand-in for media-service's half of the contract: read the request, answer it
                MediaRequest request = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (request == null && System.nanoTime() < deadline) {
                    for (var record : requests.poll(Duration.ofMillis(200))) {
                        MediaRequest candidate = StateCodec.decode(record.value(), MediaRequest.class);
                        if (candidate.meetingId().equals(meeting.meetingId())) {
                            assertThat(record.key()).isEqualTo(meeting.meetingId());
                            request = candidate;
                        }
                    }
                }
                assertThat(request).as("the SUBSCRIBE request on Kafka").isNotNull();
                assertThat(SdkSubscribeFrame.parseFrom(request.subscribeFrame()).getSdpOffer()).isEqualTo("v=0 offer");
                assertThat(request.attendeeId()).isEqualTo(alice.attendeeId());
                assertThat(request.audioStreamId()).isPositive();
                byte[] ack = SdkSubscribeAckFrame.newBuilder().setSdpAnswer("v=0 answer").build().toByteArray();
                replies.send(new ProducerRecord<>(Topics.MEDIA_REPLIES.name(), request.replyTo(),
                        StateCodec.encode(new MediaReply(request.correlationId(), ack, 0, null)))).get();

                SdkSignalFrame subscribeAck = a.await(SdkSignalFrame.Type.SUBSCRIBE_ACK);
                assertThat(subscribeAck.hasError()).isFalse();
                assertThat(subscribeAck.getSuback().getSdpAnswer()).isEqualTo("v=0 answer");
            }
        }
    }

    private static List<LifecycleEvent> events(String meetingId, int atLeast) {
        Map<String, Object> config = new HashMap<>(LifecycleCloudEvents.deserializerConfig());
        config.putAll(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers(), "group.id", "t-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest", "key.deserializer", StringDeserializer.class.getName()));
        List<LifecycleEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(Topics.MEETING_EVENTS.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (events.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (meetingId.equals(r.key())) {
                        events.add(LifecycleCloudEvents.fromCloudEvent(r.value()));
                    }
                });
            }
        }
        return events;
    }

    private static KafkaConsumer<String, byte[]> consumer(String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", KafkaBroker.shared().bootstrapServers(), "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", ByteArrayDeserializer.class.getName()));
        List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start now, before the request is sent
        return consumer;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                "key.serializer", StringSerializer.class.getName(), "value.serializer", ByteArraySerializer.class.getName()));
    }
}
