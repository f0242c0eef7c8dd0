package io.carillon.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.carillon.signaling.protocol.ChimeSignaling.SdkDataMessageFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkDataMessagePayload;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSignalFrame;
import io.carillon.signaling.protocol.Frames;
import io.carillon.signaling.support.SignalingClient;
import io.carillon.testkit.KafkaBroker;
import io.carillon.testkit.ServiceProcess;
import java.net.URI;
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

/** Two signaling instances: attendees of one meeting on different instances see each other. */
class SignalingClusterIT {

    private static ServiceProcess tokenService;
    private static ServiceProcess meetingService;
    private static ServiceProcess signalingA;
    private static ServiceProcess signalingB;

    @BeforeAll
    static void start() {
        String kafka = KafkaBroker.shared().bootstrapServers();
        tokenService = ServiceProcess.start("token-service", Map.of("kafka.bootstrap.servers", kafka));
        meetingService = ServiceProcess.start("meeting-service", Map.of("kafka.bootstrap.servers", kafka,
                "carillon.meeting.token-service-url", tokenService.url()));
        Map<String, String> signaling = Map.of("kafka.bootstrap.servers", kafka,
                "carillon.signaling.token-service-url", tokenService.url());
        signalingA = ServiceProcess.start("signaling-service", signaling);
        signalingB = ServiceProcess.start("signaling-service", signaling);
    }

    @AfterAll
    static void stop() {
        signalingA.stop();
        signalingB.stop();
        meetingService.stop();
        tokenService.stop();
    }

    @Test
    void presence_data_messages_and_meeting_end_cross_instances() {
        try (ChimeSdkMeetingsClient chime = chime()) {
            Meeting meeting = chime.createMeeting(r -> r.clientRequestToken(UUID.randomUUID().toString())
                    .mediaRegion("us-east-1").externalMeetingId("cluster")).meeting();
            Attendee alice = chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("alice")).attendee();
            Attendee bob = chime.createAttendee(r -> r.meetingId(meeting.meetingId()).externalUserId("bob")).attendee();

            try (SignalingClient a = joined(signalingA, meeting, alice); SignalingClient b = joined(signalingB, meeting, bob)) {
                a.await(f -> f.getType() == SdkSignalFrame.Type.AUDIO_STREAM_ID_INFO && f.getAudioStreamIdInfo()
                        .getStreamsList().stream().anyMatch(e -> bob.attendeeId().equals(e.getAttendeeId())), "bob's presence on A");
                SdkSignalFrame roster = b.await(SdkSignalFrame.Type.AUDIO_STREAM_ID_INFO);
                assertThat(roster.getAudioStreamIdInfo().getStreamsList())
                        .extracting(e -> e.getAttendeeId()).contains(alice.attendeeId(), bob.attendeeId());

                b.send(Frames.frame(SdkSignalFrame.Type.DATA_MESSAGE).setDataMessage(SdkDataMessageFrame.newBuilder()
                        .addMessages(SdkDataMessagePayload.newBuilder().setTopic("chat")
                                .setData(ByteString.copyFromUtf8("from B")))).build());
                SdkDataMessagePayload got = a.await(SdkSignalFrame.Type.DATA_MESSAGE).getDataMessage().getMessages(0);
                assertThat(got.getData().toStringUtf8()).isEqualTo("from B");
                assertThat(got.getSenderAttendeeId()).isEqualTo(bob.attendeeId());

                chime.deleteMeeting(r -> r.meetingId(meeting.meetingId()));
                assertThat(a.await(SdkSignalFrame.Type.AUDIO_STATUS).getAudioStatus().getAudioStatus()).isEqualTo(410);
                assertThat(b.await(SdkSignalFrame.Type.AUDIO_STATUS).getAudioStatus().getAudioStatus()).isEqualTo(410);
            }
        }
    }

    private static SignalingClient joined(ServiceProcess signaling, Meeting meeting, Attendee attendee) {
        SignalingClient client = SignalingClient.connect(signaling.url().replace("http", "ws"), meeting.meetingId(),
                attendee.joinToken());
        client.join(attendee.attendeeId().hashCode());
        client.await(SdkSignalFrame.Type.INDEX);
        return client;
    }

    private static ChimeSdkMeetingsClient chime() {
        return ChimeSdkMeetingsClient.builder().endpointOverride(URI.create(meetingService.url())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIACARILLONDEV0001", "carillon-development-secret-key-0001")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
