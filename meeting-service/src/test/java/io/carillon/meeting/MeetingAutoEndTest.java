package io.carillon.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.carillon.events.lifecycle.LifecycleCloudEvents;
import io.carillon.events.lifecycle.LifecycleEvent;
import io.carillon.events.lifecycle.LifecycleEventType;
import io.carillon.meeting.support.ChimeClients;
import io.carillon.meeting.support.ShortMeetingLifetimes;
import io.carillon.testkit.KafkaBroker;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkmeetings.ChimeSdkMeetingsClient;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;
import software.amazon.awssdk.services.chimesdkmeetings.model.NotFoundException;

/**
 * Meetings end by themselves when nobody is connected for the idle timeout (here 2 s) and at the
 * maximum duration (here 6 s). Joins and leaves are published by hand, as signaling will publish them.
 */
@QuarkusTest
@TestProfile(ShortMeetingLifetimes.class)
class MeetingAutoEndTest {

    @Test
    void a_meeting_nobody_joins_ends_after_the_idle_timeout() {
        try (ChimeSdkMeetingsClient chime = ChimeClients.client()) {
            Meeting meeting = create(chime);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertGone(chime, meeting));
        }
    }

    @Test
    void a_meeting_lives_while_someone_is_connected_and_ends_after_the_last_one_leaves() throws Exception {
        try (ChimeSdkMeetingsClient chime = ChimeClients.client()) {
            Meeting meeting = create(chime);
            String attendeeId = chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("ida"))
                    .attendee().attendeeId();
            publish(LifecycleEvent.connection(LifecycleEventType.ATTENDEE_JOINED, Instant.now(), meeting.meetingId(),
                    "us-east-1", attendeeId, "ida"));

            Thread.sleep(3500); // past the idle timeout, but somebody is connected
            assertThat(chime.getMeeting(r -> r.meetingId(meeting.meetingId())).meeting().meetingId())
                    .isEqualTo(meeting.meetingId());

            publish(LifecycleEvent.connection(LifecycleEventType.ATTENDEE_DROPPED, Instant.now(), meeting.meetingId(),
                    "us-east-1", attendeeId, "ida"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertGone(chime, meeting));
        }
    }

    @Test
    void a_meeting_ends_at_its_maximum_duration_even_with_people_in_it() {
        try (ChimeSdkMeetingsClient chime = ChimeClients.client()) {
            Meeting meeting = create(chime);
            publish(LifecycleEvent.connection(LifecycleEventType.ATTENDEE_JOINED, Instant.now(), meeting.meetingId(),
                    "us-east-1", UUID.randomUUID().toString(), "stayer"));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertGone(chime, meeting));
        }
    }

    private static Meeting create(ChimeSdkMeetingsClient chime) {
        return chime.createMeeting(r -> r.clientRequestToken(UUID.randomUUID().toString())
                .mediaRegion("us-east-1").externalMeetingId("auto-end")).meeting();
    }

    private static void assertGone(ChimeSdkMeetingsClient chime, Meeting meeting) {
        assertThatThrownBy(() -> chime.getMeeting(r -> r.meetingId(meeting.meetingId())))
                .isInstanceOf(NotFoundException.class);
    }

    private static void publish(LifecycleEvent event) {
        Map<String, Object> config = new HashMap<>(LifecycleCloudEvents.serializerConfig());
        config.putAll(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                "key.serializer", StringSerializer.class.getName(), "acks", "all"));
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(config)) {
            producer.send(LifecycleCloudEvents.record(event, URI.create("/test/signaling"))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
