package io.carillon.media.support;

import io.carillon.testkit.KafkaBroker;
import io.carillon.testkit.ServiceProcess;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkmeetings.ChimeSdkMeetingsClient;
import software.amazon.awssdk.services.chimesdkmeetings.model.Attendee;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;

/**
 * The whole platform from its built jars on the shared test broker, started once per test JVM:
 * token-service, media-service, signaling-service, meeting-service; the AWS SDK to drive it.
 */
public final class Platform {

    private static Platform shared;

    private final ServiceProcess tokenService;
    private final ServiceProcess media;
    private final ServiceProcess signaling;
    private final ServiceProcess meetingService;
    private final ChimeSdkMeetingsClient chime;

    private Platform() {
        String kafka = KafkaBroker.shared().bootstrapServers();
        tokenService = ServiceProcess.start("token-service", Map.of("kafka.bootstrap.servers", kafka));
        media = ServiceProcess.start("media-service", Map.of("kafka.bootstrap.servers", kafka, "carillon.media.udp-port", "0"));
        signaling = ServiceProcess.start("signaling-service", Map.of("kafka.bootstrap.servers", kafka,
                "carillon.signaling.token-service-url", tokenService.url()));
        meetingService = ServiceProcess.start("meeting-service", Map.of("kafka.bootstrap.servers", kafka,
                "carillon.meeting.token-service-url", tokenService.url(),
                "carillon.meeting.regions.\"us-east-1\".signaling-url", signaling.url().replace("http://", "ws://")));
        chime = ChimeSdkMeetingsClient.builder().endpointOverride(URI.create(meetingService.url())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIACARILLONDEV0001", "carillon-development-secret-key-0001")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "platform-stop"));
    }

    public static synchronized Platform shared() {
        if (shared == null) {
            shared = new Platform();
        }
        return shared;
    }

    public ChimeSdkMeetingsClient chime() {
        return chime;
    }

    public ServiceProcess media() {
        return media;
    }

    public Meeting createMeeting(String name) {
        return chime.createMeeting(r -> r.clientRequestToken(UUID.randomUUID().toString()).mediaRegion("us-east-1")
                .externalMeetingId(name)).meeting();
    }

    public Attendee createAttendee(Meeting meeting, String externalUserId) {
        return chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId(externalUserId)).attendee();
    }

    /** The join command of the browser harness: the CreateMeeting/CreateAttendee responses as the API returned them. */
    public static Map<String, Object> browserJoin(Meeting meeting, Attendee attendee, Map<String, Object> extra) {
        Map<String, Object> placement = new LinkedHashMap<>();
        placement.put("AudioHostUrl", meeting.mediaPlacement().audioHostUrl());
        placement.put("SignalingUrl", meeting.mediaPlacement().signalingUrl());
        Map<String, Object> meetingJson = Map.of("Meeting", Map.of("MeetingId", meeting.meetingId(),
                "ExternalMeetingId", meeting.externalMeetingId(), "MediaRegion", meeting.mediaRegion(),
                "MediaPlacement", placement));
        Map<String, Object> attendeeJson = Map.of("Attendee", Map.of("AttendeeId", attendee.attendeeId(),
                "ExternalUserId", attendee.externalUserId(), "JoinToken", attendee.joinToken()));
        Map<String, Object> command = new LinkedHashMap<>(Map.of("cmd", "join", "meeting", meetingJson, "attendee", attendeeJson,
                "topics", List.of()));
        command.putAll(extra);
        return command;
    }

    private void stop() {
        for (ServiceProcess service : new ServiceProcess[] {meetingService, signaling, media, tokenService}) {
            if (service != null) {
                service.stop();
            }
        }
    }
}
