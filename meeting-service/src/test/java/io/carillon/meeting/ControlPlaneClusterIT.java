package io.carillon.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.events.Topics;
import io.carillon.events.lifecycle.LifecycleCloudEvents;
import io.carillon.events.lifecycle.LifecycleEvent;
import io.carillon.events.lifecycle.LifecycleEventType;
import io.carillon.testkit.KafkaBroker;
import io.carillon.testkit.ServiceProcess;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkmeetings.ChimeSdkMeetingsClient;
import software.amazon.awssdk.services.chimesdkmeetings.model.Attendee;
import software.amazon.awssdk.services.chimesdkmeetings.model.LimitExceededException;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;

/**
 * The control plane as it runs: the built meeting-service twice (as behind a load balancer that
 * sends each request anywhere) and token-service, as separate processes on one real broker.
 */
class ControlPlaneClusterIT {

    private static ServiceProcess tokenService;
    private static ServiceProcess meetingA;
    private static ServiceProcess meetingB;

    @BeforeAll
    static void startCluster() {
        String kafka = KafkaBroker.shared().bootstrapServers();
        tokenService = ServiceProcess.start("token-service", Map.of("kafka.bootstrap.servers", kafka));
        Map<String, String> meetingConfig = Map.of("kafka.bootstrap.servers", kafka,
                "carillon.meeting.token-service-url", tokenService.url());
        meetingA = ServiceProcess.start("meeting-service", meetingConfig);
        meetingB = ServiceProcess.start("meeting-service", meetingConfig);
    }

    @AfterAll
    static void stopCluster() {
        meetingA.stop();
        meetingB.stop();
        tokenService.stop();
    }

    @Test
    void a_meeting_created_through_one_instance_is_readable_through_the_other_at_once() {
        try (var a = client(meetingA); var b = client(meetingB)) {
            for (int i = 0; i < 20; i++) {
                Meeting created = newMeeting(a, 250);
                Attendee attendee = a.createAttendee(r -> r.meetingId(created.meetingId()).externalUserId("user-1")).attendee();
                assertThat(b.getMeeting(r -> r.meetingId(created.meetingId())).meeting().meetingId())
                        .isEqualTo(created.meetingId());
                assertThat(b.getAttendee(r -> r.meetingId(created.meetingId()).attendeeId(attendee.attendeeId()))
                        .attendee().externalUserId()).isEqualTo("user-1");
            }
        }
    }

    @Test
    void attendees_created_concurrently_through_both_instances_never_exceed_the_cap() throws Exception {
        try (var a = client(meetingA); var b = client(meetingB)) {
            Meeting meeting = newMeeting(a, 10);
            AtomicInteger created = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ChimeSdkMeetingsClient via = i % 2 == 0 ? a : b;
                String user = "user-" + i;
                calls.add(pool.submit(() -> {
                    try {
                        via.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId(user));
                        created.incrementAndGet();
                    } catch (LimitExceededException e) {
                        refused.incrementAndGet();
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
            pool.shutdown();
            assertThat(created.get()).isEqualTo(10);
            assertThat(refused.get()).isEqualTo(30);
            assertThat(b.listAttendees(r -> r.meetingId(meeting.meetingId())).attendees()).hasSize(10);
            assertThat(a.listAttendees(r -> r.meetingId(meeting.meetingId())).attendees()).hasSize(10);
        }
    }

    @Test
    void after_restarting_every_service_all_meetings_attendees_and_tokens_are_as_before() {
        Meeting meeting;
        Attendee attendee;
        try (var a = client(meetingA)) {
            meeting = newMeeting(a, 250);
            attendee = a.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("survivor")).attendee();
        }

        meetingA.stop();
        meetingB.stop();
        tokenService.stop();
        tokenService.start();
        meetingA.start();
        meetingB.start();

        try (var b = client(meetingB)) {
            assertThat(b.getMeeting(r -> r.meetingId(meeting.meetingId())).meeting().externalMeetingId())
                    .isEqualTo(meeting.externalMeetingId());
            assertThat(b.getAttendee(r -> r.meetingId(meeting.meetingId()).attendeeId(attendee.attendeeId()))
                    .attendee().externalUserId()).isEqualTo("survivor");
        }
        assertThat(validate(meeting.meetingId(), attendee.joinToken())).isEqualTo(200);
        try (var a = client(meetingA)) {
            a.deleteMeeting(r -> r.meetingId(meeting.meetingId()));
        }
        assertThat(validate(meeting.meetingId(), attendee.joinToken())).isEqualTo(403);
        assertThatThrownBy(() -> {
            try (var b = client(meetingB)) {
                b.getMeeting(r -> r.meetingId(meeting.meetingId()));
            }
        }).hasMessageContaining("does not exist");
    }

    @Test
    void every_acknowledged_change_gets_its_lifecycle_event_even_when_both_instances_are_killed() {
        Meeting meeting;
        Set<String> added = new HashSet<>();
        try (var a = client(meetingA); var b = client(meetingB)) {
            meeting = newMeeting(a, 250);
            for (int i = 0; i < 20; i++) {
                var via = i % 2 == 0 ? a : b;
                String user = "killed-" + i;
                added.add(via.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId(user)).attendee().attendeeId());
            }
        }
        // SIGKILL right after the last answer: the relays may not have published or committed yet
        meetingA.kill();
        meetingB.kill();
        meetingA.start();
        meetingB.start();

        // the killed relays stay in their group until their 10 s session ends; then the restarted ones relay
        long restarted = System.nanoTime();
        List<ConsumerRecord<String, CloudEvent>> records = eventsOf(meeting.meetingId(), 1 + added.size());
        Map<String, LifecycleEvent> byId = new HashMap<>();
        for (ConsumerRecord<String, CloudEvent> record : records) {
            LifecycleEvent event = LifecycleCloudEvents.fromCloudEvent(record.value());
            LifecycleEvent before = byId.putIfAbsent(record.value().getId(), event);
            // a replay after the kill repeats an event with its id, never with another one
            assertThat(before == null || before.equals(event)).isTrue();
        }
        System.out.printf("lifecycle events after the kill: %d records, %d distinct ids, all within %d ms of the restart%n",
                records.size(), byId.size(), Duration.ofNanos(System.nanoTime() - restarted).toMillis());
        assertThat(byId.values()).filteredOn(e -> e.eventType() == LifecycleEventType.MEETING_STARTED).hasSize(1);
        assertThat(byId.values()).filteredOn(e -> e.eventType() == LifecycleEventType.ATTENDEE_ADDED)
                .extracting(LifecycleEvent::attendeeId).containsExactlyInAnyOrderElementsOf(added);
    }

    /** The meeting's records on the lifecycle topic, until at least {@code distinct} event ids were seen (60 s at most). */
    private static List<ConsumerRecord<String, CloudEvent>> eventsOf(String meetingId, int distinct) {
        Map<String, Object> config = new HashMap<>(LifecycleCloudEvents.deserializerConfig());
        config.putAll(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                "group.id", "cluster-it-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
                "key.deserializer", StringDeserializer.class.getName()));
        List<ConsumerRecord<String, CloudEvent>> records = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(Topics.MEETING_EVENTS.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ids.size() < distinct && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    if (meetingId.equals(record.key())) {
                        records.add(record);
                        ids.add(record.value().getId());
                    }
                }
            }
        }
        return records;
    }

    private static Meeting newMeeting(ChimeSdkMeetingsClient chime, int maxAttendees) {
        return chime.createMeeting(r -> r.clientRequestToken(UUID.randomUUID().toString()).mediaRegion("us-east-1")
                .externalMeetingId("cluster").meetingFeatures(f -> f.attendee(x -> x.maxCount(maxAttendees)))).meeting();
    }

    private static int validate(String meetingId, String joinToken) {
        return RestAssured.given().baseUri(tokenService.url()).port(-1).contentType("application/json")
                .body(Map.of("meetingId", meetingId, "joinToken", joinToken))
                .when().post("/internal/v1/join-tokens/validate").then().extract().statusCode();
    }

    private static ChimeSdkMeetingsClient client(ServiceProcess meetingService) {
        return ChimeSdkMeetingsClient.builder()
                .endpointOverride(URI.create(meetingService.url()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIACARILLONDEV0001", "carillon-development-secret-key-0001")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }
}
