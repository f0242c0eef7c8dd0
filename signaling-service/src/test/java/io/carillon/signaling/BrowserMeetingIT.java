package io.carillon.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.carillon.events.Topics;
import io.carillon.events.media.MediaRequest;
import io.carillon.events.state.StateCodec;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSubscribeFrame;
import io.carillon.testkit.BrowserParticipant;
import io.carillon.testkit.KafkaBroker;
import io.carillon.testkit.ServiceProcess;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;

/**
 * Two headless Chromium browsers running the unmodified amazon-chime-sdk-js (npm), configured only
 * from real CreateMeeting/CreateAttendee responses, against the built services: presence, data
 * messages both ways, the first SUBSCRIBE with its SDP offer, and the end of the meeting, as the
 * browsers report them.
 */
class BrowserMeetingIT {

    private static ServiceProcess tokenService;
    private static ServiceProcess signaling;
    private static ServiceProcess meetingService;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(BrowserParticipant.chromium() != null,
                "Chromium is not installed (.ci/run installs Debian's chromium): browser tests skipped");
        BrowserParticipant.installHarness();
        String kafka = KafkaBroker.shared().bootstrapServers();
        tokenService = ServiceProcess.start("token-service", Map.of("kafka.bootstrap.servers", kafka));
        // No media service yet: let the client's SUBSCRIBE wait rather than be told to reconnect.
        signaling = ServiceProcess.start("signaling-service", Map.of("kafka.bootstrap.servers", kafka,
                "carillon.signaling.token-service-url", tokenService.url(),
                "carillon.signaling.subscribe-timeout", "60s"));
        meetingService = ServiceProcess.start("meeting-service", Map.of("kafka.bootstrap.servers", kafka,
                "carillon.meeting.token-service-url", tokenService.url(),
                "carillon.meeting.regions.\"us-east-1\".signaling-url", signaling.url().replace("http://", "ws://")));
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess service : new ServiceProcess[] {meetingService, signaling, tokenService}) {
            if (service != null) {
                service.stop();
            }
        }
    }

    @Test
    void two_browsers_see_each_other_exchange_data_subscribe_and_learn_that_the_meeting_ended() throws Exception {
        try (ChimeSdkMeetingsClient chime = chime();
                MediaRequests mediaRequests = new MediaRequests();
                BrowserParticipant alice = BrowserParticipant.start("alice");
                BrowserParticipant bob = BrowserParticipant.start("bob")) {
            Meeting meeting = chime.createMeeting(r -> r.clientRequestToken(UUID.randomUUID().toString())
                    .mediaRegion("us-east-1").externalMeetingId("browser-test")).meeting();
            Attendee a = chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("alice")).attendee();
            Attendee b = chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("bob")).attendee();

            alice.command(join(meeting, a));
            bob.command(join(meeting, b));

            alice.await(e -> isPresence(e, b.attendeeId(), true), "bob's presence", 30);
            bob.await(e -> isPresence(e, a.attendeeId(), true), "alice's presence", 30);

            alice.command(Map.of("cmd", "send", "topic", "chat", "text", "hello from alice", "lifetimeMs", 0));
            var toBob = bob.await(e -> "data".equals(e.path("event").asText()), "alice's data message", 20);
            assertThat(toBob.path("text").asText()).isEqualTo("hello from alice");
            assertThat(toBob.path("senderAttendeeId").asText()).isEqualTo(a.attendeeId());
            assertThat(toBob.path("senderExternalUserId").asText()).isEqualTo("alice");
            assertThat(toBob.path("throttled").asBoolean()).isFalse();
            bob.command(Map.of("cmd", "send", "topic", "chat", "text", "hi alice", "lifetimeMs", 0));
            var toAlice = alice.await(e -> "data".equals(e.path("event").asText()) && "hi alice".equals(e.path("text").asText()),
                    "bob's data message", 20);
            assertThat(toAlice.path("senderAttendeeId").asText()).isEqualTo(b.attendeeId());

            MediaRequest subscribe = mediaRequests.await(meeting.meetingId());
            String offer = SdkSubscribeFrame.parseFrom(subscribe.subscribeFrame()).getSdpOffer();
            assertThat(offer).as("the browser's first SUBSCRIBE carries its SDP offer").startsWith("v=0").contains("m=audio");

            chime.deleteMeeting(r -> r.meetingId(meeting.meetingId()));
            for (BrowserParticipant participant : List.of(alice, bob)) {
                var stopped = participant.await(e -> "stopped".equals(e.path("event").asText()), "the session to stop", 20);
                assertThat(stopped.path("status").asText()).isEqualTo("MeetingEnded");
            }
        }
    }

    /** SUBSCRIBE requests on their way to media-service, read from Kafka from before the browsers join. */
    private static final class MediaRequests implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;

        MediaRequests() {
            consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                    "key.deserializer", StringDeserializer.class.getName(),
                    "value.deserializer", ByteArrayDeserializer.class.getName()));
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MEDIA_REQUESTS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        MediaRequest await(String meetingId) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(300))) {
                    MediaRequest request = StateCodec.decode(record.value(), MediaRequest.class);
                    if (request.meetingId().equals(meetingId)) {
                        return request;
                    }
                }
            }
            throw new AssertionError("no SUBSCRIBE of meeting " + meetingId + " reached Kafka within 30 s");
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private static boolean isPresence(com.fasterxml.jackson.databind.JsonNode e, String attendeeId, boolean present) {
        return "presence".equals(e.path("event").asText()) && attendeeId.equals(e.path("attendeeId").asText())
                && e.path("present").asBoolean() == present;
    }

    /** The join command with the CreateMeeting/CreateAttendee responses as the API returned them. */
    private static Map<String, Object> join(Meeting meeting, Attendee attendee) {
        Map<String, Object> placement = new LinkedHashMap<>();
        placement.put("AudioHostUrl", meeting.mediaPlacement().audioHostUrl());
        placement.put("SignalingUrl", meeting.mediaPlacement().signalingUrl());
        Map<String, Object> meetingJson = Map.of("Meeting", Map.of("MeetingId", meeting.meetingId(),
                "ExternalMeetingId", meeting.externalMeetingId(), "MediaRegion", meeting.mediaRegion(),
                "MediaPlacement", placement));
        Map<String, Object> attendeeJson = Map.of("Attendee", Map.of("AttendeeId", attendee.attendeeId(),
                "ExternalUserId", attendee.externalUserId(), "JoinToken", attendee.joinToken()));
        return Map.of("cmd", "join", "meeting", meetingJson, "attendee", attendeeJson, "topics", List.of("chat"));
    }

    private static ChimeSdkMeetingsClient chime() {
        return ChimeSdkMeetingsClient.builder().endpointOverride(URI.create(meetingService.url())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIACARILLONDEV0001", "carillon-development-secret-key-0001")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
