package io.carillon.signaling.support;

import io.carillon.testkit.KafkaBroker;
import io.carillon.testkit.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.net.URI;
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
 * Test profile: signaling-service with the real control plane beside it — the broker,
 * token-service and meeting-service as separate processes — and an AWS SDK client for meetings.
 */
public class ControlPlane implements QuarkusTestProfile {

    private static ServiceProcess tokenService;
    private static ServiceProcess meetingService;

    public static synchronized void start() {
        if (tokenService == null) {
            String kafka = KafkaBroker.shared().bootstrapServers();
            tokenService = ServiceProcess.start("token-service", Map.of("kafka.bootstrap.servers", kafka));
            meetingService = ServiceProcess.start("meeting-service", Map.of("kafka.bootstrap.servers", kafka,
                    "carillon.meeting.token-service-url", tokenService.url()));
        }
    }

    public static ChimeSdkMeetingsClient chime() {
        start();
        return ChimeSdkMeetingsClient.builder()
                .endpointOverride(URI.create(meetingService.url()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIACARILLONDEV0001", "carillon-development-secret-key-0001")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static Meeting newMeeting(ChimeSdkMeetingsClient chime) {
        return chime.createMeeting(r -> r.clientRequestToken(UUID.randomUUID().toString()).mediaRegion("us-east-1")
                .externalMeetingId("signaling-test")).meeting();
    }

    public static Attendee newAttendee(ChimeSdkMeetingsClient chime, Meeting meeting, String externalUserId) {
        return chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId(externalUserId)).attendee();
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            ControlPlane.start();
            return Map.of("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                    "carillon.signaling.token-service-url", tokenService.url(),
                    "carillon.signaling.subscribe-timeout", "1s");
        }

        @Override
        public void stop() {
            // the processes live as long as the test JVM
        }
    }
}
