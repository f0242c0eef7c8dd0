package io.carillon.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.events.Topics;
import io.carillon.events.lifecycle.LifecycleCloudEvents;
import io.carillon.events.lifecycle.LifecycleEvent;
import io.carillon.events.lifecycle.LifecycleEventType;
import io.carillon.meeting.support.ChimeClients;
import io.carillon.meeting.support.WithTokenService;
import io.carillon.testkit.KafkaBroker;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkmeetings.ChimeSdkMeetingsClient;

/** What the control plane tells others: lifecycle events on Kafka, and join tokens at token-service. */
@QuarkusTest
@TestProfile(WithTokenService.class)
class LifecycleAndTokensTest {

    @Test
    void meeting_and_attendee_lifecycle_events_reach_kafka_as_cloud_events() {
        String meetingId;
        String attendeeId;
        try (ChimeSdkMeetingsClient chime = ChimeClients.client()) {
            var meeting = chime.createMeeting(r -> r.clientRequestToken(UUID.randomUUID().toString())
                    .mediaRegion("us-east-1").externalMeetingId("events-test")).meeting();
            meetingId = meeting.meetingId();
            attendeeId = chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("eve")).attendee().attendeeId();
            chime.deleteAttendee(r -> r.meetingId(meeting.meetingId()).attendeeId(attendeeId));
            chime.deleteMeeting(r -> r.meetingId(meeting.meetingId()));
        }

        List<LifecycleEvent> events = eventsOf(meetingId, 4);

        assertThat(events).extracting(LifecycleEvent::eventType).containsExactly(
                LifecycleEventType.MEETING_STARTED, LifecycleEventType.ATTENDEE_ADDED,
                LifecycleEventType.ATTENDEE_DELETED, LifecycleEventType.MEETING_ENDED);
        assertThat(events.get(0).externalMeetingId()).isEqualTo("events-test");
        assertThat(events.get(0).mediaRegion()).isEqualTo("us-east-1");
        assertThat(events.get(1).attendeeId()).isEqualTo(attendeeId);
        assertThat(events.get(1).externalUserId()).isEqualTo("eve");
        // the relay that published them counts what it publishes
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("(?m)^carillon_lifecycle_relay_events_total(\\{[^}]*\\})? [1-9]");
    }

    @Test
    void a_join_token_validates_right_after_create_attendee_and_not_after_delete() {
        try (ChimeSdkMeetingsClient chime = ChimeClients.client()) {
            var meeting = chime.createMeeting(r -> r.clientRequestToken(UUID.randomUUID().toString())
                    .mediaRegion("us-east-1").externalMeetingId("token-test")).meeting();
            var attendee = chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("tom")).attendee();

            assertThat(validate(meeting.meetingId(), attendee.joinToken())).isEqualTo(200);
            assertThat(validate(UUID.randomUUID().toString(), attendee.joinToken())).as("another meeting").isEqualTo(403);

            chime.deleteAttendee(r -> r.meetingId(meeting.meetingId()).attendeeId(attendee.attendeeId()));
            assertThat(validate(meeting.meetingId(), attendee.joinToken())).as("after DeleteAttendee").isEqualTo(403);
        }
    }

    @Test
    void the_same_external_user_id_is_the_same_attendee_and_both_tokens_work() {
        try (ChimeSdkMeetingsClient chime = ChimeClients.client()) {
            var meeting = chime.createMeeting(r -> r.clientRequestToken(UUID.randomUUID().toString())
                    .mediaRegion("us-east-1").externalMeetingId("idem-test")).meeting();
            var first = chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("same")).attendee();
            var second = chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("same")).attendee();

            assertThat(second.attendeeId()).isEqualTo(first.attendeeId());
            assertThat(validate(meeting.meetingId(), first.joinToken())).isEqualTo(200);
            assertThat(validate(meeting.meetingId(), second.joinToken())).isEqualTo(200);
            assertThat(chime.listAttendees(r -> r.meetingId(meeting.meetingId())).attendees()).hasSize(1);
        }
    }

    @Test
    void a_deleted_meeting_voids_its_tokens() {
        try (ChimeSdkMeetingsClient chime = ChimeClients.client()) {
            var meeting = chime.createMeeting(r -> r.clientRequestToken(UUID.randomUUID().toString())
                    .mediaRegion("us-east-1").externalMeetingId("end-test")).meeting();
            var attendee = chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("ann")).attendee();
            chime.deleteMeeting(r -> r.meetingId(meeting.meetingId()));
            assertThat(validate(meeting.meetingId(), attendee.joinToken())).isEqualTo(403);
        }
    }

    private static int validate(String meetingId, String joinToken) {
        return RestAssured.given().baseUri(WithTokenService.tokenService().url()).port(-1)
                .contentType("application/json")
                .body(Map.of("meetingId", meetingId, "joinToken", joinToken))
                .when().post("/internal/v1/join-tokens/validate")
                .then().extract().statusCode();
    }

    private static List<LifecycleEvent> eventsOf(String meetingId, int count) {
        Map<String, Object> config = new HashMap<>(LifecycleCloudEvents.deserializerConfig());
        config.putAll(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                "group.id", "lifecycle-test-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
                "key.deserializer", StringDeserializer.class.getName()));
        List<LifecycleEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(Topics.MEETING_EVENTS.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (events.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (meetingId.equals(r.key())) {
                        events.add(LifecycleCloudEvents.fromCloudEvent(r.value()));
                    }
                });
            }
        }
        return events;
    }
}
