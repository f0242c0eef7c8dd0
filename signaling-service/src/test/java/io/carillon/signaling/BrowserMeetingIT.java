package io.carillon.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.carillon.signaling.support.BrowserParticipant;
import io.carillon.testkit.KafkaBroker;
import io.carillon.testkit.ServiceProcess;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * messages, a dropped attendee and the end of the meeting, as the browser reports them.
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
    void two_browsers_see_each_other_exchange_data_and_learn_that_the_meeting_ended() throws Exception {
        try (ChimeSdkMeetingsClient chime = chime();
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
            var message = bob.await(e -> "data".equals(e.path("event").asText()), "a data message", 20);
            assertThat(message.path("text").asText()).isEqualTo("hello from alice");
            assertThat(message.path("senderAttendeeId").asText()).isEqualTo(a.attendeeId());
            assertThat(message.path("senderExternalUserId").asText()).isEqualTo("alice");
            assertThat(message.path("throttled").asBoolean()).isFalse();

            chime.deleteMeeting(r -> r.meetingId(meeting.meetingId()));
            var stopped = alice.await(e -> "stopped".equals(e.path("event").asText()), "the session to stop", 20);
            assertThat(stopped.path("status").asText()).isEqualTo("MeetingEnded");
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
