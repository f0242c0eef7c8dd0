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
public final class Platform implements AutoCloseable {

    private static Platform shared;

    private final ServiceProcess tokenService;
    private final List<ServiceProcess> medias = new java.util.ArrayList<>();
    private final ServiceProcess signaling;
    private final ServiceProcess meetingService;
    private final ChimeSdkMeetingsClient chime;

    private Platform(String kafka, int mediaInstances, Map<String, String> signalingSettings) {
        tokenService = ServiceProcess.start("token-service", Map.of("kafka.bootstrap.servers", kafka));
        for (int i = 0; i < mediaInstances; i++) {
            medias.add(ServiceProcess.start("media-service", Map.of("kafka.bootstrap.servers", kafka, "carillon.media.udp-port", "0")));
        }
        Map<String, String> signalingConfig = new LinkedHashMap<>(signalingSettings);
        signalingConfig.put("kafka.bootstrap.servers", kafka);
        signalingConfig.put("carillon.signaling.token-service-url", tokenService.url());
        signaling = ServiceProcess.start("signaling-service", signalingConfig);
        meetingService = ServiceProcess.start("meeting-service", Map.of("kafka.bootstrap.servers", kafka,
                "carillon.meeting.token-service-url", tokenService.url(),
                "carillon.meeting.regions.\"us-east-1\".signaling-url", signaling.url().replace("http://", "ws://")));
        chime = ChimeSdkMeetingsClient.builder().endpointOverride(URI.create(meetingService.url())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIACARILLONDEV0001", "carillon-development-secret-key-0001")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "platform-stop"));
    }

    /** The platform on the shared test broker with one media instance, for the whole test JVM. */
    public static synchronized Platform shared() {
        if (shared == null) {
            shared = new Platform(KafkaBroker.shared().bootstrapServers(), 1, Map.of());
        }
        return shared;
    }

    /** A platform of its own on this broker, with several media instances (one consumer group); close it. */
    public static Platform start(KafkaBroker broker, int mediaInstances) {
        return new Platform(broker.bootstrapServers(), mediaInstances, Map.of());
    }

    /** A platform of its own whose signaling-service has these extra settings (e.g. TURN); close it. */
    public static Platform start(KafkaBroker broker, Map<String, String> signalingSettings) {
        return new Platform(broker.bootstrapServers(), 1, signalingSettings);
    }

    public ChimeSdkMeetingsClient chime() {
        return chime;
    }

    public ServiceProcess media() {
        return medias.get(0);
    }

    public List<ServiceProcess> medias() {
        return medias;
    }

    /** The UDP port a media instance serves, from its start-up log line ("media on udp host:port"). */
    public static int udpPort(ServiceProcess media) {
        try {
            for (String line : java.nio.file.Files.readAllLines(media.logFile())) {
                int at = line.indexOf("media on udp ");
                if (at >= 0) {
                    String address = line.substring(at + "media on udp ".length()).split(",")[0];
                    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("no udp port in " + media.logFile());
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

    @Override
    public synchronized void close() {
        chime.close();
        List<ServiceProcess> all = new java.util.ArrayList<>(List.of(meetingService, signaling));
        all.addAll(medias);
        all.add(tokenService);
        for (ServiceProcess service : all) {
            service.stop();
        }
    }
}
